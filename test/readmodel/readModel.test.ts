import type { IEvent } from 'kubernetes-models/v1/Event';
import type { IPod } from 'kubernetes-models/v1/Pod';
import { describe, expect, it } from 'vitest';
import { isDynamicPerBroker } from '../../src/kafka/index.js';
import { MemoryObjectCache } from '../../src/k8s/objectCache.js';
import { ReadModel, ReadModelUnavailableError } from '../../src/readmodel/readModel.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';

const spec = kraftSpecInput({
  brokerConfigGroups: {
    default: {
      processRoles: ['broker', 'controller'],
      storageConfigs: [{ mountPath: '/kafka-logs', pvcSpec: { resources: { requests: { storage: '10Gi' } } } }],
    },
  },
  brokers: [{ id: 0, brokerConfigGroup: 'default' }],
});
const kafkaCluster = (name: string, labels: Record<string, string> = {}, generation = 1) => ({
  apiVersion: 'kafka.banzaicloud.io/v1beta1',
  kind: 'KafkaCluster',
  metadata: { name, namespace: 'kafka', uid: `uid-${name}`, generation, labels },
  spec,
  status: { state: 'ClusterRunning' },
});
const pod = (ready: boolean): IPod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'orders-0-abcde',
    namespace: 'kafka',
    labels: { app: 'kafka', kafka_cr: 'orders', brokerId: '0' },
    creationTimestamp: '2026-01-01T00:00:00Z',
  },
  spec: { containers: [{ name: 'kafka', image: 'apache/kafka:4.1.0' }], nodeName: 'node-1' },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

function model() {
  const cache = new MemoryObjectCache();
  const readModel = new ReadModel({ cache: () => cache, connected: true, isPerBrokerDynamic: isDynamicPerBroker });
  return { cache, readModel };
}

describe('the read model', () => {
  it('builds a view once and keeps it until something it is built from changes', () => {
    const { cache, readModel } = model();
    cache.put('KafkaCluster', kafkaCluster('orders'));
    cache.put('Pod', pod(false));
    const first = readModel.cluster('kafka', 'orders');
    expect(first?.brokers[0]?.state).toBe('STARTING');
    expect(readModel.cluster('kafka', 'orders')).toBe(first);
    // A change elsewhere (another cluster's Pod) leaves it alone.
    cache.put('Pod', { ...pod(true), metadata: { ...pod(true).metadata, name: 'other-0-x', labels: { app: 'kafka', kafka_cr: 'other', brokerId: '0' } } });
    expect(readModel.cluster('kafka', 'orders')).toBe(first);
    cache.put('Pod', pod(true));
    const second = readModel.cluster('kafka', 'orders');
    expect(second).not.toBe(first);
    expect(second?.brokers[0]?.state).toBe('RUNNING');
    expect(second?.brokersReady).toBe(1);
  });

  it('lists clusters by namespace and name, filtered by namespace and labels', () => {
    const { cache, readModel } = model();
    cache.put('KafkaCluster', kafkaCluster('payments', { env: 'prod' }));
    cache.put('KafkaCluster', kafkaCluster('orders', { env: 'dev' }));
    cache.put('KafkaCluster', { ...kafkaCluster('audit'), metadata: { ...kafkaCluster('audit').metadata, namespace: 'another' } });
    expect(readModel.clusters().map((c) => `${c.namespace}/${c.name}`)).toEqual(['another/audit', 'kafka/orders', 'kafka/payments']);
    expect(readModel.clusters({ namespace: 'kafka', selector: [{ key: 'env', operator: 'in', values: ['prod'] }] }).map((c) => c.name)).toEqual(['payments']);
    cache.remove('KafkaCluster', 'kafka', 'orders');
    expect(readModel.clusters().map((c) => c.name)).toEqual(['audit', 'payments']);
  });

  it("lists the cluster's operations and Events newest first, and follows their changes", () => {
    const { cache, readModel } = model();
    cache.put('KafkaCluster', kafkaCluster('orders'));
    const operation = (name: string, created: string) => ({
      apiVersion: 'kafka.banzaicloud.io/v1alpha1',
      kind: 'CruiseControlOperation',
      metadata: { name, namespace: 'kafka', creationTimestamp: created, labels: { kafka_cr: 'orders' } },
      spec: {},
      status: { currentTask: { operation: 'rebalance' } },
    });
    cache.put('CruiseControlOperation', operation('orders-rebalance-a', '2026-01-01T00:00:00Z'));
    expect(readModel.operations('kafka', 'orders').map((o) => o.name)).toEqual(['orders-rebalance-a']);
    cache.put('CruiseControlOperation', operation('orders-rebalance-b', '2026-01-02T00:00:00Z'));
    expect(readModel.operations('kafka', 'orders').map((o) => o.name)).toEqual(['orders-rebalance-b', 'orders-rebalance-a']);

    const event = (name: string, kind: string, at: string): IEvent => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: 'kafka' },
      involvedObject: { kind, name: 'orders', namespace: 'kafka' },
      type: 'Normal',
      reason: 'BrokerPodCreated',
      message: name,
      lastTimestamp: at,
    });
    cache.put('Event', event('orders.1', 'KafkaCluster', '2026-01-01T00:00:01Z'));
    cache.put('Event', event('orders.2', 'KafkaCluster', '2026-01-01T00:00:03Z'));
    cache.put('Event', event('orders-0.1', 'Pod', '2026-01-01T00:00:02Z'));
    expect(readModel.events('kafka', 'orders').map((e) => e.name)).toEqual(['orders.2', 'orders.1']);
  });

  it('reuses the check of a spec across status updates, and checks again when the spec changes', () => {
    const { cache, readModel } = model();
    cache.put('KafkaCluster', kafkaCluster('orders'));
    expect(readModel.cluster('kafka', 'orders')?.specProblems).toEqual([]);
    cache.put('KafkaCluster', { ...kafkaCluster('orders', {}, 2), spec: { ...spec, brokers: [{ id: 0, brokerConfigGroup: 'missing' }] } });
    expect(readModel.cluster('kafka', 'orders')?.specProblems.map((p) => p.code)).toContain('UndefinedBrokerConfigGroup');
  });

  it('says why it cannot answer without Kubernetes, or before the caches synced', () => {
    const none = new ReadModel({ cache: () => undefined, connected: false, isPerBrokerDynamic: isDynamicPerBroker });
    expect(() => none.clusters()).toThrow(expect.objectContaining({ code: 'KUBERNETES_NOT_CONNECTED' }) as ReadModelUnavailableError);
    const cache = new MemoryObjectCache();
    cache.synced = false;
    const syncing = new ReadModel({ cache: () => cache, connected: true, isPerBrokerDynamic: isDynamicPerBroker });
    expect(() => syncing.cluster('kafka', 'orders')).toThrow(expect.objectContaining({ code: 'CACHE_NOT_SYNCED' }) as ReadModelUnavailableError);
  });
});
