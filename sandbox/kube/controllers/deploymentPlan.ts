import type { StoredObject } from '../store.js';
import type { WorkloadSpec } from '../strategies/deployment.js';

/**
 * The Deployment controller's next step (kubernetes pkg/controller/deployment: sync.go,
 * rolling.go, recreate.go, util/deployment_util.go), pure: from a Deployment and the
 * ReplicaSets it controls, the ReplicaSet to create, the scalings, the annotations and the
 * status. Called again whenever a ReplicaSet or Pod changes, it walks a rollout to its end.
 */
export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

export type DeploymentAction =
  | { type: 'create'; replicaSet: StoredObject }
  | { type: 'scale'; replicaSet: StoredObject; replicas: number; annotations: Record<string, string> }
  | { type: 'annotate'; replicaSet: StoredObject; annotations: Record<string, string> }
  | { type: 'delete'; replicaSet: StoredObject };

export interface DeploymentPlan {
  actions: DeploymentAction[];
  /** The revision annotation the Deployment must carry. */
  revision: string | undefined;
  newReplicaSet: string | undefined;
  /** Whether the new ReplicaSet was created by this step (the Progressing condition says so). */
  createdNew: boolean;
}

const specOf = (o: StoredObject): WorkloadSpec => o.spec ?? {};
const replicasOf = (o: StoredObject): number => specOf(o).replicas ?? 0;
export const revisionOf = (o: StoredObject): number => Number(o.metadata.annotations?.[REVISION] ?? 0) || 0;

/** rand.SafeEncodeString of the template's 32-bit FNV-1a hash, as ComputeHash names ReplicaSets. */
export function templateHash(template: unknown): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(stableJson(template))) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const alphanums = 'bcdfghjklmnpqrstvwxz2456789';
  return [...String(hash)].map((c) => alphanums[c.charCodeAt(0) % alphanums.length] ?? 'b').join('');
}

/**
 * A canonical JSON for comparing templates as apimachinery's semantic DeepEqual does: keys
 * sorted, and null, empty maps and empty lists the same as absent (a template kubectl sends
 * back from a ReplicaSet carries `creationTimestamp: null`).
 */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const isEmpty = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'object' && Object.keys(v).length === 0);
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => !isEmpty(v))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The template without the pod-template-hash label (EqualIgnoreHash). */
function withoutHash(template: WorkloadSpec['template']): string {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  return stableJson(copy);
}

