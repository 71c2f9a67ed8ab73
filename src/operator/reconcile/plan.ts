import stringify from 'safe-stable-stringify';
import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { effectiveBrokerConfig } from '../../k8s/crd/brokerConfig.js';
import type { Broker, KafkaClusterSpec } from '../../k8s/crd/kafkaCluster.js';
import { compareQuantities, parseQuantity } from '../../k8s/crd/quantity.js';
import { ANNOTATION_ADDED_DISK, ANNOTATION_RESTART_HASH, ANNOTATION_RESTART_REQUESTED, type ClusterRef } from '../../domain/labels.js';
import { allBrokerService, brokerConfigMap, brokerExternalService, brokerPod, brokerPvc, brokerService, headlessService } from '../broker/objects.js';
import {
  accessMethodOf,
  allBrokerServiceName,
  brokerExternalEndpoints,
  externalServiceName,
  needsNodeAddress,
  type Endpoint,
  type ExternalFacts,
} from '../../domain/externalAccess.js';
import { jmxExporterConfigMap } from '../broker/monitoring.js';
import { metadataLogDirOf, renderBrokerConfig, rolesOf } from '../../domain/serverProperties.js';
import { getProperties } from 'properties-file';
import { CONFIG_KEY } from '../../domain/objectNames.js';
import { plannedOn, type BlockedStep, type KubeObject, type ObjectAction, type PlannedOn } from './actions.js';
import { isPodFinished, isPodReady, type ObservedBroker, type ObservedCluster } from '../../domain/observedCluster.js';
import { podStartProblem } from '../../domain/podStartProblem.js';

export interface PlanInput {
  cluster: ClusterRef;
  /** The validated spec (checkKafkaCluster passed). */
  spec: KafkaClusterSpec;
  clusterId: string;
  observed: ObservedCluster;
  storageClasses: ReadonlyMap<string, IStorageClass>;
  /** Each scheduled broker's rack, from its node's zone label, when rack awareness is on. */
  racks: ReadonlyMap<number, string>;
  /** Node labels broker Pods are pinned to (their chosen rack), from assignRacks. */
  pins?: ReadonlyMap<number, { key: string; value: string }>;
  /** The node each broker reached through its node's address is pinned to (NodePort listeners). */
  externalNodes?: ReadonlyMap<number, string>;
  /** What the brokers' external addresses are made of (externalAccess.ts); without it, external listeners are served but not advertised. */
  externalFacts?: ExternalFacts;
  isPerBrokerDynamic: (key: string) => boolean;
  /** Kafka reports no offline or under-replicated partition (undefined: not known yet). */
  kafkaHealthy: boolean | undefined;
  /**
   * Whether a KRaft controller may be restarted now: its quorum keeps a majority of caught-up
   * voters without it (undefined: not asked yet, or Kafka could not say; no controller restarts).
   */
  controllerRestartAllowed?: { ok: boolean; reason: string } | undefined;
  /** Brokers that failed during the current rolling restart (status.rollingUpgradeStatus.errorCount). */
  rollingUpgradeErrors?: number;
  /** Restarts asked for by hand, per broker (the KafkaCluster's restart.kafkaplane.io annotations). */
  restartRequests?: ReadonlyMap<number, string>;
  /** The KRaft quorum the cluster was first formatted with (status.initialControllers). */
  initialControllers?: string | undefined;
  /** Nodes left exactly as they run: the spec changed their roles, which Kafka cannot (operator/quorum/roleChanges.ts). */
  held?: ReadonlySet<number>;
  /** The certificate each broker's Pod runs with, when kafkaplane issues them (operator/pki/): a new one restarts it. */
  certificateRevisions?: ReadonlyMap<number, string>;
  /** Brokers whose certificate cert-manager has not issued yet (operator/pki/certManager.ts): their Pods wait for it. */
  certificatesAwaited?: ReadonlySet<number>;
  /** Alerts labelled `rollingupgrade` firing on the cluster: each counts against failureThreshold, as in Koperator. */
  rollingUpgradeAlerts?: readonly string[];
  /**
   * What the graceful operations decided (operations/graceful.ts). Without it, brokers and disks
   * removed from the spec are left exactly as they run.
   */
  graceful?: {
    /** Disks out of the spec still holding data: they stay mounted and in log.dirs. */
    retainedVolumes: ReadonlyMap<number, readonly string[]>;
    /** Disks out of the spec confirmed empty: unmounted, then their PVC deleted. */
    releasedVolumes: ReadonlyMap<number, readonly string[]>;
    /** Brokers out of the spec confirmed empty: their objects are deleted. */
    releasedBrokers: readonly number[];
  };
}

