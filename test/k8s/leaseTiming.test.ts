import { ApiException, KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { LeaderElector, type ElectionClock, type LeaseApi } from '../../src/k8s/leaderElection.js';
import { LeaseHold } from '../../src/k8s/leaseTiming.js';
import { createLogger } from '../../src/logging.js';

const timings = { leaseDurationMs: 1_000, renewDeadlineMs: 600, retryPeriodMs: 100 };

/** A clock that moves only when told, running its timers in order. */
class FakeClock implements ElectionClock {
  private time = 0;
  private timers: Array<{ at: number; callback: () => void; id: number }> = [];
  private nextId = 0;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.nextId;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Moves to `to`, firing each timer due on the way at its own time, and letting promises settle after each. */
  async advanceTo(to: number): Promise<void> {
    for (;;) {
      await settle();
      const next = this.timers.filter((t) => t.at <= to).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (next === undefined) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
    this.time = to;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** One Lease in memory, answering after `latencyMs` of the fake clock, or never while cut off. */
class FakeLeases implements LeaseApi {
  lease: V1Lease | undefined;
  latencyMs = 0;
  cut = false;
  private version = 0;

  constructor(private readonly clock: FakeClock) {}

  private answer<T>(value: () => T): Promise<T> {
    if (this.cut) return new Promise<T>(() => undefined);
    return new Promise<T>((resolve, reject) => {
      this.clock.setTimeout(() => {
        try {
          resolve(value());
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }, this.latencyMs);
    });
  }

  readNamespacedLease(): Promise<V1Lease> {
    return this.answer(() => {
      if (this.lease === undefined) throw new ApiException(404, 'NotFound', undefined, {});
      return structuredClone(this.lease);
    });
  }

  createNamespacedLease(param: { body: V1Lease }): Promise<V1Lease> {
    return this.answer(() => {
      this.lease = { ...structuredClone(param.body), metadata: { ...param.body.metadata, resourceVersion: String(++this.version) } };
      return structuredClone(this.lease);
    });
  }

  replaceNamespacedLease(param: { body: V1Lease }): Promise<V1Lease> {
    return this.answer(() => {
      if (param.body.metadata?.resourceVersion !== this.lease?.metadata?.resourceVersion) throw new ApiException(409, 'Conflict', undefined, {});
      this.lease = { ...structuredClone(param.body), metadata: { ...param.body.metadata, resourceVersion: String(++this.version) } };
      return structuredClone(this.lease);
    });
  }
}

function elector(clock: FakeClock, leases: FakeLeases, log: string[], onStopped: () => Promise<void> | void = () => undefined): LeaderElector {
  return new LeaderElector(new KubeConfig(), {
    namespace: 'default',
    leaseName: 'kafkaplane-leader',
    identity: 'a',
    ...timings,
    clock,
    leases,
    logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
    onStartedLeading: () => {
      log.push(`leads at ${clock.now()}`);
    },
    onStoppedLeading: () => {
      log.push(`stops at ${clock.now()}`);
      return onStopped();
    },
  });
}

describe('the timing of a held lease', () => {
  it('counts from when a renewal was sent: leading ends renewDeadline after it, and the lease holds for leaseDuration after it', () => {
    const hold = new LeaseHold(timings);
    expect(hold.leadsAt(0)).toBe(false);
    expect(hold.remainingMs(0)).toBe(0);
    hold.renewed(100);
    // An older renewal answered late changes nothing.
    hold.renewed(50);
    expect(hold.deadline()).toBe(700);
    expect(hold.leadsAt(699)).toBe(true);
    expect(hold.leadsAt(700)).toBe(false);
    expect(hold.remainingMs(700)).toBe(400);
    expect(hold.remainingMs(1_100)).toBe(0);
    hold.forget();
    expect(hold.leadsAt(150)).toBe(false);
  });

  it('stops leading at renewDeadline after the last renewal *sent*, not answered, when the API server stops answering', async () => {
    const clock = new FakeClock();
    const leases = new FakeLeases(clock);
    const log: string[] = [];
    const a = elector(clock, leases, log);
    a.start();
    await clock.advanceTo(1);
    expect(log).toEqual(['leads at 0']);
    // Each renewal takes 80 ms to be answered: the one sent at 100 succeeds at 180, the one
    // sent at 280 is never answered: the API server answers nothing from 261 on.
    leases.latencyMs = 80;
    await clock.advanceTo(100);
    await clock.advanceTo(261);
    leases.cut = true;
    expect(a.isLeader).toBe(true);
    const sentAt = 100;
    // Measured from the answer (180) it would lead until 780; from the send, until 700.
    await clock.advanceTo(sentAt + timings.renewDeadlineMs - 1);
    expect(a.isLeader).toBe(true);
    expect(a.remainingLeaseMs()).toBe(timings.leaseDurationMs - (timings.renewDeadlineMs - 1));
    await clock.advanceTo(sentAt + timings.renewDeadlineMs);
    expect(a.isLeader).toBe(false);
    expect(a.remainingLeaseMs()).toBe(0);
    expect(log).toEqual(['leads at 0', `stops at ${sentAt + timings.renewDeadlineMs}`]);
    // The lease would have held for others until 1 100: leading ended 400 ms before it could expire.
  });

  it('leads again only once the loops of the previous leadership have stopped', async () => {
    const clock = new FakeClock();
    const leases = new FakeLeases(clock);
    const log: string[] = [];
    let loopsStopped: () => void = () => undefined;
    const a = elector(
      clock,
      leases,
      log,
      () =>
        new Promise<void>((resolve) => {
          loopsStopped = resolve;
        }),
    );
    a.start();
    await clock.advanceTo(1);
    leases.cut = true;
    await clock.advanceTo(timings.renewDeadlineMs + 1);
    expect(log).toEqual(['leads at 0', `stops at ${timings.renewDeadlineMs}`]);
    // The API server answers again and the lease is still ours to renew, but the loops still run.
    leases.cut = false;
    await clock.advanceTo(1_500);
    expect(a.isLeader).toBe(false);
    expect(log).toHaveLength(2);
    loopsStopped();
    await clock.advanceTo(1_700);
    expect(a.isLeader).toBe(true);
    expect(log).toHaveLength(3);
    expect(log[2]).toMatch(/^leads at /);
  });
});
