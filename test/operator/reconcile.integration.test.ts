import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { getProperties } from 'properties-file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningOperator } from '../../src/operator/runtime.js';
import { startKubeSandbox, type KubeSandbox } from '../../sandbox/kube/index.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { startTestOperator } from '../support/testOperator.js';

let sandbox: KubeSandbox;
let operator: RunningOperator;
/** How often the operator asked whether Kafka is healthy (a Cruise Control request each). */
let healthChecks = 0;
let core: CoreV1Api;
let custom: CustomObjectsApi;
const cluster = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: 'kafka', plural: 'kafkaclusters', name: 'kafka' };

const spec = kraftSpecInput({
  brokerConfigGroups: {
    default: {
      processRoles: ['broker', 'controller'],
      storageConfigs: [
        { mountPath: '/kafka-logs', pvcSpec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } } },
      ],
    },
  },
  brokers: [
    { id: 0, brokerConfigGroup: 'default' },
    { id: 1, brokerConfigGroup: 'default' },
    { id: 2, brokerConfigGroup: 'default' },
  ],
});

type ClusterObject = {
  status?: {
    state?: string;
    brokersReady?: string;
    observedGeneration?: number;
    clusterID?: string;
    brokersState?: Record<string, { configurationState?: string; image?: string; version?: string }>;
  };
};
const readCluster = async () => (await custom.getNamespacedCustomObject(cluster)) as ClusterObject;

beforeAll(async () => {
  sandbox = await startKubeSandbox();
  core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
  custom = sandbox.kubeConfig.makeApiClient(CustomObjectsApi);
  operator = await startTestOperator(sandbox, {
    kafkaHealthy: () => {
      healthChecks += 1;
      return Promise.resolve(true);
    },
  });
  await core.createNamespace({ body: { metadata: { name: 'kafka' } } });
  await custom.createNamespacedCustomObject({
    ...cluster,
    body: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: 'kafka' }, spec },
  });
});
afterAll(async () => {
  await operator.stop();
  await sandbox.close();
});