export type ConfigurationState = 'ConfigInSync' | 'ConfigOutOfSync';

export interface Plan {
  actions: ObjectAction[];
  blocked: BlockedStep[];
  /** Reasons to look again soon (waiting on Pods, PVCs or a restart to finish). */
  waiting: string[];
  configurationStates: Map<number, ConfigurationState>;
  /** The per-broker dynamic entries each broker should carry (applied through Kafka's Admin API). */
  dynamicConfigs: Map<number, Map<string, string>>;
}

/**
 * The next safe steps for one cluster, from what is wanted and what is there. Pure: it reads,
 * decides and returns; `execute` writes. Objects are written only when they differ, so a pass
 * over a cluster in its desired state returns no action at all. Rules:
 * - a broker's ConfigMap, PVCs and Service come first; its Pod only once every PVC exists;
 * - volumes only grow, and only where the StorageClass allows expansion;
 * - a broker whose Pod is out of date is restarted one at a time per cluster, only while every
 *   other broker is Ready and Kafka reports no under-replicated partition; controllers last;
 * - a Pod that ended (failed) is replaced at once: it serves nothing.
 * Brokers and disks removed from the spec are deleted only once the graceful operations
 * (operations/graceful.ts) confirm their data moved off through Cruise Control.
 */
export function planCluster(input: PlanInput): Plan {
  const plan: Plan = { actions: [], blocked: [], waiting: [], configurationStates: new Map(), dynamicConfigs: new Map() };
  const { cluster, spec, observed } = input;

  ensure(plan, headlessService(cluster, spec), observed.headlessService, 'HeadlessServiceOutOfDate');
  planAllBrokerServices(plan, input);
  // Broker Pods mount it: it exists before the first of them.
  ensure(plan, jmxExporterConfigMap(cluster, spec), observed.jmxExporterConfigMap, 'JmxExporterConfigOutOfDate');
  const restartCandidates: RestartCandidate[] = [];

  for (const specBroker of [...spec.brokers].sort((a, b) => a.id - b.id)) {
    if (input.held?.has(specBroker.id) === true) continue;
    const seen = observed.brokers.get(specBroker.id) ?? emptyBroker(specBroker.id);
    const wantedPaths = new Set((effectiveBrokerConfig(spec, specBroker).storageConfigs ?? []).map((c) => c.mountPath));
    const dropped = [...seen.pvcs.keys()].filter((path) => !wantedPaths.has(path)).sort();
    const metadataDisk = rolesOf(spec, specBroker).includes('controller') ? diskOf(runningMetadataLogDir(seen), dropped) : undefined;
    if (metadataDisk !== undefined) {
      // The metadata log holds the voter's directory id: it goes only with the controller.
      plan.blocked.push({
        brokerId: specBroker.id,
        reason: 'MetadataDiskRemovalRefused',
        message: `cannot remove ${metadataDisk} from broker ${specBroker.id}: it holds the KRaft metadata log of this controller; the volume stays mounted and the broker unchanged`,
      });
      continue;
    }
    if (dropped.length > 0 && input.graceful === undefined) {
      // Its data must move first (Cruise Control remove_disks): without the graceful operations
      // the broker is left exactly as it runs, with the volume still mounted.
      plan.blocked.push({
        brokerId: specBroker.id,
        reason: 'VolumeRemovalNotSupported',
        message: `cannot remove ${dropped.join(', ')} from broker ${specBroker.id}: its data must be moved off first; the volume stays mounted and the broker unchanged`,
      });
      continue;
    }
    const released = new Set(input.graceful?.releasedVolumes.get(specBroker.id) ?? []);
    // A dropped disk stays mounted and in log.dirs until Kafka reports it empty.
    const broker = withRetainedVolumes(
      specBroker,
      dropped.filter((path) => !released.has(path)),
      seen,
    );
    planReleasedVolumes(plan, input.cluster, seen, released);
    const externalEndpoints = input.externalFacts ? brokerExternalEndpoints(cluster, spec, broker, input.externalFacts) : new Map<string, Endpoint>();
    const rendered = renderBrokerConfig({
      clusterName: cluster.name,
      namespace: cluster.namespace,
      spec,
      broker,
      rack: input.racks.get(broker.id),
      isPerBrokerDynamic: input.isPerBrokerDynamic,
      metadataLogDir: runningMetadataLogDir(seen),
      externalEndpoints,
    });
    plan.dynamicConfigs.set(broker.id, new Map([...rendered.dynamicEntries].map(([k, v]) => [k, v.value])));
    ensure(plan, brokerConfigMap(cluster, broker.id, rendered.text), seen.configMap, 'BrokerConfigOutOfDate', broker.id);
    ensure(plan, brokerService(cluster, spec, broker.id), seen.service, 'BrokerServiceOutOfDate', broker.id);
    planExternalServices(plan, input, broker, seen);
    const pvcNames = planVolumes(plan, input, broker, seen);

    // A Pod stuck on an image it cannot pull or a container that keeps exiting: the status says
    // so (the rolling restart, waiting for it to be Ready, stops there).
    const stuck = podStartProblem(seen.pod);
    if (stuck !== undefined) plan.blocked.push({ brokerId: broker.id, reason: 'BrokerPodNotStarting', message: `broker ${broker.id} cannot start: ${stuck}` });
    if (seen.pod !== undefined && isPodFinished(seen.pod)) {
      plan.actions.push({
        type: 'restartBroker',
        namespace: cluster.namespace,
        podName: seen.pod.metadata?.name ?? '',
        brokerId: broker.id,
        reason: 'BrokerPodFailed',
        planned: plannedOn(seen.pod),
      });
      continue;
    }
    if (seen.pod === undefined) {
      if (seen.terminatingPods.length > 0) {
        plan.waiting.push(`broker ${broker.id}: waiting for its old Pod to terminate`);
        continue;
      }
      if (pvcNames === undefined) {
        plan.waiting.push(`broker ${broker.id}: waiting for its PVCs before creating its Pod`);
        continue;
      }
      if (input.certificatesAwaited?.has(broker.id) === true) {
        // Started without it, it would restart as soon as the certificate came.
        plan.waiting.push(`broker ${broker.id}: waiting for cert-manager to issue its certificate before creating its Pod`);
        continue;
      }
      const unknown = unknownExternalAddresses(input, broker, externalEndpoints);
      if (unknown.length > 0) {
        // It would start advertising nothing there, and restart once the address is known.
        plan.waiting.push(
          `broker ${broker.id}: waiting for the address of its external listener${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} before creating its Pod`,
        );
        continue;
      }
      const pod = brokerPod({
        cluster,
        spec,
        broker,
        clusterId: input.clusterId,
        serverProperties: rendered.text,
        pvcNames,
        pin: input.pins?.get(broker.id),
        restartRequest: input.restartRequests?.get(broker.id),
        initialControllers: input.initialControllers,
        node: input.externalNodes?.get(broker.id),
        certificateRevision: input.certificateRevisions?.get(broker.id),
      });
      plan.actions.push({ type: 'create', object: pod, brokerId: broker.id, reason: 'BrokerPodCreated' });
      plan.configurationStates.set(broker.id, 'ConfigInSync');
      continue;
    }

    const wantedHash = pvcNames
      ? brokerPod({
          cluster,
          spec,
          broker,
          clusterId: input.clusterId,
          serverProperties: rendered.text,
          pvcNames,
          pin: input.pins?.get(broker.id),
          restartRequest: input.restartRequests?.get(broker.id),
          initialControllers: input.initialControllers,
          node: input.externalNodes?.get(broker.id),
          certificateRevision: input.certificateRevisions?.get(broker.id),
        }).metadata?.annotations?.[ANNOTATION_RESTART_HASH]
      : undefined;
    const runningHash = seen.pod.metadata?.annotations?.[ANNOTATION_RESTART_HASH];
    const resizePending = [...seen.pvcs.values()].some(hasFileSystemResizePending);
    const outOfSync = (wantedHash !== undefined && wantedHash !== runningHash) || resizePending;
    plan.configurationStates.set(broker.id, outOfSync ? 'ConfigOutOfSync' : 'ConfigInSync');
    if (outOfSync) {
      const asked = input.restartRequests?.get(broker.id);
      const requested = asked !== undefined && asked !== seen.pod.metadata?.annotations?.[ANNOTATION_RESTART_REQUESTED];
      const reason = resizePending ? 'FileSystemResizePending' : requested ? 'BrokerRestartRequested' : 'BrokerConfigOutOfSync';
      restartCandidates.push({ broker, podName: seen.pod.metadata?.name ?? '', reason, planned: plannedOn(seen.pod) });
    }
  }

  planRollingRestart(plan, input, restartCandidates);
  for (const id of input.graceful?.releasedBrokers ?? []) planReleasedBroker(plan, input.cluster, observed.brokers.get(id));
  return plan;
}

