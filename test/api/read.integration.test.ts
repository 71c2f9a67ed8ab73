import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CruiseControlClient } from '../../src/cruisecontrol/index.js';
import { KafkaAdminPool } from '../../src/kafka/index.js';
import { applyDemoCluster } from '../../sandbox/demoCluster.js';
import { getProperties } from 'properties-file';
import { encodeGlobalId } from '../../src/domain/globalId.js';
import {
  BrokerConfigsDocument,
  ClusterBrokersDocument,
  ClusterOperationsDocument,
  ClusterStatesDocument,
  NodeByIdDocument,
  NodesByIdsDocument,
  PortalDocument,
  type PortalQuery,
} from '../__generated__/graphql.js';
import { startApiSandbox, startApiServer, type ApiSandbox } from '../support/apiSandbox.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { postGraphQL } from '../support/graphql.js';

let api: ApiSandbox;
let url: string;
let core: CoreV1Api;
let custom: CustomObjectsApi;

const SECRET = 'kafkaplane-encoder-secret';
const storage = (mountPath: string, size: string) => ({
  mountPath,
  pvcSpec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: size } } },
});

/** Three clusters a portal shows: the demo cluster, and two in teams' namespaces. */
const CLUSTERS = [
  {
    namespace: 'team-a',
    name: 'orders',
    labels: { env: 'prod' },
    spec: kraftSpecInput({
      readOnlyConfig: `auto.create.topics.enable=false\npassword.encoder.secret=${SECRET}\n`,
      brokerConfigGroups: {
        default: {
          config: 'log.cleaner.threads=2\n',
          storageConfigs: [storage('/kafka-logs', '20Gi'), storage('/kafka-logs-2', '10Gi')],
          resourceRequirements: { requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '8Gi' } },
        },
      },
      brokers: [
        { id: 0, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'], config: 'log.cleaner.threads=3\n' } },
        {
          id: 1,
          brokerConfigGroup: 'default',
          brokerConfig: { processRoles: ['broker', 'controller'] },
          readOnlyConfig: 'auto.leader.rebalance.enable=false\n',
        },
        { id: 2, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'] } },
        { id: 3, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker'] } },
      ],
    }),
  },
  {
    namespace: 'team-b',
    name: 'payments',
    labels: { env: 'staging' },
    spec: kraftSpecInput({
      disruptionBudget: { create: true, budget: '20%' },
      brokerConfigGroups: { default: { processRoles: ['broker', 'controller'], storageConfigs: [storage('/kafka-logs', '10Gi')] } },
      brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default' })),
    }),
  },
];

async function query<T>(run: () => Promise<{ data?: T | null; errors?: ReadonlyArray<{ message: string }> }>): Promise<T> {
  const result = await run();
  if (result.errors !== undefined || result.data == null) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

beforeAll(async () => {
  api = await startApiSandbox();
  url = api.server.url;
  core = api.sandbox.kube.kubeConfig.makeApiClient(CoreV1Api);
  custom = api.sandbox.kube.kubeConfig.makeApiClient(CustomObjectsApi);
  // The server's operator installs the CRDs before its caches sync.
  await vi.waitFor(async () => expect((await fetch(`${url}/readyz`)).status).toBe(200), { timeout: 20_000, interval: 100 });
  await applyDemoCluster(api.sandbox.kube.kubeConfig);
  for (const cluster of CLUSTERS) {
    await core.createNamespace({ body: { metadata: { name: cluster.namespace } } });
    await custom.createNamespacedCustomObject({
      group: 'kafka.banzaicloud.io',
      version: 'v1beta1',
      namespace: cluster.namespace,
      plural: 'kafkaclusters',
      body: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: cluster.name, labels: cluster.labels }, spec: cluster.spec },
    });
  }
  // Every broker of the three clusters Ready, as the API itself reports it.
  await vi.waitFor(
    async () => {
      const data = await query(() => postGraphQL(url, ClusterStatesDocument));
      expect(
        data.clusters.nodes.map((c) => `${c.name} ${c.state} ${c.brokers.nodes.filter((b) => b.state === 'RUNNING').length}/${c.brokers.totalCount}`),
      ).toEqual(['kafka RUNNING 6/6', 'orders RUNNING 4/4', 'payments RUNNING 3/3']);
    },
    { timeout: 90_000, interval: 250 },
  );
  // Cruise Control has a metric window for each cluster (asked directly, not through the server);
  // the operator deploys it once the brokers run, so it may not be there yet.
  for (const key of ['kafka/kafka', 'team-a/orders', 'team-b/payments']) {
    await vi.waitFor(
      async () => {
        const ccUrl = api.sandbox.world.cruiseControlUrls()[key];
        expect(ccUrl, `the Cruise Control of ${key}`).toBeDefined();
        expect((await new CruiseControlClient({ url: ccUrl ?? '', retries: 0 }).readiness()).ready).toBe(true);
      },
      { timeout: 60_000, interval: 200 },
    );
  }
}, 180_000);

afterAll(async () => {
  await api?.close();
});

/** A counter of the server's /metrics, summed by one label. */
async function countsBy(metric: string, label: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(new RegExp(`^${metric}\\{(?:[^}]*,)?${label}="([^"]+)"[^}]*\\} (\\d+)`, 'gm'))) {
    counts[match[1] ?? ''] = (counts[match[1] ?? ''] ?? 0) + Number(match[2]);
  }
  return counts;
}