/** Records, in order, the broker ids whose Pods are deleted, and whether all others were Ready then. */
function watchRestarts(namespace = 'kafka'): { restarts: number[]; unsafe: string[]; stop: () => void } {
  const restarts: number[] = [];
  const unsafe: string[] = [];
  const stop = sandbox.api.store.subscribe((event) => {
    if (event.resource !== '/pods' || event.type !== 'MODIFIED' || event.object.metadata.namespace !== namespace) return;
    if (event.object.metadata.deletionTimestamp === undefined || event.previous?.metadata.deletionTimestamp !== undefined) return;
    const id = Number(event.object.metadata.labels?.brokerId);
    restarts.push(id);
    const others = sandbox.api.store.list('/pods', namespace).filter((p) => p.metadata.uid !== event.object.metadata.uid);
    const notReady = others.filter(
      (p) =>
        (p.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions?.find((c) => c.type === 'Ready')?.status !== 'True' ||
        p.metadata.deletionTimestamp !== undefined,
    );
    if (notReady.length > 0) unsafe.push(`broker ${id} restarted while ${notReady.map((p) => p.metadata.name).join(', ')} not Ready`);
  });
  return { restarts, unsafe, stop };
}

async function patchSpec(change: (s: typeof spec) => void): Promise<void> {
  const current = (await custom.getNamespacedCustomObject(cluster)) as { spec: typeof spec };
  const next = structuredClone(current.spec);
  change(next);
  await custom.patchNamespacedCustomObject({ ...cluster, body: { spec: next } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
}

const running = async (): Promise<boolean> => {
  const status = (await readCluster()).status;
  return status?.state === 'ClusterRunning' && status.brokersReady === '3/3';
};

describe('the reconciler on the Kubernetes sandbox', () => {
  it('brings a 3-broker KRaft cluster up Running, every broker with its own ConfigMap, PVC, Pod and Service', async () => {
    await expect.poll(async () => (await readCluster()).status?.state, { timeout: 15_000, interval: 50 }).toBe('ClusterRunning');
    const image = (
      await core.readNamespacedPod({
        namespace: 'kafka',
        name: (await core.listNamespacedPod({ namespace: 'kafka', labelSelector: 'brokerId=0' })).items[0]?.metadata?.name ?? '',
      })
    ).spec?.containers.find((c) => c.name === 'kafka')?.image;
    expect((await readCluster()).status?.brokersState?.['0']).toMatchObject({ image, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) as unknown });
    const status = (await readCluster()).status;
    expect(status?.brokersReady).toBe('3/3');
    expect(status?.clusterID).toMatch(/^[A-Za-z0-9_-]{22}$/);
    for (const id of ['0', '1', '2']) {
      const selector = `app=kafka,kafka_cr=kafka,brokerId=${id}`;
      const pods = (await core.listNamespacedPod({ namespace: 'kafka', labelSelector: selector })).items;
      expect(pods).toHaveLength(1);
      expect(pods[0]?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'KafkaCluster', name: 'kafka', controller: true });
      const pvcs = (await core.listNamespacedPersistentVolumeClaim({ namespace: 'kafka', labelSelector: selector })).items;
      expect(pvcs.map((p) => [p.metadata?.annotations?.mountPath, p.status?.phase])).toEqual([['/kafka-logs', 'Bound']]);
      const config = await core.readNamespacedConfigMap({ name: `kafka-config-${id}`, namespace: 'kafka' });
      const properties = getProperties(config.data?.['broker-config'] ?? '');
      expect(properties['node.id']).toBe(id);
      expect(properties['controller.quorum.bootstrap.servers']).toBe(
        ['0', '1', '2'].map((b) => `kafka-${b}.kafka-headless.kafka.svc.cluster.local:29093`).join(','),
      );
      await core.readNamespacedService({ name: `kafka-${id}`, namespace: 'kafka' });
    }
    await core.readNamespacedService({ name: 'kafka-headless', namespace: 'kafka' });
    const events = (await core.listNamespacedEvent({ namespace: 'kafka', fieldSelector: 'involvedObject.name=kafka' })).items;
    expect(events.map((e) => e.reason)).toEqual(expect.arrayContaining(['BrokerPodCreated', 'BrokerConfigCreated', 'BrokerVolumeCreated']));
  });

  it('makes no write at all in a pass over a cluster that is as wanted', async () => {
    await expect.poll(async () => (await readCluster()).status?.state, { timeout: 15_000 }).toBe('ClusterRunning');
    sandbox.faults.resetCounts();
    healthChecks = 0;
    // A label change on the cluster queues a full pass; the only write is the test's own
    // (the leader's Lease renewals aside).
    await custom.patchNamespacedCustomObject(
      { ...cluster, body: { metadata: { labels: { touched: 'yes' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await expect.poll(() => operator.cache.get('KafkaCluster', 'kafka', 'kafka')?.metadata?.labels?.touched, { timeout: 5_000 }).toBe('yes');
    // The change queued a pass as soon as the cache saw it; a resync waits for it, then runs one more.
    await operator.resync();
    expect(sandbox.faults.writes(['leases'])).toBe(1);
    // Nothing to restart, so Cruise Control was not asked.
    expect(healthChecks).toBe(0);
  });

  it('makes no request at all in a full resync of a cluster that is as wanted: no write, no read, nothing to Cruise Control', async () => {
    await expect.poll(running, { timeout: 15_000 }).toBe(true);
    expect(operator.isLeader()).toBe(true);
    await operator.resync();
    sandbox.faults.resetCounts();
    healthChecks = 0;
    await operator.resync();
    const requests = [...sandbox.faults.requests()].filter(([key]) => !key.endsWith(' leases'));
    expect(requests).toEqual([]);
    expect(healthChecks).toBe(0);
  });

  it('grows broker volumes in place when the size grows', async () => {
    const bigger = structuredClone(spec);
    const group = bigger.brokerConfigGroups?.default;
    if (!group?.storageConfigs?.[0]?.pvcSpec) throw new Error('bad fixture');
    group.storageConfigs[0].pvcSpec.resources = { requests: { storage: '20Gi' } };
    await custom.patchNamespacedCustomObject({ ...cluster, body: { spec: bigger } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await expect
      .poll(
        async () =>
          (await core.listNamespacedPersistentVolumeClaim({ namespace: 'kafka', labelSelector: 'kafka_cr=kafka' })).items.map(
            (p) => p.status?.capacity?.storage,
          ),
        { timeout: 10_000 },
      )
      .toEqual(['20Gi', '20Gi', '20Gi']);
    // Growing online needs no restart: the Pods are the same ones.
    expect((await readCluster()).status?.brokersState?.['1']?.configurationState).toBe('ConfigInSync');
  });

  it('restarts nothing for a per-broker dynamic config, and rolls a static one one broker at a time, never while another is not Ready', async () => {
    await expect.poll(running, { timeout: 15_000 }).toBe(true);
    const before = (await readCluster()).status?.observedGeneration ?? 0;
    const watch = watchRestarts();
    // num.network.threads is a per-broker dynamic config (Kafka's dynamic broker configs): no restart.
    await patchSpec((s) => {
      s.readOnlyConfig = 'num.network.threads=5';
    });
    await expect.poll(async () => (await readCluster()).status?.observedGeneration, { timeout: 10_000 }).toBe(before + 1);
    expect(await running()).toBe(true);
    expect(watch.restarts).toEqual([]);

    await patchSpec((s) => {
      s.readOnlyConfig = 'num.network.threads=5\nauto.create.topics.enable=false';
    });
    await expect.poll(() => watch.restarts.length, { timeout: 20_000 }).toBe(3);
    await expect.poll(running, { timeout: 15_000 }).toBe(true);
    watch.stop();
    expect(watch.restarts).toEqual([0, 1, 2]);
    expect(healthChecks).toBeGreaterThanOrEqual(3);
    expect(watch.unsafe).toEqual([]);
    const config = getProperties((await core.readNamespacedConfigMap({ name: 'kafka-config-1', namespace: 'kafka' })).data?.['broker-config'] ?? '');
    expect(config['auto.create.topics.enable']).toBe('false');
    expect(config['num.network.threads']).toBeUndefined();
  });

  it('gives broker 2 alone a second disk, restarting only broker 2', async () => {
    await expect.poll(running, { timeout: 15_000 }).toBe(true);
    const watch = watchRestarts();
    await patchSpec((s) => {
      const broker = s.brokers.find((b) => b.id === 2);
      if (!broker) throw new Error('no broker 2');
      broker.brokerConfig = {
        storageConfigs: [{ mountPath: '/kafka-logs-extra', pvcSpec: { storageClassName: 'standard', resources: { requests: { storage: '5Gi' } } } }],
      };
    });
    await expect
      .poll(async () => (await core.listNamespacedPersistentVolumeClaim({ namespace: 'kafka', labelSelector: 'brokerId=2' })).items.length, { timeout: 10_000 })
      .toBe(2);
    await expect.poll(() => watch.restarts.length, { timeout: 10_000 }).toBe(1);
    await expect.poll(running, { timeout: 15_000 }).toBe(true);
    watch.stop();
    expect(watch.restarts).toEqual([2]);
    const mountsOfBroker2 = async () =>
      (await core.listNamespacedPod({ namespace: 'kafka', labelSelector: 'brokerId=2' })).items.map((p) =>
        // The broker's disks and config, leaving out the reporter's and exporter's mounts.
        p.spec?.containers[0]?.volumeMounts?.map((m) => m.mountPath).filter((path) => path === '/config' || path.startsWith('/kafka-logs')),
      );
    await expect.poll(mountsOfBroker2, { timeout: 15_000 }).toEqual([['/config', '/kafka-logs-extra', '/kafka-logs']]);
  });

  it('gives broker 1 alone more CPU, restarting only broker 1', async () => {
    await expect.poll(running, { timeout: 15_000 }).toBe(true);
    const watch = watchRestarts();
    await patchSpec((s) => {
      const broker = s.brokers.find((b) => b.id === 1);
      if (!broker) throw new Error('no broker 1');
      broker.brokerConfig = { ...broker.brokerConfig, resourceRequirements: { requests: { cpu: '2', memory: '4Gi' } } };
    });
    await expect.poll(() => watch.restarts.length, { timeout: 10_000 }).toBe(1);
    await expect.poll(running, { timeout: 15_000 }).toBe(true);
    watch.stop();
    expect(watch.restarts).toEqual([1]);
    // The cluster may read Running again before the replacement Pod is listed: wait for that Pod.
    const requestsOfBroker1 = async () =>
      (await core.listNamespacedPod({ namespace: 'kafka', labelSelector: 'brokerId=1' })).items.map((p) => p.spec?.containers[0]?.resources?.requests);
    await expect.poll(requestsOfBroker1, { timeout: 15_000 }).toEqual([{ cpu: '2', memory: '4Gi' }]);
  });

  it('brings a rack-aware cluster up with broker.rack set from the start, spread over the zones, with no restart', async () => {
    await core.createNamespace({ body: { metadata: { name: 'racks' } } });
    const watch = watchRestarts('racks');
    const racked = { ...structuredClone(spec), rackAwareness: { labels: ['topology.kubernetes.io/zone'] } };
    await custom.createNamespacedCustomObject({
      ...cluster,
      namespace: 'racks',
      body: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: 'kafka' }, spec: racked },
    });
    await expect
      .poll(async () => ((await custom.getNamespacedCustomObject({ ...cluster, namespace: 'racks' })) as ClusterObject).status?.state, { timeout: 15_000 })
      .toBe('ClusterRunning');
    watch.stop();
    expect(watch.restarts).toEqual([]);
    const racks = await Promise.all(
      [0, 1, 2].map(
        async (id) =>
          getProperties((await core.readNamespacedConfigMap({ name: `kafka-config-${id}`, namespace: 'racks' })).data?.['broker-config'] ?? '')['broker.rack'],
      ),
    );
    expect(racks).toEqual(['zone-a', 'zone-b', 'zone-c']);
    const pods = (await core.listNamespacedPod({ namespace: 'racks', labelSelector: 'app=kafka' })).items;
    expect(new Set(pods.map((p) => p.spec?.nodeName)).size).toBe(3);
  });
});