/** The broker with its dropped-but-not-empty disks added back, as the PVCs describe them. */
function withRetainedVolumes(broker: Broker, retained: readonly string[], seen: ObservedBroker): Broker {
  if (retained.length === 0) return broker;
  const storageConfigs = retained.map((mountPath) => {
    const pvc = seen.pvcs.get(mountPath);
    return {
      mountPath,
      pvcSpec: {
        accessModes: pvc?.spec?.accessModes,
        storageClassName: pvc?.spec?.storageClassName,
        resources: { requests: { storage: String(pvc?.spec?.resources?.requests?.storage ?? '') } },
      },
    };
  });
  return { ...broker, brokerConfig: { ...broker.brokerConfig, storageConfigs: [...(broker.brokerConfig?.storageConfigs ?? []), ...storageConfigs] } };
}

type Observed = { metadata?: { name?: string; uid?: string; resourceVersion?: string } };

/** The deletion of an object as it was observed: conditional on that object, so a newer one of the same name is never deleted. */
function deletion(
  cluster: ClusterRef,
  kind: 'Pod' | 'ConfigMap' | 'Service' | 'PersistentVolumeClaim',
  object: Observed,
  reason: string,
  brokerId?: number,
): ObjectAction {
  const name = object.metadata?.name ?? '';
  return {
    type: 'delete',
    apiVersion: 'v1',
    kind,
    namespace: cluster.namespace,
    name,
    ...(brokerId !== undefined ? { brokerId } : {}),
    reason,
    planned: plannedOn(object),
  };
}

