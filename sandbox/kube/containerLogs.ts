/**
 * What the kubelet keeps of each container's output: the lines of its current run and of the
 * run before (what `kubectl logs --previous` reads, after a restart), each with the time it was
 * written. Followers (`kubectl logs -f`) are told of new lines and of the run's end.
 */
export interface LogLine {
  time: number;
  text: string;
}

export interface LogFollower {
  line(line: LogLine): void;
  end(): void;
}

export class ContainerRun {
  readonly lines: LogLine[] = [];
  ended = false;
  readonly followers = new Set<LogFollower>();

  write(text: string, time: number): void {
    if (this.ended) return;
    for (const part of text.replace(/\n$/, '').split('\n')) {
      const line = { time, text: part };
      this.lines.push(line);
      for (const follower of this.followers) follower.line(line);
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const follower of [...this.followers]) follower.end();
    this.followers.clear();
  }
}

/** Lines kept per run, as a container runtime rotates its log files (the oldest are dropped). */
const MAX_LINES = 10_000;

export class ContainerLogs {
  private readonly runs = new Map<string, { current: ContainerRun; previous?: ContainerRun }>();

  private static key(podUid: string, container: string): string {
    return `${podUid}/${container}`;
  }

  /** A container (re)starts: its current run, if any, becomes the previous one. */
  start(podUid: string, container: string): ContainerRun {
    const key = ContainerLogs.key(podUid, container);
    const before = this.runs.get(key)?.current;
    before?.end();
    const current = new ContainerRun();
    this.runs.set(key, before ? { current, previous: before } : { current });
    return current;
  }

  /** Appends to the current run (started if the container has none yet). */
  write(podUid: string, container: string, text: string, time = Date.now()): void {
    const run = this.runs.get(ContainerLogs.key(podUid, container))?.current ?? this.start(podUid, container);
    run.write(text, time);
    if (run.lines.length > MAX_LINES) run.lines.splice(0, run.lines.length - MAX_LINES);
  }

  /** The container stopped (killed or crashed): followers of its run are done. */
  end(podUid: string, container: string): void {
    this.runs.get(ContainerLogs.key(podUid, container))?.current.end();
  }

  /**
   * The run `kubectl logs` reads: the current one, or with `previous` the last that ended (the
   * current one itself while a crashed container waits to restart, as the kubelet reads
   * lastState.terminated).
   */
  run(podUid: string, container: string, previous: boolean): ContainerRun | undefined {
    const runs = this.runs.get(ContainerLogs.key(podUid, container));
    if (!previous) return runs?.current;
    return runs?.current.ended === true ? runs.current : runs?.previous;
  }

  /** The Pod is gone: the kubelet removes its containers and their logs. */
  forget(podUid: string): void {
    for (const [key, runs] of this.runs) {
      if (!key.startsWith(`${podUid}/`)) continue;
      runs.current.end();
      this.runs.delete(key);
    }
  }
}
