import { z } from 'zod';

// Response bodies of the goal-based and monitoring endpoints (OptimizationResult.java,
// BrokerStats, ProgressResult, UserTaskState, ReviewResult); extra fields are dropped.

/** 202 body. The operation objects carry no `version` (the spec says they do; the server does not). */
export const progressResultSchema = z.object({
  progress: z.array(
    z.object({
      operation: z.string(),
      operationProgress: z.array(z.object({ step: z.string(), description: z.string(), 'time-in-ms': z.number(), completionPercentage: z.number() })),
    }),
  ),
});
export type ProgressResult = z.infer<typeof progressResultSchema>;

const loadFigures = {
  Host: z.string(),
  Rack: z.string(),
  DiskMB: z.number(),
  DiskPct: z.number(),
  CpuPct: z.number(),
  LeaderNwInRate: z.number(),
  FollowerNwInRate: z.number(),
  NwOutRate: z.number(),
  PnwOutRate: z.number(),
  Replicas: z.number(),
  Leaders: z.number(),
  DiskCapacityMB: z.number(),
  NetworkInCapacity: z.number(),
  NetworkOutCapacity: z.number(),
  NumCore: z.number(),
};

export const BROKER_STATES = ['ALIVE', 'DEAD', 'NEW', 'DEMOTED', 'BAD_DISKS'] as const;
export type BrokerState = (typeof BROKER_STATES)[number];

/** A dead disk reports "DEAD" instead of its figures. */
const diskStateSchema = z.object({
  DiskMB: z.union([z.number(), z.literal('DEAD')]),
  DiskPct: z.union([z.number(), z.literal('DEAD')]),
  NumLeaderReplicas: z.number(),
  NumReplicas: z.number(),
});

export const brokerLoadSchema = z.object({
  ...loadFigures,
  Broker: z.number(),
  BrokerState: z.enum(BROKER_STATES),
  DiskState: z.record(z.string(), diskStateSchema).optional(),
});
export type BrokerLoad = z.infer<typeof brokerLoadSchema>;

export const hostLoadSchema = z.object(loadFigures);
export type HostLoad = z.infer<typeof hostLoadSchema>;

export const brokerStatsSchema = z.object({ hosts: z.array(hostLoadSchema), brokers: z.array(brokerLoadSchema) });
export type BrokerStats = z.infer<typeof brokerStatsSchema>;

const statisticsSchema = z.object({
  cpu: z.number(),
  networkInbound: z.number(),
  networkOutbound: z.number(),
  disk: z.number(),
  potentialNwOut: z.number(),
  replicas: z.number(),
  leaderReplicas: z.number(),
  topicReplicas: z.number(),
});

/** Gson serializes Kafka's TopicPartition as an object, not the string the spec shows. */
const proposalSchema = z.object({
  topicPartition: z.object({ topic: z.string(), partition: z.number() }),
  oldLeader: z.number(),
  oldReplicas: z.array(z.number()),
  newReplicas: z.array(z.number()),
});
export type ReplicaProposal = z.infer<typeof proposalSchema>;

export const optimizationResultSchema = z.object({
  summary: z.object({
    numReplicaMovements: z.number(),
    dataToMoveMB: z.number(),
    numIntraBrokerReplicaMovements: z.number(),
    intraBrokerDataToMoveMB: z.number(),
    numLeaderMovements: z.number(),
    recentWindows: z.number(),
    monitoredPartitionsPercentage: z.number(),
    excludedTopics: z.array(z.string()),
    excludedBrokersForLeadership: z.array(z.number()),
    excludedBrokersForReplicaMove: z.array(z.number()),
    onDemandBalancednessScoreBefore: z.number().optional(),
    onDemandBalancednessScoreAfter: z.number().optional(),
    provisionStatus: z.enum(['UNDER_PROVISIONED', 'RIGHT_SIZED', 'OVER_PROVISIONED', 'UNDECIDED']).optional(),
    provisionRecommendation: z.string().optional(),
  }),
  goalSummary: z.array(
    z.object({
      goal: z.string(),
      status: z.enum(['VIOLATED', 'FIXED', 'NO-ACTION']),
      optimizationTimeMs: z.number().optional(),
      clusterModelStats: z
        .object({
          metadata: z.object({ brokers: z.number(), replicas: z.number(), topics: z.number() }),
          statistics: z.object({ AVG: statisticsSchema, MAX: statisticsSchema, MIN: statisticsSchema, STD: statisticsSchema }),
        })
        .optional(),
    }),
  ),
  loadAfterOptimization: brokerStatsSchema,
  /** verbose only. */
  proposals: z.array(proposalSchema).optional(),
  loadBeforeOptimization: brokerStatsSchema.optional(),
});
export type OptimizationResult = z.infer<typeof optimizationResultSchema>;

export const partitionLoadSchema = z.object({
  records: z.array(
    z.object({
      topic: z.string(),
      partition: z.number(),
      leader: z.number(),
      followers: z.array(z.number()),
      cpu: z.number(),
      networkInbound: z.number(),
      networkOutbound: z.number(),
      disk: z.number(),
      msg_in: z.number().optional(),
    }),
  ),
});
export type PartitionLoad = z.infer<typeof partitionLoadSchema>;

export const USER_TASK_STATUSES = ['Active', 'InExecution', 'Completed', 'CompletedWithError'] as const;
export type UserTaskStatus = (typeof USER_TASK_STATUSES)[number];

/** StartMs is epoch ms as a string; originalResponse is the cached body as text (fetch_completed_task). */
export const userTasksSchema = z.object({
  userTasks: z.array(
    z.object({
      UserTaskId: z.string(),
      RequestURL: z.string(),
      ClientIdentity: z.string(),
      StartMs: z.union([z.string(), z.number()]).transform((v) => Number(v)),
      Status: z.enum(USER_TASK_STATUSES),
      originalResponse: z.string().optional(),
    }),
  ),
});
export type UserTaskInfo = z.infer<typeof userTasksSchema>['userTasks'][number];

export const messageResultSchema = z.object({ message: z.string() });

export const REVIEW_STATUSES = ['PENDING_REVIEW', 'APPROVED', 'SUBMITTED', 'DISCARDED'] as const;
export const reviewResultSchema = z.object({
  RequestInfo: z.array(
    z.object({
      Id: z.number(),
      SubmitterAddress: z.string(),
      SubmissionTimeMs: z.number(),
      Status: z.enum(REVIEW_STATUSES),
      EndpointWithParams: z.string(),
      Reason: z.string(),
    }),
  ),
});
export type ReviewRequest = z.infer<typeof reviewResultSchema>['RequestInfo'][number];

/** Error body with json=true; Jetty's own errors use message/servlet/url/status instead. */
export const errorBodySchema = z.object({
  errorMessage: z.string().optional(),
  message: z.string().optional(),
  stackTrace: z.string().optional(),
});
