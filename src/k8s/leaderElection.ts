import { ApiException, CoordinationV1Api, V1MicroTime, type ConfigurationOptions, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import type { Logger } from '../logging.js';
import { abortedBy } from './abortable.js';
import { checkLeaseTimings, DEFAULT_LEASE_TIMINGS, LeaseHold, type LeaseTimings } from './leaseTiming.js';

/** The calls of the Lease API the election makes (CoordinationV1Api's). */
export type LeaseApi = Pick<CoordinationV1Api, 'readNamespacedLease' | 'createNamespacedLease' | 'replaceNamespacedLease'>;

/** Time as the election sees it: the process clock, or a fake one in tests. */
export interface ElectionClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const SYSTEM_CLOCK: ElectionClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface LeaderElectionOptions extends Partial<LeaseTimings> {
  namespace: string;
  leaseName: string;
  /** This replica's identity, unique among replicas (the Pod name, plus a random part). */
  identity: string;
  /** Called once the lease is held, and only after the loops of a previous leadership stopped. */
  onStartedLeading: () => void;
  /** Called when leading ends; what it returns is awaited before this replica may lead again. */
  onStoppedLeading: () => Promise<void> | void;
  logger: Logger;
  clock?: ElectionClock;
  /** The Lease API; by default the kubeconfig's. */
  leases?: LeaseApi;
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, following client-go's tools/leaderelection
 * (leaderelection.go): a lease held by another is free once nobody renewed it for leaseDuration,
 * measured on *our* clock from when we saw it change (clocks of replicas may differ); our own
 * renewals count from when they were sent (`observedTime` is taken before the request), so the
 * leader stops at renewDeadline, before the lease can expire for anyone else, whether or not
 * the API server answers (a timer, not the next attempt, ends it). Stopping awaits the loops of
 * the leadership before the lease may be taken again by this replica. Times are V1MicroTime,
 * which serialises with the six fractional digits the API server demands.
 */
export class LeaderElector {
  private readonly api: LeaseApi;
  private readonly clock: ElectionClock;
  private readonly timings: LeaseTimings;
  private readonly hold: LeaseHold;
  private observed: { holder: string; renewTime: string; at: number } | undefined;
  /** The lease as our last write left it: a leader renews it directly, without reading it first. */
  private written: V1Lease | undefined;
  private leading = false;
  private timer: unknown;
  private deadlineTimer: unknown;
  private attempt: AbortController | undefined;
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();
  /** The end of the last leadership: its loops stopping. */
  private stopping: Promise<void> = Promise.resolve();

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: LeaderElectionOptions,
  ) {
    this.api = options.leases ?? kubeConfig.makeApiClient(CoordinationV1Api);
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.timings = {
      leaseDurationMs: options.leaseDurationMs ?? DEFAULT_LEASE_TIMINGS.leaseDurationMs,
      renewDeadlineMs: options.renewDeadlineMs ?? DEFAULT_LEASE_TIMINGS.renewDeadlineMs,
      retryPeriodMs: options.retryPeriodMs ?? DEFAULT_LEASE_TIMINGS.retryPeriodMs,
    };
    checkLeaseTimings(this.timings);
    this.hold = new LeaseHold(this.timings);
  }

  /** Whether this replica leads now: it holds the lease and its renew deadline has not passed. */
  get isLeader(): boolean {
    return this.leading && this.hold.leadsAt(this.clock.now());
  }

  /** How long the lease surely holds against the other replicas (0 when this replica does not lead). */
  remainingLeaseMs(): number {
    return this.isLeader ? this.hold.remainingMs(this.clock.now()) : 0;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops campaigning; a leader stops its loops, then releases the lease so another replica takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    this.attempt?.abort();
    await this.loop;
    const wasLeading = this.isLeader;
    if (this.leading) this.lose('stopping');
    await this.stopping;
    if (wasLeading) {
      await this.release().catch((err: unknown) => this.options.logger.warn({ err: (err as Error).message }, 'could not release the lease'));
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => {
      this.loop = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    // client-go's observedTime: taken before the request, so the lease is counted from no later than the API server wrote it.
    const sentAt = this.clock.now();
    let acquired = false;
    try {
      acquired = await this.tryAcquireOrRenew(sentAt);
    } catch (err) {
      this.options.logger.debug({ err: (err as Error).message }, 'lease request failed');
    }
    if (this.stopped) return;
    if (acquired) {
      this.hold.renewed(sentAt);
      if (!this.leading) await this.lead();
      else this.armDeadline();
    } else if (this.leading && this.observed && this.observed.holder !== this.options.identity) {
      // Someone else holds it now: we lost it, whatever our renew deadline says.
      this.lose('another replica holds the lease');
    }
    this.schedule(this.timings.retryPeriodMs);
  }

  /** Starts leading once the loops of a previous leadership stopped, if the lease still holds by then. */
  private async lead(): Promise<void> {
    await this.stopping;
    if (this.stopped || !this.hold.leadsAt(this.clock.now())) return;
    this.leading = true;
    this.armDeadline();
    this.log('became leader');
    this.options.onStartedLeading();
  }

  /** Ends leading at the renew deadline unless a renewal sent before it succeeds. */
  private armDeadline(): void {
    this.clock.clearTimeout(this.deadlineTimer);
    const deadline = this.hold.deadline();
    if (deadline === undefined) return;
    this.deadlineTimer = this.clock.setTimeout(
      () => {
        if (this.leading && !this.hold.leadsAt(this.clock.now())) this.lose('the lease could not be renewed within the renew deadline');
      },
      Math.max(0, deadline - this.clock.now()),
    );
  }

  private lose(why: string): void {
    this.leading = false;
    this.clock.clearTimeout(this.deadlineTimer);
    this.hold.forget();
    this.log('stopped leading', why);
    const previous = this.stopping;
    this.stopping = previous
      .then(() => this.options.onStoppedLeading())
      .catch((err: unknown) => this.options.logger.warn({ err: (err as Error).message }, 'stopping the loops of a leadership failed'));
  }

  private log(message: string, why?: string): void {
    const { namespace, leaseName, identity } = this.options;
    this.options.logger.info({ namespace, lease: leaseName, identity, ...(why !== undefined ? { why } : {}) }, message);
  }

  private async tryAcquireOrRenew(sentAt: number): Promise<boolean> {
    const { namespace, leaseName: name, identity } = this.options;
    const now = new V1MicroTime(sentAt);
    const leaseDurationSeconds = Math.max(1, Math.ceil(this.timings.leaseDurationMs / 1000));
    // client-go's fast path: the leader updates the record it wrote last; a conflict (someone
    // wrote since) falls back to reading it.
    const mine = this.leading ? this.written : undefined;
    if (mine !== undefined) {
      const renewed = await this.bounded((options) =>
        this.api.replaceNamespacedLease({ name, namespace, body: { ...mine, spec: { ...mine.spec, renewTime: now } } }, options),
      ).catch(() => undefined);
      if (renewed !== undefined) {
        this.written = renewed;
        this.observe(identity, now.toISOString());
        return true;
      }
    }
    this.written = undefined;
    const lease = await this.bounded((options) => this.api.readNamespacedLease({ name, namespace }, options)).catch((err: unknown) => {
      if (err instanceof ApiException && err.code === 404) return undefined;
      throw err;
    });
    if (lease === undefined) {
      this.written = await this.bounded((options) =>
        this.api.createNamespacedLease(
          {
            namespace,
            body: {
              apiVersion: 'coordination.k8s.io/v1',
              kind: 'Lease',
              metadata: { name, namespace },
              spec: { holderIdentity: identity, leaseDurationSeconds, acquireTime: now, renewTime: now, leaseTransitions: 0 },
            },
          },
          options,
        ),
      );
      this.observe(identity, now.toISOString());
      return true;
    }

    const holder = lease.spec?.holderIdentity ?? '';
    const renewTime = lease.spec?.renewTime ? new Date(lease.spec.renewTime).toISOString() : '';
    this.observe(holder, renewTime);
    const heldByOther = holder !== '' && holder !== identity;
    const observedAt = this.observed?.at ?? 0;
    if (heldByOther && this.clock.now() - observedAt < this.timings.leaseDurationMs) return false;

    const spec = lease.spec ?? {};
    const body: V1Lease = {
      ...lease,
      spec: {
        ...spec,
        holderIdentity: identity,
        leaseDurationSeconds,
        renewTime: now,
        // client-node may hand MicroTime back as a string: re-parse before re-sending with six digits.
        acquireTime: holder === identity && spec.acquireTime ? new V1MicroTime(new Date(spec.acquireTime).getTime()) : now,
        leaseTransitions: holder === identity ? (spec.leaseTransitions ?? 0) : (spec.leaseTransitions ?? 0) + 1,
      },
    };
    // Optimistic concurrency: the resourceVersion in metadata makes a racing replica get 409.
    this.written = await this.bounded((options) => this.api.replaceNamespacedLease({ name, namespace, body }, options));
    this.observe(identity, now.toISOString());
    return true;
  }

  private async release(): Promise<void> {
    const { namespace, leaseName: name, identity } = this.options;
    const lease = await this.bounded((options) => this.api.readNamespacedLease({ name, namespace }, options));
    if (lease.spec?.holderIdentity !== identity) return;
    const now = new V1MicroTime(this.clock.now());
    await this.bounded((options) =>
      this.api.replaceNamespacedLease(
        { name, namespace, body: { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now, acquireTime: now } } },
        options,
      ),
    );
  }

  private observe(holder: string, renewTime: string): void {
    if (this.observed?.holder !== holder || this.observed.renewTime !== renewTime) {
      this.observed = { holder, renewTime, at: this.clock.now() };
    }
  }

  /**
   * One request, given up (and cancelled) after renewDeadline or when the election stops, as
   * client-go bounds its attempts by the renew deadline's context. Leading ends at its deadline
   * whatever a request in flight does.
   */
  private bounded<T>(call: (options: ConfigurationOptions | undefined) => Promise<T>): Promise<T> {
    const attempt = new AbortController();
    this.attempt = attempt;
    return new Promise<T>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        attempt.abort();
        reject(new Error(`no answer from the API server within ${this.timings.renewDeadlineMs} ms`));
      }, this.timings.renewDeadlineMs);
      attempt.signal.addEventListener(
        'abort',
        () => {
          this.clock.clearTimeout(timer);
          reject(new Error('lease request cancelled'));
        },
        { once: true },
      );
      call(abortedBy(attempt.signal)).then(
        (v) => {
          this.clock.clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          this.clock.clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }
}
