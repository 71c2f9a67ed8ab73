import type { StoredObject } from '../store.js';
import type { WorkloadSpec } from '../strategies/deployment.js';

/**
 * The ReplicaSet controller's decision (kubernetes pkg/controller/replicaset/replica_set.go
 * manageReplicas and calculateStatus), pure: how many Pods to create, which to delete, and the
 * status to write, from the ReplicaSet and the active Pods it controls.
 */
export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration: number;
}

export interface ReplicaSetPlan {
  create: number;
  remove: StoredObject[];
  status: ReplicaSetStatus;
}

interface PodParts {
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: Array<{ type: string; status: string; lastTransitionTime?: string }> };
}

const parts = (pod: StoredObject): PodParts => pod as unknown as PodParts;
const readySince = (pod: StoredObject): number | undefined => {
  const ready = parts(pod).status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.status === 'True' ? Date.parse(ready.lastTransitionTime ?? '') || 0 : undefined;
};

/** Ready for at least minReadySeconds (podutil.IsPodAvailable). */
export function isAvailable(pod: StoredObject, minReadySeconds: number, now: number): boolean {
  const since = readySince(pod);
  return since !== undefined && (minReadySeconds === 0 || since + minReadySeconds * 1000 <= now);
}

/** controller.ActivePods ordering: the Pods to delete first (unscheduled, pending, not ready, newest). */
function deletionRank(pod: StoredObject): number[] {
  const p = parts(pod);
  const phaseRank = p.status?.phase === 'Pending' ? 0 : p.status?.phase === 'Unknown' ? 1 : 2;
  return [p.spec?.nodeName === undefined ? 0 : 1, phaseRank, readySince(pod) === undefined ? 0 : 1, -Date.parse(pod.metadata.creationTimestamp ?? '')];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i += 1) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** `pods`: the active (not terminating, not finished) Pods the ReplicaSet controls. */
export function planReplicaSet(rs: StoredObject, pods: StoredObject[], now: number): ReplicaSetPlan {
  const spec = (rs.spec ?? {}) as WorkloadSpec;
  const desired = spec.replicas ?? 1;
  const diff = pods.length - desired;
  // burstReplicas: at most 500 Pods created or deleted per sync.
  const create = diff < 0 ? Math.min(-diff, 500) : 0;
  const remove = diff > 0 ? [...pods].sort((a, b) => compareRanks(deletionRank(a), deletionRank(b))).slice(0, Math.min(diff, 500)) : [];
  const templateLabels = spec.template?.metadata?.labels ?? {};
  const minReady = spec.minReadySeconds ?? 0;
  return {
    create,
    remove,
    status: {
      replicas: pods.length,
      fullyLabeledReplicas: pods.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v)).length,
      readyReplicas: pods.filter((p) => readySince(p) !== undefined).length,
      availableReplicas: pods.filter((p) => isAvailable(p, minReady, now)).length,
      observedGeneration: rs.metadata.generation ?? 1,
    },
  };
}