/** Cruise Control requests the server made, by endpoint. */
const cruiseControlRequests = () => countsBy('kafkaplane_cruise_control_requests_total', 'endpoint');

const delta = (after: Record<string, number>, before: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(after).flatMap(([k, v]): Array<[string, number]> => (v === (before[k] ?? 0) ? [] : [[k, v - (before[k] ?? 0)]])));

/** Reads (get, list) the Kubernetes sandbox served, leader election's Lease renewals left out. */
function kubernetesReads(): Record<string, number> {
  return Object.fromEntries([...api.sandbox.kube.faults.requests()].filter(([key]) => /^(get|list) /.test(key) && !key.endsWith(' leases')));
}

type PortalCluster = PortalQuery['clusters']['nodes'][number];
const clusterOf = (portal: PortalQuery, name: string): PortalCluster => {
  const found = portal.clusters.nodes.find((c) => c.name === name);
  if (!found) throw new Error(`no cluster ${name}`);
  return found;
};

describe('a portal over three clusters', () => {
  it('costs no Kubernetes request, and one Cruise Control request per cluster for each thing it shows; the same query again within seconds none', async () => {
    api.sandbox.kube.faults.resetCounts();
    const before = await cruiseControlRequests();
    const executionsBefore = await countsBy('kafkaplane_graphql_executions_total', 'path');
    await query(() => postGraphQL(url, PortalDocument, { first: 10 }));
    const afterFirst = await cruiseControlRequests();
    // state (Cruise Control's status), load (brokers' and disks' figures), kafka_cluster_state
    // (partition counts): asked by every cluster, broker and disk of the answer, sent once each.
    expect(delta(afterFirst, before)).toEqual({ state: 3, load: 3, kafka_cluster_state: 3 });
    await query(() => postGraphQL(url, PortalDocument, { first: 10 }));
    expect(delta(await cruiseControlRequests(), afterFirst)).toEqual({});
    // Both answered by the generated read path: the first after Cruise Control's answers settled.
    expect(delta(await countsBy('kafkaplane_graphql_executions_total', 'path'), executionsBefore)).toEqual({ read: 2 });
    expect(kubernetesReads()).toEqual({});
    // The sandbox counts what a read from Kubernetes would be:
    await core.readNamespace({ name: 'team-a' });
    expect(kubernetesReads()).toEqual({ 'get namespaces': 1 });
  });

  it('shows every cluster, broker, disk and config as the sandbox holds them', async () => {
    const portal = await query(() => postGraphQL(url, PortalDocument, { first: 10 }));
    expect(portal.clusters).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false, hasPreviousPage: false } });
    expect(portal.clusters.nodes.map((c) => `${c.namespace}/${c.name}`)).toEqual(['kafka/kafka', 'team-a/orders', 'team-b/payments']);
    const nodeZones = new Map((await core.listNode()).items.map((n) => [n.metadata?.name ?? '', n.metadata?.labels?.['topology.kubernetes.io/zone'] ?? '']));
    const kafka = new KafkaAdminPool({ retries: 0 });
    try {
      for (const cluster of portal.clusters.nodes) {
        const key = `${cluster.namespace}/${cluster.name}`;
        const resource = (await custom.getNamespacedCustomObject({
          group: 'kafka.banzaicloud.io',
          version: 'v1beta1',
          namespace: cluster.namespace,
          plural: 'kafkaclusters',
          name: cluster.name,
        })) as {
          metadata: { uid: string; generation: number };
          status: { clusterID: string };
        };
        expect(cluster).toMatchObject({
          uid: resource.metadata.uid,
          clusterId: resource.status.clusterID,
          generation: resource.metadata.generation,
          observedGeneration: resource.metadata.generation,
          state: 'RUNNING',
          kraft: true,
          image: 'apache/kafka:4.1.0',
          kafkaVersion: '4.1.0',
          specProblems: [],
        });
        expect(cluster.conditions.find((c) => c.type === 'SpecAccepted')?.status).toBe('True');

        // Brokers and their Pods, as Kubernetes has them.
        const pods = (await core.listNamespacedPod({ namespace: cluster.namespace, labelSelector: `app=kafka,kafka_cr=${cluster.name}` })).items;
        expect(cluster.brokers.totalCount).toBe(pods.length);
        expect(cluster.counts).toMatchObject({ brokersReady: pods.length, brokersDesired: pods.length });
        for (const broker of cluster.brokers.nodes) {
          const pod = pods.find((p) => p.metadata?.labels?.brokerId === String(broker.brokerId));
          expect(broker).toMatchObject({ state: 'RUNNING', configurationState: 'ConfigInSync', image: 'apache/kafka:4.1.0', kafkaVersion: '4.1.0' });
          expect(broker.pod).toMatchObject({
            name: pod?.metadata?.name,
            phase: 'Running',
            nodeName: pod?.spec?.nodeName,
            ready: true,
            restarts: 0,
            image: 'apache/kafka:4.1.0',
            ip: pod?.status?.podIP,
          });
          // Only the demo cluster asks for rack awareness (by zone).
          expect(broker.rack).toBe(cluster.name === 'kafka' ? nodeZones.get(pod?.spec?.nodeName ?? '') : null);
          expect(broker.roles).toEqual(
            (pod?.metadata?.labels?.processRoles ?? '')
              .split('_')
              .map((r) => r.toUpperCase())
              .sort(),
          );
        }

        // The KRaft quorum: the voters from the spec, the leader Kafka names.
        const bootstrap = (api.sandbox.world.bootstrapServers()[key] ?? '').split(',');
        const described = await kafka.get({ cluster: key, bootstrapServers: bootstrap }).describeQuorum();
        expect(cluster.quorum).toMatchObject({
          reachable: true,
          leaderId: described.leaderId,
          leader: { brokerId: described.leaderId },
          leaderEpoch: described.leaderEpoch,
        });
        expect(cluster.quorum.controllers.map((c) => c.brokerId)).toEqual(
          cluster.brokers.nodes.filter((b) => b.roles.includes('CONTROLLER')).map((b) => b.brokerId),
        );

        // Cruise Control and the partitions Kafka holds.
        const model = api.sandbox.world.model(cluster.namespace, cluster.name);
        const partitions = model?.partitions() ?? [];
        expect(cluster.cruiseControl).toMatchObject({
          reachable: true,
          ready: true,
          busy: false,
          reasons: [],
          monitorState: 'RUNNING',
          executorState: 'NO_TASK_IN_PROGRESS',
          progress: null,
        });
        expect(cluster.cruiseControl.validWindows).toBeGreaterThanOrEqual(1);
        expect(cluster.counts).toMatchObject({
          partitions: partitions.length,
          topics: new Set(partitions.map((p) => p.topic)).size,
          underReplicatedPartitions: 0,
          offlinePartitions: 0,
        });
        const load = await new CruiseControlClient({ url: api.sandbox.world.cruiseControlUrls()[key] ?? '', retries: 0 }).load({ populateDiskInfo: true });
        if (load.state !== 'done') throw new Error('Cruise Control is still computing the load');
        for (const broker of cluster.brokers.nodes) {
          const figures = load.result.brokers.find((b) => b.Broker === broker.brokerId);
          expect(broker.load).toMatchObject({ brokerState: 'ALIVE', leaders: figures?.Leaders, replicas: figures?.Replicas });
          expect(broker.load?.logDirs.map((d) => d.logDir).sort()).toEqual(Object.keys(figures?.DiskState ?? {}).sort());
        }

        // Disks: the PVCs Kubernetes bound for them, and what Cruise Control measures on them.
        const pvcs = (await core.listNamespacedPersistentVolumeClaim({ namespace: cluster.namespace, labelSelector: `kafka_cr=${cluster.name}` })).items;
        for (const broker of cluster.brokers.nodes) {
          for (const disk of broker.disks) {
            const pvc = pvcs.find((p) => p.metadata?.labels?.brokerId === String(broker.brokerId) && p.metadata.annotations?.mountPath === disk.mountPath);
            expect(disk).toMatchObject({
              brokerId: broker.brokerId,
              logDir: `${disk.mountPath}/kafka`,
              pvcName: pvc?.metadata?.name,
              storageClass: 'standard',
              requestedSize: pvc?.spec?.resources?.requests?.storage,
              capacity: pvc?.status?.capacity?.storage,
              state: 'ACTIVE',
              operation: null,
            });
            const measured = broker.load?.logDirs.find((d) => d.logDir === disk.logDir);
            expect(disk.usedMB).toBe(measured?.usedMB);
            expect(disk.usedBytes).toBe((measured?.usedMB ?? 0) * 1024 * 1024);
            expect(disk.usedMB).toBeGreaterThan(0);
          }
        }

        // Events about the cluster, newest first.
        const events = (await core.listNamespacedEvent({ namespace: cluster.namespace })).items.filter(
          (e) => e.involvedObject.kind === 'KafkaCluster' && e.involvedObject.name === cluster.name,
        );
        expect(cluster.events.totalCount).toBe(events.length);
        const seen = cluster.events.nodes.map((e) => e.lastSeen ?? '');
        expect(seen).toEqual([...seen].sort().reverse());
        expect(
          cluster.events.nodes.every(
            (e) => e.involvedObject.kind === 'KafkaCluster' && e.involvedObject.name === cluster.name && e.reportedBy === 'kafkaplane',
          ),
        ).toBe(true);
      }
    } finally {
      await kafka.close();
    }

    const orders = clusterOf(portal, 'orders');
    expect(orders.labels).toEqual([{ name: 'env', value: 'prod' }]);
    expect(orders.brokers.nodes.map((b) => b.disks.map((d) => `${d.mountPath} ${d.requestedSize} ${d.requestedBytes}`))).toEqual(
      Array.from({ length: 4 }, () => [`/kafka-logs 20Gi ${20 * 2 ** 30}`, `/kafka-logs-2 10Gi ${10 * 2 ** 30}`]),
    );
    expect(orders.brokers.nodes[0]?.resources).toEqual({ requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: null, memory: '8Gi' } });
    const payments = clusterOf(portal, 'payments');
    expect(payments.unsupportedFields).toEqual([{ path: 'spec.disruptionBudget', note: expect.stringContaining('PodDisruptionBudget') as string }]);
    expect(payments.conditions.find((c) => c.type === 'UnsupportedField')).toMatchObject({
      status: 'True',
      message: expect.stringContaining('spec.disruptionBudget') as string,
    });
  });

  it('says where each config value comes from, as server.properties and Kafka have them, and never shows a sensitive value', async () => {
    const portal = await query(() => postGraphQL(url, PortalDocument, { first: 10 }));
    expect(JSON.stringify(portal)).not.toContain(SECRET);
    const orders = clusterOf(portal, 'orders');
    expect(orders.configs).toEqual([
      { name: 'auto.create.topics.enable', value: 'false', source: 'CLUSTER', dynamic: false, readOnly: false, sensitive: false, restartPending: false },
      { name: 'password.encoder.secret', value: null, source: 'CLUSTER', dynamic: false, readOnly: false, sensitive: true, restartPending: false },
    ]);
    const config = (brokerId: number, name: string) => orders.brokers.nodes.find((b) => b.brokerId === brokerId)?.configs.find((c) => c.name === name);
    expect(config(0, 'log.cleaner.threads')).toMatchObject({ value: '3', source: 'BROKER', dynamic: true, readOnly: false });
    expect(config(1, 'log.cleaner.threads')).toMatchObject({ value: '2', source: 'GROUP', dynamic: true });
    expect(config(1, 'auto.leader.rebalance.enable')).toMatchObject({ value: 'false', source: 'BROKER', dynamic: false });
    expect(config(1, 'password.encoder.secret')).toMatchObject({ value: null, source: 'CLUSTER', sensitive: true });
    expect(config(1, 'node.id')).toMatchObject({ value: '1', source: 'OPERATOR', readOnly: true });
    expect(config(3, 'process.roles')).toMatchObject({ value: 'broker', source: 'OPERATOR' });
    expect(orders.brokers.nodes.flatMap((b) => b.configs).some((c) => c.restartPending)).toBe(false);

    // Static entries are what the broker's server.properties holds; dynamic ones what Kafka applied.
    const configMap = await core.readNamespacedConfigMap({ namespace: 'team-a', name: 'orders-config-1' });
    const properties = getProperties(configMap.data?.['broker-config'] ?? '');
    const broker1 = orders.brokers.nodes.find((b) => b.brokerId === 1)?.configs ?? [];
    for (const entry of broker1.filter((c) => !c.dynamic && !c.sensitive)) expect([entry.name, properties[entry.name]]).toEqual([entry.name, entry.value]);
    for (const entry of broker1.filter((c) => c.dynamic)) expect(properties[entry.name]).toBeUndefined();
    const kafka = new KafkaAdminPool({ retries: 0 });
    try {
      const admin = kafka.get({ cluster: 'team-a/orders', bootstrapServers: (api.sandbox.world.bootstrapServers()['team-a/orders'] ?? '').split(',') });
      const live = await vi.waitFor(
        async () => {
          const entries = await admin.describeBrokerConfigs(1);
          expect(entries.find((e) => e.name === 'log.cleaner.threads')?.source).toBe('DYNAMIC_BROKER_CONFIG');
          return entries;
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(live.find((e) => e.name === 'log.cleaner.threads')?.value).toBe('2');
    } finally {
      await kafka.close();
    }

    const filtered = await query(() =>
      postGraphQL(url, BrokerConfigsDocument, {
        namespace: 'team-a',
        name: 'orders',
        brokerId: 1,
        names: ['node.id', 'log.cleaner.threads', 'no.such.config'],
      }),
    );
    expect(filtered.cluster?.broker?.configs).toEqual([
      { name: 'log.cleaner.threads', value: '2', source: 'GROUP', dynamic: true, sensitive: false },
      { name: 'node.id', value: '1', source: 'OPERATOR', dynamic: false, sensitive: false },
    ]);
    const bySource = await query(() => postGraphQL(url, BrokerConfigsDocument, { namespace: 'team-a', name: 'orders', brokerId: 1, source: 'BROKER' }));
    expect(bySource.cluster?.broker?.configs.map((c) => c.name)).toEqual(['auto.leader.rebalance.enable']);

    // Kafka's own defaults, for everything else, when asked for.
    const all = await query(() => postGraphQL(url, BrokerConfigsDocument, { namespace: 'team-a', name: 'orders', brokerId: 1, onlyNonDefault: false }));
    const entries = all.cluster?.broker?.configs ?? [];
    const described = await (async () => {
      const pool = new KafkaAdminPool({ retries: 0 });
      try {
        return await pool
          .get({ cluster: 'team-a/orders', bootstrapServers: (api.sandbox.world.bootstrapServers()['team-a/orders'] ?? '').split(',') })
          .describeBrokerConfigs(1);
      } finally {
        await pool.close();
      }
    })();
    const defaults = described.filter((d) => d.source === 'DEFAULT_CONFIG' && !broker1.some((c) => c.name === d.name));
    expect(defaults.length).toBeGreaterThan(10);
    expect(entries.filter((e) => e.source === 'DEFAULT').map((e) => e.name)).toEqual(defaults.map((d) => d.name).sort());
    for (const d of defaults) expect(entries.find((e) => e.name === d.name)?.value).toBe(d.sensitive ? null : d.value);
    expect(entries.find((e) => e.name === 'log.cleaner.threads')).toMatchObject({ value: '2', source: 'GROUP' });
    expect(entries.filter((e) => e.sensitive).every((e) => e.value === null)).toBe(true);
    const onlyDefaults = await query(() =>
      postGraphQL(url, BrokerConfigsDocument, { namespace: 'team-a', name: 'orders', brokerId: 1, source: 'DEFAULT', onlyNonDefault: false }),
    );
    expect(onlyDefaults.cluster?.broker?.configs).toHaveLength(defaults.length);
  });
});