/** An emptied disk's PVC goes once no Pod of the broker mounts it any more (the restart without it is done). */
function planReleasedVolumes(plan: Plan, cluster: ClusterRef, seen: ObservedBroker, released: ReadonlySet<string>): void {
  const pods = [seen.pod, ...seen.terminatingPods].filter((p) => p !== undefined);
  for (const mountPath of released) {
    const pvc = seen.pvcs.get(mountPath);
    const name = pvc?.metadata?.name;
    if (pvc === undefined || name === undefined) continue;
    const mounted = pods.some((pod) => pod.spec?.volumes?.some((v) => v.persistentVolumeClaim?.claimName === name) === true);
    if (mounted) {
      plan.waiting.push(`broker ${seen.id}: disk ${mountPath} is empty; waiting for the broker to restart without it`);
      continue;
    }
    plan.actions.push(deletion(cluster, 'PersistentVolumeClaim', pvc, 'BrokerVolumeDeleted', seen.id));
  }
}

/** A drained broker's objects: its Pod first (it stops serving), then its config, Service and disks. */
function planReleasedBroker(plan: Plan, cluster: ClusterRef, seen: ObservedBroker | undefined): void {
  if (seen === undefined) return;
  const remove = (kind: 'Pod' | 'ConfigMap' | 'Service' | 'PersistentVolumeClaim', object: Observed | undefined): void => {
    if (object?.metadata?.name !== undefined) plan.actions.push(deletion(cluster, kind, object, 'BrokerRemoved', seen.id));
  };
  remove('Pod', seen.pod);
  if (seen.pod !== undefined || seen.terminatingPods.length > 0) {
    // Its disks go only once its Pod is gone: a volume is never pulled from a running broker.
    plan.waiting.push(`broker ${seen.id}: waiting for its Pod to terminate before deleting its disks`);
    return;
  }
  remove('ConfigMap', seen.configMap);
  remove('Service', seen.service);
  for (const name of [...(seen.externalServices?.keys() ?? [])].sort()) remove('Service', seen.externalServices?.get(name));
  for (const pvc of seen.pvcs.values()) remove('PersistentVolumeClaim', pvc);
}

