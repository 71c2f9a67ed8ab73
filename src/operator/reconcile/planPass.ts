/**
 * One pass over a KafkaCluster, planned: from the world the pass observed to every write it
 * makes, in order, and what its status report is made of. Pure and computed once per pass; the
 * executor carries out `actions`, then `reportPass` (report.ts) turns their outcome into the status.
 */
import stringify from 'safe-stable-stringify';
import { UNSUPPORTED_FIELD, unsupportedFieldMessage, type KafkaClusterStatus } from '../../k8s/crd/index.js';
import { initialControllers } from '../broker/storageFormat.js';
import { planGraceful, type GracefulPlan, type ScheduledTargets } from '../operations/graceful.js';
import { brokerIdsOf, logDirsOf, newOperationObject } from '../../domain/operationRecord.js';
import { planVoters, voterActions } from '../quorum/reconcileVoters.js';
import { roleChanges } from '../quorum/roleChanges.js';
import type { Action } from './actions.js';
import { planCruiseControl, type CruiseControlPlan } from '../cruisecontrol/plan.js';
import { heldDisks } from '../cruisecontrol/observe.js';
import { isPodReady } from '../../domain/observedCluster.js';
import { rolesOf } from '../../domain/serverProperties.js';
import { planBrokerConfigs, planClusterWideConfig, type PerBrokerState } from './dynamicConfigs.js';
import { planCluster, type Plan } from './plan.js';
import { clusterPlanInputOf, gracefulInputOf } from './planInputs.js';
import { desiredStatus, type ClusterWideConfigResult, type StatusInput } from './status.js';
import type { ClusterDetails, ClusterView, World } from './world.js';
import { certificateActions, certificateProblems, certificateReloadActions, certificateWakeAt } from '../pki/plan.js';
import { scramSecretActions } from '../scram/secret.js';

export interface PassPlan {
  /** Every write before the status, in the order the executor carries them out. */
  actions: Action[];
  report: PassReport;
  /** A time to look again even if nothing changes: the next certificate renewal. */
  wakeAt?: Date | undefined;
}

/** When to look at the cluster again: at once, after the usual delay (waiting on the world), or on the next change. */
export type NextPass = 'now' | 'soon' | 'onChange';

/** A status that does not depend on what the actions did (a refused spec, the first cluster id). */
export interface FixedReport {
  kind: 'fixed';
  status: KafkaClusterStatus;
  /** Written only if the cluster still has this resourceVersion. */
  resourceVersion?: string | undefined;
  /** Recorded once the status is written. */
  events: Action[];
  next: NextPass;
}

/** The parts of the status of a reconciled cluster, before the outcome of its writes is known. */
export interface ReconciledReport {
  kind: 'reconciled';
  status: Omit<StatusInput, 'plan' | 'perBroker' | 'clusterWide' | 'graceful'>;
  /** The brokers' plan; its blocked steps and waits include the graceful ones. */
  plan: Plan;
  perBroker: ReadonlyMap<number, PerBrokerState>;
  clusterWide: ClusterWideConfigResult | undefined;
  graceful: { states: GracefulPlan['states']; schedule: ScheduledOperation | undefined } | undefined;
  /** Cruise Control's deployment this pass; undefined when it is not planned. */
  cruiseControl: CruiseControlPlan | undefined;
  /** Warnings for blocked steps not reported yet, recorded once the status is written. */
  events: Action[];
}

/** The operation the graceful targets are Scheduled under: one this pass creates, or one it adopts. */
export interface ScheduledOperation {
  name: string;
  targets: ScheduledTargets;
  /** Scheduled only once the createOperation action of this name took effect. */
  created: boolean;
}

export type PassReport = FixedReport | ReconciledReport;

