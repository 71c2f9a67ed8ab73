import { CruiseControlClient } from '../cruisecontrol/index.js';
import type { Logger } from '../logging.js';
import type { CruiseControlUrlResolver } from '../operator/kafkaHealth.js';
import type { ReplicaCounter } from './observe.js';

/**
 * Replicas per broker from Cruise Control's kafka_cluster_state (ReplicaCountByBrokerId), as
 * Koperator's downScale reads them to choose the broker to remove. One short request, no retry:
 * the alert is refused and decided again on its next delivery if Cruise Control does not answer.
 */
export function cruiseControlReplicaCounts(resolve: CruiseControlUrlResolver, logger: Logger, timeoutMs = 10_000): ReplicaCounter {
  const clients = new Map<string, CruiseControlClient>();
  return async (cluster, endpoint) => {
    const url = resolve(cluster, endpoint);
    if (url === undefined) throw new Error(`no Cruise Control address is known for ${cluster.namespace}/${cluster.name}`);
    let client = clients.get(url);
    if (client === undefined) {
      client = new CruiseControlClient({ url, timeoutMs, retries: 0, logger });
      clients.set(url, client);
    }
    const state = await client.kafkaClusterState({ signal: AbortSignal.timeout(timeoutMs) });
    return new Map(Object.entries(state.KafkaBrokerState.ReplicaCountByBrokerId).map(([id, count]) => [Number(id), count]));
  };
}
