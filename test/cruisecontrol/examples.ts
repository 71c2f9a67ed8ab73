// Minimal bodies in the shapes Cruise Control's servlet writes (servlet/response/*.java), and its error texts (KafkaCruiseControlServletUtils).

export const TASK_ID = '5ce7c299-53b3-48b6-b72e-6623e25bd9a8';
export const DATE = 'Mon, 02 Jun 2025 10:00:10 GMT';

export const ADD_BROKER_PROGRESS = {
  version: 1,
  progress: [
    {
      operation: 'Add brokers',
      operationProgress: [
        { step: 'PENDING', description: 'Operation enqueued, waiting to be executed.', 'time-in-ms': 2, completionPercentage: 100.0 },
        {
          step: 'WAITING_FOR_CLUSTER_MODEL',
          description: 'The job requires a cluster model and it is waiting to get the cluster model lock.',
          'time-in-ms': 1,
          completionPercentage: 100.0,
        },
        {
          step: 'AGGREGATING_METRICS',
          description: 'Retrieve the metrics of all the partitions from the aggregated metrics.',
          'time-in-ms': 150,
          completionPercentage: 100.0,
        },
        { step: 'GENERATING_CLUSTER_MODEL', description: 'Generating the cluster model for the cluster.', 'time-in-ms': 700, completionPercentage: 100.0 },
        { step: 'OPTIMIZING RackAwareGoal', description: 'Optimizing goal RackAwareGoal', 'time-in-ms': 9150, completionPercentage: 0.0 },
      ],
    },
  ],
};

const stats = (cpu: number, nwIn: number, nwOut: number, disk: number, pnw: number, replicas: number, leaders: number, topicReplicas: number) => ({
  cpu,
  networkInbound: nwIn,
  networkOutbound: nwOut,
  disk,
  potentialNwOut: pnw,
  replicas,
  leaderReplicas: leaders,
  topicReplicas,
});

export const ADD_BROKER_RESULT = {
  summary: {
    numReplicaMovements: 12,
    dataToMoveMB: 3400,
    numIntraBrokerReplicaMovements: 0,
    intraBrokerDataToMoveMB: 0,
    numLeaderMovements: 4,
    recentWindows: 5,
    monitoredPartitionsPercentage: 100.0,
    excludedTopics: [],
    excludedBrokersForLeadership: [],
    excludedBrokersForReplicaMove: [],
    onDemandBalancednessScoreBefore: 71.3,
    onDemandBalancednessScoreAfter: 92.8,
    provisionStatus: 'RIGHT_SIZED',
    provisionRecommendation: '',
  },
  goalSummary: [
    {
      goal: 'RackAwareGoal',
      status: 'NO-ACTION',
      optimizationTimeMs: 11,
      clusterModelStats: {
        metadata: { brokers: 4, replicas: 96, topics: 3 },
        statistics: {
          AVG: stats(8.1, 120.0, 118.0, 850.0, 240.0, 24.0, 8.0, 8.0),
          MAX: stats(9.0, 130.0, 125.0, 900.0, 260.0, 26, 9, 9),
          MIN: stats(7.5, 110.0, 112.0, 800.0, 220.0, 22, 7, 7),
          STD: stats(0.5, 7.0, 5.0, 40.0, 15.0, 1.4, 0.7, 0.7),
        },
      },
    },
  ],
  loadAfterOptimization: {
    hosts: [],
    brokers: [
      {
        Broker: 3,
        Host: 'kafka-3.kafka-headless',
        Rack: 'zone-c',
        BrokerState: 'NEW',
        DiskMB: 850.0,
        DiskPct: 8.5,
        CpuPct: 8.0,
        LeaderNwInRate: 40.0,
        FollowerNwInRate: 80.0,
        NwOutRate: 118.0,
        PnwOutRate: 240.0,
        Replicas: 24,
        Leaders: 8,
        DiskCapacityMB: 10000.0,
        NetworkInCapacity: 125000.0,
        NetworkOutCapacity: 125000.0,
        NumCore: 4.0,
      },
    ],
  },
  version: 1,
};

