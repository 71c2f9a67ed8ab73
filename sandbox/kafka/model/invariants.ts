import type { ModelState } from './state.js';

/**
 * What must hold at every instant, whatever runs: every partition keeps exactly its replication
 * factor of complete replicas, on distinct brokers, each on a broker and log dir that exist (a
 * stopped broker still has its disks: its replicas are offline, not lost). Returns the
 * violations, empty when all is well.
 */
export function invariantViolations(state: ModelState): string[] {
  const violations: string[] = [];
  for (const topic of state.topics.values()) {
    for (const partition of topic.partitions) {
      const name = `${topic.name}-${partition.index}`;
      if (partition.replicas.length !== topic.replicationFactor) {
        violations.push(`${name} has ${partition.replicas.length} replicas, replication factor ${topic.replicationFactor}`);
      }
      const brokers = new Set(partition.replicas.map((r) => r.broker));
      if (brokers.size !== partition.replicas.length) violations.push(`${name} has two replicas on one broker`);
      for (const replica of partition.replicas) {
        const broker = state.brokers.get(replica.broker);
        if (!broker) violations.push(`${name} lost its replica on removed broker ${replica.broker}`);
        else if (!broker.logDirs.has(replica.logDir)) violations.push(`${name} lost its replica in removed log dir ${replica.broker}:${replica.logDir}`);
      }
      if (partition.leader !== -1 && !partition.isr.includes(partition.leader)) violations.push(`${name} is led by ${partition.leader}, not in its ISR`);
    }
  }
  return violations;
}
