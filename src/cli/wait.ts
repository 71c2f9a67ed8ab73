import { setTimeout as delay } from 'node:timers/promises';
import type { ClusterProgress, Operation, OperationType } from '../client/types.js';
import type { Context } from './context.js';
import { formatSeconds } from './duration.js';
import { CliExit, ExitCode } from './exitCodes.js';
import { interruptSignal } from './interrupt.js';
import { progressView, type ProgressView } from './progress.js';
import { awaited, type SettleGoal } from './settle.js';

/** What `--wait` follows after a change. */
export interface WaitRequest {
  cluster: string;
  /** The operations the change answered with. */
  operations: readonly Operation[];
  /** An operation that starts later (add_broker once new brokers run), when the answer had none. */
  expect?: { types: readonly OperationType[]; brokerIds?: readonly number[] };
  /** Names of the cluster's operations before the change, to tell a new one. */
  known: ReadonlySet<string>;
  goal: SettleGoal;
  before: ClusterProgress;
}

export interface WaitOutcome {
  /** The operations followed, in their last state. */
  operations: Operation[];
  /** Why the change did not end well; undefined when it is done. */
  failure?: string;
}

// Between reads of the cluster while nothing streams (an operation yet to start, Pods going).
const POLL_MS = 500;

/**
 * Follows the change's operations to their end (operationUpdated), then waits for the cluster to
 * be where the change takes it. Ctrl-C or the deadline stop the following, never the operation.
 */
export async function waitForChange(context: Context, request: WaitRequest): Promise<WaitOutcome> {
  const interrupt = interruptSignal();
  const deadline = AbortSignal.timeout(context.timeoutMs);
  const signal = AbortSignal.any([interrupt.signal, deadline]);
  const view = progressView(context.terminal);
  const stopped = () => stopReason(deadline, context.timeoutMs, request.cluster);
  try {
    const operations = [...request.operations];
    if (operations.length === 0 && request.expect !== undefined) {
      view.note(`waiting for a ${request.expect.types.join(' or ').toLowerCase()} operation to start`);
      operations.push(await discover(context, request, signal, stopped));
    }
    const ended: Operation[] = [];
    for (const operation of operations) {
      const last = await follow(context, operation, view, signal);
      view.stop();
      if (signal.aborted) throw stopped();
      ended.push(last);
      if (last.state !== 'COMPLETED') return { operations: ended, failure: failureOf(last) };
    }
    await settle(context, request, view, signal, stopped);
    return { operations: ended };
  } finally {
    view.stop();
    interrupt.dispose();
    await context.client.close();
  }
}

async function follow(context: Context, operation: Operation, view: ProgressView, signal: AbortSignal): Promise<Operation> {
  let last = operation;
  for await (const update of context.client.follow(operation.id, signal)) {
    last = update;
    view.update(update);
    // Paused: nothing more happens until someone retries it, so there is no end to wait for.
    if (update.state === 'PAUSED') break;
  }
  return last;
}

function failureOf(operation: Operation): string {
  if (operation.state === 'PAUSED') return `operation ${operation.name} is paused: it goes on once retried (kafkaplane retry)`;
  if (operation.state === 'FAILED') return `operation ${operation.name} failed${operation.error != null ? `: ${operation.error}` : ''}`;
  return `operation ${operation.name} was deleted before it ended (last ${operation.state})`;
}

async function discover(context: Context, request: WaitRequest, signal: AbortSignal, stopped: () => CliExit): Promise<Operation> {
  const { types, brokerIds } = request.expect ?? { types: [] };
  for (;;) {
    const operations = await context.client.operations(request.cluster, { first: 50 });
    const started = operations.find(
      (o) => !request.known.has(o.name) && types.includes(o.type) && (brokerIds === undefined || o.brokerIds.some((id) => brokerIds.includes(id))),
    );
    if (started !== undefined) return started;
    await pause(signal, stopped);
  }
}

async function settle(context: Context, request: WaitRequest, view: ProgressView, signal: AbortSignal, stopped: () => CliExit): Promise<void> {
  let said: string | null = null;
  for (;;) {
    const awaiting = awaited(request.goal, request.before, await context.client.progress(request.cluster));
    if (awaiting === null) return;
    if (awaiting !== said) view.note(`waiting for ${awaiting}`);
    said = awaiting;
    await pause(signal, stopped);
  }
}

async function pause(signal: AbortSignal, stopped: () => CliExit): Promise<void> {
  try {
    await delay(POLL_MS, undefined, { signal });
  } catch {
    throw stopped();
  }
}

function stopReason(deadline: AbortSignal, timeoutMs: number, cluster: string): CliExit {
  if (deadline.aborted)
    return new CliExit(ExitCode.TIMED_OUT, `timed out after ${formatSeconds(timeoutMs / 1000)}; the change goes on (kafkaplane operations ${cluster})`);
  return new CliExit(ExitCode.INTERRUPTED, `stopped following; the change goes on (kafkaplane operations ${cluster})`);
}
