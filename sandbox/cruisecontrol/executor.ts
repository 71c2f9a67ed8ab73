import type { Clock, ClockTimer } from '../clock.js';
import { ModelError, type KafkaClusterModel } from '../kafka/model/index.js';
import { buildTasks, type ExecutionTask, type TaskState, type TaskType } from './executionTasks.js';
import { DEFAULT_LIMITS, executorStateJson, type ExecutionLimits, type ExecutorStateName } from './executorState.js';
import type { Proposal } from './planner.js';

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
  #stopBeforeStart = false;
  #triggered = { userTaskId: '', reason: '' };
  /** The process died: nothing more is started, and no execution ends (see halt). */
  #halted = false;
  readonly recentlyRemoved = new Set<number>();
  readonly recentlyDemoted = new Set<number>();
  /** Fault: the next execution ends with a dead task (its user task CompletedWithError). */
  failNextExecution = false;

  constructor(
    private readonly model: KafkaClusterModel,
    private readonly clock: Clock,
    private readonly tickMs = 1000,
  ) {}

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
    this.#stopBeforeStart = false;
  }

  /** Whether a stop arrived while proposals were being generated; the execution must then not start. */
  takeStopBeforeStart(): boolean {
    const stop = this.#stopBeforeStart;
    this.#stopBeforeStart = false;
    return stop;
  }

  execute(request: ExecutionRequest): void {
    if (this.#halted) return;
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
    if (this.state === 'GENERATING_PROPOSALS_FOR_EXECUTION') this.#stopBeforeStart = true;
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

  /**
   * The process died (its Pod deleted, its node lost): the execution stops where it is, with no
   * end and no answer. Replicas already moved stay moved; the reassignments in flight stay in
   * Kafka, which completes them on its own; the next batch is never started. As Cruise Control
   * does when bounced mid-execution (linkedin/cruise-control#233: a restarted instance shows
   * NO_TASK_IN_PROGRESS and does not resume the interrupted execution).
   */
  halt(): void {
    this.#halted = true;
    this.#ticker?.cancel();
    this.#ticker = undefined;
    this.#request = undefined;
  }

  #step(): void {
    const request = this.#request;
    if (!request || this.#halted) return;
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
    if (this.#halted) return;
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

  /** How many tasks of the execution (the last one, once it ended) are of each type in each state. */
  taskCounts(type: TaskType, state: TaskState): number {
    return this.#tasks.filter((t) => t.type === type && t.state === state).length;
  }

  /** `ExecutorState` as /state shows it. */
  view(verbose: boolean): Record<string, unknown> {
    return executorStateJson(
      {
        state: this.state,
        tasks: this.#tasks,
        limits: this.#request?.limits ?? DEFAULT_LIMITS,
        triggered: this.#triggered,
        cancelled: this.#cancelled,
        recentlyRemoved: this.recentlyRemoved,
        recentlyDemoted: this.recentlyDemoted,
      },
      verbose,
    );
  }
}
