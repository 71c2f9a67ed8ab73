import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { KafkaCluster } from '../k8s/crd/index.js';
import type { CustomResource } from '../k8s/objectCache.js';
import type { EditContext } from '../operator/edits/index.js';

/** An alert action recorded in dry-run mode: it counts for the cooldown as a real one would. */
export interface DryRunRecord {
  key: string;
  command: string;
  at: string;
}

/** Everything an alert is decided on, read beforehand, so that deciding is a pure function. */
export interface ClusterObservation {
  namespace: string;
  name: string;
  /** The KafkaCluster as stored: its annotations hold the ledger of alert actions. */
  object: CustomResource;
  /** The same, parsed; undefined when its spec cannot be read. */
  cluster: KafkaCluster | undefined;
  /** What edits are planned against (spec, status, StorageClasses, the cluster's PVCs). */
  context: EditContext | undefined;
  /** The PVC the alert names (`persistentvolumeclaim` label), when it exists. */
  pvc: IPersistentVolumeClaim | undefined;
  dryRuns: readonly DryRunRecord[];
  /** Replicas per broker as Cruise Control reports them, when a downScale must choose a broker. */
  replicaCounts: ReadonlyMap<number, number> | { error: string } | undefined;
  /** The key of this alert's record, as the ledger stores it. */
  key: string;
  now: Date;
  /** Six random characters for a new disk's mount path (Koperator's util.RandomString(6)). */
  random: string;
}
