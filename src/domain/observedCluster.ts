import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IService } from 'kubernetes-models/v1/Service';
import type { KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';
import type { ObjectCache } from '../k8s/objectCache.js';
import { assignRacks, type RackAssignment } from './racks.js';
import { ANNOTATION_MOUNT_PATH, LABEL_BROKER_ID, clusterLabels, type ClusterRef } from './labels.js';
import { configMapName, headlessServiceName, jmxExporterConfigMapName } from './objectNames.js';

/** What exists in Kubernetes for one broker. */
export interface ObservedBroker {
  id: number;
  /** The broker's live Pod: not terminating, newest first if several. */
  pod: IPod | undefined;
  /** Pods on their way out (being deleted). */
  terminatingPods: IPod[];
  configMap: IConfigMap | undefined;
  service: IService | undefined;
  /** PVCs by the mountPath annotation that ties them to a storageConfig. */
  pvcs: Map<string, IPersistentVolumeClaim>;
}

export interface ObservedCluster {
  brokers: Map<number, ObservedBroker>;
  headlessService: IService | undefined;
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
      entry = { id, pod: undefined, terminatingPods: [], configMap: undefined, service: undefined, pvcs: new Map() };
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
  for (const service of cache.list('Service', cluster.namespace, clusterLabels(cluster))) {
    if (service.metadata?.name === headlessServiceName(cluster)) headlessService = service;
    else {
      const entry = brokerOf(service.metadata?.labels);
      if (entry) entry.service = service;
    }
  }
  return { brokers, headlessService, jmxExporterConfigMap };
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