/**
 * The broker's Services on the external listeners it serves (a node with the broker role), and
 * the deletion of those of listeners no longer in the spec.
 */
function planExternalServices(plan: Plan, input: PlanInput, broker: Broker, seen: ObservedBroker): void {
  const { cluster, spec } = input;
  const wanted = new Set<string>();
  if (rolesOf(spec, broker).includes('broker')) {
    for (const listener of spec.listenersConfig.externalListeners ?? []) {
      if (accessMethodOf(listener) === 'ClusterIP') continue;
      const name = externalServiceName(cluster, broker.id, listener.name);
      wanted.add(name);
      const externalIP = effectiveBrokerConfig(spec, broker).nodePortExternalIP?.[listener.name];
      const wantedService = brokerExternalService(cluster, broker.id, listener, externalIP);
      ensure(plan, wantedService, seen.externalServices?.get(name), 'BrokerExternalServiceOutOfDate', broker.id);
    }
  }
  for (const [name, service] of [...(seen.externalServices ?? [])].sort(([a], [b]) => a.localeCompare(b))) {
    if (!wanted.has(name)) plan.actions.push(deletion(cluster, 'Service', service, 'BrokerExternalServiceDeleted', broker.id));
  }
}

/** The bootstrap load balancer of each LoadBalancer listener, and the deletion of those no longer wanted. */
function planAllBrokerServices(plan: Plan, input: PlanInput): void {
  const { cluster, spec, observed } = input;
  const wanted = new Set<string>();
  for (const listener of spec.listenersConfig.externalListeners ?? []) {
    if (accessMethodOf(listener) !== 'LoadBalancer') continue;
    const name = allBrokerServiceName(cluster, listener.name);
    wanted.add(name);
    ensure(plan, allBrokerService(cluster, listener), observed.allBrokerServices?.get(name), 'AllBrokerServiceOutOfDate');
  }
  for (const [name, service] of [...(observed.allBrokerServices ?? [])].sort(([a], [b]) => a.localeCompare(b))) {
    if (!wanted.has(name)) plan.actions.push(deletion(cluster, 'Service', service, 'AllBrokerServiceDeleted'));
  }
}

/**
 * The external listeners of a broker whose address is not known yet and will be: a load balancer
 * without its address, a node port not assigned. A broker reached through a node no node could
 * be chosen for is not waited for: it starts, and advertises its node once it runs there.
 */
function unknownExternalAddresses(input: PlanInput, broker: Broker, endpoints: ReadonlyMap<string, Endpoint>): string[] {
  if (input.externalFacts === undefined || !rolesOf(input.spec, broker).includes('broker')) return [];
  return (input.spec.listenersConfig.externalListeners ?? [])
    .filter((l) => accessMethodOf(l) !== 'ClusterIP' && !endpoints.has(l.name))
    .filter((l) => !(needsNodeAddress(input.spec, broker, l) && input.externalNodes?.get(broker.id) === undefined))
    .map((l) => l.name);
}

function emptyBroker(id: number): ObservedBroker {
  return { id, pod: undefined, terminatingPods: [], configMap: undefined, service: undefined, pvcs: new Map() };
}

/** A broker whose Pod is to restart, and the Pod as it was observed. */
interface RestartCandidate {
  broker: Broker;
  podName: string;
  reason: string;
  planned: PlannedOn;
}

/** Creates a missing object, or replaces one whose owned parts differ from what is wanted. */
function ensure(
  plan: Plan,
  wanted: KubeObject & { data?: unknown; spec?: unknown },
  seen: (KubeObject & { data?: unknown; spec?: unknown }) | undefined,
  reason: string,
  brokerId?: number,
): void {
  const write = objectWrite(wanted, seen, reason);
  if (write !== undefined) plan.actions.push(brokerId !== undefined ? { ...write, brokerId } : write);
}

/**
 * The write that makes an object what is wanted: a create when it is missing (reason `…Created`),
 * a replace when the parts we own differ, keeping what the API server filled in (a Service's
 * clusterIP, a Deployment's strategy) under them; undefined when nothing differs.
 */
