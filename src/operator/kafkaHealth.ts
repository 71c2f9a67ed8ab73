import { CruiseControlClient } from '../cruisecontrol/index.js';
import type { Logger } from '../logging.js';
import type { ClusterRef } from '../domain/labels.js';

/** Where a cluster's Cruise Control answers. */
export type CruiseControlUrlResolver = (cluster: ClusterRef, cruiseControlEndpoint: string | undefined) => string | undefined;

/**
 * Koperator's addresses: `spec.cruiseControlConfig.cruiseControlEndpoint` (host:port) when set,
 * else the Service it creates, `<cluster>-cruisecontrol-svc` on port 8090.
 */
export const koperatorCruiseControlUrl =
  (clusterDomain = 'cluster.local'): CruiseControlUrlResolver =>
  (cluster, endpoint) => {
    const hostPort = endpoint ?? `${cluster.name}-cruisecontrol-svc.${cluster.namespace}.svc.${clusterDomain}:8090`;
    return `${hostPort.startsWith('http') ? hostPort : `http://${hostPort}`}/kafkacruisecontrol`;
  };

/**
 * Whether Kafka reports every partition fully replicated, as Cruise Control's
 * kafka_cluster_state sees it: no offline, under-replicated or under-min-ISR partition.
 * Unknown (Cruise Control unreachable) answers undefined, which holds every rolling restart.
 */
export function cruiseControlHealth(resolve: (cluster: ClusterRef) => string | undefined, logger: Logger): (cluster: ClusterRef) => Promise<boolean | undefined> {
  const clients = new Map<string, CruiseControlClient>();
  return async (cluster) => {
    const url = resolve(cluster);
    if (url === undefined) return undefined;
    let client = clients.get(url);
    if (!client) {
      client = new CruiseControlClient({ url, timeoutMs: 5_000, retries: 0, logger });
      clients.set(url, client);
    }
    try {
      const state = (await client.kafkaClusterState()).KafkaPartitionState;
      return state.offline.length === 0 && state.urp.length === 0 && state['under-min-isr'].length === 0;
    } catch (err) {
      logger.debug({ cluster: cluster.name, namespace: cluster.namespace, err: (err as Error).message }, 'Kafka health unknown: Cruise Control did not answer');
      return undefined;
    }
  };
}
