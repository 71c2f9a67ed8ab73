// The shapes the client returns, named for scripts (generated from src/client/documents).
import type {
  BrokersQuery,
  ClustersQuery,
  ConfigEditFieldsFragment,
  DisksQuery,
  EditFieldsFragment,
  EventFieldsFragment,
  OperationFieldsFragment,
  ProposalFieldsFragment,
  RebalanceClusterMutation,
  RetryOperationMutation,
  StopOperationMutation,
  UserErrorFieldsFragment,
  ClusterConfigsQuery,
  ClusterProgressQuery,
} from './__generated__/graphql.js';

type NonNull<T> = Exclude<T, null | undefined>;

export type ClusterProgress = NonNull<ClusterProgressQuery['cluster']>;
export type ClusterSummary = ClustersQuery['clusters']['nodes'][number];
export type BrokerSummary = NonNull<BrokersQuery['cluster']>['brokers']['nodes'][number];
export type DiskSummary = NonNull<DisksQuery['cluster']>['brokers']['nodes'][number]['disks'][number];
export type ConfigEntry = NonNull<ClusterConfigsQuery['cluster']>['configs'][number];
export type Operation = OperationFieldsFragment;
export type ClusterEvent = EventFieldsFragment;
export type ProposalPreview = ProposalFieldsFragment;
export type UserError = UserErrorFieldsFragment;
/** What removeBroker, addBrokers, the volume edits, setResources and restartBroker answer. */
export type EditResult = EditFieldsFragment;
/** What setBrokerConfig and setClusterConfig answer. */
export type ConfigEditResult = ConfigEditFieldsFragment;
export type RebalanceResult = RebalanceClusterMutation['rebalanceCluster'];
export type StopResult = StopOperationMutation['stopOperation'];
export type RetryResult = RetryOperationMutation['retryOperation'];

export type {
  AddBrokerVolumeInput,
  AddBrokersInput,
  EventType,
  OperationState,
  OperationType,
  RebalanceClusterInput,
  RemoveBrokerInput,
  RemoveBrokerVolumeInput,
  ResizeBrokerVolumeInput,
  RestartBrokerInput,
  SetBrokerConfigInput,
  SetBrokerResourcesInput,
  SetClusterConfigInput,
} from './__generated__/graphql.js';

/** States after which an operation does nothing more by itself. */
export const FINAL_OPERATION_STATES: ReadonlySet<Operation['state']> = new Set(['COMPLETED', 'FAILED']);