export function objectWrite(
  wanted: KubeObject & { data?: unknown; spec?: unknown },
  seen: (KubeObject & { data?: unknown; spec?: unknown }) | undefined,
  reason: string,
): Extract<ObjectAction, { type: 'create' | 'replace' }> | undefined {
  if (seen === undefined) return { type: 'create', object: wanted, reason: reason.replace('OutOfDate', 'Created') };
  const differs =
    stringify(wanted.data) !== stringify(seen.data) || !contains(seen.spec, wanted.spec) || !contains(seen.metadata?.labels, wanted.metadata?.labels);
  if (!differs) return undefined;
  const replacement = {
    ...seen,
    ...wanted,
    metadata: { ...seen.metadata, ...wanted.metadata, resourceVersion: seen.metadata?.resourceVersion },
    ...(wanted.spec !== undefined ? { spec: { ...(seen.spec as object), ...(wanted.spec as object) } } : {}),
  };
  return { type: 'replace', object: replacement, reason };
}

/** True when every field of `wanted` has the same value in `seen` (the server may add more). */
export function contains(seen: unknown, wanted: unknown): boolean {
  if (wanted === undefined) return true;
  if (Array.isArray(wanted)) {
    return Array.isArray(seen) && seen.length === wanted.length && wanted.every((w, i) => contains(seen[i], w));
  }
  if (wanted !== null && typeof wanted === 'object') {
    if (seen === null || typeof seen !== 'object') return false;
    return Object.entries(wanted).every(([k, v]) => contains((seen as Record<string, unknown>)[k], v));
  }
  return seen === wanted;
}

/** Creates missing PVCs and grows smaller ones; returns the PVC names once all exist. */
function planVolumes(plan: Plan, input: PlanInput, broker: Broker, seen: ObservedBroker): Map<string, string> | undefined {
  const storage = effectiveBrokerConfig(input.spec, broker).storageConfigs ?? [];
  const names = new Map<string, string>();
  let complete = true;
  storage.forEach((config, index) => {
    if (config.pvcSpec === undefined) return;
    const pvc = seen.pvcs.get(config.mountPath);
    const wantedSize = config.pvcSpec.resources?.requests?.storage;
    if (pvc === undefined) {
      complete = false;
      const pvcObject = brokerPvc(input.cluster, input.spec, broker, config, index);
      // A disk added to a broker that already runs is filled by a disk rebalance once mounted.
      if (seen.pod !== undefined && pvcObject.metadata) pvcObject.metadata.annotations = { ...pvcObject.metadata.annotations, [ANNOTATION_ADDED_DISK]: 'true' };
      plan.actions.push({ type: 'create', object: pvcObject, brokerId: broker.id, reason: 'BrokerVolumeCreated' });
      return;
    }
    names.set(config.mountPath, pvc.metadata?.name ?? '');
    const currentSize = pvc.spec?.resources?.requests?.storage;
    if (wantedSize === undefined || currentSize === undefined) return;
    const order = compareQuantities(parseQuantity(wantedSize), parseQuantity(currentSize));
    if (order < 0) {
      // Volumes only grow (the apiserver refuses a PVC below status.capacity, ValidatePersistentVolumeClaimUpdate):
      // a smaller size is refused, and nothing is changed.
      plan.blocked.push({
        brokerId: broker.id,
        reason: 'VolumeShrinkRefused',
        message: `cannot shrink ${config.mountPath} of broker ${broker.id} from ${String(currentSize)} to ${String(wantedSize)}: volumes only grow`,
      });
      return;
    }
    if (order === 0) return;
    const className = pvc.spec?.storageClassName ?? '';
    if (input.storageClasses.get(className)?.allowVolumeExpansion !== true) {
      plan.blocked.push({
        brokerId: broker.id,
        reason: 'VolumeExpansionNotAllowed',
        message: `cannot grow ${config.mountPath} of broker ${broker.id} to ${String(wantedSize)}: StorageClass "${className}" does not allow volume expansion`,
      });
      return;
    }
    plan.actions.push({
      type: 'resizePvc',
      namespace: input.cluster.namespace,
      name: pvc.metadata?.name ?? '',
      storage: String(wantedSize),
      brokerId: broker.id,
      reason: 'BrokerVolumeResized',
    });
  });
  return complete ? names : undefined;
}

function hasFileSystemResizePending(pvc: IPersistentVolumeClaim): boolean {
  return pvc.status?.conditions?.some((c) => c.type === 'FileSystemResizePending' && c.status === 'True') === true;
}