export function planPass(world: World): PassPlan {
  const { check, current, observed, generation, now } = world;
  if (check.cluster === undefined || check.problems.length > 0) {
    const status = desiredStatus({ current, spec: check.cluster?.spec, check, plan: undefined, observed, generation, clusterId: current?.clusterID, now });
    const changed = stringify(current ?? {}) !== stringify(status);
    const events = changed ? check.problems.map((p) => warning('InvalidSpec', p.message)) : [];
    return { actions: [], report: { kind: 'fixed', status, events, next: 'onChange' } };
  }
  if (current?.clusterID === undefined) {
    // The cluster id is written before anything that uses it, so a crash cannot give two; with
    // it, the quorum the controllers are first formatted with (storageFormat.ts). Conditional on
    // the version read: a cache that lags behind our own write must not get a second id written
    // over the first (a 409 instead, and the next pass reads the id).
    const { name, namespace } = world.cluster;
    const first = { clusterID: world.fresh.clusterId, initialControllers: initialControllers(name, namespace, check.cluster.spec) };
    const status: KafkaClusterStatus = { ...current, ...first, state: 'ClusterReconciling' };
    return { actions: [], report: { kind: 'fixed', status, resourceVersion: world.resourceVersion, events: [], next: 'now' } };
  }
  // Observing gathers the details of every valid cluster with an id; without them nothing is planned.
  if (world.details === undefined) return { actions: [], report: { kind: 'fixed', status: current, events: [], next: 'onChange' } };
  return planReconcile(world, world.details);
}

function planReconcile(world: World, { view, outside, certificates, certManager, scram }: ClusterDetails): PassPlan {
  const { current, check, generation } = world;
  // KRaft voters (quorum/): new controllers are promoted, removed ones demoted, and a removed
  // controller's objects stay while Kafka may still count it as a voter.
  const voters = planVoters({
    cluster: view.cluster,
    spec: view.spec,
    observed: view.observed,
    quorum: outside.quorum?.ok === true ? outside.quorum.value : undefined,
    now: view.now.getTime(),
  });
  const graceful =
    outside.operations !== undefined ? stillVotingKept(planGraceful(gracefulInputOf(view, outside.operations, outside)), voters.stillVoting) : undefined;
  // A node whose roles the spec changed is refused, and held as it runs (planInputs.ts).
  const refusedRoleChanges = roleChanges(view.spec, view.observed);
  const brokers = planCluster({
    ...clusterPlanInputOf(view, graceful, outside),
    certificateRevisions: certificates?.revisions ?? certManager?.revisions,
    ...(certManager !== undefined ? { certificatesAwaited: certManager.waiting } : {}),
  });
  const perBroker = planBrokerConfigs(brokers.dynamicConfigs, outside.brokerConfigs, view.current);
  const clusterWide = planClusterWideConfig(view.spec, outside.clusterDefaults, view.current);
  const planCruiseControlWith = (creatingOperation: boolean): CruiseControlPlan | undefined =>
    view.cruiseControl !== undefined
      ? planCruiseControl({
          cluster: view.cluster,
          spec: view.spec,
          current: view.current,
          seen: view.cruiseControl,
          held: heldDisks(view.observed.brokers.values()),
          operations: outside.operations,
          creatingOperation,
          kafkaConnected: outside.kafkaConnected,
          readyBrokers: view.spec.brokers.filter((b) => rolesOf(view.spec, b).includes('broker') && isPodReady(view.observed.brokers.get(b.id)?.pod)).length,
          credentialsSecret: view.cruiseControlCredentials,
          tlsSecret: view.cruiseControlTls,
        })
      : undefined;
  // Cruise Control reads its capacity at start: while its configuration changes (a broker or a
  // disk added), a new task waits for the next pass, so that it reaches the restarted one.
  const reconfiguring = planCruiseControlWith(false)?.actions.some(changesCruiseControl) === true;
  const operation = graceful !== undefined && !reconfiguring ? planOperation(view, graceful, world.fresh.operationSuffix) : undefined;
  const cruiseControl = planCruiseControlWith(operation?.action !== undefined);

  // Fields accepted but not acted on are reported once, when they first appear.
  const reported = view.current.conditions?.some((c) => c.type === UNSUPPORTED_FIELD && c.status === 'True' && c.observedGeneration === generation) === true;
  const unsupported = check.unsupported.length > 0 && !reported ? [warning(UNSUPPORTED_FIELD, unsupportedFieldMessage(check.unsupported))] : [];
  const actions: Action[] = [
    ...unsupported,
    // The voter change first, as on the quorum Kafka just described.
    ...voterActions(voters.action),
    // The brokers' certificates before the Pods that mount them.
    ...certificateActions(certificates),
    ...(certManager?.writes ?? []),
    ...certificateReloadActions(certificates),
    // kafkaplane's SCRAM users' passwords before the Pods whose format and JAAS entries read them.
    ...scramSecretActions(scram),
    ...brokers.actions,
    // After the brokers, as Koperator orders it (per-broker dynamic config, then cluster-wide).
    ...perBroker.actions,
    ...clusterWide.actions,
    ...(cruiseControl?.actions ?? []),
    ...(operation?.action ? [operation.action] : []),
    ...(graceful !== undefined && outside.kafkaConnected ? unregistrations(graceful, view.current) : []),
  ];

  const plan: Plan = {
    ...brokers,
    blocked: [
      ...brokers.blocked,
      ...(graceful?.blocked ?? []),
      ...voters.blocked,
      ...refusedRoleChanges,
      ...certificateProblems(certificates),
      ...(certManager?.blocked ?? []),
    ],
    waiting: [...brokers.waiting, ...(graceful?.waiting ?? []), ...voters.waiting, ...(certManager?.pending ?? [])],
  };
  const events: Action[] = plan.blocked
    .filter((b) => current?.conditions?.some((c) => c.message.includes(b.message)) !== true)
    .map((b) => warning(b.reason, b.message));
  return {
    actions,
    wakeAt: earliest(certificateWakeAt(certificates, view.now), certManager?.wakeAt, scram?.recheckAt),
    report: {
      kind: 'reconciled',
      status: {
        current: view.current,
        spec: view.spec,
        check,
        observed: world.observed,
        generation,
        clusterId: view.clusterId,
        now: world.now,
        listeners: { cluster: view.cluster, facts: view.externalFacts },
      },
      plan,
      perBroker: perBroker.states,
      clusterWide: clusterWide.result,
      graceful: graceful !== undefined ? { states: graceful.states, schedule: operation?.schedule } : undefined,
      cruiseControl,
      events,
    },
  };
}

