export { CruiseControlClient, type AsyncOutcome, type CruiseControlClientOptions, type PendingRequest, type SubmittedReview } from './client.js';
export { CruiseControlError, codeForResponse, type CruiseControlErrorCode, type CruiseControlErrorDetails } from './errors.js';
export type * from './options.js';
export { readinessOf, type Readiness } from './readiness.js';
export type {
  BrokerLoad,
  BrokerState,
  BrokerStats,
  HostLoad,
  OptimizationResult,
  PartitionLoad,
  ProgressResult,
  ReplicaProposal,
  ReviewRequest,
  UserTaskInfo,
  UserTaskStatus,
} from './resultSchemas.js';
export type {
  AnalyzerState,
  CruiseControlState,
  ExecutorState,
  ExecutorStateName,
  GoalReadiness,
  KafkaClusterState,
  KafkaPartitionInfo,
  MonitorState,
  MonitorStateName,
} from './stateSchemas.js';
export { viewTask, type TaskContext, type TaskPhase, type TaskView } from './tasks.js';
export type { CruiseControlAuth, CruiseControlAuthSource, CruiseControlTrustSource } from './transport.js';
export {
  CruiseControlClients,
  type CruiseControlClientsOptions,
  type CruiseControlCredentialsReader,
  type CruiseControlTrustReader,
  type CruiseControlUse,
} from './clients.js';