/** intstr.GetScaledValueFromIntOrPercent: a percentage of the replicas, rounded up or down. */
function scaled(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = Number(String(value ?? '0').replace('%', ''));
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** ResolveFenceposts: maxSurge rounded up, maxUnavailable down, never both zero. */
export function fenceposts(d: StoredObject): { surge: number; unavailable: number } {
  const spec = specOf(d);
  if (spec.strategy?.type !== 'RollingUpdate') return { surge: 0, unavailable: 0 };
  const desired = spec.replicas ?? 1;
  const surge = scaled(spec.strategy.rollingUpdate?.maxSurge, desired, true);
  const unavailable = scaled(spec.strategy.rollingUpdate?.maxUnavailable, desired, false);
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
}

export function planDeployment(
  d: StoredObject,
  replicaSets: StoredObject[],
  available: (rs: StoredObject) => number,
  activePods: (rs: StoredObject) => number,
): DeploymentPlan {
  const spec = specOf(d);
  const desired = spec.replicas ?? 1;
  const { surge, unavailable } = fenceposts(d);
  const wanted = withoutHash(spec.template);
  const sorted = [...replicaSets].sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? ''));
  const existingNew = sorted.find((rs) => withoutHash(specOf(rs).template) === wanted);
  const olds = sorted.filter((rs) => rs !== existingNew);
  const maxOld = Math.max(0, ...olds.map(revisionOf));
  const annotations = (revision: number, extra: Record<string, string> = {}): Record<string, string> => ({
    [REVISION]: String(revision),
    [DESIRED_REPLICAS]: String(desired),
    [MAX_REPLICAS]: String(desired + surge),
    ...extra,
  });
  const actions: DeploymentAction[] = [];
  let newRs = existingNew;
  let createdNew = false;
  if (spec.paused === true)
    return { actions, revision: existingNew ? String(revisionOf(existingNew)) : undefined, newReplicaSet: existingNew?.metadata.name, createdNew };

  const oldTotal = olds.reduce((n, rs) => n + replicasOf(rs), 0);
  // rolling.go reconcileNewReplicaSet (NewRSNewReplicas) / recreate.go: the new ReplicaSet's size this step.
  const recreate = spec.strategy?.type === 'Recreate';
  const newTarget = (current: number): number => {
    if (recreate) return oldTotal > 0 || olds.some((rs) => activePods(rs) > 0) ? current : desired;
    if (current >= desired) return desired;
    const room = desired + surge - (oldTotal + current);
    return room <= 0 ? current : current + Math.min(room, desired - current);
  };
  if (!newRs) {
    const hash = templateHash(spec.template);
    const template = structuredClone(spec.template ?? {});
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash } };
    const revision = maxOld + 1;
    newRs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...spec.template?.metadata?.labels, [POD_TEMPLATE_HASH]: hash },
        annotations: annotations(revision),
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true },
        ],
      },
      spec: {
        replicas: newTarget(0),
        minReadySeconds: spec.minReadySeconds ?? 0,
        selector: { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, [POD_TEMPLATE_HASH]: hash } },
        template,
      },
    } as unknown as StoredObject;
    actions.push({ type: 'create', replicaSet: newRs });
    createdNew = true;
  } else {
    // A ReplicaSet that is new again (a rollback) takes the next revision, and keeps its old ones in the history.
    const current = revisionOf(newRs);
    const revision = current <= maxOld ? maxOld + 1 : current;
    const history =
      current <= maxOld && current > 0
        ? [newRs.metadata.annotations?.[REVISION_HISTORY], String(current)].filter((h) => h !== undefined && h !== '').join(',')
        : undefined;
    const wantedAnnotations = annotations(revision, history !== undefined ? { [REVISION_HISTORY]: history } : {});
    const target = newTarget(replicasOf(newRs));
    const stale = Object.entries(wantedAnnotations).some(([k, v]) => newRs?.metadata.annotations?.[k] !== v);
    if (target !== replicasOf(newRs)) actions.push({ type: 'scale', replicaSet: newRs, replicas: target, annotations: wantedAnnotations });
    else if (stale) actions.push({ type: 'annotate', replicaSet: newRs, annotations: wantedAnnotations });
  }

  const scaledNew = actions.some((a) => a.type === 'scale');
  if (recreate) {
    for (const rs of olds) if (replicasOf(rs) > 0) actions.push({ type: 'scale', replicaSet: rs, replicas: 0, annotations: {} });
  } else if (!scaledNew) actions.push(...scaleDownOld(olds, newRs, desired - unavailable, available));

  // sync.go cleanupDeployment, once nothing else moves: old ReplicaSets at zero beyond revisionHistoryLimit, oldest first.
  if (actions.every((a) => a.type !== 'scale')) {
    const limit = spec.revisionHistoryLimit ?? 10;
    const idle = olds.filter((rs) => replicasOf(rs) === 0 && ((rs.status as { replicas?: number } | undefined)?.replicas ?? 0) === 0 && activePods(rs) === 0);
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) actions.push({ type: 'delete', replicaSet: rs });
  }

  const revision = actions.find((a) => a.type !== 'delete' && a.replicaSet === newRs && (a.type === 'create' || Object.keys(a.annotations).length > 0));
  let newRevision = String(revisionOf(newRs));
  if (revision?.type === 'create') newRevision = revision.replicaSet.metadata.annotations?.[REVISION] ?? newRevision;
  else if (revision && revision.type !== 'delete') newRevision = revision.annotations[REVISION] ?? newRevision;
  return { actions, revision: newRevision, newReplicaSet: newRs.metadata.name, createdNew };
}

/**
 * rolling.go reconcileOldReplicaSets: unhealthy old Pods go first (cleanupUnhealthyReplicas),
 * then available ones while more than minAvailable Pods stay available
 * (scaleDownOldReplicaSetsForRollingUpdate). `olds` oldest first.
 */
function scaleDownOld(olds: StoredObject[], newRs: StoredObject, minAvailable: number, available: (rs: StoredObject) => number): DeploymentAction[] {
  const oldTotal = olds.reduce((n, rs) => n + replicasOf(rs), 0);
  if (oldTotal === 0) return [];
  const newUnavailable = replicasOf(newRs) - available(newRs);
  const maxScaledDown = oldTotal + replicasOf(newRs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];
  const sizes = new Map(olds.map((rs) => [rs, replicasOf(rs)]));
  let cleaned = 0;
  for (const rs of olds) {
    const size = sizes.get(rs) ?? 0;
    if (cleaned >= maxScaledDown || size === 0 || size === available(rs)) continue;
    const down = Math.min(maxScaledDown - cleaned, size - available(rs));
    sizes.set(rs, size - down);
    cleaned += down;
  }
  const availableNow = olds.reduce((n, rs) => n + available(rs), 0) + available(newRs);
  let toScaleDown = availableNow - minAvailable;
  for (const rs of olds) {
    const size = sizes.get(rs) ?? 0;
    if (toScaleDown <= 0) break;
    if (size === 0) continue;
    const down = Math.min(size, toScaleDown);
    sizes.set(rs, size - down);
    toScaleDown -= down;
  }
  return olds.filter((rs) => sizes.get(rs) !== replicasOf(rs)).map((rs) => ({ type: 'scale', replicaSet: rs, replicas: sizes.get(rs) ?? 0, annotations: {} }));
}
