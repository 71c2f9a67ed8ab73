import type { GracefulInput, GracefulPlan } from '../operations/graceful.js';
import type { OperationRecord } from '../../domain/operationRecord.js';
import { roleChanges } from '../quorum/roleChanges.js';
import type { PlanInput } from './plan.js';
import type { ClusterView, OutsideFacts } from './world.js';

/** What the graceful plan reads, from the cache's view, the operations and what Kafka confirmed. */
export function gracefulInputOf(
  view: ClusterView,
  operations: readonly OperationRecord[],
  kafka: Pick<OutsideFacts, 'replicaCounts' | 'logDirReplicas'>,
): GracefulInput {
  const brokersState = view.current.brokersState ?? {};
  const inSync = new Set(
    Object.entries(brokersState)
      .filter(([, b]) => b.configurationState === 'ConfigInSync')
      .map(([id]) => Number(id)),
  );
  return {
    spec: view.spec,
    observed: view.observed,
    brokersState,
    operations,
    replicaCounts: kafka.replicaCounts,
    logDirReplicas: kafka.logDirReplicas,
    inSync,
    now: view.now.getTime(),
  };
}

/** What the brokers' plan reads: the cache's view, the graceful plan's decisions and Kafka's restart gates. */
export function clusterPlanInputOf(
  view: ClusterView,
  graceful: GracefulPlan | undefined,
  gates: Pick<OutsideFacts, 'kafkaHealthy' | 'controllerRestartAllowed'>,
): PlanInput {
  return {
    cluster: view.cluster,
    spec: view.spec,
    clusterId: view.clusterId,
    observed: view.observed,
    storageClasses: view.storageClasses,
    racks: view.racks,
    pins: view.pins,
    externalNodes: view.externalNodes,
    externalFacts: view.externalFacts,
    isPerBrokerDynamic: view.isPerBrokerDynamic,
    rollingUpgradeErrors: view.current.rollingUpgradeStatus?.errorCount ?? 0,
    restartRequests: view.restartRequests,
    initialControllers: view.current.initialControllers,
    rollingUpgradeAlerts: view.rollingUpgradeAlerts,
    kafkaHealthy: gates.kafkaHealthy,
    controllerRestartAllowed: gates.controllerRestartAllowed,
    // A node whose roles the spec changed is left exactly as it runs (quorum/roleChanges.ts).
    held: new Set(roleChanges(view.spec, view.observed).flatMap((b) => (b.brokerId !== undefined ? [b.brokerId] : []))),
    ...(graceful ? { graceful: releasedOf(graceful) } : {}),
  };
}

/** What the brokers' plan takes from the graceful one: which disks stay, and what may go. */
function releasedOf(graceful: GracefulPlan): NonNullable<PlanInput['graceful']> {
  return { retainedVolumes: graceful.retainedVolumes, releasedVolumes: graceful.releasedVolumes, releasedBrokers: graceful.releasedBrokers };
}
