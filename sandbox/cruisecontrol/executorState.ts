import { interPairs, taskJson, type ExecutionTask, type TaskState, type TaskType } from './executionTasks.js';

export type ExecutorStateName =
  | 'NO_TASK_IN_PROGRESS'
  | 'GENERATING_PROPOSALS_FOR_EXECUTION'
  | 'INITIALIZING_PROPOSAL_EXECUTION'
  | 'STARTING_EXECUTION'
  | 'INTER_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS'
  | 'INTRA_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS'
  | 'LEADER_MOVEMENT_TASK_IN_PROGRESS'
  | 'STOPPING_EXECUTION';

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

/** What the executor shows of itself. */
export interface ExecutorSnapshot {
  readonly state: ExecutorStateName;
  readonly tasks: readonly ExecutionTask[];
  readonly limits: ExecutionLimits;
  readonly triggered: { readonly userTaskId: string; readonly reason: string };
  readonly cancelled: number;
  readonly recentlyRemoved: ReadonlySet<number>;
  readonly recentlyDemoted: ReadonlySet<number>;
}

/** `ExecutorState` as /state shows it: the fields depend on the state (ExecutorState.getJsonStructure). */
export function executorStateJson(snap: ExecutorSnapshot, verbose: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { state: snap.state };
  if (snap.recentlyRemoved.size > 0) out.recentlyRemovedBrokers = [...snap.recentlyRemoved];
  if (snap.recentlyDemoted.size > 0) out.recentlyDemotedBrokers = [...snap.recentlyDemoted];
  if (snap.state === 'NO_TASK_IN_PROGRESS') return out;
  out.triggeredUserTaskId = snap.triggered.userTaskId;
  out.triggeredSelfHealingTaskId = '';
  out.triggeredTaskReason = snap.triggered.reason;
  const limits = snap.limits;
  const of = (type: TaskType): ExecutionTask[] => snap.tasks.filter((t) => t.type === type);
  const count = (tasks: ExecutionTask[], ...states: TaskState[]): number => tasks.filter((t) => states.includes(t.state)).length;
  const mb = (bytes: number): number => Math.round(bytes / (1024 * 1024));
  const inter = of('INTER_BROKER_REPLICA_ACTION');
  const intra = of('INTRA_BROKER_REPLICA_ACTION');
  const leader = of('LEADER_ACTION');
  const moved = (tasks: ExecutionTask[]): number => tasks.reduce((s, t) => s + t.movedBytes, 0);
  const total = (tasks: ExecutionTask[]): number => tasks.reduce((s, t) => s + t.proposal.sizeBytes * interPairs(t.proposal).length, 0);
  const tasksView = (tasks: ExecutionTask[]): Array<Record<string, unknown>> => tasks.map((t) => taskJson(t));
  switch (snap.state) {
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
      if (verbose)
        Object.assign(out, {
          inProgressPartitionMovement: tasksView(inter.filter((t) => t.state === 'IN_PROGRESS')),
          pendingPartitionMovement: tasksView(inter.filter((t) => t.state === 'PENDING')),
        });
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
      if (verbose)
        Object.assign(out, {
          inProgressIntraBrokerPartitionMovement: tasksView(intra.filter((t) => t.state === 'IN_PROGRESS')),
          pendingIntraBrokerPartitionMovement: tasksView(intra.filter((t) => t.state === 'PENDING')),
        });
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
        numCancelledPartitionMovements: snap.cancelled,
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
