import type { BrokerStateName } from './brokerStats.js';
import type { EndpointName } from './endpoints.js';
import { badParameter } from './errors.js';
import { DEFAULT_LIMITS, type ExecutionLimits } from './executorState.js';
import { DEFAULT_GOALS, INTRA_BROKER_GOALS, simpleGoalName } from './goals.js';
import type { Parameters } from './parameters.js';
import type { PlanKind } from './planner.js';

/** A parsed goal-based request (add/remove/demote broker, rebalance, remove_disks, fix_offline_replicas, proposals). */
export interface GoalRequest {
  readonly kind: PlanKind;
  readonly dryrun: boolean;
  readonly goals: readonly string[];
  readonly explicitGoals: boolean;
  readonly skipHardGoalCheck: boolean;
  readonly brokers: readonly number[];
  readonly destinationBrokers: readonly number[];
  readonly excludedTopics: RegExp | undefined;
  readonly excludedTopicsText: string | undefined;
  readonly excludeRecentlyRemoved: boolean;
  readonly logDirsToRemove: ReadonlyMap<number, readonly string[]>;
  readonly stopOngoing: boolean;
  readonly verbose: boolean;
  readonly limits: ExecutionLimits;
  /** How the result shows the brokers named in the request. */
  readonly brokerStates: ReadonlyMap<number, BrokerStateName>;
}

/** Parses and validates as the *Parameters classes do; every failure is a 400 before any task exists. */
export function parseGoalRequest(endpoint: EndpointName, params: Parameters): GoalRequest {
  const upper = endpoint.toUpperCase();
  const rebalanceDisk = params.boolean('rebalance_disk', false);
  const kind: PlanKind = endpoint === 'rebalance' || endpoint === 'proposals' ? (rebalanceDisk ? 'rebalance_disk' : 'rebalance') : (endpoint as PlanKind);
  const dryrun = endpoint === 'proposals' ? true : params.boolean('dryrun', true);
  const stopOngoing = params.boolean('stop_ongoing_execution', false);
  if (stopOngoing && dryrun) throw badParameter('stop_ongoing_execution and dryrun cannot both be set to true.');
  const goalsParam = params
    .list('goals')
    ?.filter((g) => g !== '')
    .map(simpleGoalName);
  const explicitGoals = goalsParam !== undefined && goalsParam.length > 0;
  if (explicitGoals && (params.boolean('use_ready_default_goals', false) || params.boolean('ignore_proposal_cache', false))) {
    throw badParameter('Cannot specify goals with use_ready_default_goals or ignore_proposal_cache.');
  }
  if (rebalanceDisk && (explicitGoals || params.has('kafka_assigner'))) {
    throw badParameter('Kafka assigner mode and goals cannot be specified with rebalance_disk.');
  }
  let brokers: number[] = [];
  let logDirsToRemove = new Map<number, string[]>();
  if (endpoint === 'add_broker' || endpoint === 'remove_broker' || endpoint === 'demote_broker') {
    brokers = params.intList('brokerid') ?? [];
    if (endpoint === 'demote_broker' && params.has('brokerid_and_logdirs')) logDirsToRemove = parseBrokerLogDirs(params);
    if (brokers.length === 0 && logDirsToRemove.size === 0) throw badParameter(`Target broker ID is not provided for ${upper} request`);
  }
  if (endpoint === 'remove_disks') logDirsToRemove = parseBrokerLogDirs(params);
  const destinationBrokers = params.intList('destination_broker_ids') ?? [];
  if (destinationBrokers.some((b) => brokers.includes(b))) {
    throw badParameter(`No overlap is allowed between the destination brokers ${fmt(destinationBrokers)} and the brokers to be removed ${fmt(brokers)}.`);
  }
  const limits: ExecutionLimits = {
    partitionMovementsPerBroker: params.concurrency('concurrent_partition_movements_per_broker') ?? DEFAULT_LIMITS.partitionMovementsPerBroker,
    maxPartitionMovementsInCluster: params.concurrency('max_partition_movements_in_cluster') ?? DEFAULT_LIMITS.maxPartitionMovementsInCluster,
    intraBrokerPartitionMovements:
      params.concurrency('concurrent_intra_broker_partition_movements') ?? (endpoint === 'remove_disks' ? 1 : DEFAULT_LIMITS.intraBrokerPartitionMovements),
    leaderMovements: params.concurrency('concurrent_leader_movements') ?? DEFAULT_LIMITS.leaderMovements,
    brokerLeaderMovements: params.concurrency('broker_concurrent_leader_movements') ?? DEFAULT_LIMITS.brokerLeaderMovements,
  };
  params.long('execution_progress_check_interval_ms');
  params.long('replication_throttle');
  const brokerStates = new Map<number, BrokerStateName>(
    brokers.map((b) => [b, endpoint === 'add_broker' ? 'NEW' : endpoint === 'remove_broker' ? 'DEAD' : 'DEMOTED']),
  );
  const goals =
    kind === 'rebalance_disk'
      ? INTRA_BROKER_GOALS
      : kind === 'remove_disks'
        ? ['IntraBrokerDiskCapacityGoal']
        : kind === 'demote_broker'
          ? ['PreferredLeaderElectionGoal']
          : explicitGoals
            ? goalsParam
            : [...DEFAULT_GOALS];
  return {
    kind,
    dryrun,
    goals,
    explicitGoals,
    skipHardGoalCheck: rebalanceDisk || params.boolean('skip_hard_goal_check', false),
    brokers,
    destinationBrokers,
    excludedTopics: params.regex('excluded_topics'),
    excludedTopicsText: params.string('excluded_topics'),
    excludeRecentlyRemoved: params.boolean('exclude_recently_removed_brokers', true),
    logDirsToRemove,
    stopOngoing,
    verbose: params.boolean('verbose', false),
    limits,
    brokerStates,
  };
}

/** `brokerid_and_logdirs`: `<id>-<logdir>` items, split at the first '-' (ParameterUtils.brokerIdAndLogdirs). */
function parseBrokerLogDirs(params: Parameters): Map<number, string[]> {
  const result = new Map<number, string[]>();
  for (const item of params.list('brokerid_and_logdirs') ?? []) {
    const dash = item.indexOf('-');
    if (dash < 0) throw badParameter(`Invalid brokerid_and_logdirs format: ${item}`);
    const idText = item.slice(0, dash);
    if (!/^[-+]?\d+$/.test(idText)) throw badParameter(`For input string: "${idText}"`);
    const id = Number(idText);
    result.set(id, [...(result.get(id) ?? []), item.slice(dash + 1)]);
  }
  return result;
}

function fmt(ids: readonly number[]): string {
  return `[${ids.join(', ')}]`;
}
