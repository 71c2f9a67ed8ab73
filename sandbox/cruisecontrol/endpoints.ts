/**
 * Cruise Control's endpoints as the Jetty servlet serves them: method, sync or async, the
 * parameter names each accepts (…/servlet/parameters/*Parameters.java), the operation name of
 * its progress (…/async/progress), and the endpoint type its completed tasks are kept under
 * (CruiseControlEndPoint.java).
 */
export type EndpointName =
  | 'state'
  | 'load'
  | 'partition_load'
  | 'kafka_cluster_state'
  | 'user_tasks'
  | 'proposals'
  | 'add_broker'
  | 'remove_broker'
  | 'demote_broker'
  | 'rebalance'
  | 'remove_disks'
  | 'fix_offline_replicas'
  | 'stop_proposal_execution'
  | 'pause_sampling'
  | 'resume_sampling'
  | 'review'
  | 'review_board';

export type EndpointType = 'KAFKA_ADMIN' | 'KAFKA_MONITOR' | 'CRUISE_CONTROL_ADMIN' | 'CRUISE_CONTROL_MONITOR';

export interface Endpoint {
  readonly name: EndpointName;
  readonly method: 'GET' | 'POST';
  readonly async: boolean;
  readonly parameters: ReadonlySet<string>;
  /** The operation name in a 202 ProgressResult. */
  readonly operation: string;
  readonly type: EndpointType;
}

const COMMON = ['json', 'get_response_schema', 'doas'];
const GOAL_BASED = [
  'goals',
  'data_from',
  'use_ready_default_goals',
  'excluded_topics',
  'exclude_recently_removed_brokers',
  'exclude_recently_demoted_brokers',
  'fast_mode',
  'allow_capacity_estimation',
  'verbose',
];
const MOVEMENT_CONCURRENCY = [
  'concurrent_partition_movements_per_broker',
  'max_partition_movements_in_cluster',
  'concurrent_leader_movements',
  'broker_concurrent_leader_movements',
  'execution_progress_check_interval_ms',
];
const EXECUTION = ['dryrun', 'skip_hard_goal_check', 'replica_movement_strategies', 'replication_throttle', 'review_id', 'stop_ongoing_execution', 'reason'];

function endpoint(name: EndpointName, method: 'GET' | 'POST', async: boolean, type: EndpointType, operation: string, ...names: string[][]): Endpoint {
  return { name, method, async, type, operation, parameters: new Set(names.flat()) };
}

