import type { LogDir, PartitionReplicas } from '../../kafka/index.js';
import { logDirOf } from '../../domain/operationRecord.js';

/** What a drain confirmation asks Kafka about: brokers, and log dirs by mount path. */
export interface DrainQuestion {
  brokers: readonly number[];
  logDirs: ReadonlyArray<{ brokerId: number; mountPath: string }>;
}

/** Confirmed counts (absent: not confirmed) and, for each answer withheld, why. */
export interface DrainAnswer {
  replicaCounts: Map<number, number>;
  logDirReplicas: Map<string, number>;
  doubts: string[];
}

/**
 * What Kafka confirms about drained brokers and log dirs. Only what Kafka reports healthy can
 * confirm anything: a dir with an error (KAFKA_STORAGE_ERROR: its replicas are offline, not
 * gone) or missing from DescribeLogDirs says nothing about what it holds, and every replica the
 * metadata assigns to a broker must be found in its healthy dirs; otherwise the count stays
 * unconfirmed, and what would be released is kept. Counting an unreadable dir as empty is how
 * a drain is confirmed while a failed disk still holds the only copy of a replica.
 */
export function confirmDrains(question: DrainQuestion, dirs: ReadonlyMap<number, readonly LogDir[]>, assignments: readonly PartitionReplicas[]): DrainAnswer {
  const answer: DrainAnswer = { replicaCounts: new Map(), logDirReplicas: new Map(), doubts: [] };
  const assigned = assignedPerBroker(assignments);
  for (const id of question.brokers) {
    const unreadable = unhealthy(id, dirs.get(id));
    if (unreadable !== undefined) {
      answer.doubts.push(unreadable);
      continue;
    }
    const held = (dirs.get(id) ?? []).reduce((n, d) => n + d.replicas.length, 0);
    answer.replicaCounts.set(id, Math.max(held, assigned.get(id) ?? 0));
  }
  for (const { brokerId, mountPath } of question.logDirs) {
    const reported = dirs.get(brokerId);
    const path = logDirOf(mountPath);
    const dir = reported?.find((d) => d.path === path);
    if (reported === undefined || dir === undefined) {
      answer.doubts.push(`broker ${brokerId}: Kafka does not report log dir ${path}`);
      continue;
    }
    if (dir.error !== null) {
      answer.doubts.push(`broker ${brokerId}: Kafka reports log dir ${path} failed (${dir.error})`);
      continue;
    }
    if (dir.replicas.length > 0) {
      answer.logDirReplicas.set(`${brokerId}:${mountPath}`, dir.replicas.length);
      continue;
    }
    // Empty as reported: every replica the metadata assigns to the broker must then be in another healthy dir.
    const elsewhere = unhealthy(brokerId, reported);
    const found = reported.reduce((n, d) => n + d.replicas.filter((r) => !r.future).length, 0);
    const expected = assigned.get(brokerId) ?? 0;
    if (elsewhere !== undefined) answer.doubts.push(`${elsewhere}; ${path} stays until every replica of the broker is accounted for`);
    else if (found < expected)
      answer.doubts.push(`broker ${brokerId}: the metadata assigns it ${expected} replica(s), its log dirs report ${found}; ${path} stays until they agree`);
    else answer.logDirReplicas.set(`${brokerId}:${mountPath}`, 0);
  }
  return answer;
}

/** Why a broker's log dirs cannot be read as a whole, or undefined when every one is healthy. */
function unhealthy(id: number, reported: readonly LogDir[] | undefined): string | undefined {
  if (reported === undefined) return `broker ${id}: Kafka did not report its log dirs`;
  const failed = reported.filter((d) => d.error !== null);
  if (failed.length === 0) return undefined;
  return `broker ${id}: Kafka reports log dir ${failed.map((d) => `${d.path} failed (${d.error ?? ''})`).join(', ')}`;
}

function assignedPerBroker(assignments: readonly PartitionReplicas[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const p of assignments) for (const id of p.replicas) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
