import type { CruiseControlClients } from '../cruisecontrol/index.js';
import type { ReplicaCounter } from './observe.js';

/**
 * Replicas per broker from Cruise Control's kafka_cluster_state (ReplicaCountByBrokerId), as
 * Koperator's downScale reads them to choose the broker to remove. One short request, no retry:
 * the alert is refused and decided again on its next delivery if Cruise Control does not answer.
 */
export function cruiseControlReplicaCounts(cruiseControl: CruiseControlClients): ReplicaCounter {
  return async (cluster, target) => {
    const client = cruiseControl.of('check', cluster, target);
    if (client === undefined) throw new Error(`no Cruise Control address is known for ${cluster.namespace}/${cluster.name}`);
    const state = await client.kafkaClusterState();
    return new Map(Object.entries(state.KafkaBrokerState.ReplicaCountByBrokerId).map(([id, count]) => [Number(id), count]));
  };
}
