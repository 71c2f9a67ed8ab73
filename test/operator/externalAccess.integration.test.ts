import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoreEvent } from '../../sandbox/kube/index.js';
import type { RunningServer } from '../../src/app.js';
import { ClusterListenersDocument } from '../__generated__/graphql.js';
import { startApiServer } from '../support/apiSandbox.js';
import { postGraphQL } from '../support/graphql.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { CLUSTER, clusterApi, NAMESPACE, replicasByBroker, startOperationsWorld, storage, type OperationsWorld } from './support/operationsSandbox.js';

/**
 * A cluster reached from outside Kubernetes, on the whole sandbox: a NodePort listener and a
 * LoadBalancer listener, whose advertised addresses a real Kafka client on this machine connects to.
 */
let world: OperationsWorld;
/** The API alone, beside the operator: what a portal asks. */
let server: RunningServer;
type Listeners = Record<string, Array<{ name: string; address: string }>>;
type Status = { status?: { state?: string; listenerStatuses?: { internalListeners?: Listeners; externalListeners?: Listeners } } };

const spec = kraftSpecInput({
  listenersConfig: {
    internalListeners: [
      { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
      { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
    ],
    externalListeners: [
      { type: 'plaintext', name: 'nodeport', containerPort: 9094, accessMethod: 'NodePort', externalStartingPort: 31090 },
      { type: 'plaintext', name: 'lb', containerPort: 9095, accessMethod: 'LoadBalancer', externalStartingPort: 19090 },
    ],
  },
  brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
  // 3, 4 and 5 are the KRaft controllers too, so 0, 1 and 2 hold data only.
  brokers: [0, 1, 2, 3, 4, 5].map((id) => ({
    id,
    brokerConfigGroup: 'default',
    brokerConfig: { processRoles: id >= 3 ? ['broker', 'controller'] : ['broker'] },
  })),
});

const readStatus = async (): Promise<Status['status']> => ((await world.custom.getNamespacedCustomObject(clusterApi)) as Status).status;
const externalAddresses = async (listener: string): Promise<Map<string, string>> =>
  new Map(((await readStatus())?.listenerStatuses?.externalListeners?.[listener] ?? []).map((s) => [s.name, s.address]));

/** The brokers a client that bootstraps from `address` is told about, as `id -> host:port`. */
async function advertisedFrom(address: string): Promise<Map<number, string>> {
  const admin = new Admin({ clientId: 'outside', bootstrapBrokers: [address], retries: 0, connectTimeout: 5_000, requestTimeout: 5_000 });
  try {
    const metadata = await admin.metadata({ topics: [], forceUpdate: true });
    return new Map([...metadata.brokers].map(([id, b]) => [id, `${b.host}:${b.port}`]));
  } finally {
    await admin.close();
  }
}

beforeAll(async () => {
  world = await startOperationsWorld();
  await world.startOperator();
  await world.custom.createNamespacedCustomObject({
    ...clusterApi,
    body: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: CLUSTER }, spec },
  });
  await vi.waitFor(async () => expect((await readStatus())?.state).toBe('ClusterRunning'), { timeout: 30_000, interval: 50 });
  await vi.waitFor(() => expect(world.sandbox.world.model(NAMESPACE, CLUSTER)?.partitions().length ?? 0).toBeGreaterThan(300), {
    timeout: 10_000,
    interval: 50,
  });
  await vi.waitFor(() => expect(world.sandbox.world.cruiseControl(NAMESPACE, CLUSTER)).toBeDefined(), { timeout: 30_000, interval: 50 });
  server = await startApiServer(world.sandbox, ['--reconcile=false']);
}, 60_000);
afterAll(async () => {
  await server.stop();
  await world.close();
});