export const STATE_EXECUTING = {
  MonitorState: {
    state: 'RUNNING',
    trained: false,
    trainingPct: 20.0,
    numMonitoredWindows: 5,
    numValidPartitions: 96,
    numTotalPartitions: 96,
    monitoringCoveragePct: 100.0,
    numFlawedPartitions: 0,
    reasonOfLatestPauseOrResume: 'N/A',
  },
  ExecutorState: {
    state: 'INTER_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS',
    triggeredUserTaskId: TASK_ID,
    triggeredSelfHealingTaskId: '',
    triggeredTaskReason: 'No reason provided (Client: 10.1.2.3, Date: 2025-06-02T10:00:00Z)',
    maximumConcurrentPartitionMovementsPerBroker: 5,
    minimumConcurrentPartitionMovementsPerBroker: 5,
    averageConcurrentPartitionMovementsPerBroker: 5.0,
    numInProgressPartitionMovements: 5,
    abortingPartitions: 0,
    numPendingPartitionMovements: 4,
    numFinishedPartitionMovements: 3,
    numTotalPartitionMovements: 12,
    finishedDataMovement: 850,
    totalDataToMove: 3400,
  },
  AnalyzerState: { isProposalReady: true, readyGoals: ['RackAwareGoal', 'ReplicaCapacityGoal', 'DiskCapacityGoal'] },
  AnomalyDetectorState: {
    selfHealingEnabled: [],
    selfHealingDisabled: ['GOAL_VIOLATION', 'BROKER_FAILURE', 'METRIC_ANOMALY', 'DISK_FAILURE', 'TOPIC_ANOMALY', 'MAINTENANCE_EVENT'],
    selfHealingEnabledRatio: { GOAL_VIOLATION: 0.0, BROKER_FAILURE: 0.0, METRIC_ANOMALY: 0.0, DISK_FAILURE: 0.0, TOPIC_ANOMALY: 0.0, MAINTENANCE_EVENT: 0.0 },
    recentGoalViolations: [],
    recentBrokerFailures: [],
    recentMetricAnomalies: [],
    recentDiskFailures: [],
    recentTopicAnomalies: [],
    recentMaintenanceEvents: [],
    metrics: {
      meanTimeBetweenAnomaliesMs: {
        GOAL_VIOLATION: 0.0,
        BROKER_FAILURE: 0.0,
        METRIC_ANOMALY: 0.0,
        DISK_FAILURE: 0.0,
        TOPIC_ANOMALY: 0.0,
        MAINTENANCE_EVENT: 0.0,
      },
      meanTimeToStartFixMs: 0.0,
      numSelfHealingStarted: 0,
      numSelfHealingFailedToStart: 0,
      ongoingAnomalyDurationMs: 0,
    },
    balancednessScore: 100.0,
  },
  version: 1,
};

export const LOAD = {
  hosts: [
    {
      Host: 'kafka-0.kafka-headless',
      Rack: 'zone-a',
      DiskMB: 1200.5,
      DiskPct: 12.0,
      CpuPct: 9.3,
      LeaderNwInRate: 52.1,
      FollowerNwInRate: 101.7,
      NwOutRate: 150.2,
      PnwOutRate: 300.4,
      Replicas: 32,
      Leaders: 11,
      DiskCapacityMB: 10000.0,
      NetworkInCapacity: 125000.0,
      NetworkOutCapacity: 125000.0,
      NumCore: 4.0,
    },
  ],
  brokers: [
    {
      Broker: 0,
      Host: 'kafka-0.kafka-headless',
      Rack: 'zone-a',
      BrokerState: 'ALIVE',
      DiskMB: 1200.5,
      DiskPct: 12.0,
      CpuPct: 9.3,
      LeaderNwInRate: 52.1,
      FollowerNwInRate: 101.7,
      NwOutRate: 150.2,
      PnwOutRate: 300.4,
      Replicas: 32,
      Leaders: 11,
      DiskCapacityMB: 10000.0,
      NetworkInCapacity: 125000.0,
      NetworkOutCapacity: 125000.0,
      NumCore: 4.0,
    },
  ],
  version: 1,
};

export const USER_TASKS = {
  userTasks: [
    {
      UserTaskId: TASK_ID,
      RequestURL: 'POST /kafkacruisecontrol/add_broker?brokerid=3&dryrun=false&json=true',
      ClientIdentity: '10.1.2.3',
      StartMs: '1748858400000',
      Status: 'InExecution',
    },
  ],
  version: 1,
};

export const errorBody = (errorMessage: string, stackTrace = '') => ({ version: 1, stackTrace, errorMessage });

export const MISSING_BROKER_ID = errorBody(
  'Target broker ID is not provided for ADD_BROKER request',
  'com.linkedin.kafka.cruisecontrol.servlet.UserRequestException: Target broker ID is not provided for ADD_BROKER request\n\tat …',
);
export const NOT_ENOUGH_WINDOWS =
  "Error processing POST request '/remove_broker' due to: 'com.linkedin.kafka.cruisecontrol.exception.KafkaCruiseControlException: com.linkedin.cruisecontrol.exception.NotEnoughValidWindowsException: There is no window available in range [-1, 1625229581046] (index [1, -1]). Window index (current: 0, oldest: 0).'.";
export const TOO_MANY_TASKS = 'There are already 5 active user tasks, which has reached the servlet capacity.';
export const ONGOING_EXECUTION =
  "Error processing POST request '/rebalance' due to: 'Cannot start a new execution while there is an ongoing execution. Please use stop_ongoing_execution=true to stop ongoing execution and start a new one.'.";
export const UNKNOWN_BROKER = "Error processing POST request '/add_broker' due to: 'Broker [7] does not exist.'.";
export const UNEXPECTED_HEADER = `Error processing POST request '/add_broker' due to: 'Unexpected header ${TASK_ID} (value: User-Task-ID) in the request.'.`;
export const REVIEW_DISABLED =
  "Cannot process POST request '/review' due to: 'Attempt to access REVIEW endpoint without enabling 'two.step.verification.enabled' config.'.";
export const INVALID_LOG_DIRS = "Error processing POST request '/remove_disks' due to: 'Invalid log dirs provided for broker 3.'.";
