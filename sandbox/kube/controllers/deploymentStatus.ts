import type { StoredObject } from '../store.js';
import type { WorkloadSpec } from '../strategies/deployment.js';
import { fenceposts } from './deploymentPlan.js';

/**
 * A Deployment's status from its ReplicaSets (kubernetes pkg/controller/deployment sync.go
 * calculateStatus, progress.go syncRolloutStatus, util SetDeploymentCondition): counts, then
 * the Available and Progressing conditions, each moved to the end of the list when it changes.
 */
interface Condition {
  type: string;
  status: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}
interface RsStatus {
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
}

const rsStatus = (rs: StoredObject): RsStatus => rs.status ?? {};

function setCondition(conditions: Condition[], type: string, status: string, reason: string, message: string, now: string): Condition[] {
  const current = conditions.find((c) => c.type === type);
  if (current && current.status === status && current.reason === reason) return conditions;
  const lastTransitionTime = current && current.status === status ? current.lastTransitionTime : now;
  return [...conditions.filter((c) => c.type !== type), { type, status, lastUpdateTime: now, lastTransitionTime, reason, message }];
}

export function deploymentStatus(
  d: StoredObject,
  replicaSets: StoredObject[],
  newRs: StoredObject | undefined,
  createdNew: boolean,
  now: string,
): Record<string, unknown> {
  const spec = (d.spec ?? {}) as WorkloadSpec;
  const desired = spec.replicas ?? 1;
  const sum = (pick: (rs: StoredObject) => number): number => replicaSets.reduce((n, rs) => n + pick(rs), 0);
  const available = sum((rs) => rsStatus(rs).availableReplicas ?? 0);
  const total = sum((rs) => ((rs.spec ?? {}) as WorkloadSpec).replicas ?? 0);
  const counts = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sum((rs) => rsStatus(rs).replicas ?? 0),
    updatedReplicas: newRs ? (rsStatus(newRs).replicas ?? 0) : 0,
    readyReplicas: sum((rs) => rsStatus(rs).readyReplicas ?? 0),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
  };
  let conditions = [...((d.status as { conditions?: Condition[] } | undefined)?.conditions ?? [])];
  const rsName = newRs?.metadata.name ?? '';
  if (newRs && createdNew) conditions = setCondition(conditions, 'Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${rsName}"`, now);
  else if (newRs && !conditions.some((c) => c.type === 'Progressing')) {
    conditions = setCondition(conditions, 'Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${rsName}"`, now);
  }
  conditions =
    available >= desired - fenceposts(d).unavailable
      ? setCondition(conditions, 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now)
      : setCondition(conditions, 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now);
  const progressing = conditions.find((c) => c.type === 'Progressing');
  const settled = counts.replicas === counts.updatedReplicas && progressing?.reason === 'NewReplicaSetAvailable';
  if (newRs && spec.paused !== true && !settled) {
    const complete = counts.updatedReplicas === desired && counts.replicas === desired && available === desired;
    conditions = complete
      ? setCondition(conditions, 'Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${newRs.metadata.name}" has successfully progressed.`, now)
      : setCondition(conditions, 'Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${newRs.metadata.name}" is progressing.`, now);
  }
  // Zero counts are left out, as the Go struct's omitempty does.
  const shown = Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== 0));
  return { ...shown, conditions };
}
