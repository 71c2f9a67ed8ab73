/**
 * A work queue keyed by cluster, in the manner of client-go's workqueue and controller-runtime:
 * - a key waiting in the queue is there once, however often it is added (deduplicated);
 * - a key is processed by one worker at a time; added again while in progress, it runs again
 *   after the current pass ends (never two passes of one cluster at once);
 * - a pass that fails is retried with exponential backoff per key; one that succeeds resets it;
 * - a pass may ask to be called again after a delay while it waits on the world.
 * The handler never blocks waiting on the world: it returns, and asks to be requeued.
 */
import { exponentialBackoff } from '../domain/backoff.js';

export interface ReconcileResult {
  /** Run this key again after this many milliseconds (waiting for a Pod, a PVC, a task). */
  requeueAfterMs?: number;
}

export type ReconcileHandler = (key: string, signal: AbortSignal) => Promise<ReconcileResult | undefined>;

export interface WorkQueueOptions {
  handler: ReconcileHandler;
  /** Keys processed at once (different keys only). */
  concurrency?: number;
  /** First retry delay after a failure; doubles on each further failure. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Told of every failed pass, with the delay before the retry. */
  onError?: (key: string, error: unknown, retryInMs: number) => void;
}

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  /** Keys added while being processed: queued again when their pass ends. */
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly delayed = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly abort = new AbortController();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly concurrency: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private running = 0;
  private stopped = false;

  constructor(private readonly options: WorkQueueOptions) {
    this.concurrency = options.concurrency ?? 4;
    this.backoffBaseMs = options.backoffBaseMs ?? 1_000;
    this.backoffMaxMs = options.backoffMaxMs ?? 300_000;
  }

  /** Asks for a pass over `key` as soon as a worker is free. */
  add(key: string): void {
    if (this.stopped) return;
    this.cancelDelayed(key);
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.pump();
  }

  /** Asks for a pass after `delayMs`; an earlier request for the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = Date.now() + delayMs;
    const existing = this.delayed.get(key);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, delayMs);
    this.delayed.set(key, { at, timer });
  }

  /** The delay before the next retry of `key` if it failed now. */
  backoffFor(key: string): number {
    const failures = this.failures.get(key) ?? 0;
    return exponentialBackoff(this.backoffBaseMs, failures, this.backoffMaxMs);
  }

  /** Keys waiting or being processed now (not the delayed ones). */
  get length(): number {
    return this.queue.length + this.processing.size;
  }

  /** Resolves when nothing is queued or in progress (delayed keys do not count). */
  whenIdle(): Promise<void> {
    if (this.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking work, cancels delayed keys, aborts passes in flight and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    this.queue.length = 0;
    this.queued.clear();
    await this.whenIdle();
  }

  private cancelDelayed(key: string): void {
    const existing = this.delayed.get(key);
    if (existing) {
      clearTimeout(existing.timer);
      this.delayed.delete(key);
    }
  }

  private pump(): void {
    while (!this.stopped && this.running < this.concurrency && this.queue.length > 0) {
      const key = this.queue.shift();
      if (key === undefined) break;
      this.queued.delete(key);
      this.processing.add(key);
      this.running += 1;
      void this.process(key);
    }
  }

  private async process(key: string): Promise<void> {
    let requeueAfterMs: number | undefined;
    try {
      const result = await this.options.handler(key, this.abort.signal);
      this.failures.delete(key);
      requeueAfterMs = result?.requeueAfterMs;
    } catch (error) {
      requeueAfterMs = this.backoffFor(key);
      this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
      if (!this.stopped) this.options.onError?.(key, error, requeueAfterMs);
    } finally {
      this.processing.delete(key);
      this.running -= 1;
    }
    if (this.dirty.delete(key)) this.add(key);
    else if (requeueAfterMs !== undefined) this.addAfter(key, requeueAfterMs);
    this.pump();
    if (this.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