describe('external listeners, from a Kafka client outside the cluster', () => {
  it('advertises each broker on its node address and node port, and a client reaches every broker there', async () => {
    const nodes = world.sandbox.kube.api.store.list('/nodes');
    const externalIP = (nodeName: string | undefined) =>
      (nodes.find((n) => n.metadata.name === nodeName)?.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses?.find(
        (a) => a.type === 'ExternalIP',
      )?.address;
    const addresses = await externalAddresses('nodeport');
    for (const id of [0, 1, 2, 3, 4, 5]) {
      const pod = world.sandbox.kube.api.store.list('/pods', NAMESPACE).find((p) => p.metadata.labels?.brokerId === String(id));
      const nodeName = (pod?.spec as { nodeName?: string } | undefined)?.nodeName;
      expect(addresses.get(`broker-${id}`)).toBe(`${externalIP(nodeName) ?? '?'}:${31090 + id}`);
    }
    expect(addresses.has('any-broker')).toBe(false);

    const advertised = await advertisedFrom(addresses.get('broker-0') ?? '');
    expect(new Map([...advertised].map(([id, address]) => [`broker-${id}`, address]))).toEqual(addresses);
    // Each advertised address leads to its broker, which tells the same story.
    for (const address of advertised.values()) expect(await advertisedFrom(address)).toEqual(advertised);
  });

  it('advertises each broker on its own load balancer, and bootstraps from the one in front of them all', async () => {
    const addresses = await externalAddresses('lb');
    const services = world.sandbox.kube.api.store.list('/services', NAMESPACE);
    const ingress = (name: string) =>
      (services.find((s) => s.metadata.name === name)?.status as { loadBalancer?: { ingress?: Array<{ ip: string }> } } | undefined)?.loadBalancer?.ingress?.[0]
        ?.ip;
    expect(addresses.get('any-broker')).toBe(`${ingress('kafka-all-broker-lb') ?? '?'}:29092`);
    for (const id of [0, 1, 2, 3, 4, 5]) expect(addresses.get(`broker-${id}`)).toBe(`${ingress(`kafka-${id}-lb`) ?? '?'}:${19090 + id}`);

    const advertised = await advertisedFrom(addresses.get('any-broker') ?? '');
    expect([...advertised].map(([id, address]) => [`broker-${id}`, address]).sort()).toEqual([...addresses].filter(([name]) => name !== 'any-broker').sort());
    for (const address of advertised.values()) expect(await advertisedFrom(address)).toEqual(advertised);
  });

  it('gives each listener and each broker its addresses through the GraphQL API, as the status has them', async () => {
    const nodeport = await externalAddresses('nodeport');
    const lb = await externalAddresses('lb');
    const answer = await postGraphQL(server.url, ClusterListenersDocument, { namespace: NAMESPACE, name: CLUSTER, brokerId: 2 });
    expect(answer.errors).toBeUndefined();
    const listeners = answer.data?.cluster?.listeners ?? [];
    expect(listeners.map((l) => [l.name, l.external, l.access, l.securityProtocol])).toEqual([
      ['internal', false, 'INTERNAL', 'PLAINTEXT'],
      ['nodeport', true, 'NODE_PORT', 'PLAINTEXT'],
      ['lb', true, 'LOAD_BALANCER', 'PLAINTEXT'],
    ]);
    const [internal, nodePort, balanced] = listeners;
    expect(internal?.bootstrapAddress).toBe('kafka-headless.kafka.svc.cluster.local:29092');
    expect(internal?.brokerAddresses[2]).toEqual({ brokerId: 2, address: 'kafka-2.kafka-headless.kafka.svc.cluster.local:29092' });
    expect(nodePort?.bootstrapAddress).toBeNull();
    expect(nodePort?.brokerAddresses.map((a) => [`broker-${a.brokerId}`, a.address])).toEqual([...nodeport]);
    expect(balanced?.bootstrapAddress).toBe(lb.get('any-broker'));
    expect(answer.data?.cluster?.broker?.listenerAddresses).toEqual([
      { listener: 'internal', external: false, address: 'kafka-2.kafka-headless.kafka.svc.cluster.local:29092' },
      { listener: 'nodeport', external: true, address: nodeport.get('broker-2') },
      { listener: 'lb', external: true, address: lb.get('broker-2') },
    ]);
  });

  it("removes a broker's external Services only once Cruise Control drained it", async () => {
    const removedAt: Array<{ name: string; replicasLeft: number }> = [];
    const stop = world.sandbox.kube.api.store.subscribe((event: StoreEvent) => {
      if (event.resource !== '/services' || event.type !== 'DELETED') return;
      const model = world.sandbox.world.model(NAMESPACE, CLUSTER);
      removedAt.push({ name: event.object.metadata.name, replicasLeft: model ? (replicasByBroker(model).get(1) ?? 0) : -1 });
    });
    try {
      expect(replicasByBroker(world.model()).get(1)).toBeGreaterThan(0);
      await world.patchSpec([{ op: 'remove', path: '/spec/brokers/1' }]);
      await expect.poll(() => removedAt.map((r) => r.name).sort(), { timeout: 60_000, interval: 50 }).toEqual(['kafka-1', 'kafka-1-lb', 'kafka-1-nodeport']);
      expect(removedAt.every((r) => r.replicasLeft === 0)).toBe(true);
      await expect.poll(async () => [...(await externalAddresses('nodeport')).keys()], { timeout: 10_000, interval: 50 }).not.toContain('broker-1');
      const advertised = await advertisedFrom((await externalAddresses('lb')).get('any-broker') ?? '');
      expect([...advertised.keys()].sort()).toEqual([0, 2, 3, 4, 5]);
    } finally {
      stop();
    }
  }, 90_000);
});
