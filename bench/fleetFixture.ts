import type { BrokerStats, CruiseControlState, KafkaClusterState } from '../src/cruisecontrol/index.js';
import type { QuorumDescription } from '../src/kafka/index.js';
import { MemoryObjectCache } from '../src/k8s/objectCache.js';
import { DEFAULT_LISTENERS } from '../src/operator/clusters/newCluster.js';
import type { LiveFetchers } from '../src/readmodel/liveData.js';

/** The shape of the fleet: clusters × brokers, each broker with its disks and its own config entries. */
export interface FleetShape {
  clusters: number;
  brokers: number;
  disks: number;
  configEntries: number;
}

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

/** A warm informer cache holding a whole fleet, as the operator's informers would after listing it. */
export function fleetCache(shape: FleetShape): MemoryObjectCache {
  const cache = new MemoryObjectCache();
  ZONES.forEach((zone, i) =>
    cache.put('Node', { apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${i}`, labels: { 'topology.kubernetes.io/zone': zone } } }),
  );
  const mountPaths = Array.from({ length: shape.disks }, (_, d) => `/kafka-logs-${d}`);
  const config = Array.from({ length: shape.configEntries }, (_, c) => `log.retention.hours.${c}=${168 + c}`).join('\n');
  for (let c = 0; c < shape.clusters; c += 1) {
    const name = `cluster-${String(c).padStart(3, '0')}`;
    const namespace = `team-${c % 10}`;
    const labels = { app: 'kafka', kafka_cr: name };
    const brokers = Array.from({ length: shape.brokers }, (_, id) => ({
      id,
      brokerConfigGroup: 'default',
      brokerConfig: { processRoles: id < 3 ? ['broker', 'controller'] : ['broker'] },
    }));
    cache.put('KafkaCluster', {
      apiVersion: 'kafka.banzaicloud.io/v1beta1',
      kind: 'KafkaCluster',
      metadata: {
        name,
        namespace,
        uid: `uid-${name}`,
        generation: 1,
        labels: { env: c % 2 === 0 ? 'prod' : 'staging' },
        creationTimestamp: '2026-01-01T00:00:00Z',
      },
      spec: {
        kRaft: true,
        headlessServiceEnabled: true,
        oneBrokerPerNode: false,
        clusterImage: 'apache/kafka:4.1.0',
        rackAwareness: { labels: ['topology.kubernetes.io/zone'] },
        rollingUpgradeConfig: { failureThreshold: 1 },
        cruiseControlConfig: {},
        readOnlyConfig: 'auto.create.topics.enable=false\n',
        listenersConfig: DEFAULT_LISTENERS,
        brokerConfigGroups: {
          default: {
            config,
            resourceRequirements: { requests: { cpu: '4', memory: '16Gi' }, limits: { memory: '16Gi' } },
            storageConfigs: mountPaths.map((mountPath) => ({
              mountPath,
              pvcSpec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '500Gi' } } },
            })),
          },
        },
        brokers,
      },
      status: {
        state: 'ClusterRunning',
        clusterID: `id-${name}`,
        observedGeneration: 1,
        brokersReady: `${shape.brokers}/${shape.brokers}`,
        brokersState: Object.fromEntries(
          brokers.map((b) => [String(b.id), { configurationState: 'ConfigInSync', perBrokerConfigurationState: 'PerBrokerConfigInSync' }]),
        ),
        conditions: [
          {
            type: 'SpecAccepted',
            status: 'True',
            observedGeneration: 1,
            lastTransitionTime: '2026-01-01T00:00:00Z',
            reason: 'Accepted',
            message: 'the spec is valid and supported',
          },
        ],
      },
    });
    for (const broker of brokers) {
      const brokerLabels = { ...labels, brokerId: String(broker.id) };
      cache.put('Pod', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${name}-${broker.id}-x1y2z`,
          namespace,
          labels: { ...brokerLabels, processRoles: broker.brokerConfig.processRoles.join('_') },
          creationTimestamp: '2026-01-01T00:00:00Z',
        },
        spec: { nodeName: `node-${broker.id % 3}`, containers: [{ name: 'kafka', image: 'apache/kafka:4.1.0' }] },
        status: {
          phase: 'Running',
          podIP: `10.0.${c}.${broker.id}`,
          startTime: '2026-01-01T00:00:10Z',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [{ name: 'kafka', image: 'apache/kafka:4.1.0', imageID: '', ready: true, restartCount: 0 }],
        },
      });
      mountPaths.forEach((mountPath, d) => {
        cache.put('PersistentVolumeClaim', {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: `${name}-${broker.id}-storage-${d}-abcde`, namespace, labels: brokerLabels, annotations: { mountPath } },
          spec: { storageClassName: 'standard', resources: { requests: { storage: '500Gi' } } },
          status: { phase: 'Bound', capacity: { storage: '500Gi' } },
        });
      });
    }
  }
  return cache;
}

