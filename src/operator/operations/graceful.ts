/**
 * The graceful actions of one cluster, planned: which brokers and disks need Cruise Control to
 * move data (Koperator's gracefulActionState in api/v1beta1/kafkacluster_types.go, and its
 * CruiseControlTask controller, controllers/cruisecontroltask_controller.go), which
 * CruiseControlOperation to ask for next, and what may be deleted now that its data is gone.
 * Pure: the pass feeds it what the cluster, the operations and Kafka report; its request is
 * plain data, which the pass turns into a CruiseControlOperation to create (or adopt).
 *
 * Where Koperator lost data, this does not (banzaicloud/koperator#272): a broker or a volume is released
 * only when its operation Completed *and* Kafka itself reports it holds no replica; an operation
 * that ended with an error under errorPolicy ignore leaves the broker serving, never deleted.
 */
import type { KafkaClusterSpec, KafkaClusterStatus } from '../../k8s/crd/index.js';
import { effectiveBrokerConfig } from '../../k8s/crd/index.js';
import { ANNOTATION_ADDED_DISK, LABEL_PROCESS_ROLES } from '../../domain/labels.js';
import { rolesOf } from '../../domain/serverProperties.js';
import { isMajority } from '../../domain/kraftQuorum.js';
import { observedRoles } from '../quorum/roleChanges.js';
import type { BlockedStep } from '../reconcile/actions.js';
import { isPodReady, type ObservedBroker, type ObservedCluster } from '../../domain/observedCluster.js';
import { gracefulTask, isDone, logDirOf, taskState, type OperationRecord, type RequestedTask } from '../../domain/operationRecord.js';

type BrokerState = NonNullable<KafkaClusterStatus['brokersState']>[string];
export type GracefulActionState = NonNullable<BrokerState['gracefulActionState']>;
type VolumeState = NonNullable<GracefulActionState['volumeStates']>[string];

export interface GracefulInput {
  spec: KafkaClusterSpec;
  observed: ObservedCluster;
  brokersState: Readonly<Record<string, BrokerState>>;
  /** The cluster's CruiseControlOperations, read fresh from the API (not a lagging cache). */
  operations: readonly OperationRecord[];
  /** Replicas Kafka reports on each broker asked about (see `confirm`). */
  replicaCounts: ReadonlyMap<number, number>;
  /** Replicas Kafka reports in each log dir asked about, keyed `<brokerId>:<mountPath>`. */
  logDirReplicas: ReadonlyMap<string, number>;
  /** Brokers whose restart hash matches their spec (their Pod runs what is wanted). */
  inSync: ReadonlySet<number>;
  /** The time of the pass, in epoch milliseconds. */
  now: number;
}

/**
 * How long a broker that is ready to take load waits for the brokers added with it: brokers
 * added together get one add_broker, so Cruise Control moves the data once, not once per broker.
 * A broker that is not ready within this window is not waited for any longer.
 */
export const UPSCALE_BATCH_WINDOW_MS = 60_000;

export interface GracefulPlan {
  /** Each broker's gracefulActionState after this pass (undefined: the entry is dropped). */
  states: Map<number, GracefulActionState | undefined>;
  /** The operation to ask for now, if any; or an existing one to adopt (a crash lost its reference). */
  request: GracefulRequest | undefined;
  /** Brokers out of the spec whose data is gone: their Pod, PVCs, ConfigMap and Service may go. */
  releasedBrokers: number[];
  /** Brokers out of the spec with nothing left in Kubernetes: unregister, then forget. */
  forgottenBrokers: number[];
  /** Mount paths out of the spec whose data is not confirmed gone: they stay mounted. */
  retainedVolumes: Map<number, string[]>;
  /** Mount paths out of the spec whose log dir is confirmed empty: unmount, then delete the PVC. */
  releasedVolumes: Map<number, string[]>;
  /** What Kafka must be asked before the plan can release anything. */
  confirm: { brokers: number[]; logDirs: Array<{ brokerId: number; mountPath: string }> };
  blocked: BlockedStep[];
  waiting: string[];
}

