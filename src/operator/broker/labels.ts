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

export interface ClusterRef {
  name: string;
  namespace: string;
  uid: string;
}

export function clusterLabels(cluster: ClusterRef): Record<string, string> {
  return { [LABEL_APP]: 'kafka', [LABEL_CLUSTER]: cluster.name, [LABEL_MANAGED_BY]: 'kafkaplane' };
}

export function brokerLabels(cluster: ClusterRef, brokerId: number): Record<string, string> {
  return { ...clusterLabels(cluster), [LABEL_BROKER_ID]: String(brokerId) };
}

/** Owned by the KafkaCluster: deleting the cluster lets the garbage collector remove its objects. */
export function ownerReference(cluster: ClusterRef): IOwnerReference {
  return {
    apiVersion: 'kafka.banzaicloud.io/v1beta1',
    kind: 'KafkaCluster',
    name: cluster.name,
    uid: cluster.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}
