import type { KafkaAdminClient } from '../../kafka/index.js';
import type { ClusterRef } from '../../domain/labels.js';

/** How the operator reaches each cluster's Kafka Admin API. */
export interface KafkaConnection {
  /** The cluster's admin client (with its client certificate on an ssl listener); undefined when it has no address yet. */
  admin: (cluster: ClusterRef, signal?: AbortSignal) => Promise<KafkaAdminClient | undefined>;
}

/** The cluster's admin client, or undefined when no connection is configured or no address is known. */
export async function kafkaAdminOf(kafka: KafkaConnection | undefined, cluster: ClusterRef, signal?: AbortSignal): Promise<KafkaAdminClient | undefined> {
  return kafka === undefined ? undefined : kafka.admin(cluster, signal);
}
