import type { KubeApi } from './api.js';
import { canonicalBytes } from './validation.js';
import { filterNodes, unschedulableMessage, type PodSpec as SchedulingSpec, type SchedulingPod } from './scheduler.js';
import type { ResourceType } from './resources.js';
import { resourceKey, type StoreEvent, type StoredObject } from './store.js';
import { ContainerLogs } from './containerLogs.js';
import { lookupImage, normalizeImage } from './images.js';
import { PodFiles, type FilesContainer } from './podFiles.js';
import { runCommand } from './containerCommands.js';

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
type Container = FilesContainer & { resources?: { requests?: Record<string, string> } };
interface PodSpec extends SchedulingSpec {
  containers?: Container[];
  initContainers?: Container[];
  restartPolicy?: string;
  volumes?: Array<{
    name: string;
    persistentVolumeClaim?: { claimName: string };
    emptyDir?: unknown;
    configMap?: { name: string };
    secret?: { secretName?: string; optional?: boolean };
  }>;
}

/** How long the kubelet waits before mounting a volume again after it failed (its pod workers' resync). */
const MOUNT_RETRY_SECONDS = 2;

/**
 * How late a changed Secret reaches the files of the Secret volumes that mount it: the kubelet
 * projects it again when it syncs the Pod, every `--sync-frequency` (1 minute by default,
 * kubernetes/kubernetes pkg/kubelet/apis/config KubeletConfiguration.SyncFrequency), in sandbox seconds.
 */
const SECRET_SYNC_SECONDS = 60;

/** One container's runs: how often it restarted, how its last run ended, and what it waits for. */
interface ContainerRun {
  restartCount: number;
  startedAt?: string;
  last?: { exitCode: number; reason: string; startedAt: string; finishedAt: string };
  /** Terminated for good (restartPolicy Never, or an init container that completed). */
  terminated?: { exitCode: number; reason: string; startedAt: string; finishedAt: string };
  waiting?: { reason: string; message?: string };
}

/** Where a Pod's start stands on its node. */
interface PodRuntime {
  /** Init containers that completed, in order. */
  initsDone: number;
  containers: Map<string, ContainerRun>;
  /** Failed pulls in a row, for the back-off. */
  pullFailures: number;
  failed: boolean;
}

/** The kubelet's back-offs: 10 s doubling up to 5 minutes (pkg/kubelet/kubelet.go backOffPeriod, MaxContainerBackOff). */
const BACK_OFF_SECONDS = 10;
const MAX_BACK_OFF_SECONDS = 300;
const backOffSeconds = (failures: number): number => Math.min(MAX_BACK_OFF_SECONDS, BACK_OFF_SECONDS * 2 ** Math.max(0, failures - 1));
const nowStamp = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The simulated nodes: a scheduler, kubelets and a volume provisioner in one loop, driven by
 * the store's changes and asynchronous like the real ones (kwok's stages are the model).
 */
export class Kubelet {
  private paused = false;
  private readonly pending: Array<() => void> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly stepMs: number;
  /** The last Pod address given out on each node. */
  private readonly podAddresses = new Map<string, number>();
  private readonly graceMsPerSecond: number;
  readinessGate: PodReadinessGate;
  /** Told when a Pod starts running and when it is gone (the Kafka world follows Pods this way). */
  onPodRunning: ((pod: StoredObject) => void) | undefined;
  onPodStopped: ((pod: StoredObject) => void) | undefined;
  private unsubscribe: (() => void) | undefined;
  /** Each Pod's containers as the node runs them, by Pod uid. */
  private readonly runtimes = new Map<string, PodRuntime>();
  /** The files in each Pod's emptyDir volumes (what init containers copied in) and Secret volumes. */
  readonly files: PodFiles;

