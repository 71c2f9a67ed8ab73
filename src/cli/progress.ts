import { Presets, SingleBar } from 'cli-progress';
import type { Operation } from '../client/types.js';
import { formatSeconds } from './duration.js';
import { num, type Terminal } from './output.js';

/** Shows an operation's progress while it is followed. */
export interface ProgressView {
  update(operation: Operation): void;
  /** A line between updates (what is awaited next). */
  note(text: string): void;
  stop(): void;
}

/** A live bar on a terminal; plain lines, each one change, when stderr is a pipe or a file. */
export function progressView(terminal: Terminal): ProgressView {
  return terminal.err.isTTY === true ? new BarView(terminal) : new LineView(terminal);
}

/** One line: `kafka-removebroker-1a2b3c RUNNING Executing: 13.4% of data moved (4807 of 36518 MB, 52/158 partitions), about 4 s left`. */
export function progressLine(operation: Operation): string {
  const p = operation.progress;
  const parts = [`${operation.name} ${operation.state}`];
  if (p?.phase != null) parts.push(p.phase);
  const figures: string[] = [];
  if (p?.dataMovedMB != null && p.dataTotalMB != null) figures.push(`${num(p.dataMovedMB, 0)} of ${num(p.dataTotalMB, 0)} MB`);
  if (p?.partitionsMoved != null && p.partitionsTotal != null) figures.push(`${p.partitionsMoved}/${p.partitionsTotal} partitions`);
  let line = parts.join(' ');
  if (p?.percentDataMoved != null) line += `: ${num(p.percentDataMoved)}% of data moved`;
  if (figures.length > 0) line += ` (${figures.join(', ')})`;
  if (p?.estimatedSecondsRemaining != null && operation.state === 'RUNNING') line += `, about ${formatSeconds(p.estimatedSecondsRemaining)} left`;
  if (operation.error != null) line += `; error: ${operation.error}`;
  else if (operation.message != null && operation.state === 'PENDING') line += `; ${operation.message}`;
  return line;
}

class LineView implements ProgressView {
  private last = '';
  constructor(private readonly terminal: Terminal) {}

  update(operation: Operation): void {
    const line = progressLine(operation);
    if (line !== this.last) this.terminal.err.write(`${new Date().toISOString()} ${line}\n`);
    this.last = line;
  }
  note(text: string): void {
    this.terminal.err.write(`${new Date().toISOString()} ${text}\n`);
  }
  stop(): void {}
}

class BarView implements ProgressView {
  private readonly bar: SingleBar;
  private started = false;

  constructor(private readonly terminal: Terminal) {
    this.bar = new SingleBar(
      { stream: terminal.err, format: '{name} [{bar}] {percentage}% | {detail}', hideCursor: true, clearOnComplete: false, etaBuffer: 1 },
      Presets.shades_classic,
    );
  }

  update(operation: Operation): void {
    const p = operation.progress;
    const percent = p?.percentDataMoved ?? (operation.state === 'COMPLETED' ? 100 : 0);
    // The ETA is Cruise Control's (the rate data moved at since its executor started), not the bar's guess.
    const eta = p?.estimatedSecondsRemaining != null && operation.state === 'RUNNING' ? `, ETA ${formatSeconds(p.estimatedSecondsRemaining)}` : '';
    const moved = p?.dataMovedMB != null && p.dataTotalMB != null ? `, ${num(p.dataMovedMB, 0)}/${num(p.dataTotalMB, 0)} MB` : '';
    const payload = { name: operation.name, detail: `${operation.state}${p?.phase != null ? ` ${p.phase}` : ''}${moved}${eta}` };
    if (!this.started) this.bar.start(100, Math.round(percent), payload);
    else this.bar.update(Math.round(percent), payload);
    this.started = true;
  }
  note(text: string): void {
    this.stop();
    this.terminal.err.write(`${text}\n`);
  }
  stop(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }
}
