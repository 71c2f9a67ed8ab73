import type { KafkaAdminClient, KafkaAdminPool } from '../../kafka/index.js';
import type { ClusterRef } from '../../domain/labels.js';

/** How the operator reaches each cluster's Kafka Admin API. */
export interface KafkaConnection {
  pool: KafkaAdminPool;
  /** The cluster's bootstrap addresses; undefined or empty when it has none yet. */
  bootstrap: (cluster: ClusterRef) => string[] | undefined;
}

/** The cluster's admin client, or undefined when no connection is configured or no address is known. */
export function kafkaAdminOf(kafka: KafkaConnection | undefined, cluster: ClusterRef): KafkaAdminClient | undefined {
  const bootstrap = kafka?.bootstrap(cluster);
  if (kafka === undefined || bootstrap === undefined || bootstrap.length === 0) return undefined;
  return kafka.pool.get({ cluster: `${cluster.namespace}/${cluster.name}`, bootstrapServers: bootstrap });
}