// Parameter names are compared in lower case (ParameterUtils: case-insensitive names), doAs included.
export const ENDPOINTS: readonly Endpoint[] = [
  endpoint('state', 'GET', true, 'CRUISE_CONTROL_MONITOR', 'Get state', COMMON, ['substates', 'verbose', 'super_verbose', 'reason']),
  endpoint('load', 'GET', true, 'KAFKA_MONITOR', 'Get broker stats', COMMON, [
    'start',
    'end',
    'time',
    'allow_capacity_estimation',
    'populate_disk_info',
    'capacity_only',
    'reason',
  ]),
  endpoint('partition_load', 'GET', true, 'KAFKA_MONITOR', 'Get partition load', COMMON, [
    'resource',
    'start',
    'end',
    'entries',
    'topic',
    'partition',
    'min_valid_partition_ratio',
    'allow_capacity_estimation',
    'max_load',
    'avg_load',
    'brokerid',
    'reason',
  ]),
  endpoint('kafka_cluster_state', 'GET', false, 'KAFKA_MONITOR', 'Get Kafka cluster state', COMMON, ['verbose', 'topic', 'reason']),
  endpoint('user_tasks', 'GET', false, 'CRUISE_CONTROL_MONITOR', 'Get user tasks', COMMON, [
    'user_task_ids',
    'client_ids',
    'endpoints',
    'types',
    'entries',
    'fetch_completed_task',
    'reason',
  ]),
  endpoint('proposals', 'GET', true, 'KAFKA_MONITOR', 'Get customized proposals', COMMON, GOAL_BASED, [
    'kafka_assigner',
    'rebalance_disk',
    'ignore_proposal_cache',
    'destination_broker_ids',
    'reason',
  ]),
  endpoint('review_board', 'GET', false, 'CRUISE_CONTROL_MONITOR', 'Review board', COMMON, ['review_ids', 'reason']),
  endpoint('add_broker', 'POST', true, 'KAFKA_ADMIN', 'Add brokers', COMMON, GOAL_BASED, MOVEMENT_CONCURRENCY, EXECUTION, [
    'brokerid',
    'throttle_added_broker',
    'kafka_assigner',
  ]),
  endpoint('remove_broker', 'POST', true, 'KAFKA_ADMIN', 'Remove brokers', COMMON, GOAL_BASED, MOVEMENT_CONCURRENCY, EXECUTION, [
    'brokerid',
    'throttle_removed_broker',
    'destination_broker_ids',
    'kafka_assigner',
  ]),
  endpoint('demote_broker', 'POST', true, 'KAFKA_ADMIN', 'Demote', COMMON, EXECUTION, [
    'brokerid',
    'brokerid_and_logdirs',
    'concurrent_leader_movements',
    'broker_concurrent_leader_movements',
    'execution_progress_check_interval_ms',
    'skip_urp_demotion',
    'exclude_follower_demotion',
    'allow_capacity_estimation',
    'verbose',
    'exclude_recently_demoted_brokers',
  ]),
  endpoint('rebalance', 'POST', true, 'KAFKA_ADMIN', 'Rebalance', COMMON, GOAL_BASED, MOVEMENT_CONCURRENCY, EXECUTION, [
    'kafka_assigner',
    'ignore_proposal_cache',
    'destination_broker_ids',
    'rebalance_disk',
    'concurrent_intra_broker_partition_movements',
  ]),
  // RemoveDisksParameters: only these, json included but not get_response_schema or doAs.
  endpoint('remove_disks', 'POST', true, 'KAFKA_ADMIN', 'Remove disks', ['json', 'brokerid_and_logdirs', 'dryrun', 'stop_ongoing_execution', 'reason']),
  endpoint('fix_offline_replicas', 'POST', true, 'KAFKA_ADMIN', 'Fix offline replicas', COMMON, GOAL_BASED, MOVEMENT_CONCURRENCY, EXECUTION),
  endpoint('stop_proposal_execution', 'POST', false, 'CRUISE_CONTROL_ADMIN', 'Stop proposal execution', COMMON, [
    'force_stop',
    'stop_external_agent',
    'review_id',
    'reason',
  ]),
  endpoint('pause_sampling', 'POST', false, 'CRUISE_CONTROL_ADMIN', 'Pause sampling', COMMON, ['reason', 'review_id']),
  endpoint('resume_sampling', 'POST', false, 'CRUISE_CONTROL_ADMIN', 'Resume sampling', COMMON, ['reason', 'review_id']),
  endpoint('review', 'POST', false, 'CRUISE_CONTROL_ADMIN', 'Review', COMMON, ['approve', 'discard', 'reason']),
];

/** The enum names Cruise Control lists in its 404 text, per method (CruiseControlEndPoint.java). */
export const SUPPORTED: Record<'GET' | 'POST', string> = {
  GET: '[BOOTSTRAP, TRAIN, LOAD, PARTITION_LOAD, PROPOSALS, STATE, KAFKA_CLUSTER_STATE, USER_TASKS, REVIEW_BOARD, PERMISSIONS]',
  POST: '[ADD_BROKER, REMOVE_BROKER, FIX_OFFLINE_REPLICAS, REBALANCE, STOP_PROPOSAL_EXECUTION, PAUSE_SAMPLING, RESUME_SAMPLING, DEMOTE_BROKER, ADMIN, REVIEW, TOPIC_CONFIGURATION, RIGHTSIZE, REMOVE_DISKS]',
};

/** Matches the last path segment case-insensitively, as ParameterUtils.endPoint does. */
export function findEndpoint(method: string, segment: string): Endpoint | undefined {
  const name = segment.toLowerCase();
  return ENDPOINTS.find((e) => e.name === name && e.method === method);
}
