/**
 * The arithmetic of holding a Lease, as client-go's tools/leaderelection does it: a renewal
 * counts from the moment it was *sent*, not from when its answer came back. Another replica
 * starts its leaseDuration no earlier than when it saw that renewal, which the API server wrote
 * after we sent it; so, clocks running at the same rate, the lease holds for the others until
 * at least `sent + leaseDuration`. The leader stops at `sent + renewDeadline`, earlier by the
 * margin leaseDuration - renewDeadline, which covers a write still on its way.
 */
export interface LeaseTimings {
  /** How long a lease holds without renewal; others take over after it (client-go default 15 s). */
  leaseDurationMs: number;
  /** The leader stops leading when no renewal sent within this long succeeded (client-go default 10 s). */
  renewDeadlineMs: number;
  /** Time between attempts to acquire or renew (client-go default 2 s). */
  retryPeriodMs: number;
}

export const DEFAULT_LEASE_TIMINGS: LeaseTimings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

/** client-go's NewLeaderElector checks: leaseDuration > renewDeadline > retryPeriod. */
export function checkLeaseTimings({ leaseDurationMs, renewDeadlineMs, retryPeriodMs }: LeaseTimings): void {
  if (!(leaseDurationMs > renewDeadlineMs && renewDeadlineMs > retryPeriodMs && retryPeriodMs > 0)) {
    throw new Error('leader election needs leaseDuration > renewDeadline > retryPeriod > 0');
  }
}

/** What this replica's last successful renewal lets it do, at a given time. */
export class LeaseHold {
  private sentAt: number | undefined;

  constructor(private readonly timings: LeaseTimings) {}

  /** A renewal (or the acquisition) sent at `sentAt` succeeded. An older one answered late changes nothing. */
  renewed(sentAt: number): void {
    if (this.sentAt === undefined || sentAt > this.sentAt) this.sentAt = sentAt;
  }

  /** The lease is given up or lost: nothing counts any more. */
  forget(): void {
    this.sentAt = undefined;
  }

  /** Whether this replica may still act as the leader at `now`. */
  leadsAt(now: number): boolean {
    return this.sentAt !== undefined && now < this.sentAt + this.timings.renewDeadlineMs;
  }

  /** When leading ends unless a renewal sent before then succeeds; undefined without a renewal. */
  deadline(): number | undefined {
    return this.sentAt === undefined ? undefined : this.sentAt + this.timings.renewDeadlineMs;
  }

  /** How long the lease still surely holds against the others, at `now` (0 when it may not). */
  remainingMs(now: number): number {
    return this.sentAt === undefined ? 0 : Math.max(0, this.sentAt + this.timings.leaseDurationMs - now);
  }
}