function planRollingRestart(plan: Plan, input: PlanInput, candidates: RestartCandidate[]): void {
  if (candidates.length === 0) return;
  const brokers = [...input.observed.brokers.values()];
  const restarting = brokers.some((b) => b.terminatingPods.length > 0) || plan.actions.some((a) => a.type === 'restartBroker');
  const notReady = input.spec.brokers.filter((b) => !isPodReady(input.observed.brokers.get(b.id)?.pod)).map((b) => b.id);
  const candidateIds = new Set(candidates.map((c) => c.broker.id));
  const othersNotReady = notReady.filter((id) => !candidateIds.has(id));
  if (restarting) {
    plan.waiting.push('rolling restart: waiting for the broker being restarted');
    return;
  }
  if (othersNotReady.length > 0) {
    plan.waiting.push(`rolling restart: waiting for broker${othersNotReady.length > 1 ? 's' : ''} ${othersNotReady.join(', ')} to be Ready`);
    return;
  }
  const threshold = input.spec.rollingUpgradeConfig.failureThreshold;
  const alerts = input.rollingUpgradeAlerts ?? [];
  // Koperator: firing rollingupgrade alerts + failures must stay below failureThreshold (pkg/resources/kafka/kafka.go).
  if ((input.rollingUpgradeErrors ?? 0) + alerts.length >= threshold) {
    const firing = alerts.length > 0 ? ` and ${alerts.length} alert(s) labelled rollingupgrade are firing (${alerts.join(', ')})` : '';
    plan.blocked.push({
      reason: 'RollingUpgradeFailureThreshold',
      message: `rolling restart stopped: ${input.rollingUpgradeErrors ?? 0} broker(s) failed during it${firing} (rollingUpgradeConfig.failureThreshold is ${threshold}); fix the cause, then raise the threshold or let the failed brokers recover`,
    });
    return;
  }
  if (input.kafkaHealthy !== true) {
    plan.waiting.push('rolling restart: waiting for Kafka to report every partition fully replicated');
    return;
  }
  // Brokers first, controllers last (Koperator's order): the quorum moves as little as possible.
  const ordered = [...candidates].sort((a, b) => {
    const ca = rolesOf(input.spec, a.broker).includes('controller') ? 1 : 0;
    const cb = rolesOf(input.spec, b.broker).includes('controller') ? 1 : 0;
    return ca - cb || a.broker.id - b.broker.id;
  });
  const next = ordered[0];
  if (next === undefined) return;
  if (rolesOf(input.spec, next.broker).includes('controller') && input.controllerRestartAllowed?.ok !== true) {
    plan.waiting.push(
      `rolling restart: ${input.controllerRestartAllowed?.reason ?? `waiting for Kafka to describe the KRaft quorum before restarting controller ${next.broker.id}`}`,
    );
    return;
  }
  // concurrentBrokerRestartCountPerRack: brokers of one rack may restart together, since a
  // rack-aware placement keeps the other replicas of their partitions in other racks. Only brokers
  // whose rack is known; controllers always alone.
  const limit = input.spec.rollingUpgradeConfig.concurrentBrokerRestartCountPerRack;
  const rack = input.racks.get(next.broker.id);
  const isController = (c: { broker: Broker }): boolean => rolesOf(input.spec, c.broker).includes('controller');
  const batch =
    limit > 1 && rack !== undefined && !isController(next)
      ? ordered.filter((c) => !isController(c) && input.racks.get(c.broker.id) === rack).slice(0, limit)
      : [next];
  for (const c of batch)
    plan.actions.push({
      type: 'restartBroker',
      namespace: input.cluster.namespace,
      podName: c.podName,
      brokerId: c.broker.id,
      reason: c.reason,
      planned: c.planned,
    });
}

/** The metadata log dir of the config a node was last given, which its metadata log is in. */
function runningMetadataLogDir(seen: ObservedBroker): string | undefined {
  const text = seen.configMap?.data?.[CONFIG_KEY];
  return text !== undefined ? metadataLogDirOf(getProperties(text)) : undefined;
}

/** The mount path, among `mountPaths`, that `dir` is on. */
function diskOf(dir: string | undefined, mountPaths: readonly string[]): string | undefined {
  if (dir === undefined) return undefined;
  return mountPaths.find((path) => dir === path || dir.startsWith(`${path.replace(/\/+$/, '')}/`));
}
