import { z } from 'zod';

// Parsed at the edge from GET /state?json=true. Fields appear by state (ExecutorState.getJsonStructure,
// LoadMonitorState, AnalyzerState), so most are optional; unknown fields are dropped, not rejected.

export const EXECUTOR_STATES = [
  'NO_TASK_IN_PROGRESS',
  'GENERATING_PROPOSALS_FOR_EXECUTION',
  'INITIALIZING_PROPOSAL_EXECUTION',
  'STARTING_EXECUTION',
  'INTER_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS',
  'INTRA_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS',
  'LEADER_MOVEMENT_TASK_IN_PROGRESS',
  'STOPPING_EXECUTION',
] as const;
export type ExecutorStateName = (typeof EXECUTOR_STATES)[number];

export const MONITOR_STATES = ['NOT_STARTED', 'RUNNING', 'SAMPLING', 'PAUSED', 'BOOTSTRAPPING', 'TRAINING', 'LOADING'] as const;
export type MonitorStateName = (typeof MONITOR_STATES)[number];

const count = z.number().optional();

export const executorStateSchema = z.object({
  state: z.enum(EXECUTOR_STATES),
  triggeredUserTaskId: z.string().optional(),
  triggeredSelfHealingTaskId: z.string().optional(),
  triggeredTaskReason: z.string().optional(),
  recentlyRemovedBrokers: z.array(z.number()).optional(),
  recentlyDemotedBrokers: z.array(z.number()).optional(),
  numTotalPartitionMovements: count,
  numPendingPartitionMovements: count,
  numInProgressPartitionMovements: count,
  numFinishedPartitionMovements: count,
  abortingPartitions: count,
  finishedDataMovement: count,
  totalDataToMove: count,
  numTotalIntraBrokerPartitionMovements: count,
  numPendingIntraBrokerPartitionMovements: count,
  numInProgressIntraBrokerPartitionMovements: count,
  numFinishedIntraBrokerPartitionMovements: count,
  finishedIntraBrokerDataMovement: count,
  totalIntraBrokerDataToMove: count,
  numTotalLeadershipMovements: count,
  numPendingLeadershipMovements: count,
  numFinishedLeadershipMovements: count,
});
export type ExecutorState = z.infer<typeof executorStateSchema>;

export const monitorStateSchema = z.object({
  state: z.enum(MONITOR_STATES),
  error: z.string().optional(),
  trained: z.boolean().optional(),
  trainingPct: count,
  numMonitoredWindows: count,
  numValidPartitions: count,
  numTotalPartitions: count,
  monitoringCoveragePct: count,
  numFlawedPartitions: count,
  reasonOfLatestPauseOrResume: z.string().optional(),
  bootstrapProgressPct: count,
  loadingProgressPct: count,
  /** verbose only: window end (epoch ms, as a string) to completeness 0..1. */
  monitoredWindows: z.record(z.string(), z.number()).optional(),
});
export type MonitorState = z.infer<typeof monitorStateSchema>;

export const goalReadinessSchema = z.object({
  name: z.string(),
  modelCompleteRequirement: z
    .object({ requiredNumSnapshots: z.number(), minMonitoredPartitionsPercentage: z.number(), includeAllTopics: z.boolean() })
    .partial()
    .optional(),
  status: z.enum(['ready', 'notReady']),
});
export type GoalReadiness = z.infer<typeof goalReadinessSchema>;

export const analyzerStateSchema = z.object({
  isProposalReady: z.boolean(),
  readyGoals: z.array(z.string()),
  /** verbose only. */
  goalReadiness: z.array(goalReadinessSchema).optional(),
});
export type AnalyzerState = z.infer<typeof analyzerStateSchema>;

export const anomalyDetectorStateSchema = z.object({
  selfHealingEnabled: z.array(z.string()).optional(),
  selfHealingDisabled: z.array(z.string()).optional(),
  balancednessScore: z.number().optional(),
});
export type AnomalyDetectorState = z.infer<typeof anomalyDetectorStateSchema>;

/** A sub-state key is present only when it was requested (CruiseControlState.java). */
export const cruiseControlStateSchema = z.object({
  MonitorState: monitorStateSchema.optional(),
  ExecutorState: executorStateSchema.optional(),
  AnalyzerState: analyzerStateSchema.optional(),
  AnomalyDetectorState: anomalyDetectorStateSchema.optional(),
});
export type CruiseControlState = z.infer<typeof cruiseControlStateSchema>;

const partitionStateSchema = z.object({
  topic: z.string(),
  partition: z.number(),
  leader: z.number(),
  replicas: z.array(z.number()),
  'in-sync': z.array(z.number()),
  'out-of-sync': z.array(z.number()),
  offline: z.array(z.number()),
  'min-isr': z.number().optional(),
});
export type KafkaPartitionInfo = z.infer<typeof partitionStateSchema>;

const byBroker = <T extends z.ZodType>(value: T) => z.record(z.string(), value);

/** GET /kafka_cluster_state: maps keyed by broker id as a string (KafkaClusterState.java). */
export const kafkaClusterStateSchema = z.object({
  KafkaBrokerState: z.object({
    LeaderCountByBrokerId: byBroker(z.number()),
    OutOfSyncCountByBrokerId: byBroker(z.number()),
    ReplicaCountByBrokerId: byBroker(z.number()),
    OfflineReplicaCountByBrokerId: byBroker(z.number()).optional(),
    IsController: byBroker(z.boolean()).optional(),
    OnlineLogDirsByBrokerId: byBroker(z.array(z.string())),
    OfflineLogDirsByBrokerId: byBroker(z.array(z.string())),
    Summary: z.record(z.string(), z.number()).optional(),
  }),
  KafkaPartitionState: z.object({
    offline: z.array(partitionStateSchema),
    'with-offline-replicas': z.array(partitionStateSchema).optional(),
    urp: z.array(partitionStateSchema),
    'under-min-isr': z.array(partitionStateSchema),
    other: z.array(partitionStateSchema).optional(),
  }),
});
export type KafkaClusterState = z.infer<typeof kafkaClusterStateSchema>;
