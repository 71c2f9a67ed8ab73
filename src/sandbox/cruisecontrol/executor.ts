import type { Clock, ClockTimer } from '../clock.js';
import { ModelError, type KafkaClusterModel } from '../kafka/model/index.js';
import type { Proposal } from './planner.js';

export type ExecutorStateName =
  | 'NO_TASK_IN_PROGRESS' | 'GENERATING_PROPOSALS_FOR_EXECUTION' | 'INITIALIZING_PROPOSAL_EXECUTION' | 'STARTING_EXECUTION'
  | 'INTER_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS' | 'INTRA_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS'
  | 'LEADER_MOVEMENT_TASK_IN_PROGRESS' | 'STOPPING_EXECUTION';

type TaskType = 'INTER_BROKER_REPLICA_ACTION' | 'INTRA_BROKER_REPLICA_ACTION' | 'LEADER_ACTION';
type TaskState = 'PENDING' | 'IN_PROGRESS' | 'ABORTING' | 'ABORTED' | 'DEAD' | 'COMPLETED';

interface ExecutionTask {
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

/** Concurrency of one execution; absent parameters take the config defaults (…/config/constants/ExecutorConfig.java). */
export interface ExecutionLimits {
  readonly partitionMovementsPerBroker: number;
  readonly maxPartitionMovementsInCluster: number;
  readonly intraBrokerPartitionMovements: number;
  readonly leaderMovements: number;
  readonly brokerLeaderMovements: number;
}

export const DEFAULT_LIMITS: ExecutionLimits = {
  partitionMovementsPerBroker: 5,
  maxPartitionMovementsInCluster: 1250,
  intraBrokerPartitionMovements: 2,
  leaderMovements: 1000,
  brokerLeaderMovements: 250,
};

export interface ExecutionRequest {
  readonly proposals: readonly Proposal[];
  readonly limits: ExecutionLimits;
  readonly userTaskId: string;
  readonly reason: string;
  readonly removedBrokers?: readonly number[];
  readonly demotedBrokers?: readonly number[];
  /** Called once, when the execution ends: ok is false when it was stopped or a task died. */
  readonly onEnd: (ok: boolean) => void;
}

/**
 * The executor: one execution at a time, through the phases in Executor.execute's order
 * (inter-broker moves, intra-broker moves, leader movements), each phase starting tasks up to
 * its concurrency and the next phase beginning when the previous has no task left. Moves are
 * real replica moves of the Kafka model, so they take the time the data takes to copy.
 */
export class Executor {
  state: ExecutorStateName = 'NO_TASK_IN_PROGRESS';
  #tasks: ExecutionTask[] = [];
  #request: ExecutionRequest | undefined;
  #ticker: ClockTimer | undefined;
  #cancelled = 0;
  #triggered = { userTaskId: '', reason: '' };
  readonly recentlyRemoved = new Set<number>();
  readonly recentlyDemoted = new Set<number>();
  /** Fault: the next execution ends with a dead task (its user task CompletedWithError). */
  failNextExecution = false;

  constructor(private readonly model: KafkaClusterModel, private readonly clock: Clock, private readonly tickMs = 1000) {}

  get busy(): boolean {
    return this.state !== 'NO_TASK_IN_PROGRESS';
  }

  /** A dryrun=false request is computing its proposals. */
  generating(userTaskId: string, reason: string): void {
    this.state = 'GENERATING_PROPOSALS_FOR_EXECUTION';
    this.#triggered = { userTaskId, reason };
  }

  /** Proposal generation failed or found nothing to do. */
  idle(): void {
    this.state = 'NO_TASK_IN_PROGRESS';
  }

  execute(request: ExecutionRequest): void {
    this.#request = request;
    this.#triggered = { userTaskId: request.userTaskId, reason: request.reason };
    this.#cancelled = 0;
    this.state = 'INITIALIZING_PROPOSAL_EXECUTION';
    for (const id of request.removedBrokers ?? []) this.recentlyRemoved.add(id);
    for (const id of request.demotedBrokers ?? []) this.recentlyDemoted.add(id);
    this.#tasks = buildTasks(request.proposals);
    this.state = 'STARTING_EXECUTION';
    this.state = 'INTER_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS';
    this.#ticker = this.clock.setInterval(() => this.#step(), this.tickMs);
    this.#step();
  }

