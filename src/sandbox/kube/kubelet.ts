import type { KubeApi } from './api.js';
import { canonicalBytes } from './validation.js';
import type { ResourceType } from './resources.js';
import type { StoreEvent, StoredObject } from './store.js';

/** Decides whether a running Pod is Ready (the Kafka model plugs in here: a broker that serves). */
export type PodReadinessGate = (pod: StoredObject) => boolean;

export interface KubeletOptions {
  /** Delay of each step (schedule, start, resize, a second of grace), in ms. */
  stepMs?: number;
  /** Real ms per second of a Pod's termination grace period (sped up). */
  graceMsPerSecond?: number;
  readinessGate?: PodReadinessGate;
  onPodRunning?: (pod: StoredObject) => void;
  onPodStopped?: (pod: StoredObject) => void;
}

/** Marks a StorageClass whose volumes grow only after their Pod restarts (FileSystemResizePending). */
export const RESIZE_NEEDS_RESTART = 'sandbox.kafkaplane.io/resize-requires-pod-restart';
const ZONE = 'topology.kubernetes.io/zone';

type Meta = { name: string; namespace?: string };
interface PodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: Array<{ matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> }> } } };
  containers?: Array<{ name: string; image?: string; resources?: { requests?: Record<string, string> } }>;
  volumes?: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }>;
}

/**
 * The simulated nodes: a scheduler, kubelets and a volume provisioner in one loop, driven by
 * the store's changes and asynchronous like the real ones (kwok's stages are the model).
 */
