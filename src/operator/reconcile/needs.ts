/**
 * What a pass must ask outside Kubernetes before it plans, named by previews: the plans made
 * with what the cache alone shows, and every outside fact assumed favourable. Pure, like the
 * plans; the pass then asks only for these facts, and plans once with what it got.
 */
import { getProperties } from 'properties-file';
import type { KafkaClusterStatus } from '../../k8s/crd/index.js';
import { rolesOf } from '../../domain/serverProperties.js';
import type { GracefulPlan } from '../operations/graceful.js';
import type { OperationRecord } from '../../domain/operationRecord.js';
import { isPodReady } from '../../domain/observedCluster.js';
import { desiredControllers, leavingControllers } from '../quorum/reconcileVoters.js';
import { planCluster } from './plan.js';
import { clusterPlanInputOf } from './planInputs.js';
import { CLUSTER_WIDE_CONFIG_IN_SYNC } from './status.js';
import type { ClusterView } from './world.js';

/**
 * Whether the operations must be read from the API rather than the cache: when the plan would
 * create one, or the status refers to one the cache does not show yet. A lagging cache must
 * neither send a drain twice nor count a missing drain as done.
 */
export function operationsNeedReading(current: KafkaClusterStatus, cached: readonly OperationRecord[], preview: GracefulPlan): boolean {
  if (preview.request !== undefined && preview.request.adopt === undefined) return true;
  const known = new Set(cached.map((o) => o.name));
  const referenced = Object.values(current.brokersState ?? {}).flatMap((b) => [
    b.gracefulActionState?.cruiseControlOperationReference?.name,
    ...Object.values(b.gracefulActionState?.volumeStates ?? {}).map((v) => v.cruiseControlOperationReference?.name),
  ]);
  return referenced.some((name) => name !== undefined && !known.has(name));
}

export interface ClusterNeeds {
  /**
   * The restart the plan would make if Kafka were healthy. Kafka's health is asked for only then:
   * it costs a Cruise Control request, and Cruise Control admits only a few at a time. A failed
   * Pod's replacement needs no gate, so it names none.
   */
  restart: { brokerId: number; controller: boolean } | undefined;
  /** Ready brokers whose per-broker dynamic config is kept: Kafka is asked what each holds. */
  brokerConfigs: number[];
}

export function clusterNeeds(view: ClusterView, graceful: GracefulPlan | undefined): ClusterNeeds {
  const preview = planCluster(clusterPlanInputOf(view, graceful, { kafkaHealthy: true, controllerRestartAllowed: { ok: true, reason: '' } }));
  const restart = preview.actions.find((a) => a.type === 'restartBroker' && a.reason !== 'BrokerPodFailed');
  const brokerConfigs = [...preview.dynamicConfigs]
    .filter(([id, entries]) => {
      if (!isPodReady(view.observed.brokers.get(id)?.pod)) return false;
      // A broker that never had a per-broker config needs no request until it gets one.
      return entries.size > 0 || view.current.brokersState?.[String(id)]?.perBrokerConfigurationState !== undefined;
    })
    .map(([id]) => id);
  if (restart?.type !== 'restartBroker') return { restart: undefined, brokerConfigs };
  const broker = view.spec.brokers.find((b) => b.id === restart.brokerId) ?? { id: restart.brokerId };
  return { restart: { brokerId: restart.brokerId, controller: rolesOf(view.spec, broker).includes('controller') }, brokerConfigs };
}

/**
 * Whether Kafka is asked for its KRaft quorum: a controller restart is pending (its gate), or the
 * spec or Kubernetes has controllers whose voters may change and a node serves to answer.
 */
export function quorumNeeded(view: ClusterView, needs: ClusterNeeds): boolean {
  if (needs.restart?.controller === true) return true;
  if (![...view.observed.brokers.values()].some((b) => isPodReady(b.pod))) return false;
  return desiredControllers(view.cluster, view.spec, view.observed).length > 0 || leavingControllers(view.spec, view.observed).length > 0;
}

/**
 * Whether Kafka is asked for its cluster-default dynamic config: a cluster that never had a
 * clusterWideConfig needs no request until it gets one, and a cluster with no Ready broker
 * cannot answer.
 */
export function clusterDefaultsNeeded(view: ClusterView): boolean {
  const wanted = Object.keys(getProperties(view.spec.clusterWideConfig ?? '')).length;
  const applied = view.current.clusterWideConfigKeys ?? [];
  const previous = view.current.conditions?.find((c) => c.type === CLUSTER_WIDE_CONFIG_IN_SYNC);
  if (wanted === 0 && applied.length === 0 && previous === undefined) return false;
  return [...view.observed.brokers.values()].some((b) => isPodReady(b.pod));
}