  /** stop_proposal_execution: in-progress moves finish, pending ones are cancelled. */
  stop(): void {
    if (!this.#request) return;
    this.state = 'STOPPING_EXECUTION';
    for (const t of this.#tasks) {
      if (t.state === 'PENDING') {
        t.state = 'ABORTED';
        this.#cancelled += 1;
      }
    }
    this.#step();
  }

  #step(): void {
    const request = this.#request;
    if (!request) return;
    const phaseType: Partial<Record<ExecutorStateName, TaskType>> = {
      INTER_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS: 'INTER_BROKER_REPLICA_ACTION',
      INTRA_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS: 'INTRA_BROKER_REPLICA_ACTION',
      LEADER_MOVEMENT_TASK_IN_PROGRESS: 'LEADER_ACTION',
    };
    for (;;) {
      if (this.state === 'STOPPING_EXECUTION') {
        if (this.#tasks.some((t) => t.state === 'IN_PROGRESS')) return;
        this.#end(false);
        return;
      }
      const type = phaseType[this.state];
      if (!type) return;
      const mine = this.#tasks.filter((t) => t.type === type);
      this.#startTasks(mine, request.limits);
      if (mine.some((t) => t.state === 'PENDING' || t.state === 'IN_PROGRESS')) return;
      if (this.state === 'INTER_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS') this.state = 'INTRA_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS';
      else if (this.state === 'INTRA_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS') this.state = 'LEADER_MOVEMENT_TASK_IN_PROGRESS';
      else {
        this.#end(!this.#tasks.some((t) => t.state === 'DEAD'));
        return;
      }
    }
  }

  #startTasks(tasks: ExecutionTask[], limits: ExecutionLimits): void {
    const inProgress = tasks.filter((t) => t.state === 'IN_PROGRESS');
    const perBroker = new Map<number, number>();
    for (const t of inProgress) for (const b of t.brokers) perBroker.set(b, (perBroker.get(b) ?? 0) + 1);
    let running = inProgress.length;
    for (const t of tasks) {
      if (t.state !== 'PENDING') continue;
      if (t.type === 'LEADER_ACTION') {
        if (running >= limits.leaderMovements) break;
        this.#lead(t);
        continue;
      }
      const cap = t.type === 'INTER_BROKER_REPLICA_ACTION' ? limits.partitionMovementsPerBroker : limits.intraBrokerPartitionMovements;
      if (t.type === 'INTER_BROKER_REPLICA_ACTION' && running >= limits.maxPartitionMovementsInCluster) break;
      if (t.brokers.some((b) => (perBroker.get(b) ?? 0) >= cap)) continue;
      for (const b of t.brokers) perBroker.set(b, (perBroker.get(b) ?? 0) + 1);
      running += 1;
      t.state = 'IN_PROGRESS';
      this.#nextPair(t);
    }
  }

  #nextPair(t: ExecutionTask): void {
    const pair = t.pairs.shift();
    if (!pair) {
      t.state = this.failNextExecution ? 'DEAD' : 'COMPLETED';
      this.failNextExecution = false;
      return;
    }
    const [from, to, toLogDir] = pair;
    try {
      this.model.moveReplica({ topic: t.proposal.topic, partition: t.proposal.partition, fromBroker: from, toBroker: to, toLogDir }, (move) => {
        if (move.state === 'failed') {
          t.state = 'DEAD';
          return;
        }
        t.movedBytes += move.totalBytes;
        this.#nextPair(t);
        this.#step();
      });
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      t.state = 'DEAD';
    }
  }