describe('paging and filtering', () => {
  it('pages through clusters and brokers with cursors', async () => {
    const names: string[] = [];
    let after: string | null | undefined;
    for (;;) {
      const page = await query(() => postGraphQL(url, PortalDocument, { first: 1, after }));
      names.push(...page.clusters.nodes.map((c) => c.name));
      expect(page.clusters.totalCount).toBe(3);
      if (!page.clusters.pageInfo.hasNextPage) break;
      after = page.clusters.pageInfo.endCursor;
    }
    expect(names).toEqual(['kafka', 'orders', 'payments']);

    const ids: number[] = [];
    let cursor: string | null | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await query(() => postGraphQL(url, ClusterBrokersDocument, { namespace: 'kafka', name: 'kafka', first: 4, after: cursor }));
      ids.push(...(page.cluster?.brokers.nodes.map((b) => b.brokerId) ?? []));
      if (page.cluster?.brokers.pageInfo.hasNextPage !== true) break;
      cursor = page.cluster.brokers.pageInfo.endCursor;
    }
    expect(ids).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('filters clusters by label selector and brokers by state, and refuses a selector it cannot read', async () => {
    const prod = await query(() => postGraphQL(url, PortalDocument, { first: 10, labelSelector: 'env=prod' }));
    expect(prod.clusters.nodes.map((c) => c.name)).toEqual(['orders']);
    const labelled = await query(() => postGraphQL(url, PortalDocument, { first: 10, labelSelector: 'env in (prod, staging),!canary' }));
    expect(labelled.clusters.nodes.map((c) => c.name)).toEqual(['orders', 'payments']);
    const draining = await query(() => postGraphQL(url, ClusterBrokersDocument, { namespace: 'kafka', name: 'kafka', first: 10, state: 'DRAINING' }));
    expect(draining.cluster?.brokers.totalCount).toBe(0);
    const running = await query(() => postGraphQL(url, ClusterBrokersDocument, { namespace: 'kafka', name: 'kafka', first: 10, state: 'RUNNING' }));
    expect(running.cluster?.brokers.totalCount).toBe(6);

    const bad = await postGraphQL(url, PortalDocument, { first: 10, labelSelector: 'env in prod' });
    expect(bad.errors?.[0]).toMatchObject({
      message: expect.stringContaining('label selector') as string,
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'labelSelector' },
    });
    const tooMany = await postGraphQL(url, ClusterBrokersDocument, { namespace: 'kafka', name: 'kafka', first: 101 });
    expect(tooMany.errors?.[0]?.message).toBe('`first` must be between 1 and 100, got 101.');
  });
});

