import type { KafkaAdminClient } from '../../kafka/index.js';

/** What the brokers of a cluster hold beyond Kafka's own internal topics. */
export interface DataHeld {
  /** Topics with at least one replica on the brokers, by name. */
  topics: string[];
  replicas: number;
  bytes: number;
}

/**
 * Asks Kafka itself (DescribeLogDirs on every broker) which topics its brokers hold. Kafka's
 * internal topics (`__consumer_offsets`, `__transaction_state`, `__cluster_metadata`: a name
 * starting with two underscores) do not count: every running cluster has them. A failed log dir
 * (KAFKA_STORAGE_ERROR) hides what it holds, so it makes the answer unknown rather than empty;
 * and a topic the metadata still assigns to the brokers counts even if no healthy dir showed it.
 */
export async function dataHeld(admin: KafkaAdminClient, brokerIds: readonly number[], signal?: AbortSignal): Promise<DataHeld> {
  const dirs = await admin.describeLogDirs(brokerIds, signal);
  const topics = new Set<string>();
  for (const [id, logDirs] of dirs) {
    const failed = logDirs.find((d) => d.error !== null);
    if (failed !== undefined) throw new Error(`Kafka reports log dir ${failed.path} of broker ${id} failed (${failed.error ?? ''}): what it holds is unknown`);
  }
  const asked = new Set(brokerIds);
  for (const p of await admin.describePartitionReplicas(signal)) {
    if (!p.topic.startsWith('__') && p.replicas.some((id) => asked.has(id))) topics.add(p.topic);
  }
  let replicas = 0;
  let bytes = 0n;
  for (const logDirs of dirs.values()) {
    for (const dir of logDirs) {
      for (const replica of dir.replicas) {
        if (replica.topic.startsWith('__') || replica.future) continue;
        topics.add(replica.topic);
        replicas += 1;
        bytes += replica.sizeBytes;
      }
    }
  }
  return { topics: [...topics].sort(), replicas, bytes: Number(bytes) };
}
