import type { Clock } from '../clock.js';

export type MonitorStateName = 'NOT_STARTED' | 'RUNNING' | 'SAMPLING' | 'PAUSED' | 'BOOTSTRAPPING' | 'TRAINING' | 'LOADING';

export interface MonitorOptions {
  /** partition.metrics.window.ms: one window of samples. Default 300 000 (5 min), as in Cruise Control. */
  readonly windowMs?: number;
  /** num.partition.metrics.windows: how many windows are kept. Default 5. */
  readonly numWindows?: number;
  /** min.valid.partition.ratio windows needed before goals are ready (goals require 1 snapshot). Default 1. */
  readonly minValidWindows?: number;
  /**
   * Clock ms of samples loaded at start from the sample store topics a Cruise Control before it
   * wrote (KafkaSampleStore): a restarted Cruise Control gets its windows back.
   */
  readonly restoredSampleMs?: number;
  /**
   * Clock ms it takes to load those samples back before sampling starts (default 60 000). Until
   * then the monitor is LOADING with no valid window, so goal-based requests are refused.
   */
  readonly loadingMs?: number;
}

/** How long loading the sample store takes unless told: a minute, a small cluster's few windows. */
const DEFAULT_LOADING_MS = 60_000;

/**
 * The load monitor: metric windows fill as clock time passes while sampling runs. Until the
 * first window completes, nothing can be computed (NotEnoughValidWindowsException), which is
 * what a freshly started Cruise Control answers.
 */
export class LoadMonitor {
  readonly windowMs: number;
  readonly numWindows: number;
  readonly minValidWindows: number;
  #sampledMs = 0;
  #since: number;
  /** When the samples of the sample store are loaded (LoadMonitorTaskRunner: LOADING, then RUNNING). */
  readonly #loadedAt: number;
  readonly #loadingMs: number;
  #paused = false;
  #reason = 'N/A';
  /** Fault: sampling stalls and no window is valid. */
  notReady = false;

  constructor(
    private readonly clock: Clock,
    options: MonitorOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 300_000;
    this.numWindows = options.numWindows ?? 5;
    this.minValidWindows = options.minValidWindows ?? 1;
    this.#sampledMs = options.restoredSampleMs ?? 0;
    // A restart loads what the sample store holds first, and samples only once that is done.
    this.#loadedAt = clock.now() + (this.#sampledMs > 0 ? (options.loadingMs ?? DEFAULT_LOADING_MS) : 0);
    this.#since = this.#loadedAt;
    this.#loadingMs = this.#loadedAt - clock.now();
  }

  get state(): MonitorStateName {
    if (this.loading()) return 'LOADING';
    return this.#paused ? 'PAUSED' : 'RUNNING';
  }

  /** Whether the stored samples are still being loaded. */
  loading(): boolean {
    return this.clock.now() < this.#loadedAt;
  }

  /** How far the loading went, as `loadingProgressPct` shows it. */
  loadingProgressPct(): number {
    if (!this.loading() || this.#loadingMs <= 0) return 100;
    return Math.round((100 * (this.clock.now() - (this.#loadedAt - this.#loadingMs))) / this.#loadingMs);
  }

  get reasonOfLatestPauseOrResume(): string {
    return this.#reason;
  }

  /** Complete windows available to build a model from. */
  validWindows(): number {
    if (this.notReady || this.loading()) return 0;
    const sampled = this.#sampledMs + (this.#paused ? 0 : this.clock.now() - this.#since);
    return Math.min(this.numWindows, Math.floor(sampled / this.windowMs));
  }

  ready(): boolean {
    return this.validWindows() >= this.minValidWindows;
  }

  /** Ends of the kept windows, newest first, as `monitoredWindows` keys. */
  windowEnds(): number[] {
    const newest = Math.floor(this.clock.now() / this.windowMs) * this.windowMs;
    return Array.from({ length: this.validWindows() }, (_, i) => newest - i * this.windowMs);
  }

  pause(reason: string): void {
    if (!this.#paused) {
      this.#sampledMs += Math.max(0, this.clock.now() - this.#since);
      this.#paused = true;
    }
    this.#reason = reason;
  }

  resume(reason: string): void {
    if (this.#paused) {
      this.#since = Math.max(this.clock.now(), this.#loadedAt);
      this.#paused = false;
    }
    this.#reason = reason;
  }

  /** The cause text of NotEnoughValidWindowsException, as Cruise Control words it. */
  notEnoughWindows(): string {
    return `com.linkedin.kafka.cruisecontrol.exception.KafkaCruiseControlException: com.linkedin.cruisecontrol.exception.NotEnoughValidWindowsException: There is no window available in range [-1, ${this.clock.now()}] (index [1, -1]). Window index (current: 0, oldest: 0).`;
  }
}