/** The brokers or disks an operation carries, and the state they take once it is asked for. */
export interface ScheduledTargets {
  state: string;
  brokers: number[];
  volumes: Array<{ brokerId: number; mountPath: string }>;
}

export interface GracefulRequest {
  task: RequestedTask;
  /** An existing operation with the same task (a crash came between its creation and the status). */
  adopt?: string;
  targets: ScheduledTargets;
}

const isDown = (s: string | undefined): boolean => s?.startsWith('GracefulDownscale') === true;
const isRemoval = (s: string | undefined): boolean => s?.startsWith('GracefulDiskRemoval') === true;
const isRebalance = (s: string | undefined): boolean => s?.startsWith('GracefulDiskRebalance') === true;
const suffix = (s: string): string => s.replace(/^Graceful(Upscale|Downscale|DiskRemoval|DiskRebalance)/, '');

export function planGraceful(input: GracefulInput): GracefulPlan {
  const plan: GracefulPlan = {
    states: new Map(),
    request: undefined,
    releasedBrokers: [],
    forgottenBrokers: [],
    retainedVolumes: new Map(),
    releasedVolumes: new Map(),
    confirm: { brokers: [], logDirs: [] },
    blocked: [],
    waiting: [],
  };
  const byName = new Map(input.operations.map((op) => [op.name, op]));
  const specIds = new Set(input.spec.brokers.map((b) => b.id));
  const ids = new Set<number>([...specIds, ...input.observed.brokers.keys(), ...Object.keys(input.brokersState).map(Number)]);
  // A cluster that already serves: a broker that appears now gets load moved onto it. At
  // creation no broker is Ready yet, and there is nothing to move.
  const serving = [...input.observed.brokers.values()].some((b) => isPodReady(b.pod));

  for (const id of [...ids].sort((a, b) => a - b)) {
    const previous = input.brokersState[String(id)]?.gracefulActionState;
    const seen = input.observed.brokers.get(id);
    const broker = input.spec.brokers.find((b) => b.id === id);
    const state = withOperationResult(previous, byName);
    if (broker !== undefined) {
      const holdsData = rolesOf(input.spec, broker).includes('broker');
      plan.states.set(id, planInSpec(state, { holdsData, serving, seen }));
      planVolumes(plan, input, id, seen, new Set((effectiveBrokerConfig(input.spec, broker).storageConfigs ?? []).map((c) => c.mountPath)), byName);
    } else if (seen !== undefined && hasObjects(seen)) {
      plan.states.set(id, planRemoval(plan, input, id, seen, state));
    } else {
      plan.forgottenBrokers.push(id);
      plan.states.set(id, undefined);
    }
  }
  plan.request = nextRequest(plan, input);
  return plan;
}

function hasObjects(seen: ObservedBroker): boolean {
  return seen.pod !== undefined || seen.terminatingPods.length > 0 || seen.pvcs.size > 0 || seen.configMap !== undefined || seen.service !== undefined;
}

/** Koperator's FromResult (controllers/cruisecontroltask_types.go), with one change: a drain never counts as done unless it completed. */
function withOperationResult<
  T extends { cruiseControlState?: string; cruiseControlVolumeState?: string; cruiseControlOperationReference?: { name?: string } | undefined },
