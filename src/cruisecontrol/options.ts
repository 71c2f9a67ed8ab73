/** Options shared by the endpoints that compute proposals with goals (Cruise Control's GoalBasedOptimizationParameters). */
export interface GoalOptions {
  readonly goals?: readonly string[];
  /** Not with `goals`. */
  readonly useReadyDefaultGoals?: boolean;
  /** A Java regex of topics whose replicas must not move. */
  readonly excludedTopics?: string;
  readonly dataFrom?: 'VALID_WINDOWS' | 'VALID_PARTITIONS';
  /** The server's default is true. */
  readonly allowCapacityEstimation?: boolean;
  /** The server's default is true: brokers removed recently get no replicas. */
  readonly excludeRecentlyRemovedBrokers?: boolean;
  readonly excludeRecentlyDemotedBrokers?: boolean;
  readonly fastMode?: boolean;
  /** Adds the proposals and the load before optimization to the result. */
  readonly verbose?: boolean;
}

/** How an execution runs. When absent, Cruise Control's configured defaults apply. */
export interface ExecutionOptions {
  /** Required on purpose: the server's default is true, so a forgotten parameter would do nothing. */
  readonly dryrun: boolean;
  readonly reason?: string;
  /** Stops the running execution first (not with dryrun=true). */
  readonly stopOngoingExecution?: boolean;
  readonly replicationThrottle?: number;
  readonly executionProgressCheckIntervalMs?: number;
  readonly replicaMovementStrategies?: readonly string[];
}

/** Only on the endpoints that check hard goals (add/remove broker, rebalance, fix_offline_replicas). */
export interface HardGoalOptions {
  readonly skipHardGoalCheck?: boolean;
}

export interface ConcurrencyOptions {
  readonly concurrentPartitionMovementsPerBroker?: number;
  readonly maxPartitionMovementsInCluster?: number;
  readonly concurrentLeaderMovements?: number;
  readonly brokerConcurrentLeaderMovements?: number;
}

export interface AddBrokerOptions extends GoalOptions, ExecutionOptions, ConcurrencyOptions, HardGoalOptions {
  readonly brokerIds: readonly number[];
  readonly throttleAddedBroker?: boolean;
}

export interface RemoveBrokerOptions extends GoalOptions, ExecutionOptions, ConcurrencyOptions, HardGoalOptions {
  readonly brokerIds: readonly number[];
  /** Where the replicas go; disjoint from brokerIds. */
  readonly destinationBrokerIds?: readonly number[];
  readonly throttleRemovedBroker?: boolean;
}

export interface RebalanceOptions extends GoalOptions, ExecutionOptions, ConcurrencyOptions, HardGoalOptions {
  readonly destinationBrokerIds?: readonly number[];
  /** Balance the disks inside each broker (intra-broker); not with goals. */
  readonly rebalanceDisk?: boolean;
  readonly concurrentIntraBrokerPartitionMovements?: number;
  readonly ignoreProposalCache?: boolean;
}

export interface FixOfflineReplicasOptions extends GoalOptions, ExecutionOptions, ConcurrencyOptions, HardGoalOptions {}

export interface DemoteBrokerOptions extends ExecutionOptions {
  /** One of the two is required. */
  readonly brokerIds?: readonly number[];
  readonly brokerIdsAndLogDirs?: readonly LogDirRef[];
  readonly concurrentLeaderMovements?: number;
  readonly brokerConcurrentLeaderMovements?: number;
  readonly skipUrpDemotion?: boolean;
  readonly excludeFollowerDemotion?: boolean;
  readonly excludeRecentlyDemotedBrokers?: boolean;
  readonly allowCapacityEstimation?: boolean;
  readonly verbose?: boolean;
}

export interface LogDirRef {
  readonly brokerId: number;
  readonly logDir: string;
}

/** remove_disks accepts only these (Cruise Control's RemoveDisksParameters): anything else is a 400. */
export interface RemoveDisksOptions {
  readonly dryrun: boolean;
  readonly logDirs: readonly LogDirRef[];
  readonly reason?: string;
  readonly stopOngoingExecution?: boolean;
}

export interface ProposalsOptions extends GoalOptions {
  readonly destinationBrokerIds?: readonly number[];
  readonly rebalanceDisk?: boolean;
  readonly ignoreProposalCache?: boolean;
  readonly reason?: string;
}

export interface LoadOptions {
  readonly start?: number;
  readonly end?: number;
  readonly allowCapacityEstimation?: boolean;
  /** Adds DiskState per broker (JBOD). */
  readonly populateDiskInfo?: boolean;
  readonly capacityOnly?: boolean;
}

export interface PartitionLoadOptions {
  readonly resource?: 'CPU' | 'DISK' | 'NW_IN' | 'NW_OUT';
  readonly start?: number;
  readonly end?: number;
  readonly entries?: number;
  readonly topic?: string;
  /** `N` or `N-M`. */
  readonly partition?: string;
  readonly brokerIds?: readonly number[];
  readonly maxLoad?: boolean;
  readonly avgLoad?: boolean;
  readonly minValidPartitionRatio?: number;
  readonly allowCapacityEstimation?: boolean;
}

export type Substate = 'executor' | 'analyzer' | 'monitor' | 'anomaly_detector';

export interface StateOptions {
  readonly substates?: readonly Substate[];
  readonly verbose?: boolean;
}

export interface UserTasksOptions {
  readonly taskIds?: readonly string[];
  readonly clientIds?: readonly string[];
  readonly endpoints?: readonly string[];
  readonly types?: readonly ('Active' | 'InExecution' | 'Completed' | 'CompletedWithError')[];
  readonly entries?: number;
  /** Adds originalResponse to every task that is not Active. */
  readonly fetchCompletedTask?: boolean;
}

/** Every call takes a signal to cancel it. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

export function goalParams(o: GoalOptions): Record<string, string | number | boolean | readonly string[] | undefined> {
  return {
    goals: o.goals,
    use_ready_default_goals: o.useReadyDefaultGoals,
    excluded_topics: o.excludedTopics,
    data_from: o.dataFrom,
    allow_capacity_estimation: o.allowCapacityEstimation,
    exclude_recently_removed_brokers: o.excludeRecentlyRemovedBrokers,
    exclude_recently_demoted_brokers: o.excludeRecentlyDemotedBrokers,
    fast_mode: o.fastMode,
    verbose: o.verbose,
  };
}

export function executionParams(
  o: ExecutionOptions & ConcurrencyOptions & HardGoalOptions,
): Record<string, string | number | boolean | readonly string[] | undefined> {
  return {
    dryrun: o.dryrun,
    reason: o.reason,
    stop_ongoing_execution: o.stopOngoingExecution,
    replication_throttle: o.replicationThrottle,
    execution_progress_check_interval_ms: o.executionProgressCheckIntervalMs,
    replica_movement_strategies: o.replicaMovementStrategies,
    skip_hard_goal_check: o.skipHardGoalCheck,
    concurrent_partition_movements_per_broker: o.concurrentPartitionMovementsPerBroker,
    max_partition_movements_in_cluster: o.maxPartitionMovementsInCluster,
    concurrent_leader_movements: o.concurrentLeaderMovements,
    broker_concurrent_leader_movements: o.brokerConcurrentLeaderMovements,
  };
}

/** `<brokerId>-<logdir>`: the server splits at the first "-", so the log dir may contain dashes. */
export function logDirParam(refs: readonly LogDirRef[] | undefined): string[] | undefined {
  return refs?.map((ref) => `${ref.brokerId}-${ref.logDir}`);
}