describe('a server with --reconcile=false', () => {
  it('serves the same graph from its own caches, over clusters another operator manages', async () => {
    const readOnly = await startApiServer(api.sandbox, ['--reconcile', 'false']);
    try {
      await vi.waitFor(async () => expect((await fetch(`${readOnly.url}/readyz`)).status).toBe(200), { timeout: 20_000, interval: 100 });
      const states = await query(() => postGraphQL(readOnly.url, ClusterStatesDocument));
      expect(states).toEqual(await query(() => postGraphQL(url, ClusterStatesDocument)));
      const portal = await query(() => postGraphQL(readOnly.url, PortalDocument, { first: 10 }));
      expect(clusterOf(portal, 'orders').cruiseControl.ready).toBe(true);
      expect(clusterOf(portal, 'kafka').quorum.reachable).toBe(true);
    } finally {
      await readOnly.stop();
    }
  });
});

describe('global ids', () => {
  it('fetch every kind of object again with node(id) and nodes(ids)', async () => {
    const portal = await query(() => postGraphQL(url, PortalDocument, { first: 10 }));
    const orders = clusterOf(portal, 'orders');
    const broker = orders.brokers.nodes[2];
    const disk = broker?.disks[1];
    const event = orders.events.nodes[0];
    if (!broker || !disk || !event) throw new Error('the portal query lacks a broker, disk or event');

    const node = async (id: string) => (await query(() => postGraphQL(url, NodeByIdDocument, { id }))).node;
    expect(await node(orders.id)).toEqual({ __typename: 'KafkaCluster', id: orders.id, name: 'orders', namespace: 'team-a' });
    expect(await node(broker.id)).toEqual({ __typename: 'Broker', id: broker.id, brokerId: 2, cluster: { name: 'orders' } });
    expect(await node(disk.id)).toEqual({ __typename: 'Disk', id: disk.id, mountPath: '/kafka-logs-2', broker: { brokerId: 2 } });
    expect(await node(event.id)).toEqual({ __typename: 'ClusterEvent', id: event.id, reason: event.reason });
    const many = await query(() => postGraphQL(url, NodesByIdsDocument, { ids: [disk.id, orders.id, encodeGlobalId('KafkaCluster', 'team-a', 'gone')] }));
    expect(many.nodes).toEqual([{ __typename: 'Disk', id: disk.id }, { __typename: 'KafkaCluster', id: orders.id }, null]);
  });

  it('answer null for an object that no longer exists, and a clear error for anything that is not an id', async () => {
    expect((await query(() => postGraphQL(url, NodeByIdDocument, { id: encodeGlobalId('Broker', 'team-a', 'orders', '42') }))).node).toBeNull();
    for (const id of ['orders', Buffer.from('gid://shopify/Product/1').toString('base64url'), encodeGlobalId('Broker', 'team-a', 'orders')]) {
      const answer = await postGraphQL(url, NodeByIdDocument, { id });
      expect(answer.data?.node ?? null).toBeNull();
      expect(answer.errors?.[0]).toMatchObject({
        message: `${JSON.stringify(id)} is not a kafkaplane id: ids come from the \`id\` field of an object and must be passed back unchanged.`,
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'id' },
      });
    }
  });
});

