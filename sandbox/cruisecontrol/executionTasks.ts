import type { Proposal } from './planner.js';

/** The tasks of one execution, as Cruise Control's ExecutionTask (…/executor/ExecutionTask.java). */
export type TaskType = 'INTER_BROKER_REPLICA_ACTION' | 'INTRA_BROKER_REPLICA_ACTION' | 'LEADER_ACTION';
export type TaskState = 'PENDING' | 'IN_PROGRESS' | 'ABORTING' | 'ABORTED' | 'DEAD' | 'COMPLETED';

export interface ExecutionTask {
  readonly executionId: number;
  readonly type: TaskType;
  state: TaskState;
  readonly proposal: Proposal;
  readonly brokers: readonly number[];
  /** Replica copies still to do, one at a time per partition: [from, to, toLogDir]. */
  readonly pairs: Array<[number, number, string]>;
  /** Bytes already copied by finished pairs. */
  movedBytes: number;
}

export function interPairs(p: Proposal): Array<[number, number, string]> {
  const oldBrokers = new Set(p.oldReplicas.map((r) => r.broker));
  const newBrokers = new Set(p.newReplicas.map((r) => r.broker));
  const leaving = p.oldReplicas.filter((r) => !newBrokers.has(r.broker));
  const arriving = p.newReplicas.filter((r) => !oldBrokers.has(r.broker));
  return leaving.flatMap((r, i) => {
    const to = arriving[i];
    return to ? [[r.broker, to.broker, to.logDir] as [number, number, string]] : [];
  });
}

export function buildTasks(proposals: readonly Proposal[]): ExecutionTask[] {
  const tasks: ExecutionTask[] = [];
  let id = 0;
  for (const p of proposals) {
    const pairs = interPairs(p);
    if (pairs.length > 0) {
      tasks.push({
        executionId: id++,
        type: 'INTER_BROKER_REPLICA_ACTION',
        state: 'PENDING',
        proposal: p,
        brokers: [...new Set(pairs.flatMap(([f, t]) => [f, t]))],
        pairs,
        movedBytes: 0,
      });
    }
    for (const r of p.newReplicas) {
      const old = p.oldReplicas.find((o) => o.broker === r.broker);
      if (old && old.logDir !== r.logDir) {
        tasks.push({
          executionId: id++,
          type: 'INTRA_BROKER_REPLICA_ACTION',
          state: 'PENDING',
          proposal: p,
          brokers: [r.broker],
          pairs: [[r.broker, r.broker, r.logDir]],
          movedBytes: 0,
        });
      }
    }
    if (p.newLeader !== p.oldLeader && p.newLeader !== -1) {
      tasks.push({ executionId: id++, type: 'LEADER_ACTION', state: 'PENDING', proposal: p, brokers: [p.newLeader], pairs: [], movedBytes: 0 });
    }
  }
  return tasks;
}

export function taskJson(t: ExecutionTask): Record<string, unknown> {
  const json: Record<string, unknown> = {
    executionId: t.executionId,
    type: t.type,
    state: t.state,
    proposal: {
      topicPartition: { hash: 0, partition: t.proposal.partition, topic: t.proposal.topic },
      oldLeader: t.proposal.oldLeader,
      oldReplicas: t.proposal.oldReplicas.map((r) => r.broker),
      newReplicas: t.proposal.newReplicas.map((r) => r.broker),
    },
  };
  if (t.type === 'INTRA_BROKER_REPLICA_ACTION') json.brokerId = t.brokers[0];
  return json;
}
