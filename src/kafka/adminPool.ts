import { KafkaAdminClient, type KafkaAdminOptions } from './adminClient.js';
import type { KafkaClusterEndpoint } from './connection.js';

/**
 * One admin client per cluster, reused by every caller: a client is made on first use and
 * replaced only when the cluster's endpoint (bootstrap servers, TLS, SASL) changes.
 */
export class KafkaAdminPool {
  readonly #clients = new Map<string, { key: string; client: KafkaAdminClient }>();

  constructor(private readonly options: Partial<KafkaAdminOptions> = {}) {}

  /** The client of `endpoint.cluster`. */
  get(endpoint: KafkaClusterEndpoint): KafkaAdminClient {
    const key = JSON.stringify(endpoint);
    const existing = this.#clients.get(endpoint.cluster);
    if (existing?.key === key) return existing.client;
    if (existing) void existing.client.close().catch(() => undefined);
    const client = new KafkaAdminClient(endpoint, this.options);
    this.#clients.set(endpoint.cluster, { key, client });
    return client;
  }

  /** Closes the client of a cluster that was deleted. */
  async forget(cluster: string): Promise<void> {
    const existing = this.#clients.get(cluster);
    this.#clients.delete(cluster);
    await existing?.client.close();
  }

  async close(): Promise<void> {
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(clients.map(({ client }) => client.close()));
  }
}
