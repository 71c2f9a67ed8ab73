import type { KafkaClusterModel } from '../kafka/model/index.js';

/** The brokers capacity.json names (linkedin/cruise-control BrokerCapacityConfigFileResolver), and where it was read. */
export interface CapacityConfig {
  readonly file: string;
  readonly brokerIds: ReadonlySet<number>;
}

/** BrokerCapacityConfigFileResolver's DEFAULT_CAPACITY_BROKER_ID: the entry that stands for any broker not listed. */
const DEFAULT_CAPACITY_BROKER_ID = -1;

/**
 * Reads capacity.json as Cruise Control does at start: `{"brokerCapacities":[{"brokerId":"<id>",
 * "capacity":{...}}]}`. Throws, with the Java exception Cruise Control dies with, when the text
 * is not that.
 */
export function parseCapacityFile(file: string, text: string): CapacityConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`com.google.gson.JsonSyntaxException: ${(error as Error).message}`);
  }
  const entries = (parsed as { brokerCapacities?: unknown } | null)?.brokerCapacities;
  if (!Array.isArray(entries)) throw new Error(`java.lang.IllegalArgumentException: No broker capacities found in file ${file}.`);
  const brokerIds = new Set<number>();
  for (const entry of entries as Array<{ brokerId?: unknown; capacity?: unknown }>) {
    const id = Number(entry.brokerId);
    if (!Number.isInteger(id) || typeof entry.capacity !== 'object' || entry.capacity === null)
      throw new Error(`java.lang.IllegalArgumentException: Invalid broker capacity entry ${JSON.stringify(entry)} in file ${file}.`);
    brokerIds.add(id);
  }
  return { file, brokerIds };
}

/**
 * Why the cluster model cannot be built: a live broker without a capacity, when no default entry
 * may stand for it (linkedin/cruise-control BrokerCapacityConfigFileResolver.capacityForBroker,
 * BrokerCapacityResolutionException). Undefined when every broker resolves.
 */
export function capacityProblem(config: CapacityConfig | undefined, model: KafkaClusterModel, allowEstimation: boolean): string | undefined {
  if (config === undefined) return undefined;
  const canEstimate = allowEstimation && config.brokerIds.has(DEFAULT_CAPACITY_BROKER_ID);
  // The cluster model holds the brokers Kafka's metadata shows: alive ones, and dead ones that
  // still host replicas; a broker that left the cluster needs no capacity.
  const hosting = new Set(model.partitions().flatMap((p) => p.replicas.map((r) => r.broker)));
  const missing = model
    .brokers()
    .filter((b) => b.roles.includes('broker') && (b.running || hosting.has(b.id)))
    .map((b) => b.id)
    .find((id) => !config.brokerIds.has(id) && !canEstimate);
  if (missing === undefined) return undefined;
  return (
    `com.linkedin.kafka.cruisecontrol.exception.BrokerCapacityResolutionException: Unable to resolve capacity of broker ${missing}. Either (1) adding the ` +
    `default broker capacity (via adding capacity for broker ${DEFAULT_CAPACITY_BROKER_ID} and allowing capacity estimation) or (2) adding missing ` +
    `broker's capacity in file ${config.file}.`
  );
}
