import { listenerViews, type ListenerView } from './listenerView.js';
import { kafkaClusterStatusSchema, type KafkaClusterCheck, type KafkaClusterSpec, type KafkaClusterStatus } from '../k8s/crd/index.js';
import type { CustomResource, ObjectCache } from '../k8s/objectCache.js';
import { cruiseControlTargetOf } from '../domain/cruiseControlAccess.js';
import type { ClusterRef } from '../domain/labels.js';
import { DEFAULT_IMAGE } from '../domain/objectNames.js';
import { observeCluster, observedRacks } from '../domain/observedCluster.js';
import { encodeGlobalId } from '../domain/globalId.js';
import { brokerViews, type BrokerView } from './brokerView.js';
import { clusterConfigEntries, type ConfigEntryView } from './configEntries.js';
import { kafkaVersionOf } from './kafkaVersion.js';
import type { LiveTarget } from './liveData.js';

export const CLUSTER_STATES = ['PENDING', 'RECONCILING', 'RUNNING', 'ROLLING_UPGRADING', 'UNKNOWN'] as const;
export type ClusterState = (typeof CLUSTER_STATES)[number];

const STATES: Readonly<Record<string, ClusterState>> = {
  ClusterReconciling: 'RECONCILING',
  ClusterRunning: 'RUNNING',
  ClusterRollingUpgrading: 'ROLLING_UPGRADING',
};

export interface LabelView {
  name: string;
  value: string;
}

export interface ConditionView {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime: Date | null;
  observedGeneration: number | null;
}

export interface UnsupportedFieldView {
  path: string;
  note: string;
}

export interface SpecProblemView {
  path: string;
  code: string;
  message: string;
}

export interface ClusterView {
  nodeType: 'KafkaCluster';
  id: string;
  name: string;
  namespace: string;
  uid: string | null;
  createdAt: Date | null;
  labels: LabelView[];
  generation: number;
  observedGeneration: number | null;
  state: ClusterState;
  /** The KRaft cluster id (status.clusterID). */
  clusterId: string | null;
  kraft: boolean;
  image: string | null;
  kafkaVersion: string | null;
  brokersReady: number;
  brokersDesired: number;
  conditions: ConditionView[];
  /** Each listener with the addresses clients connect to on it (status.listenerStatuses). */
  listeners: ListenerView[];
  unsupportedFields: UnsupportedFieldView[];
  specProblems: SpecProblemView[];
  configEntries: ConfigEntryView[];
  brokers: BrokerView[];
  brokerById: ReadonlyMap<number, BrokerView>;
  /** Brokers with the controller process role in the spec: the KRaft voters. */
  controllerIds: number[];
  ref: ClusterRef;
  /** The parsed spec; undefined when it does not read (specProblems say why). */
  spec: KafkaClusterSpec | undefined;
  /** How Cruise Control and Kafka are asked about it. */
  live: LiveTarget;
  labelMap: Readonly<Record<string, string>>;
  cursorKey: string;
}

const time = (text: string | undefined): Date | null => {
  if (text === undefined) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
};

export interface ClusterViewInput {
  resource: CustomResource;
  /** checkKafkaCluster of the resource (kept between changes of its status). */
  check: KafkaClusterCheck;
  cache: ObjectCache;
  isPerBrokerDynamic: (key: string) => boolean;
}

/** Everything the API shows of one KafkaCluster that the cache holds, assembled once per change. */
export function clusterView({ resource, check, cache, isPerBrokerDynamic }: ClusterViewInput): ClusterView {
  const name = resource.metadata?.name ?? '';
  const namespace = resource.metadata?.namespace ?? '';
  const ref: ClusterRef = { name, namespace, uid: resource.metadata?.uid ?? '' };
  const parsedStatus = kafkaClusterStatusSchema.safeParse(resource.status ?? {});
  const status: KafkaClusterStatus = parsedStatus.success ? parsedStatus.data : {};
  const spec = check.cluster?.spec;
  const observed = observeCluster(cache, ref);
  const racks = spec !== undefined ? observedRacks(cache, spec, observed).racks : new Map<number, string>();
  const live: LiveTarget = {
    key: `${namespace}/${name}`,
    ref,
    spec,
    cruiseControl: { ...cruiseControlTargetOf(resource), endpoint: spec?.cruiseControlConfig.cruiseControlEndpoint },
  };
  const listeners = listenerViews(spec, status.listenerStatuses);
  const brokers = brokerViews({ cluster: ref, live, spec, brokersState: status.brokersState ?? {}, observed, racks, isPerBrokerDynamic, listeners });
  const wanted = brokers.filter((b) => b.inSpec);
  const image = spec !== undefined ? (spec.clusterImage ?? DEFAULT_IMAGE) : null;
  const restartDue = brokers.some((b) => b.configurationState === 'ConfigOutOfSync');
  const labelMap = resource.metadata?.labels ?? {};
  return {
    nodeType: 'KafkaCluster',
    id: encodeGlobalId('KafkaCluster', namespace, name),
    name,
    namespace,
    uid: resource.metadata?.uid ?? null,
    createdAt: time(resource.metadata?.creationTimestamp),
    labels: Object.entries(labelMap)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([label, value]) => ({ name: label, value })),
    generation: resource.metadata?.generation ?? 0,
    observedGeneration: status.observedGeneration ?? null,
    state: status.state === undefined ? 'PENDING' : (STATES[status.state] ?? 'UNKNOWN'),
    clusterId: status.clusterID ?? null,
    kraft: spec?.kRaft ?? false,
    image,
    kafkaVersion: image !== null ? (kafkaVersionOf(image) ?? null) : null,
    brokersReady: wanted.filter((b) => b.pod?.ready === true).length,
    brokersDesired: spec?.brokers.length ?? wanted.length,
    conditions: (status.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
      lastTransitionTime: time(c.lastTransitionTime),
      observedGeneration: c.observedGeneration ?? null,
    })),
    listeners,
    unsupportedFields: check.unsupported.map((u) => ({ path: u.path, note: u.note })),
    specProblems: check.problems.map((p) => ({ path: p.path, code: p.code, message: p.message })),
    configEntries: spec !== undefined ? clusterConfigEntries(spec, isPerBrokerDynamic, restartDue) : [],
    brokers,
    brokerById: new Map(brokers.map((b) => [b.brokerId, b])),
    controllerIds: wanted.filter((b) => b.roles.includes('CONTROLLER')).map((b) => b.brokerId),
    ref,
    spec,
    live,
    labelMap,
    cursorKey: live.key,
  };
}