>(state: T | undefined, operations: ReadonlyMap<string, OperationRecord>): T | undefined {
  if (state === undefined) return undefined;
  const key = state.cruiseControlState !== undefined ? 'cruiseControlState' : 'cruiseControlVolumeState';
  const value = state[key];
  const reference = state.cruiseControlOperationReference?.name;
  if (value === undefined || reference === undefined) return state;
  const prefix = value.replace(/(Required|Scheduled|Running|Succeeded|CompletedWithError|Paused)$/, '');
  const operation = operations.get(reference);
  const drains = prefix === 'GracefulDownscale' || prefix === 'GracefulDiskRemoval';
  if (operation === undefined) {
    // The record is gone. A finished state stays; an unfinished drain is asked for again (its
    // data has not been confirmed moved), the rest counts as done, as in Koperator.
    if (value.endsWith('Succeeded') || value.endsWith('CompletedWithError')) return state;
    return { ...state, [key]: `${prefix}${drains ? 'Required' : 'Succeeded'}`, cruiseControlOperationReference: undefined };
  }
  const task = taskState(operation);
  let next: string;
  if (task === 'Completed') next = 'Succeeded';
  else if (task === 'CompletedWithError') next = operation.paused ? 'Paused' : 'CompletedWithError';
  else if (task === 'Active' || task === 'InExecution') next = 'Running';
  else next = operation.paused ? 'Paused' : 'Scheduled';
  return { ...state, [key]: `${prefix}${next}` };
}

function planInSpec(
  state: GracefulActionState | undefined,
  context: { holdsData: boolean; serving: boolean; seen: ObservedBroker | undefined },
): GracefulActionState {
  const volumeStates = state?.volumeStates;
  const keep = (cruiseControlState: string, reference?: { name?: string }): GracefulActionState => ({
    cruiseControlState,
    ...(reference !== undefined ? { cruiseControlOperationReference: reference } : {}),
    ...(volumeStates !== undefined ? { volumeStates } : {}),
  });
  if (state === undefined) {
    // New to the cluster: load is moved onto it once it runs, unless the cluster is only now
    // being created, or the node holds no data (a KRaft controller).
    const needsLoad = context.holdsData && context.serving && context.seen?.pod === undefined;
    return keep(needsLoad ? 'GracefulUpscaleRequired' : 'GracefulUpscaleSucceeded');
  }
  const value = state.cruiseControlState;
  if (isDown(value)) {
    // Back in the spec: a drain not sent yet is dropped; one that ran is followed by an add_broker.
    if (suffix(value) === 'Required') return keep('GracefulUpscaleSucceeded');
    if (suffix(value) === 'Succeeded' || suffix(value) === 'CompletedWithError')
      return keep(context.holdsData ? 'GracefulUpscaleRequired' : 'GracefulUpscaleSucceeded');
    return keep(value, state.cruiseControlOperationReference);
  }
  return keep(value, state.cruiseControlOperationReference);
}