describe('operations', () => {
  it('follow a broker removal: its remove_broker operation, the broker draining, the figures once done', async () => {
    const cluster = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: 'team-a', plural: 'kafkaclusters', name: 'orders' };
    const before = await query(() => postGraphQL(url, ClusterOperationsDocument, { namespace: 'team-a', name: 'orders' }));
    expect(before.cluster?.operations.totalCount).toBe(0);
    await custom.patchNamespacedCustomObject(
      { ...cluster, body: [{ op: 'remove', path: '/spec/brokers/3' }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );

    const states = new Set<string>();
    const done = await vi.waitFor(
      async () => {
        const data = await query(() => postGraphQL(url, ClusterOperationsDocument, { namespace: 'team-a', name: 'orders', types: ['REMOVE_BROKER'] }));
        const broker3 = data.cluster?.brokers.nodes.find((b) => b.brokerId === 3);
        if (broker3) states.add(broker3.state);
        expect(data.cluster?.operations.nodes[0]?.state).toBe('COMPLETED');
        return data;
      },
      { timeout: 60_000, interval: 100 },
    );
    const operation = done.cluster?.operations.nodes[0];
    expect(done.cluster?.operations.totalCount).toBe(1);
    expect(operation).toMatchObject({
      type: 'REMOVE_BROKER',
      operation: 'remove_broker',
      brokerIds: [3],
      logDirs: [],
      disks: [],
      retryCount: 0,
      errorPolicy: 'retry',
      error: null,
      cluster: { name: 'orders' },
    });
    expect(operation?.taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect(operation?.summary.map((s) => s.name)).toContain('Data to move');
    expect(operation?.progress).toMatchObject({
      phase: 'Completed',
      percentDataMoved: 100,
      partitionsRemaining: 0,
      dataRemainingMB: 0,
      estimatedSecondsRemaining: 0,
    });
    expect(Date.parse(operation?.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(operation?.startedAt ?? ''));
    // While Cruise Control moved its data, broker 3 was shown leaving, never failing.
    expect([...states].every((s) => ['RUNNING', 'DRAINING', 'REMOVING'].includes(s))).toBe(true);
    expect([...states].some((s) => s === 'DRAINING' || s === 'REMOVING')).toBe(true);
    const remaining = await query(() => postGraphQL(url, ClusterOperationsDocument, { namespace: 'team-a', name: 'orders', states: ['RUNNING', 'PENDING'] }));
    expect(remaining.cluster?.operations.totalCount).toBe(0);
  });
});