/** The CruiseControlOperation the graceful plan asks for: created under a fresh name, or the one a crash left, adopted. */
function planOperation(view: ClusterView, graceful: GracefulPlan, suffix: string): { action?: Action; schedule: ScheduledOperation } | undefined {
  const request = graceful.request;
  if (request === undefined) return undefined;
  if (request.adopt !== undefined) return { schedule: { name: request.adopt, targets: request.targets, created: false } };
  const { task } = request;
  const name = `${view.cluster.name}-${task.operation.replaceAll('_', '')}-${suffix}`;
  const ttl = view.spec.cruiseControlConfig.cruiseControlOperationSpec?.ttlSecondsAfterFinished;
  const brokerIds = [...new Set([...brokerIdsOf(task), ...logDirsOf(task).map((d) => d.brokerId)])];
  const body = newOperationObject(view.cluster, task, name, ttl);
  return {
    action: { type: 'createOperation', namespace: view.cluster.namespace, name, body, task, brokerIds, reason: 'OperationCreated' },
    schedule: { name, targets: request.targets, created: true },
  };
}

/** The graceful plan with no broker released that Kafka may still count as a voter: its Pod, disks and config stay. */
function stillVotingKept(graceful: GracefulPlan, stillVoting: readonly number[]): GracefulPlan {
  if (stillVoting.length === 0) return graceful;
  return { ...graceful, releasedBrokers: graceful.releasedBrokers.filter((id) => !stillVoting.includes(id)) };
}

/** A removed broker with nothing left in Kubernetes leaves the KRaft metadata, then the status. */
function unregistrations(graceful: GracefulPlan, current: KafkaClusterStatus): Action[] {
  return graceful.forgottenBrokers
    .filter((id) => current.brokersState?.[String(id)] !== undefined)
    .map((brokerId) => ({ type: 'unregisterBroker', brokerId, reason: 'BrokerUnregistered' }));
}

function warning(reason: string, message: string): Action {
  return { type: 'recordEvent', eventType: 'Warning', reason, message };
}

/** A write that gives the deployed Cruise Control a new configuration or Pod. */
function changesCruiseControl(action: Action): boolean {
  return (action.type === 'create' || action.type === 'replace') && (action.object.kind === 'Deployment' || action.object.kind === 'ConfigMap');
}

/** The first of the times a pass asked to be looked at again, if any. */
function earliest(...times: Array<Date | undefined>): Date | undefined {
  return times.reduce<Date | undefined>((first, t) => (t !== undefined && (first === undefined || t < first) ? t : first), undefined);
}
