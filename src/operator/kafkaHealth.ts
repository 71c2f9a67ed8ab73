import type { CruiseControlClient } from '../cruisecontrol/index.js';
import type { ClusterRef } from '../domain/labels.js';
import type { Logger } from '../logging.js';

/**
 * Whether Kafka reports every partition fully replicated, as Cruise Control's
 * kafka_cluster_state sees it: no offline, under-replicated or under-min-ISR partition.
 * Unknown (Cruise Control unreachable) answers undefined, which holds every rolling restart.
 */
export function cruiseControlHealth(
  cruiseControl: (cluster: ClusterRef) => CruiseControlClient | undefined,
  logger: Logger,
): (cluster: ClusterRef) => Promise<boolean | undefined> {
  return async (cluster) => {
    const client = cruiseControl(cluster);
    if (client === undefined) return undefined;
    try {
      const state = (await client.kafkaClusterState()).KafkaPartitionState;
      return state.offline.length === 0 && state.urp.length === 0 && state['under-min-isr'].length === 0;
    } catch (err) {
      logger.debug({ cluster: cluster.name, namespace: cluster.namespace, err: (err as Error).message }, 'Kafka health unknown: Cruise Control did not answer');
      return undefined;
    }
  };
}