/** Cruise Control and Kafka as they would answer for such a cluster, from memory (no network). */
export function fleetFetchers(shape: FleetShape): LiveFetchers {
  const ids = Array.from({ length: shape.brokers }, (_, id) => id);
  const byBroker = <T>(f: (id: number) => T): Record<string, T> => Object.fromEntries(ids.map((id) => [String(id), f(id)]));
  const state: CruiseControlState = {
    MonitorState: { state: 'RUNNING', numMonitoredWindows: 5, monitoringCoveragePct: 100 },
    AnalyzerState: { isProposalReady: true, readyGoals: ['RackAwareGoal'] },
    ExecutorState: { state: 'NO_TASK_IN_PROGRESS' },
  };
  const clusterState: KafkaClusterState = {
    KafkaBrokerState: {
      LeaderCountByBrokerId: byBroker(() => 40),
      OutOfSyncCountByBrokerId: byBroker(() => 0),
      ReplicaCountByBrokerId: byBroker(() => 120),
      OnlineLogDirsByBrokerId: byBroker(() => Array.from({ length: shape.disks }, (_, d) => `/kafka-logs-${d}/kafka`)),
      OfflineLogDirsByBrokerId: byBroker(() => []),
      Summary: { Brokers: shape.brokers, Topics: 20, Replicas: shape.brokers * 120, Leaders: shape.brokers * 40 },
    },
    KafkaPartitionState: { offline: [], urp: [], 'under-min-isr': [] },
  };
  const load: BrokerStats = {
    hosts: [],
    brokers: ids.map((id) => ({
      Host: `broker-${id}`,
      Rack: ZONES[id % 3] ?? '',
      Broker: id,
      BrokerState: 'ALIVE',
      DiskMB: 300_000,
      DiskPct: 20,
      CpuPct: 35.5,
      LeaderNwInRate: 1200,
      FollowerNwInRate: 2400,
      NwOutRate: 3600,
      PnwOutRate: 7200,
      Replicas: 120,
      Leaders: 40,
      DiskCapacityMB: 1_536_000,
      NetworkInCapacity: 125_000,
      NetworkOutCapacity: 125_000,
      NumCore: 4,
      DiskState: Object.fromEntries(
        Array.from({ length: shape.disks }, (_, d) => [`/kafka-logs-${d}/kafka`, { DiskMB: 100_000, DiskPct: 19.5, NumLeaderReplicas: 13, NumReplicas: 40 }]),
      ),
    })),
  };
  const quorum: QuorumDescription = { leaderId: 1, leaderEpoch: 7, highWatermark: 1000n, voters: [], observers: [], nodes: [] };
  return {
    cruiseControlState: () => Promise.resolve(state),
    brokerLoad: () => Promise.resolve(load),
    kafkaClusterState: () => Promise.resolve(clusterState),
    quorum: () => Promise.resolve(quorum),
    brokerConfigs: () => Promise.resolve([{ name: 'num.io.threads', value: '8', source: 'DEFAULT_CONFIG', readOnly: false, sensitive: false, synonyms: [] }]),
    clusterDefaultConfigs: () => Promise.resolve([]),
  };
}