function planRemoval(
  plan: GracefulPlan,
  input: GracefulInput,
  id: number,
  seen: ObservedBroker,
  state: GracefulActionState | undefined,
): GracefulActionState | undefined {
  // From its disks too once its Pod is gone: a controller's leftovers are never drained as a broker's.
  const roles = observedRoles(seen) ?? ['broker'];
  if (roles.includes('controller')) {
    const controllersNow = [...input.observed.brokers.values()].filter((b) =>
      (b.pod?.metadata?.labels?.[LABEL_PROCESS_ROLES] ?? '').split('_').includes('controller'),
    ).length;
    const controllersLeft = input.spec.brokers.filter((b) => rolesOf(input.spec, b).includes('controller')).length;
    if (!isMajority(controllersLeft, controllersNow)) {
      plan.blocked.push({
        brokerId: id,
        reason: 'BrokerIsController',
        message: `cannot remove broker ${id}: it is a KRaft controller and ${controllersLeft} of ${controllersNow} controllers would not be a majority of the quorum; it stays, serving`,
      });
      return state;
    }
  }
  const volumeStates = state?.volumeStates;
  const withState = (cruiseControlState: string, reference?: { name?: string }): GracefulActionState => ({
    cruiseControlState,
    ...(reference !== undefined ? { cruiseControlOperationReference: reference } : {}),
    ...(volumeStates !== undefined ? { volumeStates } : {}),
  });
  if (!roles.includes('broker')) {
    // A controller-only node holds no partition: nothing to drain.
    plan.releasedBrokers.push(id);
    return state;
  }
  const value = state?.cruiseControlState;
  if (!isDown(value)) return withState('GracefulDownscaleRequired');
  const reference = state?.cruiseControlOperationReference;
  switch (suffix(value ?? '')) {
    case 'Succeeded': {
      if (state?.drainConfirmed === true) {
        plan.releasedBrokers.push(id);
        return state;
      }
      const replicas = input.replicaCounts.get(id);
      if (replicas === undefined) {
        plan.confirm.brokers.push(id);
        plan.waiting.push(`broker ${id}: drained by Cruise Control; waiting for Kafka to confirm it holds no replica`);
      } else if (replicas === 0) {
        // Recorded first, released on the next pass: once its Pod is gone Kafka cannot be asked.
        plan.waiting.push(`broker ${id}: Kafka confirmed it holds no replica; removing it`);
        return { ...withState('GracefulDownscaleSucceeded', reference), drainConfirmed: true };
      } else {
        // Something landed on it after the drain (a new topic): drain again rather than lose it.
        plan.waiting.push(`broker ${id}: Kafka still reports ${replicas} replica(s) on it after the drain; draining it again`);
        return withState('GracefulDownscaleRequired');
      }
      return withState('GracefulDownscaleSucceeded', reference);
    }
    case 'CompletedWithError':
    case 'Paused':
      plan.blocked.push({
        brokerId: id,
        reason: 'BrokerDrainFailed',
        message: `broker ${id} was not removed: Cruise Control could not move its data off (operation ${reference?.name ?? 'unknown'}); it stays, serving. Retry the operation, or put the broker back in the spec`,
      });
      return withState(value ?? 'GracefulDownscaleCompletedWithError', reference);
    default:
      plan.waiting.push(`broker ${id}: waiting for Cruise Control to move its data off`);
      return withState(value ?? 'GracefulDownscaleRequired', reference);
  }
}

