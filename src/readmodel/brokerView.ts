import { brokerListenerAddresses, type BrokerListenerAddressView, type ListenerView } from './listenerView.js';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPod } from 'kubernetes-models/v1/Pod';
import { effectiveBrokerConfig } from '../k8s/crd/brokerConfig.js';
import type { Broker, BrokerState as KoperatorBrokerState, KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';
import { LABEL_PROCESS_ROLES, type ClusterRef } from '../domain/labels.js';
import { CONFIG_KEY, DEFAULT_IMAGE } from '../domain/objectNames.js';
import { rolesOf } from '../domain/serverProperties.js';
import { isPodReady, type ObservedBroker, type ObservedCluster } from '../domain/observedCluster.js';
import { encodeGlobalId } from '../domain/globalId.js';
import { brokerState, type BrokerState } from './brokerState.js';
import { brokerConfigEntries, type ConfigEntryView } from './configEntries.js';
import { diskState, type DiskState } from './diskState.js';
import { kafkaVersionOf } from './kafkaVersion.js';
import type { LiveTarget } from './liveData.js';
import { quantityBytes, quantityText } from './quantities.js';

export type BrokerRole = 'BROKER' | 'CONTROLLER';

export interface PodView {
  name: string;
  phase: string | null;
  nodeName: string | null;
  ready: boolean;
  restarts: number;
  image: string | null;
  ip: string | null;
  startedAt: Date | null;
}

export interface ResourceListView {
  cpu: string | null;
  memory: string | null;
}

export interface ResourcesView {
  requests: ResourceListView;
  limits: ResourceListView;
}

export interface DiskView {
  nodeType: 'Disk';
  id: string;
  clusterName: string;
  namespace: string;
  brokerId: number;
  mountPath: string;
  /** Where Kafka keeps its data on it: <mountPath>/kafka. */
  logDir: string;
  pvcName: string | null;
  storageClass: string | null;
  requestedSize: string | null;
  requestedBytes: number | null;
  capacity: string | null;
  capacityBytes: number | null;
  state: DiskState;
  /** The CruiseControlOperation Koperator's volume state refers to. */
  operationName: string | null;
  /** Its cluster, for Cruise Control's figures. */
  live: LiveTarget;
}

export interface BrokerView {
  nodeType: 'Broker';
  id: string;
  clusterName: string;
  namespace: string;
  brokerId: number;
  roles: BrokerRole[];
  state: BrokerState;
  /** In spec.brokers (a broker removed from it stays listed while its Pod exists). */
  inSpec: boolean;
  configurationState: string | null;
  perBrokerConfigurationState: string | null;
  gracefulActionState: string | null;
  rack: string | null;
  image: string | null;
  kafkaVersion: string | null;
  pod: PodView | null;
  resources: ResourcesView;
  disks: DiskView[];
  /** Its address on each listener that has one (status.listenerStatuses). */
  listenerAddresses: BrokerListenerAddressView[];
  configEntries: ConfigEntryView[];
  /** The CruiseControlOperation Koperator's graceful action state refers to. */
  operationName: string | null;
  /** Its cluster, for Cruise Control's figures. */
  live: LiveTarget;
  /** The broker itself, for what Kafka reports of it (its configs). */
  liveBroker: LiveTarget;
  cursorKey: string;
}

export interface BrokerViewsInput {
  cluster: ClusterRef;
  live: LiveTarget;
  /** Undefined when the spec does not read: every observed broker then counts as wanted. */
  spec: KafkaClusterSpec | undefined;
  brokersState: Readonly<Record<string, KoperatorBrokerState>>;
  observed: ObservedCluster;
  racks: ReadonlyMap<number, string>;
  isPerBrokerDynamic: (key: string) => boolean;
  /** The cluster's listeners with their addresses. */
  listeners?: readonly ListenerView[];
}

const EMPTY_RESOURCES: ResourcesView = { requests: { cpu: null, memory: null }, limits: { cpu: null, memory: null } };

function kafkaContainer(pod: IPod | undefined): IContainer | undefined {
  return pod?.spec?.containers.find((c) => c.name === 'kafka') ?? pod?.spec?.containers[0];
}

function podView(pod: IPod): PodView {
  const statuses = pod.status?.containerStatuses ?? [];
  const started = pod.status?.startTime;
  return {
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? null,
    nodeName: pod.spec?.nodeName ?? null,
    ready: isPodReady(pod),
    restarts: statuses.reduce((sum, s) => sum + s.restartCount, 0),
    image: kafkaContainer(pod)?.image ?? null,
    ip: pod.status?.podIP ?? null,
    startedAt: started !== undefined ? new Date(String(started)) : null,
  };
}

function resourcesView(requirements: { requests?: Record<string, string | number>; limits?: Record<string, string | number> } | undefined): ResourcesView {
  if (requirements === undefined) return EMPTY_RESOURCES;
  return {
    requests: { cpu: quantityText(requirements.requests?.cpu), memory: quantityText(requirements.requests?.memory) },
    limits: { cpu: quantityText(requirements.limits?.cpu), memory: quantityText(requirements.limits?.memory) },
  };
}

/** Padded so that string order is numeric order (connection cursors compare keys as strings). */
const brokerCursorKey = (id: number): string => String(id).padStart(6, '0');

function disksOf(
  input: BrokerViewsInput,
  brokerId: number,
  wanted: ReadonlyArray<{
    mountPath: string;
    pvcSpec?: { storageClassName?: string | undefined; resources?: { requests?: Record<string, string | number> | undefined } | undefined } | undefined;
  }>,
  seen: ObservedBroker | undefined,
  state: KoperatorBrokerState | undefined,
): DiskView[] {
  const { cluster } = input;
  const volumeStates = state?.gracefulActionState?.volumeStates ?? {};
  const view = (
    mountPath: string,
    inSpec: boolean,
    persistent: boolean,
    desiredSize: string | number | undefined,
    desiredClass: string | undefined,
  ): DiskView => {
    const pvc = seen?.pvcs.get(mountPath);
    const volume = volumeStates[mountPath];
    const requested = desiredSize ?? pvc?.spec?.resources?.requests?.storage;
    const capacity = pvc?.status?.capacity?.storage;
    return {
      nodeType: 'Disk',
      id: encodeGlobalId('Disk', cluster.namespace, cluster.name, String(brokerId), mountPath),
      clusterName: cluster.name,
      namespace: cluster.namespace,
      brokerId,
      mountPath,
      logDir: `${mountPath.replace(/\/+$/, '')}/kafka`,
      pvcName: pvc?.metadata?.name ?? null,
      storageClass: pvc?.spec?.storageClassName ?? desiredClass ?? null,
      requestedSize: quantityText(requested),
      requestedBytes: quantityBytes(requested),
      capacity: quantityText(capacity),
      capacityBytes: quantityBytes(capacity),
      state: diskState({ inSpec, pvc, persistent, volumeState: volume?.cruiseControlVolumeState }),
      operationName: volume?.cruiseControlOperationReference?.name ?? null,
      live: input.live,
    };
  };
  const disks = wanted.map((s) => view(s.mountPath, true, s.pvcSpec !== undefined, s.pvcSpec?.resources?.requests?.storage, s.pvcSpec?.storageClassName));
  const wantedPaths = new Set(wanted.map((s) => s.mountPath));
  for (const mountPath of [...(seen?.pvcs.keys() ?? [])].sort()) {
    if (!wantedPaths.has(mountPath)) disks.push(view(mountPath, false, true, undefined, undefined));
  }
  return disks;
}

function rolesFromPod(pod: IPod | undefined): BrokerRole[] {
  const label = pod?.metadata?.labels?.[LABEL_PROCESS_ROLES] ?? 'broker';
  return label
    .split('_')
    .filter((r) => r === 'broker' || r === 'controller')
    .map((r) => (r === 'broker' ? 'BROKER' : 'CONTROLLER'));
}

function brokerView(input: BrokerViewsInput, brokerId: number, wanted: Broker | undefined): BrokerView {
  const { cluster, spec } = input;
  const seen = input.observed.brokers.get(brokerId);
  const state = input.brokersState[String(brokerId)];
  const effective = spec !== undefined && wanted !== undefined ? effectiveBrokerConfig(spec, wanted) : undefined;
  const pod = seen?.pod ?? seen?.terminatingPods[0];
  const runningImage = kafkaContainer(seen?.pod)?.image;
  const image = runningImage ?? (spec !== undefined && wanted !== undefined ? (effective?.image ?? spec.clusterImage ?? DEFAULT_IMAGE) : null);
  const gracefulState = state?.gracefulActionState?.cruiseControlState;
  const inSpec = spec === undefined || wanted !== undefined;
  return {
    nodeType: 'Broker',
    id: encodeGlobalId('Broker', cluster.namespace, cluster.name, String(brokerId)),
    clusterName: cluster.name,
    namespace: cluster.namespace,
    brokerId,
    roles: spec !== undefined && wanted !== undefined ? rolesOf(spec, wanted).map((r) => (r === 'broker' ? 'BROKER' : 'CONTROLLER')) : rolesFromPod(pod),
    state: brokerState({ inSpec, pod: seen?.pod, terminatingPods: seen?.terminatingPods ?? [], gracefulState }),
    inSpec,
    configurationState: state?.configurationState ?? null,
    perBrokerConfigurationState: state?.perBrokerConfigurationState ?? null,
    gracefulActionState: gracefulState ?? null,
    rack: input.racks.get(brokerId) ?? null,
    image,
    kafkaVersion: state?.version ?? (image !== null ? (kafkaVersionOf(image) ?? null) : null),
    pod: pod !== undefined ? podView(pod) : null,
    resources: effective !== undefined ? resourcesView(effective.resourceRequirements) : resourcesView(kafkaContainer(pod)?.resources),
    disks: disksOf(input, brokerId, effective?.storageConfigs ?? [], seen, state),
    listenerAddresses: brokerListenerAddresses(input.listeners ?? [], brokerId),
    configEntries:
      spec !== undefined && wanted !== undefined
        ? brokerConfigEntries({
            clusterName: cluster.name,
            namespace: cluster.namespace,
            spec,
            broker: wanted,
            rack: input.racks.get(brokerId),
            isPerBrokerDynamic: input.isPerBrokerDynamic,
            configurationState: state?.configurationState,
            mountedProperties: seen?.configMap?.data?.[CONFIG_KEY],
          })
        : [],
    operationName: state?.gracefulActionState?.cruiseControlOperationReference?.name ?? null,
    live: input.live,
    liveBroker: { ...input.live, key: `${input.live.key}#${brokerId}`, brokerId },
    cursorKey: brokerCursorKey(brokerId),
  };
}

/**
 * The cluster's brokers by id: those in the spec, and those gone from it whose Pods still run
 * (being drained or removed), so that a portal sees a broker until it is really gone.
 */
export function brokerViews(input: BrokerViewsInput): BrokerView[] {
  const wanted = new Map((input.spec?.brokers ?? []).map((b) => [b.id, b]));
  const ids = new Set(wanted.keys());
  for (const [id, seen] of input.observed.brokers) {
    if (input.spec === undefined || seen.pod !== undefined || seen.terminatingPods.length > 0) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b).map((id) => brokerView(input, id, wanted.get(id)));
}
