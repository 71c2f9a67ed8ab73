import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningOperator } from '../../src/operator/runtime.js';
import { startKubeSandbox, type KubeSandbox } from '../../sandbox/kube/index.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { startTestOperator } from '../support/testOperator.js';

let sandbox: KubeSandbox;
let core: CoreV1Api;
let custom: CustomObjectsApi;
const cluster = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: 'kafka', plural: 'kafkaclusters', name: 'kafka' };
const spec = kraftSpecInput({
  brokerConfigGroups: {
    default: {
      processRoles: ['broker', 'controller'],
      storageConfigs: [{ mountPath: '/kafka-logs', pvcSpec: { resources: { requests: { storage: '1Gi' } } } }],
    },
  },
  brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default' })),
});

// The test operator's lease timings: a leader stops at its renew deadline counted from the renewal sent, so they leave room for a loaded machine.
const replica = (): Promise<RunningOperator> => startTestOperator(sandbox);

const state = async (): Promise<string> => {
  const { status } = (await custom.getNamespacedCustomObject(cluster)) as { status?: { state?: string; brokersReady?: string } };
  return `${status?.state ?? ''} ${status?.brokersReady ?? ''}`;
};

beforeAll(async () => {
  sandbox = await startKubeSandbox({ kubelet: { graceMsPerSecond: 5 } });
  core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
  custom = sandbox.kubeConfig.makeApiClient(CustomObjectsApi);
  await core.createNamespace({ body: { metadata: { name: 'kafka' } } });
});
afterAll(async () => {
  await sandbox.close();
});

describe('replicas and restarts of the operator', () => {
  it('lets only the leader reconcile; another replica takes over and finishes a roll the first one started', async () => {
    const first = await replica();
    const second = await replica();
    const bothLead: string[] = [];
    const overlap = setInterval(() => {
      if (first.isLeader() && second.isLeader()) bothLead.push('both');
    }, 5);
    try {
      await custom.createNamespacedCustomObject({
        ...cluster,
        body: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: 'kafka' }, spec },
      });
      await expect.poll(state, { timeout: 15_000 }).toBe('ClusterRunning 3/3');
      const [leader, follower] = first.isLeader() ? [first, second] : [second, first];
      expect(follower.isLeader()).toBe(false);

      // A static change starts a roll; the leader dies after the first restart.
      const restarted: string[] = [];
      const unsubscribe = sandbox.api.store.subscribe((event) => {
        if (
          event.resource === '/pods' &&
          event.type === 'MODIFIED' &&
          event.object.metadata.deletionTimestamp !== undefined &&
          event.previous?.metadata.deletionTimestamp === undefined
        ) {
          restarted.push(event.object.metadata.labels?.brokerId ?? '?');
        }
      });
      await custom.patchNamespacedCustomObject(
        { ...cluster, body: { spec: { readOnlyConfig: 'auto.create.topics.enable=false' } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      await expect.poll(() => restarted.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      await leader.stop();
      await expect.poll(() => follower.isLeader(), { timeout: 5_000 }).toBe(true);
      await expect.poll(() => restarted.length, { timeout: 15_000 }).toBe(3);
      await expect.poll(state, { timeout: 15_000 }).toBe('ClusterRunning 3/3');
      unsubscribe();
      expect([...restarted].sort()).toEqual(['0', '1', '2']);
      await follower.stop();
    } finally {
      clearInterval(overlap);
    }
    expect(bothLead).toEqual([]);
  });
});