function planVolumes(
  plan: GracefulPlan,
  input: GracefulInput,
  id: number,
  seen: ObservedBroker | undefined,
  wanted: ReadonlySet<string>,
  operations: ReadonlyMap<string, OperationRecord>,
): void {
  const current = plan.states.get(id);
  if (current === undefined) return;
  const volumes: Record<string, VolumeState> = {};
  const retained: string[] = [];
  const released: string[] = [];
  const paths = new Set<string>([...Object.keys(current.volumeStates ?? {}), ...(seen?.pvcs.keys() ?? [])]);
  for (const mountPath of [...paths].sort()) {
    const pvc = seen?.pvcs.get(mountPath);
    const state = withOperationResult(current.volumeStates?.[mountPath], operations);
    const value = state?.cruiseControlVolumeState;
    // `null` drops the reference: a state that starts over must not keep the record of the step
    // before (a Required drain referring to the completed disk rebalance reads as a drain done).
    const set = (v: string, reference: { name?: string } | null = state?.cruiseControlOperationReference ?? null, drainConfirmed = false): void => {
      volumes[mountPath] = {
        cruiseControlVolumeState: v,
        ...(reference !== null ? { cruiseControlOperationReference: reference } : {}),
        ...(drainConfirmed ? { drainConfirmed } : {}),
      };
    };
    if (pvc === undefined) {
      // The volume is gone; a wanted one not created yet has no state to keep.
      continue;
    }
    if (wanted.has(mountPath)) {
      if (isRemoval(value)) {
        // Put back while being drained: a removal not sent is dropped; one that ran spreads data again.
        if (suffix(value ?? '') === 'Required') continue;
        if (suffix(value ?? '') === 'Running' || suffix(value ?? '') === 'Scheduled') set(value ?? '');
        else set('GracefulDiskRebalanceRequired', null);
        continue;
      }
      if (value !== undefined) set(value);
      else if (pvc.metadata?.annotations?.[ANNOTATION_ADDED_DISK] === 'true') set('GracefulDiskRebalanceRequired', null);
      continue;
    }
    // Out of the spec: drained by remove_disks, released once Kafka reports the log dir empty.
    if (!isRemoval(value)) {
      if (isRebalance(value) && (suffix(value ?? '') === 'Running' || suffix(value ?? '') === 'Scheduled')) {
        plan.waiting.push(`broker ${id}: disk ${mountPath} is being filled; its removal waits for that to end`);
        set(value ?? '');
      } else {
        set('GracefulDiskRemovalRequired', null);
      }
      retained.push(mountPath);
      continue;
    }
    switch (suffix(value ?? '')) {
      case 'Succeeded': {
        if (state?.drainConfirmed === true) {
          set(value ?? '', undefined, true);
          released.push(mountPath);
          break;
        }
        const replicas = input.logDirReplicas.get(`${id}:${mountPath}`);
        set(value ?? '');
        if (replicas === undefined) {
          plan.confirm.logDirs.push({ brokerId: id, mountPath });
          plan.waiting.push(`broker ${id}: disk ${mountPath} drained; waiting for Kafka to confirm its log dir is empty`);
          retained.push(mountPath);
        } else if (replicas === 0) {
          // Recorded first, released on the next pass: while the broker restarts without the
          // disk, Kafka cannot be asked, and the disk must not come back in the meantime.
          set(value ?? '', undefined, true);
          retained.push(mountPath);
          plan.waiting.push(`broker ${id}: Kafka confirmed disk ${mountPath} empty; removing it`);
        } else {
          plan.waiting.push(`broker ${id}: Kafka still reports ${replicas} replica(s) in ${logDirOf(mountPath)}; draining it again`);
          set('GracefulDiskRemovalRequired', null);
          retained.push(mountPath);
        }
        break;
      }
      case 'CompletedWithError':
      case 'Paused':
        set(value ?? '');
        retained.push(mountPath);
        plan.blocked.push({
          brokerId: id,
          reason: 'DiskDrainFailed',
          message: `disk ${mountPath} of broker ${id} was not removed: Cruise Control could not move its data off; it stays mounted. Retry the operation, or put the disk back in the spec`,
        });
        break;
      default:
        set(value ?? '');
        retained.push(mountPath);
        plan.waiting.push(`broker ${id}: waiting for Cruise Control to move the data off disk ${mountPath}`);
    }
  }
  plan.states.set(id, { ...current, ...(Object.keys(volumes).length > 0 ? { volumeStates: volumes } : { volumeStates: undefined }) });
  if (Object.keys(volumes).length === 0) {
    const { volumeStates: _dropped, ...rest } = plan.states.get(id) ?? current;
    plan.states.set(id, rest);
  }
  if (retained.length > 0) plan.retainedVolumes.set(id, retained);
  if (released.length > 0) plan.releasedVolumes.set(id, released);
}

/**
 * At most one new operation per pass, of one kind, by Koperator's priority (add_broker,
 * remove_broker, remove_disks, rebalance), batching every broker or disk that needs it: brokers
 * removed together are drained by one remove_broker (adobe/koperator#253).
 */
