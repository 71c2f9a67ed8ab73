/**
 * The time the simulators live in. Cruise Control's metric windows, its 5-s user-task scan, the
 * Kafka model's produce rate and replica copies all run on one clock, so a test can move them
 * forward together without waiting, and `npm run sandbox` can run them faster than real time.
 */
export interface Clock {
  /** Milliseconds since the epoch, in simulated time. */
  now(): number;
  /** Calls `callback` once `delayMs` of simulated time has passed. */
  setTimeout(callback: () => void, delayMs: number): ClockTimer;
  /** Calls `callback` every `periodMs` of simulated time until cancelled. */
  setInterval(callback: () => void, periodMs: number): ClockTimer;
}

export interface ClockTimer {
  cancel(): void;
}

interface PendingTimer {
  readonly seq: number;
  dueMs: number;
  readonly periodMs: number | null;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when told to: `advance(ms)` runs every timer that falls due, in due
 * order (ties in the order they were set), each seeing `now()` at its own due time.
 */
export class ManualClock implements Clock {
  #nowMs: number;
  #seq = 0;
  #timers: PendingTimer[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): ClockTimer {
    return this.#add(callback, delayMs, null);
  }

  setInterval(callback: () => void, periodMs: number): ClockTimer {
    if (!(periodMs > 0)) throw new RangeError(`interval period must be positive, got ${periodMs}`);
    return this.#add(callback, periodMs, periodMs);
  }

  /** Moves time forward by `ms`, running due timers on the way. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError(`cannot move a clock backwards (${ms} ms)`);
    const targetMs = this.#nowMs + ms;
    for (;;) {
      const next = this.#nextDue(targetMs);
      if (!next) break;
      this.#nowMs = next.dueMs;
      if (next.periodMs === null) {
        next.cancelled = true;
      } else {
        next.dueMs += next.periodMs;
      }
      next.callback();
    }
    this.#timers = this.#timers.filter((t) => !t.cancelled);
    this.#nowMs = targetMs;
  }

  /** Advances in steps of `stepMs`, calling `afterStep` after each: for checks at every step. */
  advanceInSteps(totalMs: number, stepMs: number, afterStep: () => void): void {
    for (let done = 0; done < totalMs; done += stepMs) {
      this.advance(Math.min(stepMs, totalMs - done));
      afterStep();
    }
  }

  /** Timers still waiting. */
  get pendingTimers(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  #add(callback: () => void, delayMs: number, periodMs: number | null): ClockTimer {
    const timer: PendingTimer = { seq: this.#seq++, dueMs: this.#nowMs + Math.max(0, delayMs), periodMs, callback, cancelled: false };
    this.#timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  #nextDue(limitMs: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.#timers) {
      if (t.cancelled || t.dueMs > limitMs) continue;
      if (!best || t.dueMs < best.dueMs || (t.dueMs === best.dueMs && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

/**
 * Real time sped up by `factor`: one real second is `factor` simulated seconds. Simulated time
 * starts at the real time of construction.
 */
export class ScaledClock implements Clock {
  readonly #startReal = Date.now();
  readonly #startPerf = performance.now();
  readonly #handles = new Set<NodeJS.Timeout>();
  /** Node may fire a timer a fraction of a millisecond early; a timer's callback never sees a time before its due time. */
  #floor = 0;

  constructor(readonly factor = 1) {
    if (!(factor > 0)) throw new RangeError(`clock factor must be positive, got ${factor}`);
  }

  now(): number {
    return Math.max(this.#floor, this.#startReal + Math.round((performance.now() - this.#startPerf) * this.factor));
  }

  setTimeout(callback: () => void, delayMs: number): ClockTimer {
    const dueMs = this.now() + Math.max(0, delayMs);
    const handle = setTimeout(
      () => {
        this.#handles.delete(handle);
        this.#floor = Math.max(this.#floor, dueMs);
        callback();
      },
      Math.max(0, delayMs) / this.factor,
    );
    handle.unref();
    this.#handles.add(handle);
    return {
      cancel: () => {
        clearTimeout(handle);
        this.#handles.delete(handle);
      },
    };
  }

  setInterval(callback: () => void, periodMs: number): ClockTimer {
    if (!(periodMs > 0)) throw new RangeError(`interval period must be positive, got ${periodMs}`);
    const handle = setInterval(callback, periodMs / this.factor);
    handle.unref();
    this.#handles.add(handle);
    return {
      cancel: () => {
        clearInterval(handle);
        this.#handles.delete(handle);
      },
    };
  }
}
