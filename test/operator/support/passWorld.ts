import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPod } from 'kubernetes-models/v1/Pod';
import { checkKafkaCluster, kafkaClusterSpecSchema, type KafkaClusterSpec, type KafkaClusterStatus } from '../../../src/k8s/crd/index.js';
import type { BrokerConfigEntry } from '../../../src/kafka/index.js';
import type { ObservedBroker, ObservedCluster } from '../../../src/domain/observedCluster.js';
import type { OutsideFacts, World } from '../../../src/operator/reconcile/world.js';
import { kraftSpecInput } from '../../support/clusterSpecs.js';

/** Worlds for the pure steps of a pass: a KRaft cluster with controller 0 and brokers of the default group. */
const cluster = { name: 'kafka', namespace: 'kafka', uid: 'uid-1' };
const storage = { mountPath: '/kafka-logs', pvcSpec: { storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } } };
const specInput = (ids: number[], extra: Record<string, unknown> = {}) =>
  kraftSpecInput({
    brokerConfigGroups: { default: { processRoles: ['broker'], storageConfigs: [storage] } },
    brokers: [
      { id: 0, brokerConfig: { processRoles: ['controller'], storageConfigs: [storage] } },
      ...ids.map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { config: 'log.cleaner.threads=2' } })),
    ],
    ...extra,
  });

export function pod(id: number): IPod {
  const labels = { brokerId: String(id), processRoles: id === 0 ? 'controller' : 'broker' };
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `kafka-${id}-x`, labels }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
}
export function observed(ids: number[]): ObservedCluster {
  const pvc = (id: number): IPersistentVolumeClaim => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: `kafka-${id}-storage`, annotations: { mountPath: '/kafka-logs' } },
    spec: {},
  });
  const broker = (id: number): ObservedBroker => ({
    id,
    pod: pod(id),
    terminatingPods: [],
    configMap: undefined,
    service: undefined,
    pvcs: new Map([['/kafka-logs', pvc(id)]]),
  });
  const brokers = new Map(ids.map((id) => [id, broker(id)]));
  return { brokers, headlessService: undefined };
}

export const upscaled = { gracefulActionState: { cruiseControlState: 'GracefulUpscaleSucceeded' } };
const noOutside: OutsideFacts = {
  operations: [],
  kafkaConnected: true,
  replicaCounts: new Map(),
  logDirReplicas: new Map(),
  kafkaHealthy: undefined,
  controllerRestartAllowed: undefined,
  quorum: undefined,
  brokerConfigs: new Map(),
  clusterDefaults: undefined,
};

/** A world with brokers 0 (controller) and `inSpec` in the spec, `running` observed, and `status` recorded. */
export interface WorldOptions {
  inSpec?: number[];
  running?: number[];
  status?: KafkaClusterStatus;
  outside?: Partial<OutsideFacts>;
  spec?: Record<string, unknown>;
}

export function world(options: WorldOptions = {}): World {
  const inSpec = options.inSpec ?? [1];
  const metadata = { name: 'kafka', namespace: 'kafka' };
  const resource = { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata, spec: specInput(inSpec, options.spec) };
  const check = checkKafkaCluster(resource);
  const spec: KafkaClusterSpec = kafkaClusterSpecSchema.parse(resource.spec);
  const everyUpscaled = Object.fromEntries([0, ...inSpec].map((id) => [String(id), upscaled]));
  const current: KafkaClusterStatus = options.status ?? { clusterID: 'cid', brokersState: everyUpscaled };
  const seen = observed(options.running ?? [0, ...inSpec]);
  const now = new Date('2026-01-01T00:10:00Z');
  const base = { cluster, generation: 1, resourceVersion: '7', current, check, observed: seen, now, fresh: { clusterId: 'new-id', operationSuffix: 'abc123' } };
  if (current.clusterID === undefined) return base;
  const view = {
    cluster,
    spec,
    current,
    clusterId: current.clusterID,
    observed: seen,
    now,
    storageClasses: new Map(),
    racks: new Map(),
    pins: new Map(),
    externalNodes: new Map(),
    externalFacts: { nodes: new Map(), services: new Map() },
    restartRequests: new Map(),
    rollingUpgradeAlerts: [],
    isPerBrokerDynamic: (key: string) => key === 'log.cleaner.threads',
  };
  return { ...base, details: { view, outside: { ...noOutside, ...options.outside } } };
}

export const described = (entries: Array<[string, string, BrokerConfigEntry['source']]>) => ({
  ok: true as const,
  value: entries.map(([name, value, source]) => ({ name, value, source, readOnly: false, sensitive: false, synonyms: [] })),
});
