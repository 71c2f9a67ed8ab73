import { checkKafkaCluster } from '../k8s/crd/index.js';
import type { ObjectCache } from '../k8s/objectCache.js';
import { cruiseControlTargetOf, type CruiseControlTarget } from '../domain/cruiseControlAccess.js';
import type { ClusterRef } from '../domain/labels.js';
import { editContext } from '../operator/edits/index.js';
import type { ClusterObservation, DryRunRecord } from './observation.js';
import type { ReceivedAlert } from '../domain/alertEvents.js';
import { LABEL_ALERT_COMMAND } from '../domain/alertEvents.js';
import { readRecord } from './record.js';

/** Replicas per broker, as Cruise Control reports them (kafka_cluster_state). */
export type ReplicaCounter = (cluster: ClusterRef, cruiseControl: CruiseControlTarget) => Promise<ReadonlyMap<number, number>>;

export interface ObserveInput {
  cache: ObjectCache;
  cluster: ClusterRef;
  alert: ReceivedAlert;
  key: string;
  replicaCounts: ReplicaCounter;
  now: Date;
  random: string;
}

/**
 * Reads what an alert is decided on: the cluster, its PVCs and StorageClasses and the dry-run
 * records from the cache, and Cruise Control's replica counts only when a downScale names no
 * broker (it admits few requests at a time). Undefined when the cluster is gone.
 */
export async function observeForAlert(input: ObserveInput): Promise<ClusterObservation | undefined> {
  const { cache, cluster: ref, alert } = input;
  const object = cache.get('KafkaCluster', ref.namespace, ref.name);
  if (object === undefined) return undefined;
  const cluster = checkKafkaCluster(object).cluster;
  const pvcName = alert.labels.persistentvolumeclaim;
  let replicaCounts: ClusterObservation['replicaCounts'];
  if (cluster !== undefined && alert.annotations.command === 'downScale' && (alert.labels.brokerId ?? '') === '') {
    try {
      replicaCounts = await input.replicaCounts(ref, cruiseControlTargetOf(object));
    } catch (err) {
      replicaCounts = { error: (err as Error).message };
    }
  }
  return {
    namespace: ref.namespace,
    name: ref.name,
    object,
    cluster,
    context: cluster !== undefined ? editContext(cache, ref, cluster.spec, cluster.status) : undefined,
    pvc: pvcName !== undefined && pvcName !== '' ? cache.get('PersistentVolumeClaim', ref.namespace, pvcName) : undefined,
    dryRuns: dryRunRecords(cache, ref),
    replicaCounts,
    key: input.key,
    now: input.now,
    random: input.random,
  };
}

/** The cluster's alert records that were decided in dry-run mode. */
function dryRunRecords(cache: ObjectCache, cluster: ClusterRef): DryRunRecord[] {
  return cache.list('Event', cluster.namespace).flatMap((event) => {
    if (event.metadata?.labels?.[LABEL_ALERT_COMMAND] === undefined || event.involvedObject.name !== cluster.name) return [];
    const record = readRecord(event);
    if (record?.outcome !== 'DryRun' || record.command === undefined) return [];
    return [{ key: record.name, command: record.command, at: record.decidedAt ?? record.receivedAt }];
  });
}
