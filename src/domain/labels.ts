import { CLUSTER_API_VERSION } from './apis.js';
import type { IOwnerReference } from '@kubernetes-models/apimachinery/apis/meta/v1/OwnerReference';

/** Koperator's labels, kept so its users' selectors, dashboards and alert rules keep working. */
export const LABEL_APP = 'app';
export const LABEL_CLUSTER = 'kafka_cr';
export const LABEL_BROKER_ID = 'brokerId';
export const LABEL_PROCESS_ROLES = 'processRoles';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** On a PVC: which storageConfig it backs (Koperator matches PVCs to disks this way). */
export const ANNOTATION_MOUNT_PATH = 'mountPath';
/** On a PVC added to a broker that already ran: its disk is filled by a disk rebalance. */
export const ANNOTATION_ADDED_DISK = 'kafkaplane.io/added-to-running-broker';
/** On a Pod: the hash of everything whose change needs the broker restarted. */
export const ANNOTATION_RESTART_HASH = 'kafkaplane.io/restart-hash';
/**
 * On a KafkaCluster: `restart.kafkaplane.io/broker-<id>` asks for that broker to be restarted;
 * its value (the time asked) goes into the broker's restart hash, so the rolling restart takes it
 * with the same care as a config change. On the broker's Pod: the request it was started with.
 */
export const RESTART_REQUEST_PREFIX = 'restart.kafkaplane.io/broker-';
export const ANNOTATION_RESTART_REQUESTED = 'kafkaplane.io/restart-requested';

/** The restart asked for each broker, from the KafkaCluster's annotations. */
export function restartRequests(annotations: Readonly<Record<string, string>> | undefined): Map<number, string> {
  const requests = new Map<number, string>();
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (!key.startsWith(RESTART_REQUEST_PREFIX)) continue;
    const id = Number(key.slice(RESTART_REQUEST_PREFIX.length));
    if (Number.isInteger(id) && id >= 0) requests.set(id, value);
  }
  return requests;
}

export interface ClusterRef {
  name: string;
  namespace: string;
  uid: string;
}

/** A cluster as the API and the addresses name it: by namespace and name. */
export type ClusterKey = Pick<ClusterRef, 'namespace' | 'name'>;

export function clusterLabels(cluster: ClusterRef): Record<string, string> {
  return { [LABEL_APP]: 'kafka', [LABEL_CLUSTER]: cluster.name, [LABEL_MANAGED_BY]: 'kafkaplane' };
}

export function brokerLabels(cluster: ClusterRef, brokerId: number): Record<string, string> {
  return { ...clusterLabels(cluster), [LABEL_BROKER_ID]: String(brokerId) };
}

/** Owned by the KafkaCluster: deleting the cluster lets the garbage collector remove its objects. */
export function ownerReference(cluster: ClusterRef): IOwnerReference {
  return {
    apiVersion: CLUSTER_API_VERSION,
    kind: 'KafkaCluster',
    name: cluster.name,
    uid: cluster.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}