  constructor(
    private readonly api: KubeApi,
    private readonly options: KubeletOptions = {},
    /** What the containers print (`kubectl logs`); the Kafka world writes its brokers' lines here. */
    readonly logs: ContainerLogs = new ContainerLogs(),
  ) {
    this.files = new PodFiles(
      (namespace, name) => {
        const data = (this.api.store.get('/secrets', namespace, name)?.data ?? undefined) as Record<string, string> | undefined;
        return data === undefined ? undefined : Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64')]));
      },
      SECRET_SYNC_SECONDS * (options.graceMsPerSecond ?? 1),
    );
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
    // The stored Pods, read only, twenty times a second: only one whose status is written is copied.
    const pods = this.r('', 'pods');
    for (const stored of this.api.store.values(resourceKey(pods))) {
      const status = stored.status as { phase?: string; conditions?: Array<{ type: string; status: string }> } | undefined;
      if (status?.phase !== 'Running' || stored.metadata.deletionTimestamp !== undefined) continue;
      const ready = this.readinessGate(stored);
      const current = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      if (ready !== current) this.writePodStatus(this.api.get(pods, stored.metadata.namespace, stored.metadata.name), 'Running', ready);
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
    // Unscheduled Pods are tried again when nodes change, a Pod leaves, or a Pod is bound to a node
    // (the scheduling queue's move requests; a bound Pod may satisfy another's pod affinity).
    const bound =
      event.resource === '/pods' &&
      event.type === 'MODIFIED' &&
      event.previous?.spec !== undefined &&
      (event.previous.spec as PodSpec).nodeName === undefined &&
      (event.object.spec as PodSpec).nodeName !== undefined;
    if (event.resource === '/nodes' || (event.resource === '/pods' && event.type === 'DELETED') || bound) this.later(() => this.retryUnscheduled());
    if (event.resource === '/pods') {
      const pod = event.object;
      const spec = pod.spec as PodSpec;
      if (event.type === 'DELETED') {
        this.logs.forget(pod.metadata.uid);
        this.runtimes.delete(pod.metadata.uid);
        this.files.forget(pod.metadata.uid);
        this.onPodStopped?.(event.previous ?? pod);
        return;
      }
      if (pod.metadata.deletionTimestamp !== undefined && event.previous?.metadata.deletionTimestamp === undefined) {
        const grace = pod.metadata.deletionGracePeriodSeconds ?? 0;
        if (spec.nodeName !== undefined)
          for (const container of spec.containers ?? []) this.recordEvent(pod, 'Normal', 'Killing', `Stopping container ${container.name}`, 'kubelet');
        for (const container of spec.containers ?? []) this.logs.end(pod.metadata.uid, container.name);
        this.later(() => this.api.finishDeletion(this.r('', 'pods'), pod.metadata.namespace, pod.metadata.name), this.stepMs + grace * this.graceMsPerSecond);
        return;
      }
      if (event.type === 'ADDED' && spec.nodeName === undefined) this.later(() => this.schedule(pod.metadata));
      // …and when the Pod's spec changed (say, a toleration added).
      else if (event.type === 'MODIFIED' && spec.nodeName === undefined && JSON.stringify(event.previous?.spec) !== JSON.stringify(pod.spec))
        this.later(() => this.schedule(pod.metadata));
    }
    if (event.resource === '/persistentvolumeclaims' && event.type === 'MODIFIED') this.later(() => this.resize(event.object.metadata));
  }

  private current(group: string, plural: string, meta: Meta): StoredObject | undefined {
    return this.api.store.get(`${group}/${plural}`, meta.namespace, meta.name);
  }

  private retryUnscheduled(): void {
    // Runs at each Pod bound: the Pods waiting are picked out of the stored ones first, and only
    // they are put in the list's order (namespace/name), not every Pod of a fleet each time.
    const waiting = this.api.store
      .values(resourceKey(this.r('', 'pods')))
      .filter((pod) => (pod.spec as PodSpec).nodeName === undefined && pod.metadata.deletionTimestamp === undefined)
      .map((pod) => ({ pod, key: `${pod.metadata.namespace ?? ''}/${pod.metadata.name}` }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { pod } of waiting) this.schedule(pod.metadata);
  }

  private schedule(meta: Meta): void {
    const pod = this.current('', 'pods', meta);
    if (!pod || pod.metadata.deletionTimestamp !== undefined || (pod.spec as PodSpec).nodeName !== undefined) return;
    const spec = pod.spec as PodSpec;
    // The stored Pods, read only and not copied: a fleet schedules thousands, each against all the others.
    const pods = this.api.store
      .values(resourceKey(this.r('', 'pods')))
      .filter((p) => p.metadata.uid !== pod.metadata.uid && !['Succeeded', 'Failed'].includes(String((p.status as { phase?: string } | undefined)?.phase)));
    const perNode = new Map<string, number>();
    for (const p of pods) {
      const nodeName = (p.spec as PodSpec).nodeName;
      if (nodeName !== undefined) perNode.set(nodeName, (perNode.get(nodeName) ?? 0) + 1);
    }
    const onNode = (n: StoredObject): number => perNode.get(n.metadata.name) ?? 0;
    const nodes = this.api.list(this.r('', 'nodes'), undefined);
    const asScheduled = (p: StoredObject): SchedulingPod => ({
      namespace: p.metadata.namespace ?? '',
      labels: p.metadata.labels ?? {},
      spec: p.spec as PodSpec,
    });
    const placed = pods.filter((p) => (p.spec as PodSpec).nodeName !== undefined).map(asScheduled);
    const rejections = filterNodes(asScheduled(pod), nodes, placed);
    // Spread: of the nodes that fit, the one running the fewest Pods (the scheduler's balancing score).
    const node = nodes.filter((_, i) => rejections[i]?.length === 0).sort((a, b) => onNode(a) - onNode(b))[0];
    if (!node) {
      const message = unschedulableMessage(rejections);
      const condition = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message };
      const current = (pod.status as { conditions?: Array<{ type: string; message?: string }> } | undefined)?.conditions?.find(
        (c) => c.type === 'PodScheduled',
      );
      if (current?.message !== message) {
        this.writeStatus(pod, {
          phase: 'Pending',
          conditions: [{ ...condition, lastProbeTime: null, lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') }],
        });
        this.recordEvent(pod, 'Warning', 'FailedScheduling', message);
      }
      return;
    }
    const bound = structuredClone(pod);
    (bound.spec as PodSpec).nodeName = node.metadata.name;
    const stored = this.api.update(this.r('', 'pods'), pod, bound, undefined);
    this.writeStatus(stored, {
      phase: 'Pending',
      hostIP: this.hostIP(stored),
      conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') }],
    });
    // The scheduler's own words (pkg/scheduler/schedule_one.go, "Successfully assigned %v/%v to %v").
    this.recordEvent(stored, 'Normal', 'Scheduled', `Successfully assigned ${meta.namespace ?? ''}/${meta.name ?? ''} to ${node.metadata.name ?? ''}`);
    for (const volume of spec.volumes ?? []) if (volume.persistentVolumeClaim) this.bind(meta.namespace, volume.persistentVolumeClaim.claimName, node);
    this.later(() => this.run(meta));
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
    // The scheduler's volume binder names the node it chose on the claim, which keeps it once
    // bound (scheduler volumebinding, AnnSelectedNode "volume.kubernetes.io/selected-node").
    bound.metadata.annotations = { ...bound.metadata.annotations, 'volume.kubernetes.io/selected-node': node.metadata.name ?? '' };
    const stored = this.api.update(this.r('', 'persistentvolumeclaims'), pvc, bound, undefined);
    this.writeStatus(stored, { phase: 'Bound', accessModes: spec.accessModes ?? ['ReadWriteOnce'], capacity: { storage: size } }, 'persistentvolumeclaims');
  }

  private runtime(uid: string): PodRuntime {
    let runtime = this.runtimes.get(uid);
    if (runtime === undefined) {
      runtime = { initsDone: 0, containers: new Map(), pullFailures: 0, failed: false };
      this.runtimes.set(uid, runtime);
    }
    return runtime;
  }

  private containerRun(runtime: PodRuntime, name: string): ContainerRun {
    let run = runtime.containers.get(name);
    if (run === undefined) {
      run = { restartCount: 0 };
      runtime.containers.set(name, run);
    }
    return run;
  }

  /** The Pod's start: its init containers one after the other, then its containers, each image pulled first. */
  private run(meta: Meta): void {
    const pod = this.current('', 'pods', meta);
    if (!pod || pod.metadata.deletionTimestamp !== undefined) return;
    const spec = pod.spec as PodSpec;
    const runtime = this.runtime(pod.metadata.uid);
    if (runtime.failed) return;
    if (!this.mountSecrets(pod)) return;
    const inits = spec.initContainers ?? [];
    for (const init of inits.slice(runtime.initsDone)) {
      if (!this.pull(pod, runtime, init)) return;
      if (!this.runInit(pod, runtime, init)) return;
      runtime.initsDone += 1;
    }
    for (const container of spec.containers ?? []) if (!this.pull(pod, runtime, container)) return;
    runtime.pullFailures = 0;
    // The kubelet's words for each container it starts (pkg/kubelet/events: Started).
    for (const container of spec.containers ?? []) {
      const run = this.containerRun(runtime, container.name);
      run.startedAt = nowStamp();
      delete run.waiting;
      this.logs.start(pod.metadata.uid, container.name);
      this.recordEvent(pod, 'Normal', 'Started', `Started container ${container.name}`, 'kubelet');
    }
    this.writePodStatus(pod, 'Running', this.readinessGate(pod));
    const running = this.current('', 'pods', meta);
    if (running) this.onPodRunning?.(running);
    // A restarted Pod completes the file system resize of its volumes.
    for (const volume of spec.volumes ?? [])
      if (volume.persistentVolumeClaim) this.finishFileSystemResize(meta.namespace, volume.persistentVolumeClaim.claimName);
  }

  /**
   * Mounts the Pod's Secret volumes: a Secret that does not exist (and is not optional) keeps the
   * Pod from starting, with the kubelet's FailedMount Event, until it appears
   * (kubernetes/kubernetes pkg/volume/secret/secret.go SetUpAt, pkg/kubelet/volumemanager).
   */
  private mountSecrets(pod: StoredObject): boolean {
    const namespace = pod.metadata.namespace ?? '';
    const missing = ((pod.spec as PodSpec).volumes ?? []).find(
      (v) => v.secret !== undefined && v.secret.optional !== true && this.api.store.get('/secrets', namespace, v.secret.secretName ?? '') === undefined,
    );
    if (missing === undefined) return true;
    this.writePodStatus(pod, 'Pending', false);
    this.recordEvent(
      pod,
      'Warning',
      'FailedMount',
      `MountVolume.SetUp failed for volume "${missing.name}" : secret "${missing.secret?.secretName ?? ''}" not found`,
      'kubelet',
    );
    this.later(() => this.run(pod.metadata), MOUNT_RETRY_SECONDS * this.graceMsPerSecond);
    return false;
  }

  /**
   * Pulls a container's image: one the registry does not have fails (ErrImagePull), and the
   * next try waits out a back-off (ImagePullBackOff), in the image manager's words
   * (kubernetes/kubernetes pkg/kubelet/images/image_manager.go, pkg/kubelet/kuberuntime/kuberuntime_container.go).
   */
  private pull(pod: StoredObject, runtime: PodRuntime, container: Container): boolean {
    const image = container.image ?? '';
    if (lookupImage(image) !== undefined) return true;
    const reference = normalizeImage(image);
    runtime.pullFailures += 1;
    const error =
      `rpc error: code = NotFound desc = failed to pull and unpack image "${reference}": ` +
      `failed to resolve reference "${reference}": ${reference}: not found`;
    const run = this.containerRun(runtime, container.name);
    run.waiting = { reason: 'ErrImagePull', message: error };
    this.writePodStatus(pod, 'Pending', false);
    this.recordEvent(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, 'kubelet');
    this.recordEvent(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${error}`, 'kubelet');
    this.recordEvent(pod, 'Warning', 'Failed', 'Error: ErrImagePull', 'kubelet');
    // The next sync finds the image in back-off: it waits, then tries again.
    this.later(() => {
      const latest = this.current('', 'pods', pod.metadata);
      if (!latest || latest.metadata.deletionTimestamp !== undefined || latest.metadata.uid !== pod.metadata.uid) return;
      run.waiting = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
      this.writePodStatus(latest, 'Pending', false);
      this.recordEvent(latest, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, 'kubelet');
      this.recordEvent(latest, 'Warning', 'Failed', 'Error: ImagePullBackOff', 'kubelet');
      this.later(() => this.run(pod.metadata), backOffSeconds(runtime.pullFailures) * this.graceMsPerSecond);
    });
    return false;
  }

  /** Runs an init container's command on the Pod's files; a failure backs off and starts the init containers again. */
  private runInit(pod: StoredObject, runtime: PodRuntime, init: Container): boolean {
    const spec = pod.spec as PodSpec;
    const run = this.containerRun(runtime, init.name);
    const startedAt = nowStamp();
    this.logs.start(pod.metadata.uid, init.name);
    this.recordEvent(pod, 'Normal', 'Started', `Started container ${init.name}`, 'kubelet');
    const argv = [...(init.command ?? []), ...(init.args ?? [])];
    const result = runCommand(argv, this.files.view(pod.metadata.uid, spec, init, pod.metadata.namespace), lookupImage(init.image ?? '')?.coreutils ?? 'gnu');
    if (result.output.length > 0) this.logs.write(pod.metadata.uid, init.name, result.output.join('\n'));
    this.logs.end(pod.metadata.uid, init.name);
    const ended = { exitCode: result.exitCode, startedAt, finishedAt: nowStamp() };
    if (result.exitCode === 0) {
      run.terminated = { ...ended, reason: 'Completed' };
      delete run.waiting;
      return true;
    }
    this.terminate(pod, runtime, init.name, { ...ended, reason: 'Error' }, true);
    return false;
  }

  /**
   * A container ended with an error: with restartPolicy Never the Pod fails; otherwise it waits
   * out the kubelet's back-off (CrashLoopBackOff) and starts again, its restartCount counting.
   */
  private terminate(
    pod: StoredObject,
    runtime: PodRuntime,
    container: string,
    ended: { exitCode: number; reason: string; startedAt: string; finishedAt: string },
    init: boolean,
  ): void {
    const spec = pod.spec as PodSpec;
    const run = this.containerRun(runtime, container);
    if ((spec.restartPolicy ?? 'Always') === 'Never') {
      run.terminated = ended;
      delete run.waiting;
      runtime.failed = true;
      this.writePodStatus(pod, 'Failed', false);
      return;
    }
    run.last = ended;
    run.restartCount += 1;
    const podRef = `${pod.metadata.name}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid})`;
    const seconds = backOffSeconds(run.restartCount);
    // kuberuntime_manager.go doBackOff: the waiting message, and the Event.
    run.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${seconds}s restarting failed container=${container} pod=${podRef}` };
    this.writePodStatus(pod, init ? 'Pending' : 'Running', false);
    this.recordEvent(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${container} in pod ${podRef}`, 'kubelet');
    this.later(() => {
      const latest = this.current('', 'pods', pod.metadata);
      if (!latest || latest.metadata.deletionTimestamp !== undefined || latest.metadata.uid !== pod.metadata.uid) return;
      if (init) {
        runtime.initsDone = 0;
        this.run(latest.metadata);
      } else this.restartContainer(latest, runtime, container);
    }, seconds * this.graceMsPerSecond);
  }

  /** Starts a crashed container again; the Kafka world looks at it anew. */
  private restartContainer(pod: StoredObject, runtime: PodRuntime, container: string): void {
    const run = this.containerRun(runtime, container);
    run.startedAt = nowStamp();
    delete run.waiting;
    this.logs.start(pod.metadata.uid, container);
    this.recordEvent(pod, 'Normal', 'Started', `Started container ${container}`, 'kubelet');
    this.writePodStatus(pod, 'Running', this.readinessGate(pod));
    const running = this.current('', 'pods', pod.metadata);
    if (running) this.onPodRunning?.(running);
  }

  /** The node's InternalIP, and an address from the node's Pod range (10.244.<node>.0/24), kept for the Pod's life. */
  private addresses(pod: StoredObject, podIP: string | undefined): { hostIP: string; podIP: string } {
    const nodeName = (pod.spec as PodSpec).nodeName ?? '';
    if (podIP === undefined) {
      const index = Math.max(
        0,
        this.api.list(this.r('', 'nodes'), undefined).findIndex((n) => n.metadata.name === nodeName),
      );
      const next = (this.podAddresses.get(nodeName) ?? 1) + 1;
      this.podAddresses.set(nodeName, next > 254 ? 2 : next);
      podIP = `10.244.${index}.${next > 254 ? 2 : next}`;
    }
    return { hostIP: this.hostIP(pod), podIP };
  }

  private hostIP(pod: StoredObject): string {
    const node = this.api.store.get('/nodes', undefined, (pod.spec as PodSpec).nodeName ?? '');
    const internal = ((node?.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses ?? []).find(
      (a) => a.type === 'InternalIP',
    );
    return internal?.address ?? '10.0.0.1';
  }

  private writePodStatus(pod: StoredObject, phase: string, ready: boolean): void {
    const spec = pod.spec as PodSpec;
    const runtime = this.runtime(pod.metadata.uid);
    const previous = pod.status as
      { startTime?: string; podIP?: string; conditions?: Array<{ type: string; status: string; lastTransitionTime?: string }> } | undefined;
    const { hostIP, podIP } = this.addresses(pod, previous?.podIP);
    const now = nowStamp();
    const runningAll = phase === 'Running' && [...(spec.containers ?? [])].every((c) => runtime.containers.get(c.name)?.waiting === undefined);
    const flag = ready && runningAll ? 'True' : 'False';
    // As the kubelet does, a condition's lastTransitionTime moves only when its status changes.
    const condition = (type: string, status: string) => {
      const before = previous?.conditions?.find((c) => c.type === type);
      return { type, status, lastProbeTime: null, lastTransitionTime: before?.status === status ? (before.lastTransitionTime ?? now) : now };
    };
    const initialized = runtime.initsDone >= (spec.initContainers ?? []).length ? 'True' : 'False';
    const status = (c: Container, init: boolean) => {
      const run = runtime.containers.get(c.name);
      const base = { name: c.name, image: c.image ?? '', imageID: '', restartCount: run?.restartCount ?? 0 };
      const lastState = run?.last ? { terminated: { ...run.last, containerID: `sandbox://${pod.metadata.uid}/${c.name}` } } : {};
      if (run?.terminated) return { ...base, ready: false, started: false, state: { terminated: run.terminated }, lastState };
      if (run?.waiting) return { ...base, ready: false, started: false, state: { waiting: run.waiting }, lastState };
      if (init || phase === 'Pending' || run?.startedAt === undefined)
        return { ...base, ready: false, started: false, state: { waiting: { reason: 'PodInitializing' } }, lastState };
      return { ...base, ready: flag === 'True', started: true, state: { running: { startedAt: run.startedAt } }, lastState };
    };
    this.writeStatus(pod, {
      phase,
      hostIP,
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: previous?.startTime ?? now,
      conditions: [condition('PodScheduled', 'True'), condition('Initialized', initialized), condition('ContainersReady', flag), condition('Ready', flag)],
      ...((spec.initContainers ?? []).length > 0 ? { initContainerStatuses: (spec.initContainers ?? []).map((c) => status(c, true)) } : {}),
      containerStatuses: (spec.containers ?? []).map((c) => status(c, false)),
    });
  }

  /**
   * A container's process exited with an error: its output so far becomes the terminated run
   * `kubectl logs --previous` reads; then the restart policy decides (see terminate).
   */
  containerFailed(pod: StoredObject, container: string, exitCode: number): void {
    const latest = this.current('', 'pods', pod.metadata);
    if (!latest || latest.metadata.deletionTimestamp !== undefined) return;
    const runtime = this.runtime(latest.metadata.uid);
    const run = this.containerRun(runtime, container);
    if (run.waiting !== undefined || run.terminated !== undefined) return;
    const startedAt = run.startedAt ?? (latest.status as { startTime?: string } | undefined)?.startTime ?? nowStamp();
    this.logs.end(latest.metadata.uid, container);
    this.terminate(latest, runtime, container, { exitCode, reason: 'Error', startedAt, finishedAt: nowStamp() }, false);
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
      this.writeStatus(
        pvc,
        {
          ...status,
          conditions: [
            {
              type: 'FileSystemResizePending',
              status: 'True',
              message: 'Waiting for user to (re-)start a pod to finish file system resize of volume on node.',
            },
          ],
        },
        'persistentvolumeclaims',
      );
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

  /** A core/v1 Event about a Pod, as the scheduler's or the kubelet's recorder writes it (kubectl describe shows it). */
  private recordEvent(
    pod: StoredObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component: 'default-scheduler' | 'kubelet' = 'default-scheduler',
  ): void {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    try {
      this.api.create(this.r('', 'events'), pod.metadata.namespace, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: {
          name: `${pod.metadata.name}.${Date.now().toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`,
          namespace: pod.metadata.namespace,
        } as StoredObject['metadata'],
        involvedObject: {
          apiVersion: 'v1',
          kind: 'Pod',
          namespace: pod.metadata.namespace,
          name: pod.metadata.name,
          uid: pod.metadata.uid,
          resourceVersion: pod.metadata.resourceVersion,
        },
        reason,
        message,
        type,
        source: { component, ...(component === 'kubelet' ? { host: (pod.spec as PodSpec).nodeName } : {}) },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        reportingComponent: component,
        reportingInstance: component === 'kubelet' ? ((pod.spec as PodSpec).nodeName ?? 'sandbox') : 'default-scheduler-sandbox',
      });
    } catch {
      // The namespace is going away: nothing to tell.
    }
  }

  private writeStatus(object: StoredObject, status: Record<string, unknown>, plural = 'pods'): void {
    const latest = this.api.store.get(`/${plural}`, object.metadata.namespace, object.metadata.name);
    if (!latest) return;
    this.api.update(this.r('', plural), latest, { ...structuredClone(latest), status }, 'status');
  }
}
