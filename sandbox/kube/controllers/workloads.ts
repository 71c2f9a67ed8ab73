import { nowTime, type KubeApi } from '../api.js';
import type { ResourceType } from '../resources.js';
import type { StoreEvent, StoredObject } from '../store.js';
import { planDeployment, REVISION, type DeploymentAction } from './deploymentPlan.js';
import { deploymentStatus } from './deploymentStatus.js';
import { recordEvent } from './events.js';
import { planReplicaSet } from './replicaSetPlan.js';

const DEPLOYMENTS = 'apps/deployments';
const REPLICA_SETS = 'apps/replicasets';

/**
 * The Deployment and ReplicaSet controllers of the controller-manager, as one loop apart from
 * the API server: it hears of changes to Deployments, ReplicaSets and Pods, and syncs the
 * objects concerned a moment later (the work queue), carrying out what the pure planners
 * (deploymentPlan.ts, replicaSetPlan.ts) decide.
 */
export class WorkloadControllers {
  private readonly deployments = new Set<string>();
  private readonly replicaSets = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly api: KubeApi,
    private readonly stepMs = 10,
  ) {}

  start(): void {
    this.unsubscribe = this.api.store.subscribe((event) => this.onEvent(event));
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
  }

  private r(group: string, plural: string): ResourceType {
    const found = this.api.resource(group, group === '' ? 'v1' : 'v1', plural);
    if (!found) throw new Error(`no resource ${plural}`);
    return found;
  }

  private onEvent(event: StoreEvent): void {
    const { metadata } = event.object;
    const key = `${metadata.namespace ?? ''}/${metadata.name}`;
    const controller = metadata.ownerReferences?.find((o) => o.controller === true);
    const ownerKey = controller ? `${metadata.namespace ?? ''}/${controller.name}` : undefined;
    if (event.resource === DEPLOYMENTS) this.deployments.add(key);
    else if (event.resource === REPLICA_SETS) {
      this.replicaSets.add(key);
      if (controller?.kind === 'Deployment' && ownerKey) this.deployments.add(ownerKey);
    } else if (event.resource === '/pods' && controller?.kind === 'ReplicaSet' && ownerKey) this.replicaSets.add(ownerKey);
    else return;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.sync();
    }, this.stepMs);
  }

  private sync(): void {
    for (const key of this.take(this.replicaSets)) this.syncReplicaSet(key);
    for (const key of this.take(this.deployments)) this.syncDeployment(key);
  }

  private take(keys: Set<string>): string[] {
    const taken = [...keys];
    keys.clear();
    return taken.map((k) => k);
  }

  private split(key: string): [string, string] {
    const slash = key.indexOf('/');
    return [key.slice(0, slash), key.slice(slash + 1)];
  }

  /** The Pods a ReplicaSet controls that still count: not being deleted, not finished. */
  private activePods(rs: StoredObject): StoredObject[] {
    return this.api.store
      .list('/pods', rs.metadata.namespace)
      .filter((p) => p.metadata.ownerReferences?.some((o) => o.controller === true && o.uid === rs.metadata.uid))
      .filter(
        (p) => p.metadata.deletionTimestamp === undefined && !['Succeeded', 'Failed'].includes(String((p.status as { phase?: string } | undefined)?.phase)),
      );
  }

  private syncReplicaSet(key: string): void {
    const [namespace, name] = this.split(key);
    const rs = this.api.store.get(REPLICA_SETS, namespace, name);
    if (!rs) return;
    const pods = this.r('', 'pods');
    const plan = planReplicaSet(rs, this.activePods(rs), Date.now());
    const shown = { ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet' };
    if (rs.metadata.deletionTimestamp === undefined) {
      const template =
        ((rs.spec ?? {}) as { template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown } }).template ??
        {};
      for (let i = 0; i < plan.create; i += 1) {
        const pod = this.api.create(pods, namespace, {
          metadata: {
            generateName: `${name}-`,
            namespace,
            ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
            ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }],
          },
          spec: structuredClone(template.spec ?? {}),
        } as unknown as StoredObject);
        recordEvent(this.api, shown, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, 'replicaset-controller');
      }
      for (const pod of plan.remove) {
        this.api.delete(pods, namespace, pod.metadata.name, {});
        recordEvent(this.api, shown, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, 'replicaset-controller');
      }
    }
    const status = { ...plan.status } as Record<string, number>;
    // Zero counts but replicas are left out (omitempty).
    for (const field of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) if (status[field] === 0) delete status[field];
    this.writeStatus(this.r('apps', 'replicasets'), namespace, name, status);
  }

  private syncDeployment(key: string): void {
    const [namespace, name] = this.split(key);
    const d = this.api.store.get(DEPLOYMENTS, namespace, name);
    if (!d || d.metadata.deletionTimestamp !== undefined) return;
    const shown = { ...d, apiVersion: 'apps/v1', kind: 'Deployment' };
    const owned = (): StoredObject[] =>
      this.api.store.list(REPLICA_SETS, namespace).filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller === true && o.uid === d.metadata.uid));
    const available = (rs: StoredObject): number => (rs.status as { availableReplicas?: number } | undefined)?.availableReplicas ?? 0;
    const plan = planDeployment(d, owned(), available, (rs) => this.activePods(rs).length);
    for (const action of plan.actions) this.carryOut(shown, action);
    if (plan.revision !== undefined && d.metadata.annotations?.[REVISION] !== plan.revision) {
      const latest = this.api.store.get(DEPLOYMENTS, namespace, name);
      const annotations = { ...latest?.metadata.annotations, [REVISION]: plan.revision };
      if (latest)
        this.api.update(
          this.r('apps', 'deployments'),
          latest,
          { ...structuredClone(latest), metadata: { ...structuredClone(latest.metadata), annotations } },
          undefined,
        );
    }
    const latest = this.api.store.get(DEPLOYMENTS, namespace, name);
    if (!latest) return;
    const replicaSets = owned();
    const newRs = replicaSets.find((rs) => rs.metadata.name === plan.newReplicaSet);
    this.writeStatus(this.r('apps', 'deployments'), namespace, name, deploymentStatus(latest, replicaSets, newRs, plan.createdNew, nowTime()));
  }

  private carryOut(deployment: StoredObject, action: DeploymentAction): void {
    const r = this.r('apps', 'replicasets');
    const { namespace, name } = action.replicaSet.metadata;
    if (action.type === 'create') {
      const created = this.api.create(r, namespace, action.replicaSet);
      const replicas = ((created.spec ?? {}) as { replicas?: number }).replicas ?? 0;
      if (replicas > 0)
        recordEvent(this.api, deployment, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`, 'deployment-controller');
      return;
    }
    const current = this.api.store.get(REPLICA_SETS, namespace, name);
    if (!current) return;
    if (action.type === 'delete') {
      this.api.delete(r, namespace, name, {});
      return;
    }
    const next = structuredClone(current);
    next.metadata.annotations = { ...next.metadata.annotations, ...action.annotations };
    const before = ((current.spec ?? {}) as { replicas?: number }).replicas ?? 0;
    if (action.type === 'scale') (next.spec as { replicas?: number }).replicas = action.replicas;
    this.api.update(r, current, next, undefined);
    if (action.type === 'scale' && action.replicas !== before) {
      // sync.go scaleReplicaSetAndRecordEvent.
      const direction = action.replicas > before ? 'up' : 'down';
      recordEvent(
        this.api,
        deployment,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${direction} replica set ${name} from ${before} to ${action.replicas}`,
        'deployment-controller',
      );
    }
  }

  private writeStatus(r: ResourceType, namespace: string, name: string, status: Record<string, unknown>): void {
    const latest = this.api.store.get(`${r.group}/${r.plural}`, namespace, name);
    if (!latest || JSON.stringify(latest.status ?? {}) === JSON.stringify(status)) return;
    this.api.update(r, latest, { ...structuredClone(latest), status }, 'status');
  }
}