export class Kubelet {
  private paused = false;
  private readonly pending: Array<() => void> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly stepMs: number;
  private readonly graceMsPerSecond: number;
  readinessGate: PodReadinessGate;
  /** Told when a Pod starts running and when it is gone (the Kafka world follows Pods this way). */
  onPodRunning: ((pod: StoredObject) => void) | undefined;
  onPodStopped: ((pod: StoredObject) => void) | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly api: KubeApi,
    private readonly options: KubeletOptions = {},
  ) {
    this.stepMs = options.stepMs ?? 10;
    this.graceMsPerSecond = options.graceMsPerSecond ?? 1;
    this.readinessGate = options.readinessGate ?? (() => true);
    this.onPodRunning = options.onPodRunning;
    this.onPodStopped = options.onPodStopped;
  }

  private r(group: string, plural: string): ResourceType {
    const found = this.api.resources().find((x) => x.group === group && x.plural === plural);
    if (!found) throw new Error(`no resource ${plural}`);
    return found;
  }

  start(): void {
    this.unsubscribe = this.api.store.subscribe((event) => this.onEvent(event));
    const refresh = setInterval(() => this.refreshReadiness(), Math.max(20, this.stepMs * 5));
    this.timers.add(refresh);
  }

  stop(): void {
    this.unsubscribe?.();
    for (const t of this.timers) {
      clearTimeout(t);
      clearInterval(t);
    }
    this.timers.clear();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    for (const work of this.pending.splice(0)) work();
  }

  /** Re-evaluates the readiness gate of every running Pod (call after the Kafka model changed). */
  refreshReadiness(): void {
    if (this.paused) return;
    for (const pod of this.api.list(this.r('', 'pods'), undefined)) {
      const status = pod.status as { phase?: string; conditions?: Array<{ type: string; status: string }> } | undefined;
      if (status?.phase !== 'Running' || pod.metadata.deletionTimestamp !== undefined) continue;
      const ready = this.readinessGate(pod);
      const current = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      if (ready !== current) this.writePodStatus(pod, 'Running', ready);
    }
  }

  private later(work: () => void, ms = this.stepMs): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.paused) this.pending.push(work);
      else work();
    }, ms);
    this.timers.add(timer);
  }

  private onEvent(event: StoreEvent): void {
    if (event.resource === '/pods') {
      const pod = event.object;
      const spec = pod.spec as PodSpec;
      if (event.type === 'DELETED') {
        this.onPodStopped?.(event.previous ?? pod);
        return;
      }
      if (pod.metadata.deletionTimestamp !== undefined && event.previous?.metadata.deletionTimestamp === undefined) {
        const grace = pod.metadata.deletionGracePeriodSeconds ?? 0;
        this.later(() => this.api.finishDeletion(this.r('', 'pods'), pod.metadata.namespace, pod.metadata.name), this.stepMs + grace * this.graceMsPerSecond);
        return;
      }
      if (event.type === 'ADDED' && spec.nodeName === undefined) this.later(() => this.schedule(pod.metadata));
    }
    if (event.resource === '/persistentvolumeclaims' && event.type === 'MODIFIED') this.later(() => this.resize(event.object.metadata));
  }

  private current(group: string, plural: string, meta: Meta): StoredObject | undefined {
    return this.api.store.get(`${group}/${plural}`, meta.namespace, meta.name);
  }

  private schedule(meta: Meta): void {
    const pod = this.current('', 'pods', meta);
    if (!pod || pod.metadata.deletionTimestamp !== undefined) return;
    const spec = pod.spec as PodSpec;
    // Spread: of the nodes that fit, the one running the fewest Pods (the scheduler's balancing score).
    const pods = this.api.list(this.r('', 'pods'), undefined);
    const load = (n: StoredObject): number => pods.filter((p) => (p.spec as PodSpec).nodeName === n.metadata.name).length;
    const node = this.api
      .list(this.r('', 'nodes'), undefined)
      .filter((n) => this.fits(pod, spec, n))
      .sort((a, b) => load(a) - load(b))[0];
    if (!node) {
      this.writeStatus(pod, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: no node matches the Pod.' }] });
      return;
    }
    const bound = structuredClone(pod);
    (bound.spec as PodSpec).nodeName = node.metadata.name;
    const stored = this.api.update(this.r('', 'pods'), pod, bound, undefined);
    this.writeStatus(stored, { phase: 'Pending', hostIP: '10.0.0.1', conditions: [{ type: 'PodScheduled', status: 'True' }] });
    for (const volume of spec.volumes ?? []) if (volume.persistentVolumeClaim) this.bind(meta.namespace, volume.persistentVolumeClaim.claimName, node);
    this.later(() => this.run(meta));
  }

  private fits(pod: StoredObject, spec: PodSpec, node: StoredObject): boolean {
    const labels = node.metadata.labels ?? {};
    if (Object.entries(spec.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) return false;
    const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    if (terms && terms.length > 0) {
      const termMatches = terms.some((t) =>
        (t.matchExpressions ?? []).every((e) => {
          const value = labels[e.key];
          if (e.operator === 'In') return value !== undefined && (e.values ?? []).includes(value);
          if (e.operator === 'NotIn') return value === undefined || !(e.values ?? []).includes(value);
          if (e.operator === 'Exists') return value !== undefined;
          if (e.operator === 'DoesNotExist') return value === undefined;
          return false;
        }),
      );
      if (!termMatches) return false;
    }
    const cpu = (p: PodSpec): number => (p.containers ?? []).reduce((sum, c) => sum + milli(c.resources?.requests?.cpu), 0);
    const onNode = this.api.list(this.r('', 'pods'), undefined).filter((p) => (p.spec as PodSpec).nodeName === node.metadata.name && p.metadata.uid !== pod.metadata.uid);
    const allocatable = milli((node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable?.cpu);
    return onNode.reduce((sum, p) => sum + cpu(p.spec as PodSpec), 0) + cpu(spec) <= allocatable;
  }

  /** WaitForFirstConsumer: a claim gets its volume when its first Pod is scheduled. */
  private bind(namespace: string | undefined, claimName: string, node: StoredObject): void {
    const pvc = this.api.store.get('/persistentvolumeclaims', namespace, claimName);
    if (!pvc || (pvc.status as { phase?: string } | undefined)?.phase === 'Bound') return;
    const spec = pvc.spec as { resources?: { requests?: { storage?: string } }; storageClassName?: string; accessModes?: string[] };
    const size = spec.resources?.requests?.storage ?? '1Gi';
    const pvName = `pvc-${pvc.metadata.uid}`;
    this.api.create(this.r('', 'persistentvolumes'), undefined, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pvName, labels: { [ZONE]: node.metadata.labels?.[ZONE] ?? '' } } as unknown as StoredObject['metadata'],
      spec: {
        capacity: { storage: size },
        accessModes: spec.accessModes ?? ['ReadWriteOnce'],
        storageClassName: spec.storageClassName ?? 'standard',
        persistentVolumeReclaimPolicy: 'Delete',
        hostPath: { path: `/var/lib/sandbox/${pvName}` },
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claimName, namespace, uid: pvc.metadata.uid },
      },
    });
    const bound = structuredClone(pvc);
    (bound.spec as { volumeName?: string }).volumeName = pvName;
    const stored = this.api.update(this.r('', 'persistentvolumeclaims'), pvc, bound, undefined);
    this.writeStatus(stored, { phase: 'Bound', accessModes: spec.accessModes ?? ['ReadWriteOnce'], capacity: { storage: size } }, 'persistentvolumeclaims');
  }

  private run(meta: Meta): void {
    const pod = this.current('', 'pods', meta);
    if (!pod || pod.metadata.deletionTimestamp !== undefined) return;
    this.writePodStatus(pod, 'Running', this.readinessGate(pod));
    const running = this.current('', 'pods', meta);
    if (running) this.onPodRunning?.(running);
    // A restarted Pod completes the file system resize of its volumes.
    for (const volume of (pod.spec as PodSpec).volumes ?? []) if (volume.persistentVolumeClaim) this.finishFileSystemResize(meta.namespace, volume.persistentVolumeClaim.claimName);
  }

  private writePodStatus(pod: StoredObject, phase: string, ready: boolean): void {
    const spec = pod.spec as PodSpec;
    const flag = ready ? 'True' : 'False';
    const previous = pod.status as { startTime?: string } | undefined;
    this.writeStatus(pod, {
      phase,
      hostIP: '10.0.0.1',
      podIP: `10.244.0.${(pod.metadata.uid.charCodeAt(0) % 250) + 2}`,
      startTime: previous?.startTime ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Initialized', status: 'True' },
        { type: 'ContainersReady', status: flag },
        { type: 'Ready', status: flag },
      ],
      containerStatuses: (spec.containers ?? []).map((c) => ({ name: c.name, image: c.image ?? '', imageID: '', ready, restartCount: 0, started: true, state: { running: { startedAt: previous?.startTime ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') } } })),
    });
  }

  private resize(meta: Meta): void {
    const pvc = this.current('', 'persistentvolumeclaims', meta);
    if (!pvc) return;
    const spec = pvc.spec as { resources?: { requests?: { storage?: string } }; storageClassName?: string };
    const status = pvc.status as { phase?: string; capacity?: { storage?: string }; conditions?: Array<{ type: string }> } | undefined;
    const wanted = spec.resources?.requests?.storage;
    const capacity = status?.capacity?.storage;
    if (status?.phase !== 'Bound' || wanted === undefined || capacity === undefined || canonicalBytes(wanted) <= canonicalBytes(capacity)) return;
    if (status.conditions?.some((c) => c.type === 'FileSystemResizePending')) return;
    const sc = this.api.store.get('storage.k8s.io/storageclasses', undefined, spec.storageClassName ?? '');
    if (sc?.metadata.annotations?.[RESIZE_NEEDS_RESTART] === 'true') {
      this.writeStatus(pvc, { ...status, conditions: [{ type: 'FileSystemResizePending', status: 'True', message: 'Waiting for user to (re-)start a pod to finish file system resize of volume on node.' }] }, 'persistentvolumeclaims');
    } else {
      this.writeStatus(pvc, { ...status, capacity: { ...status.capacity, storage: wanted }, conditions: [] }, 'persistentvolumeclaims');
    }
  }

  private finishFileSystemResize(namespace: string | undefined, claimName: string): void {
    const pvc = this.api.store.get('/persistentvolumeclaims', namespace, claimName);
    const status = pvc?.status as { capacity?: { storage?: string }; conditions?: Array<{ type: string }> } | undefined;
    if (!pvc || !status?.conditions?.some((c) => c.type === 'FileSystemResizePending')) return;
    const wanted = (pvc.spec as { resources?: { requests?: { storage?: string } } }).resources?.requests?.storage;
    this.writeStatus(pvc, { ...status, capacity: { ...status.capacity, ...(wanted ? { storage: wanted } : {}) }, conditions: [] }, 'persistentvolumeclaims');
  }

  private writeStatus(object: StoredObject, status: Record<string, unknown>, plural = 'pods'): void {
    const latest = this.api.store.get(`/${plural}`, object.metadata.namespace, object.metadata.name);
    if (!latest) return;
    this.api.update(this.r('', plural), latest, { ...structuredClone(latest), status }, 'status');
  }
}

function milli(quantity: string | undefined): number {
  if (quantity === undefined) return 0;
  if (quantity.endsWith('m')) return Number(quantity.slice(0, -1));
  return Number(quantity) * 1000;
}