  #lead(t: ExecutionTask): void {
    const current = this.model.partition(t.proposal.topic, t.proposal.partition);
    try {
      if (current.leader !== t.proposal.newLeader) this.model.electLeader(t.proposal.topic, t.proposal.partition, t.proposal.newLeader);
      t.state = 'COMPLETED';
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      t.state = 'DEAD';
    }
  }

  #end(ok: boolean): void {
    this.#ticker?.cancel();
    this.#ticker = undefined;
    const request = this.#request;
    this.#request = undefined;
    this.state = 'NO_TASK_IN_PROGRESS';
    request?.onEnd(ok);
  }

  /** `ExecutorState` as /state shows it: the fields depend on the state (ExecutorState.getJsonStructure). */
  view(verbose: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = { state: this.state };
    if (this.recentlyRemoved.size > 0) out.recentlyRemovedBrokers = [...this.recentlyRemoved];
    if (this.recentlyDemoted.size > 0) out.recentlyDemotedBrokers = [...this.recentlyDemoted];
    if (this.state === 'NO_TASK_IN_PROGRESS') return out;
    out.triggeredUserTaskId = this.#triggered.userTaskId;
    out.triggeredSelfHealingTaskId = '';
    out.triggeredTaskReason = this.#triggered.reason;
    const limits = this.#request?.limits ?? DEFAULT_LIMITS;
    const of = (type: TaskType): ExecutionTask[] => this.#tasks.filter((t) => t.type === type);
    const count = (tasks: ExecutionTask[], ...states: TaskState[]): number => tasks.filter((t) => states.includes(t.state)).length;
    const mb = (bytes: number): number => Math.round(bytes / (1024 * 1024));
    const inter = of('INTER_BROKER_REPLICA_ACTION');
    const intra = of('INTRA_BROKER_REPLICA_ACTION');
    const leader = of('LEADER_ACTION');
    const moved = (tasks: ExecutionTask[]): number => tasks.reduce((s, t) => s + t.movedBytes, 0);
    const total = (tasks: ExecutionTask[]): number => tasks.reduce((s, t) => s + t.proposal.sizeBytes * interPairs(t.proposal).length, 0);
    const tasksView = (tasks: ExecutionTask[]): Array<Record<string, unknown>> => tasks.map((t) => taskJson(t));
    switch (this.state) {
      case 'INTER_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS':
        Object.assign(out, {
          numTotalPartitionMovements: inter.length,
          numPendingPartitionMovements: count(inter, 'PENDING'),
          numInProgressPartitionMovements: count(inter, 'IN_PROGRESS'),
          abortingPartitions: count(inter, 'ABORTING'),
          numFinishedPartitionMovements: count(inter, 'COMPLETED', 'DEAD', 'ABORTED'),
          finishedDataMovement: mb(moved(inter)),
          totalDataToMove: mb(total(inter)),
          maximumConcurrentPartitionMovementsPerBroker: limits.partitionMovementsPerBroker,
          minimumConcurrentPartitionMovementsPerBroker: limits.partitionMovementsPerBroker,
          averageConcurrentPartitionMovementsPerBroker: limits.partitionMovementsPerBroker,
        });
        if (verbose) Object.assign(out, { inProgressPartitionMovement: tasksView(inter.filter((t) => t.state === 'IN_PROGRESS')), pendingPartitionMovement: tasksView(inter.filter((t) => t.state === 'PENDING')) });
        break;
      case 'INTRA_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS':
        Object.assign(out, {
          numTotalIntraBrokerPartitionMovements: intra.length,
          numPendingIntraBrokerPartitionMovements: count(intra, 'PENDING'),
          numInProgressIntraBrokerPartitionMovements: count(intra, 'IN_PROGRESS'),
          numAbortingIntraBrokerPartitionMovements: count(intra, 'ABORTING'),
          numFinishedIntraBrokerPartitionMovements: count(intra, 'COMPLETED', 'DEAD', 'ABORTED'),
          finishedIntraBrokerDataMovement: mb(moved(intra)),
          totalIntraBrokerDataToMove: mb(intra.reduce((s, t) => s + t.proposal.sizeBytes, 0)),
          maximumConcurrentIntraBrokerPartitionMovementsPerBroker: limits.intraBrokerPartitionMovements,
          minimumConcurrentIntraBrokerPartitionMovementsPerBroker: limits.intraBrokerPartitionMovements,
          averageConcurrentIntraBrokerPartitionMovementsPerBroker: limits.intraBrokerPartitionMovements,
        });
        if (verbose) Object.assign(out, { inProgressIntraBrokerPartitionMovement: tasksView(intra.filter((t) => t.state === 'IN_PROGRESS')), pendingIntraBrokerPartitionMovement: tasksView(intra.filter((t) => t.state === 'PENDING')) });
        break;
      case 'LEADER_MOVEMENT_TASK_IN_PROGRESS':
        Object.assign(out, {
          numTotalLeadershipMovements: leader.length,
          numPendingLeadershipMovements: count(leader, 'PENDING'),
          numFinishedLeadershipMovements: count(leader, 'COMPLETED', 'DEAD', 'ABORTED'),
          maximumBrokerLeaderMovementConcurrency: limits.brokerLeaderMovements,
          minimumBrokerLeaderMovementConcurrency: limits.brokerLeaderMovements,
          averageBrokerLeaderMovementConcurrency: limits.brokerLeaderMovements,
          clusterLeaderMovementConcurrency: limits.leaderMovements,
        });
        break;
      case 'STOPPING_EXECUTION':
        Object.assign(out, {
          numCancelledPartitionMovements: this.#cancelled,
          numInProgressPartitionMovements: count(inter, 'IN_PROGRESS'),
          abortingPartitions: count(inter, 'ABORTING'),
          numCancelledIntraBrokerPartitionMovements: 0,
          numInProgressIntraBrokerPartitionMovements: count(intra, 'IN_PROGRESS'),
          numAbortingIntraBrokerPartitionMovements: 0,
          numCancelledLeadershipMovements: 0,
          finishedDataMovement: mb(moved(inter)),
          totalDataToMove: mb(total(inter)),
        });
        break;
      default:
        break;
    }
    return out;
  }
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

function buildTasks(proposals: readonly Proposal[]): ExecutionTask[] {
  const tasks: ExecutionTask[] = [];
  let id = 0;
  for (const p of proposals) {
    const pairs = interPairs(p);
    if (pairs.length > 0) {
      tasks.push({ executionId: id++, type: 'INTER_BROKER_REPLICA_ACTION', state: 'PENDING', proposal: p, brokers: [...new Set(pairs.flatMap(([f, t]) => [f, t]))], pairs, movedBytes: 0 });
    }
    for (const r of p.newReplicas) {
      const old = p.oldReplicas.find((o) => o.broker === r.broker);
      if (old && old.logDir !== r.logDir) {
        tasks.push({ executionId: id++, type: 'INTRA_BROKER_REPLICA_ACTION', state: 'PENDING', proposal: p, brokers: [r.broker], pairs: [[r.broker, r.broker, r.logDir]], movedBytes: 0 });
      }
    }
    if (p.newLeader !== p.oldLeader && p.newLeader !== -1) {
      tasks.push({ executionId: id++, type: 'LEADER_ACTION', state: 'PENDING', proposal: p, brokers: [p.newLeader], pairs: [], movedBytes: 0 });
    }
  }
  return tasks;
}

function taskJson(t: ExecutionTask): Record<string, unknown> {
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
