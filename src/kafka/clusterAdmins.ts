import type { KafkaBootstrapResolver } from '../domain/addresses.js';
import type { ClusterKey } from '../domain/labels.js';
import { internalBootstrapServers } from '../domain/serverProperties.js';
import type { KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';
import type { KafkaAdminClient, KafkaAdminOptions } from './adminClient.js';
import { KafkaAdminPool } from './adminPool.js';

/**
 * Short bounds: a reconcile pass or a query must not wait long on a Kafka that does not answer;
 * callers bound each call further with their own signal, and the next pass or query asks again.
 */
const ADMIN_OPTIONS: Partial<KafkaAdminOptions> = { connectTimeoutMs: 2_000, requestTimeoutMs: 5_000, operationTimeoutMs: 8_000, retries: 1 };

/** The process's Kafka admin clients, one per cluster, found at its brokers' bootstrap addresses. */
export class KafkaClusterAdmins {
  readonly pool = new KafkaAdminPool(ADMIN_OPTIONS);

  /** `bootstrap` replaces the addresses read from the spec (the embedded sandbox's, in tests and `npm start`). */
  constructor(private readonly override?: KafkaBootstrapResolver) {}

  /** Where the cluster's brokers are reached: the override's answer, else their Services on the internal listener. */
  bootstrap(cluster: ClusterKey, spec: KafkaClusterSpec | undefined): string[] | undefined {
    if (this.override !== undefined) return this.override(cluster);
    return spec !== undefined ? internalBootstrapServers(cluster.name, cluster.namespace, spec) : undefined;
  }

  /** The cluster's admin client, or undefined when no address is known. */
  of(cluster: ClusterKey, spec: KafkaClusterSpec | undefined): KafkaAdminClient | undefined {
    const bootstrap = this.bootstrap(cluster, spec);
    if (bootstrap === undefined || bootstrap.length === 0) return undefined;
    return this.pool.get({ cluster: `${cluster.namespace}/${cluster.name}`, bootstrapServers: bootstrap });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