function nextRequest(plan: GracefulPlan, input: GracefulInput): GracefulPlan['request'] {
  const brokersIn = (value: string, ready: boolean): number[] =>
    [...plan.states]
      .filter(([id, s]) => s?.cruiseControlState === value && (!ready || (isPodReady(input.observed.brokers.get(id)?.pod) && input.inSync.has(id))))
      .map(([id]) => id);
  const volumesIn = (value: string): Array<{ brokerId: number; mountPath: string }> =>
    [...plan.states].flatMap(([id, s]) =>
      Object.entries(s?.volumeStates ?? {})
        .filter(([, v]) => v.cruiseControlVolumeState === value)
        .map(([mountPath]) => ({ brokerId: id, mountPath })),
    );

  const adding = brokersIn('GracefulUpscaleRequired', true);
  const removing = brokersIn('GracefulDownscaleRequired', false);
  const removingDisks = volumesIn('GracefulDiskRemovalRequired');
  // A new disk is filled once its broker runs with it mounted.
  const filling = volumesIn('GracefulDiskRebalanceRequired').filter((v) => {
    const seen = input.observed.brokers.get(v.brokerId);
    return isPodReady(seen?.pod) && input.inSync.has(v.brokerId) && mounts(seen, v.mountPath);
  });
  let task: RequestedTask | undefined;
  let targets: ScheduledTargets | undefined;
  const comingUp = brokersIn('GracefulUpscaleRequired', false).filter((id) => !adding.includes(id));
  if (adding.length > 0 && comingUp.length > 0 && readySince(adding, input) > input.now - UPSCALE_BATCH_WINDOW_MS) {
    plan.waiting.push(
      `brokers ${adding.join(', ')}: waiting for broker${comingUp.length > 1 ? 's' : ''} ${comingUp.join(', ')}, added with them, to be ready, to move load onto all of them at once`,
    );
    return undefined;
  }
  if (adding.length > 0) {
    task = gracefulTask('add_broker', adding);
    targets = { state: 'GracefulUpscaleScheduled', brokers: adding, volumes: [] };
  } else if (removing.length > 0) {
    task = gracefulTask('remove_broker', removing);
    targets = { state: 'GracefulDownscaleScheduled', brokers: removing, volumes: [] };
  } else if (removingDisks.length > 0) {
    task = gracefulTask(
      'remove_disks',
      removingDisks.map((v) => ({ brokerId: v.brokerId, logDir: logDirOf(v.mountPath) })),
    );
    targets = { state: 'GracefulDiskRemovalScheduled', brokers: [], volumes: removingDisks };
  } else if (filling.length > 0) {
    task = gracefulTask('rebalance', [...new Set(filling.map((v) => v.brokerId))]);
    targets = { state: 'GracefulDiskRebalanceScheduled', brokers: [], volumes: filling };
  }
  if (task === undefined || targets === undefined) return undefined;
  // The same request already recorded (a crash came between its creation and this status)?
  const existing = input.operations.find((op) => !isDone(op) && !op.deleting && sameTask(op.task, task));
  return { task, targets, ...(existing !== undefined ? { adopt: existing.name } : {}) };
}

/** When the first of `ids` became Ready (epoch ms); a Pod that does not say counts as long ago. */
function readySince(ids: readonly number[], input: GracefulInput): number {
  const times = ids.map((id) => {
    const ready = input.observed.brokers.get(id)?.pod?.status?.conditions?.find((c) => c.type === 'Ready');
    const since = Date.parse(ready?.lastTransitionTime ?? '');
    return Number.isNaN(since) ? 0 : since;
  });
  return Math.min(...times);
}

/** The broker's running Pod has the disk's PVC mounted (it restarted with it). */
function mounts(seen: ObservedBroker | undefined, mountPath: string): boolean {
  const claim = seen?.pvcs.get(mountPath)?.metadata?.name;
  return claim !== undefined && seen?.pod?.spec?.volumes?.some((v) => v.persistentVolumeClaim?.claimName === claim) === true;
}

function sameTask(a: RequestedTask | undefined, b: RequestedTask): boolean {
  if (a?.operation !== b.operation) return false;
  const keys = new Set([...Object.keys(a.parameters), ...Object.keys(b.parameters)]);
  return [...keys].every((k) => a.parameters[k] === b.parameters[k]);
}

/** The states with the targets of a request marked Scheduled under the operation that carries it. */
export function withScheduled(
  states: ReadonlyMap<number, GracefulActionState | undefined>,
  targets: ScheduledTargets,
  reference: { name: string },
): Map<number, GracefulActionState | undefined> {
  const next = new Map(states);
  for (const id of targets.brokers) next.set(id, { ...next.get(id), cruiseControlState: targets.state, cruiseControlOperationReference: reference });
  for (const { brokerId, mountPath } of targets.volumes) {
    const state = next.get(brokerId);
    if (state === undefined) continue;
    next.set(brokerId, {
      ...state,
      volumeStates: { ...state.volumeStates, [mountPath]: { cruiseControlVolumeState: targets.state, cruiseControlOperationReference: reference } },
    });
  }
  return next;
}
