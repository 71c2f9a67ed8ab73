import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { RunningOperator } from '../../src/operator/runtime.js';
import type { StoreEvent } from '../../sandbox/kube/index.js';
import { NAMESPACE, replicasByBroker, settledCruiseControl, startOperationsWorld, untilClusterServes } from './support/operationsSandbox.js';

const LEASE_DURATION_MS = 1_500;
const RENEW_DEADLINE_MS = 1_000;
const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** Each replica calls the API server with its own token, so a fault can cut one off and a request can be told whose it is. */
const replicas = ['replica-a', 'replica-b'].map((name) => ({ name, token: `${name}-token`, user: { username: name, groups: ['system:masters'] } }));

function kubeConfigOf(base: KubeConfig, replica: { name: string; token: string }): KubeConfig {
  const cluster = base.getCurrentCluster();
  if (!cluster) throw new Error('the sandbox kubeconfig names no cluster');
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [cluster],
    users: [{ name: replica.name, token: replica.token }],
    contexts: [{ name: replica.name, cluster: cluster.name, user: replica.name }],
    currentContext: replica.name,
  });
  return config;
}

describe('one leader, fenced', () => {
  it('a leader cut off from the API server during a drain stops before its lease can expire; the next leader finishes the removal with one task', async () => {
    const kubeRequests: Array<{ at: number; user: string; verb: string; resource: string }> = [];
    const cruiseControlRequests: Array<{ at: number; userAgent: string | undefined; method: string; url: string }> = [];
    const world = await startOperationsWorld({
      kubeUsers: replicas.map(({ token, user }) => ({ token, user })),
      onCruiseControlRequest: ({ method, url, userAgent }) => cruiseControlRequests.push({ at: Date.now(), method, url, userAgent }),
    });
    try {
      world.sandbox.kube.faults.onRequest(({ user, verb, resource }) => kubeRequests.push({ at: Date.now(), user, verb, resource }));
      const start = (replica: (typeof replicas)[number]): Promise<RunningOperator> =>
        world.startOperator({
          kubeConfig: kubeConfigOf(world.sandbox.kube.kubeConfig, replica),
          cruiseControlUserAgent: replica.name,
          leaseDurationMs: LEASE_DURATION_MS,
          renewDeadlineMs: RENEW_DEADLINE_MS,
          retryPeriodMs: 200,
        });
      const [a, b] = replicas as [(typeof replicas)[number], (typeof replicas)[number]];
      const first = await start(a);
      await expect.poll(() => first.isLeader(), { timeout: 10_000 }).toBe(true);
      const second = await start(b);
      await world.createCluster();
      await untilClusterServes(world);
      world.watchInvariants();
      const cc = await settledCruiseControl(world);
      expect(first.isLeader()).toBe(true);
      expect(second.isLeader()).toBe(false);

      const replicasAtDeletion: number[] = [];
      const stopDeletions = world.sandbox.kube.api.store.subscribe((event: StoreEvent) => {
        const labels = event.object.metadata.labels;
        if (labels?.brokerId !== '1' || labels.kafka_cr !== 'kafka') return;
        if (
          event.type === 'DELETED' ||
          (event.type === 'MODIFIED' && event.object.metadata.deletionTimestamp !== undefined && event.previous?.metadata.deletionTimestamp === undefined)
        ) {
          replicasAtDeletion.push(replicasByBroker(world.model()).get(1) ?? 0);
        }
      });

      // Broker 1 is removed; once its drain runs in Cruise Control, the leader loses the API server
      // (every request of its own gets 503) but still reaches Cruise Control.
      await world.patchSpec([{ op: 'remove', path: '/spec/brokers/1' }]);
      await expect.poll(() => cc.tasks.list().some((t) => t.requestUrl.includes('/remove_broker?')), { timeout: 30_000, interval: 20 }).toBe(true);
      world.sandbox.kube.faults.inject({ user: a.name, error: { code: 503 } });
      const cutAt = Date.now();
      await expect.poll(() => first.isLeader(), { timeout: RENEW_DEADLINE_MS + 1_000, interval: 10 }).toBe(false);
      await expect.poll(() => second.isLeader(), { timeout: 10_000, interval: 20 }).toBe(true);
      // The old leader is reachable again while the new one finishes the work.
      world.sandbox.kube.faults.remove((rule) => rule.user === a.name);

      const left = () =>
        world.sandbox.kube.api.store
          .list('/pods', NAMESPACE)
          .concat(world.sandbox.kube.api.store.list('/persistentvolumeclaims', NAMESPACE))
          .filter((o) => o.metadata.labels?.brokerId === '1').length;
      await expect.poll(left, { timeout: 60_000, interval: 50 }).toBe(0);
      await expect
        .poll(async () => (await world.readCluster().catch(() => undefined))?.status?.brokersState?.['1'], { timeout: 20_000, interval: 50 })
        .toBeUndefined();
      stopDeletions();

      // The others could take the lease no earlier than leaseDuration after the old leader's last
      // renewal reached the API server: from then on, nothing of the old leader arrives anywhere.
      const lastRenewal = Math.max(
        ...kubeRequests.filter((r) => r.user === a.name && r.resource === 'leases' && r.verb === 'update' && r.at <= cutAt).map((r) => r.at),
      );
      const expiredForOthers = lastRenewal + LEASE_DURATION_MS;
      expect(kubeRequests.filter((r) => r.user === a.name && WRITES.has(r.verb) && r.at > expiredForOthers)).toEqual([]);
      expect(cruiseControlRequests.filter((r) => r.userAgent === a.name && r.at > expiredForOthers)).toEqual([]);
      // The new leader did write and ask: the removal is its work.
      expect(kubeRequests.some((r) => r.user === b.name && WRITES.has(r.verb) && r.resource !== 'leases' && r.at > cutAt)).toBe(true);
      expect(cruiseControlRequests.some((r) => r.userAgent === b.name && r.at > cutAt)).toBe(true);
      // One remove_broker task was ever started, and nothing of broker 1 went before its data had.
      const removeTasks = cruiseControlRequests.filter((r) => r.method === 'POST' && r.url.includes('/remove_broker?') && r.url.includes('dryrun=false'));
      expect(removeTasks).toHaveLength(1);
      expect(replicasAtDeletion.length).toBeGreaterThan(0);
      expect(replicasAtDeletion.filter((n) => n > 0)).toEqual([]);
      expect(world.violations).toEqual([]);
    } finally {
      await world.close();
    }
  }, 180_000);

  it('sends no task to Cruise Control from a leader without time to spare on its lease; the claim it wrote is released, not lost', async () => {
    const cruiseControlRequests: Array<{ method: string; url: string }> = [];
    const world = await startOperationsWorld({ onCruiseControlRequest: ({ method, url }) => cruiseControlRequests.push({ method, url }) });
    try {
      // A margin of the whole lease: however fresh its renewal, this leader never has time to spare.
      await world.startOperator({ leaseDurationMs: LEASE_DURATION_MS, renewDeadlineMs: RENEW_DEADLINE_MS, cruiseControlLeaseMarginMs: LEASE_DURATION_MS });
      await world.createCluster();
      await untilClusterServes(world);
      await settledCruiseControl(world);
      const before = cruiseControlRequests.length;
      await world.patchSpec([{ op: 'remove', path: '/spec/brokers/1' }]);
      // A claimed attempt that was never sent is looked for in user_tasks by the next pass: twice
      // means the runner claimed, was fenced, came back, released and claimed again.
      await expect
        .poll(() => cruiseControlRequests.slice(before).filter((r) => r.method === 'GET' && r.url.includes('/user_tasks')).length, {
          timeout: 30_000,
          interval: 50,
        })
        .toBeGreaterThanOrEqual(2);
      expect(cruiseControlRequests.filter((r) => r.method === 'POST')).toEqual([]);
      expect(world.sandbox.kube.api.store.list('/pods', NAMESPACE).filter((p) => p.metadata.labels?.brokerId === '1')).toHaveLength(1);
    } finally {
      await world.close();
    }
  }, 120_000);
});
