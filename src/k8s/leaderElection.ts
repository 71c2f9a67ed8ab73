import { ApiException, CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import type { Logger } from '../logging.js';

export interface LeaderElectionOptions {
  namespace: string;
  leaseName: string;
  /** This replica's identity, unique among replicas (the Pod name, plus a random part). */
  identity: string;
  /** How long a lease holds without renewal; others take over after it (client-go default 15 s). */
  leaseDurationMs?: number;
  /** The leader gives up if it could not renew for this long (client-go default 10 s). */
  renewDeadlineMs?: number;
  /** Time between attempts to acquire or renew (client-go default 2 s). */
  retryPeriodMs?: number;
  onStartedLeading: () => void;
  onStoppedLeading: () => void;
  logger: Logger;
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, following client-go's leaderelection:
 * a lease is free when nobody has renewed it for leaseDuration, as measured on *our* clock from
 * the moment we last saw it change (clocks of replicas may differ). Times are V1MicroTime, which
 * serialises with the six fractional digits the API server demands (a plain Date gets 400).
 */
export class LeaderElector {
  private readonly api: CoordinationV1Api;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private observed: { holder: string; renewTime: string; at: number } | undefined;
  private leading = false;
  private lastRenewal = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: LeaderElectionOptions,
  ) {
    this.api = kubeConfig.makeApiClient(CoordinationV1Api);
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    if (!(this.leaseDurationMs > this.renewDeadlineMs && this.renewDeadlineMs > this.retryPeriodMs)) {
      throw new Error('leader election needs leaseDuration > renewDeadline > retryPeriod');
    }
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops campaigning; a leader releases the lease so another replica takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.loop;
    if (this.leading) {
      this.setLeading(false);
      await this.release().catch((err: unknown) => this.options.logger.warn({ err: (err as Error).message }, 'could not release the lease'));
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.loop = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let acquired = false;
    try {
      acquired = await this.tryAcquireOrRenew();
    } catch (err) {
      this.options.logger.debug({ err: (err as Error).message }, 'lease request failed');
    }
    if (this.stopped) return;
    const now = Date.now();
    if (acquired) {
      this.lastRenewal = now;
      if (!this.leading) this.setLeading(true);
    } else if (this.leading && now - this.lastRenewal >= this.renewDeadlineMs) {
      this.setLeading(false);
    } else if (this.leading && this.observed && this.observed.holder !== this.options.identity) {
      // Someone else holds it now: we lost it, whatever our renew deadline says.
      this.setLeading(false);
    }
    this.schedule(this.retryPeriodMs);
  }

  private setLeading(leading: boolean): void {
    this.leading = leading;
    const { namespace, leaseName, identity } = this.options;
    this.options.logger.info({ namespace, lease: leaseName, identity }, leading ? 'became leader' : 'stopped leading');
    if (leading) this.options.onStartedLeading();
    else this.options.onStoppedLeading();
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, leaseName: name, identity } = this.options;
    const now = new V1MicroTime(Date.now());
    const leaseDurationSeconds = Math.max(1, Math.ceil(this.leaseDurationMs / 1000));
    const lease = await this.withTimeout(this.api.readNamespacedLease({ name, namespace })).catch((err: unknown) => {
      if (err instanceof ApiException && err.code === 404) return undefined;
      throw err;
    });
    if (lease === undefined) {
      await this.withTimeout(
        this.api.createNamespacedLease({
          namespace,
          body: {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name, namespace },
            spec: { holderIdentity: identity, leaseDurationSeconds, acquireTime: now, renewTime: now, leaseTransitions: 0 },
          },
        }),
      );
      this.observe(identity, now.toISOString());
      return true;
    }

    const holder = lease.spec?.holderIdentity ?? '';
    const renewTime = lease.spec?.renewTime ? new Date(lease.spec.renewTime).toISOString() : '';
    this.observe(holder, renewTime);
    const heldByOther = holder !== '' && holder !== identity;
    const observedAt = this.observed?.at ?? 0;
    if (heldByOther && Date.now() - observedAt < this.leaseDurationMs) return false;

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
    await this.withTimeout(this.api.replaceNamespacedLease({ name, namespace, body }));
    this.observe(identity, now.toISOString());
    return true;
  }

  private async release(): Promise<void> {
    const { namespace, leaseName: name, identity } = this.options;
    const lease = await this.withTimeout(this.api.readNamespacedLease({ name, namespace }));
    if (lease.spec?.holderIdentity !== identity) return;
    const now = new V1MicroTime(Date.now());
    await this.withTimeout(
      this.api.replaceNamespacedLease({
        name,
        namespace,
        body: { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now, acquireTime: now } },
      }),
    );
  }

  private observe(holder: string, renewTime: string): void {
    if (this.observed?.holder !== holder || this.observed.renewTime !== renewTime) {
      this.observed = { holder, renewTime, at: Date.now() };
    }
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from the API server within ${this.retryPeriodMs} ms`)), this.retryPeriodMs);
      promise.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }
}
