import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IService } from 'kubernetes-models/v1/Service';
import type { KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';
import type { ObjectCache } from '../k8s/objectCache.js';
import { assignRacks, type RackAssignment } from './racks.js';
import { ANNOTATION_MOUNT_PATH, LABEL_BROKER_ID, clusterLabels, type ClusterRef } from './labels.js';
import { brokerServiceName, CONFIG_KEY, configMapName, headlessServiceName, jmxExporterConfigMapName } from './objectNames.js';
import { allBrokerServiceName, assignExternalNodes, type CandidateNode, type ExternalFacts, type NodeAddresses } from './externalAccess.js';
import { getProperties } from 'properties-file';

/** What exists in Kubernetes for one broker. */
export interface ObservedBroker {
  id: number;
  /** The broker's live Pod: not terminating, newest first if several. */
  pod: IPod | undefined;
  /** Pods on their way out (being deleted). */
  terminatingPods: IPod[];
  configMap: IConfigMap | undefined;
  service: IService | undefined;
  /** The broker's Services on external listeners, by name (`<cluster>-<id>-<listener>`). */
  externalServices?: Map<string, IService>;
  /** PVCs by the mountPath annotation that ties them to a storageConfig. */
  pvcs: Map<string, IPersistentVolumeClaim>;
}

export interface ObservedCluster {
  brokers: Map<number, ObservedBroker>;
  headlessService: IService | undefined;
  /** The bootstrap load balancers of LoadBalancer listeners, by name (`<cluster>-all-broker-<listener>`). */
  allBrokerServices?: Map<string, IService>;
  /** The brokers' JMX exporter rules (`<cluster>-kafka-jmx-exporter`). */
  jmxExporterConfigMap?: IConfigMap | undefined;
}

/** Informers may hand out timestamps as Date objects (client-node's typed models) or as strings. */
const createdMs = (pod: IPod): number => new Date(pod.metadata?.creationTimestamp ?? 0).getTime();
const newestFirst = (a: IPod, b: IPod): number => createdMs(b) - createdMs(a);

/** Reads the cluster's objects from the cache: Koperator's labels find them, never their names. */
export function observeCluster(cache: ObjectCache, cluster: ClusterRef): ObservedCluster {
  const selector = { app: 'kafka', kafka_cr: cluster.name };
  const brokers = new Map<number, ObservedBroker>();
  const brokerOf = (labels: Record<string, string> | undefined): ObservedBroker | undefined => {
    const id = Number(labels?.[LABEL_BROKER_ID]);
    if (!Number.isInteger(id) || labels?.[LABEL_BROKER_ID] === undefined) return undefined;
    let entry = brokers.get(id);
    if (entry === undefined) {
      entry = { id, pod: undefined, terminatingPods: [], configMap: undefined, service: undefined, externalServices: new Map(), pvcs: new Map() };
      brokers.set(id, entry);
    }
    return entry;
  };

  for (const pod of [...cache.list('Pod', cluster.namespace, selector)].sort(newestFirst)) {
    const entry = brokerOf(pod.metadata?.labels);
    if (!entry) continue;
    if (pod.metadata?.deletionTimestamp !== undefined) entry.terminatingPods.push(pod);
    else entry.pod ??= pod;
  }
  for (const pvc of cache.list('PersistentVolumeClaim', cluster.namespace, selector)) {
    const mountPath = pvc.metadata?.annotations?.[ANNOTATION_MOUNT_PATH];
    const entry = brokerOf(pvc.metadata?.labels);
    if (entry && mountPath !== undefined && pvc.metadata?.deletionTimestamp === undefined) entry.pvcs.set(mountPath, pvc);
  }
  let jmxExporterConfigMap: IConfigMap | undefined;
  for (const configMap of cache.list('ConfigMap', cluster.namespace, selector)) {
    if (configMap.metadata?.name === jmxExporterConfigMapName(cluster)) jmxExporterConfigMap = configMap;
    const entry = brokerOf(configMap.metadata?.labels);
    if (entry && configMap.metadata?.name === configMapName(cluster, entry.id)) entry.configMap = configMap;
  }
  let headlessService: IService | undefined;
  const allBrokerServices = new Map<string, IService>();
  const allBrokerPrefix = allBrokerServiceName(cluster, '');
  for (const service of cache.list('Service', cluster.namespace, clusterLabels(cluster))) {
    const name = service.metadata?.name ?? '';
    if (name === headlessServiceName(cluster)) headlessService = service;
    else if (service.metadata?.labels?.[LABEL_BROKER_ID] === undefined) {
      if (name.startsWith(allBrokerPrefix)) allBrokerServices.set(name, service);
    } else {
      const entry = brokerOf(service.metadata.labels);
      if (!entry) continue;
      if (name === brokerServiceName(cluster, entry.id)) entry.service = service;
      else entry.externalServices?.set(name, service);
    }
  }
  return { brokers, headlessService, allBrokerServices, jmxExporterConfigMap };
}

export function isPodReady(pod: IPod | undefined): boolean {
  return pod?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

/** A Pod that ended (restartPolicy Never: a failed broker stays failed until replaced). */
export function isPodFinished(pod: IPod | undefined): boolean {
  return pod?.status?.phase === 'Failed' || pod?.status?.phase === 'Succeeded';
}

/** Each broker's rack and the zone pins of brokers not scheduled yet, from the nodes their Pods run on (see assignRacks). */
export function observedRacks(cache: ObjectCache, spec: KafkaClusterSpec, observed: ObservedCluster): RackAssignment {
  const scheduled = new Map<number, Record<string, string>>();
  for (const broker of observed.brokers.values()) {
    const nodeName = broker.pod?.spec?.nodeName;
    const node = nodeName !== undefined ? cache.get('Node', undefined, nodeName) : undefined;
    if (node?.metadata?.labels) scheduled.set(broker.id, node.metadata.labels);
  }
  const nodes = cache.list('Node').map((n) => n.metadata?.labels ?? {});
  return assignRacks(spec, scheduled, nodes);
}

export interface ExternalAccessView {
  /** The node each broker reached through its node's address is pinned to (assignExternalNodes). */
  externalNodes: Map<number, string>;
  /** What the brokers' external addresses are made of. */
  externalFacts: ExternalFacts;
}

/**
 * The external listeners' side of the cluster: their Services, and for NodePort listeners the
 * node of each broker: the one its Pod runs on, or, between two Pods, the one it ran on or whose
 * address its server.properties advertises while that node takes Pods; else it gets one
 * (assignExternalNodes).
 */
export function observedExternalAccess(
  cache: ObjectCache,
  spec: KafkaClusterSpec,
  observed: ObservedCluster,
  rackPins: ReadonlyMap<number, { key: string; value: string }>,
): ExternalAccessView {
  const services = new Map<string, IService>(observed.allBrokerServices ?? []);
  for (const broker of observed.brokers.values()) for (const [name, service] of broker.externalServices ?? []) services.set(name, service);
  if ((spec.listenersConfig.externalListeners ?? []).length === 0) return { externalNodes: new Map(), externalFacts: { nodes: new Map(), services } };

  const nodes: CandidateNode[] = cache.list('Node').map((node) => ({
    name: node.metadata?.name ?? '',
    labels: node.metadata?.labels ?? {},
    addresses: (node.status?.addresses ?? []).map((a) => ({ type: a.type, address: a.address })),
    schedulable: node.spec?.unschedulable !== true && node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true,
  }));
  const current = new Map<number, string>();
  for (const broker of observed.brokers.values()) {
    const running = broker.pod?.spec?.nodeName;
    const advertised = advertisedHosts(broker.configMap?.data?.[CONFIG_KEY]);
    const previous =
      broker.terminatingPods.find((p) => p.spec?.nodeName !== undefined)?.spec?.nodeName ??
      nodes.find((n) => n.addresses.some((a) => advertised.has(a.address)))?.name;
    // Between two Pods, a node that no longer takes Pods (cordoned, not Ready) is left for another.
    const node = running ?? (nodes.find((n) => n.name === previous)?.schedulable === true ? previous : undefined);
    if (node !== undefined) current.set(broker.id, node);
  }
  const externalNodes = assignExternalNodes(spec, current, nodes, rackPins);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const nodeOf = new Map<number, NodeAddresses>();
  for (const [id, name] of externalNodes) {
    const node = byName.get(name);
    if (node !== undefined) nodeOf.set(id, node);
  }
  return { externalNodes, externalFacts: { nodes: nodeOf, services } };
}

/** The hosts a broker's server.properties advertises. */
function advertisedHosts(text: string | undefined): Set<string> {
  const value = text === undefined ? undefined : getProperties(text)['advertised.listeners'];
  return new Set((value ?? '').split(',').flatMap((entry) => /^[^:]+:\/\/\[?([^\]]*?)\]?:\d+$/.exec(entry.trim())?.[1] ?? []));
}
