import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkQueue, type ReconcileHandler } from '../../src/operator/workQueue.js';

/** A handler whose passes the test finishes by hand, recording every start. */
function controllableHandler() {
  const starts: string[] = [];
  const pending = new Map<string, Array<{ resolve: (r: { requeueAfterMs?: number } | undefined) => void; reject: (e: Error) => void }>>();
  const handler: ReconcileHandler = (key) =>
    new Promise((resolve, reject) => {
      starts.push(key);
      const list = pending.get(key) ?? [];
      list.push({ resolve, reject });
      pending.set(key, list);
    });
  const finish = (key: string, how: { fail?: boolean; requeueAfterMs?: number } = {}): void => {
    const next = pending.get(key)?.shift();
    if (!next) throw new Error(`no pass of ${key} in progress`);
    if (how.fail) next.reject(new Error('boom'));
    else next.resolve(how.requeueAfterMs === undefined ? undefined : { requeueAfterMs: how.requeueAfterMs });
  };
  const inProgress = (key: string): number => pending.get(key)?.length ?? 0;
  return { handler, starts, finish, inProgress };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

describe('WorkQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs a key added many times while waiting only once', async () => {
    const h = controllableHandler();
    const q = new WorkQueue({ handler: h.handler, concurrency: 1 });
    q.add('a');
    q.add('b');
    q.add('b');
    q.add('b');
    await flush();
    expect(h.starts).toEqual(['a']);
    h.finish('a');
    await flush();
    expect(h.starts).toEqual(['a', 'b']);
    h.finish('b');
    await q.whenIdle();
    expect(h.starts).toEqual(['a', 'b']);
  });

  it('never runs two passes of one key at once, and reruns it once if added meanwhile', async () => {
    const h = controllableHandler();
    const q = new WorkQueue({ handler: h.handler, concurrency: 4 });
    q.add('a');
    await flush();
    q.add('a');
    q.add('a');
    await flush();
    expect(h.inProgress('a')).toBe(1);
    h.finish('a');
    await flush();
    expect(h.starts).toEqual(['a', 'a']);
    h.finish('a');
    await q.whenIdle();
    expect(h.starts).toEqual(['a', 'a']);
  });

  it('runs different keys in parallel up to the concurrency', async () => {
    const h = controllableHandler();
    const q = new WorkQueue({ handler: h.handler, concurrency: 2 });
    for (const k of ['a', 'b', 'c']) q.add(k);
    await flush();
    expect(h.starts).toEqual(['a', 'b']);
    h.finish('b');
    await flush();
    expect(h.starts).toEqual(['a', 'b', 'c']);
  });

  it('retries a failing key with doubling backoff, and resets it after a success', async () => {
    const h = controllableHandler();
    const errors: number[] = [];
    const q = new WorkQueue({ handler: h.handler, backoffBaseMs: 100, backoffMaxMs: 350, onError: (_k, _e, delay) => errors.push(delay) });
    q.add('a');
    for (let i = 0; i < 4; i += 1) {
      await flush();
      h.finish('a', { fail: true });
      await flush();
      await vi.advanceTimersByTimeAsync(errors.at(-1) ?? 0);
    }
    expect(errors).toEqual([100, 200, 350, 350]);
    await flush();
    h.finish('a');
    await flush();
    expect(q.backoffFor('a')).toBe(100);
  });

  it('requeues after the delay a pass asks for, and not before', async () => {
    const h = controllableHandler();
    const q = new WorkQueue({ handler: h.handler });
    q.add('a');
    await flush();
    h.finish('a', { requeueAfterMs: 1_000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(h.starts).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.starts).toEqual(['a', 'a']);
  });

  it('lets an immediate add override a pending delayed one', async () => {
    const h = controllableHandler();
    const q = new WorkQueue({ handler: h.handler });
    q.addAfter('a', 5_000);
    q.add('a');
    await flush();
    expect(h.starts).toEqual(['a']);
    h.finish('a');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.starts).toEqual(['a']);
  });

  it('stops: aborts passes in flight, drops queued and delayed keys', async () => {
    const seen: AbortSignal[] = [];
    const q = new WorkQueue({
      concurrency: 1,
      handler: (_key, signal) =>
        new Promise((resolve) => {
          seen.push(signal);
          signal.addEventListener('abort', () => resolve(undefined));
        }),
    });
    q.add('a');
    q.add('b');
    q.addAfter('c', 100);
    await flush();
    await q.stop();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toHaveLength(1);
  });
});
