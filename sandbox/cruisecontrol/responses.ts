import type { KafkaClusterModel } from '../kafka/model/index.js';
import { brokerStats, clusterModelStats, type BrokerStateName } from './brokerStats.js';
import type { CcCluster } from './cluster.js';
import type { Executor } from './executor.js';
import { DEFAULT_GOALS } from './goals.js';
import type { LoadMonitor } from './monitor.js';
import { interPairs } from './executionTasks.js';
import type { Plan } from './planner.js';
import type { UserTask } from './userTasks.js';

const MB = 1024 * 1024;

/** OptimizationResult (…/servlet/response/OptimizationResult.java). */
export function optimizationResult(
  before: CcCluster,
  plan: Plan,
  options: {
    goals: readonly string[];
    states: ReadonlyMap<number, BrokerStateName>;
    verbose: boolean;
    excludedTopics: readonly string[];
    excludedForReplicaMove: readonly number[];
    recentWindows: number;
    excludedForLeadership?: readonly number[];
  },
): Record<string, unknown> {
  const inter = plan.proposals.flatMap((p) => interPairs(p).map(() => p.sizeBytes));
  const intra = plan.proposals.flatMap((p) =>
    p.newReplicas.filter((r) => p.oldReplicas.some((o) => o.broker === r.broker && o.logDir !== r.logDir)).map(() => p.sizeBytes),
  );
  const leaderMoves = plan.proposals.filter((p) => p.newLeader !== p.oldLeader).length;
  const statsBefore = clusterModelStats(before, before.partitions);
  // Removed brokers are dead in the optimized model: the statistics after leave them out.
  const afterCluster = {
    ...before,
    brokers: new Map([...before.brokers].map(([id, b]) => [id, options.states.get(id) === 'DEAD' ? { ...b, alive: false } : b])),
  };
  const statsAfter = clusterModelStats(afterCluster, plan.after);
  const moved = plan.proposals.length > 0;
  const result: Record<string, unknown> = {
    summary: {
      numReplicaMovements: inter.length,
      dataToMoveMB: Math.round(inter.reduce((s, b) => s + b, 0) / MB),
      numIntraBrokerReplicaMovements: intra.length,
      intraBrokerDataToMoveMB: Math.round(intra.reduce((s, b) => s + b, 0) / MB),
      numLeaderMovements: leaderMoves,
      recentWindows: options.recentWindows,
      monitoredPartitionsPercentage: 100.0,
      excludedTopics: [...options.excludedTopics],
      excludedBrokersForLeadership: [...(options.excludedForLeadership ?? [])],
      excludedBrokersForReplicaMove: [...options.excludedForReplicaMove],
      onDemandBalancednessScoreBefore: balancedness(statsBefore),
      onDemandBalancednessScoreAfter: balancedness(statsAfter),
      provisionStatus: 'RIGHT_SIZED',
      provisionRecommendation: '',
    },
    goalSummary: options.goals.map((goal, i) => ({
      goal,
      status: moved && i === 0 ? 'FIXED' : 'NO-ACTION',
      optimizationTimeMs: 5,
      clusterModelStats: statsAfter,
    })),
    loadAfterOptimization: brokerStats(before, { partitions: plan.after, states: options.states }),
    version: 1,
  };
  if (options.verbose) {
    result.proposals = plan.proposals.map((p) => ({
      // Gson serializes Kafka's TopicPartition as an object (Cruise Control's servlet/response/OptimizationResult.java), not the spec's string.
      topicPartition: { hash: javaHash(p.topic) * 31 + p.partition, partition: p.partition, topic: p.topic },
      oldLeader: p.oldLeader,
      oldReplicas: p.oldReplicas.map((r) => r.broker),
      newReplicas: p.newReplicas.map((r) => r.broker),
    }));
    result.loadBeforeOptimization = brokerStats(before);
  }
  return result;
}

/** A 0–100 score: 100 when replica counts are even, less as their spread grows. */
function balancedness(stats: Record<string, unknown>): number {
  const s = stats.statistics as { AVG: Record<string, number>; STD: Record<string, number> };
  const avg = s.AVG.replicas ?? 0;
  const std = s.STD.replicas ?? 0;
  return Math.round(Math.max(0, 100 - (avg > 0 ? (std / avg) * 100 : 0)) * 1000) / 1000;
}

function javaHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i += 1) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** CruiseControlState: only the requested substates (CruiseControlState.java). */
export function cruiseControlState(
  parts: { monitor: LoadMonitor; executor: Executor; model: KafkaClusterModel },
  substates: ReadonlySet<string>,
  verbose: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const ready = parts.monitor.ready();
  const partitions = parts.model.partitions().length;
  if (substates.has('MONITOR')) {
    const windows = parts.monitor.validWindows();
    const monitor: Record<string, unknown> = {
      state: parts.monitor.state,
      trained: false,
      trainingPct: 0.0,
      numMonitoredWindows: windows,
      numValidPartitions: ready ? partitions : 0,
      numTotalPartitions: partitions,
      monitoringCoveragePct: ready ? 100.0 : 0.0,
      numFlawedPartitions: 0,
      reasonOfLatestPauseOrResume: parts.monitor.reasonOfLatestPauseOrResume,
      // LoadMonitorState adds the loading progress while it loads the sample store.
      ...(parts.monitor.loading() ? { loadingProgressPct: parts.monitor.loadingProgressPct() } : {}),
    };
    if (verbose) monitor.monitoredWindows = Object.fromEntries(parts.monitor.windowEnds().map((end) => [String(end), 1.0]));
    out.MonitorState = monitor;
  }
  if (substates.has('EXECUTOR')) out.ExecutorState = parts.executor.view(verbose);
  if (substates.has('ANALYZER')) {
    const analyzer: Record<string, unknown> = { isProposalReady: ready, readyGoals: ready ? [...DEFAULT_GOALS] : [] };
    if (verbose) {
      analyzer.goalReadiness = DEFAULT_GOALS.map((name) => ({
        name,
        modelCompleteRequirement: {
          requiredNumSnapshots: parts.monitor.minValidWindows,
          minMonitoredPartitionsPercentage: 0.0,
          includeAllTopics: name === 'RackAwareGoal',
        },
        status: ready ? 'ready' : 'notReady',
      }));
    }
    out.AnalyzerState = analyzer;
  }
  if (substates.has('ANOMALY_DETECTOR')) {
    const types = ['GOAL_VIOLATION', 'BROKER_FAILURE', 'METRIC_ANOMALY', 'DISK_FAILURE', 'TOPIC_ANOMALY', 'MAINTENANCE_EVENT'];
    const zero = Object.fromEntries(types.map((t) => [t, 0.0]));
    out.AnomalyDetectorState = {
      selfHealingEnabled: [],
      selfHealingDisabled: types,
      selfHealingEnabledRatio: zero,
      recentGoalViolations: [],
      recentBrokerFailures: [],
      recentMetricAnomalies: [],
      recentDiskFailures: [],
      recentTopicAnomalies: [],
      recentMaintenanceEvents: [],
      metrics: {
        meanTimeBetweenAnomaliesMs: zero,
        meanTimeToStartFixMs: 0.0,
        numSelfHealingStarted: 0,
        numSelfHealingFailedToStart: 0,
        ongoingAnomalyDurationMs: 0,
      },
      balancednessScore: 100.0,
    };
  }
  out.version = 1;
  return out;
}

/** KafkaClusterState (…/servlet/response/ClusterPartitionState.java and ClusterBrokerState.java). */
export function kafkaClusterState(model: KafkaClusterModel, options: { verbose: boolean; topic?: RegExp }): Record<string, unknown> {
  const brokers = model.brokers().filter((b) => b.roles.includes('broker'));
  const byId = <T>(f: (id: number) => T): Record<string, T> => Object.fromEntries(brokers.map((b) => [String(b.id), f(b.id)]));
  const partitions = model.partitions();
  const count =
    (pred: (p: (typeof partitions)[number], id: number) => boolean) =>
    (id: number): number =>
      partitions.filter((p) => pred(p, id)).length;
  const replicaCounts = brokers.map((b) => count((p, id) => p.replicas.some((r) => r.broker === id))(b.id));
  const leaderCounts = brokers.map((b) => count((p, id) => p.leader === id)(b.id));
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  const std = (xs: number[]): number => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
  const r3 = (n: number): number => Math.round(n * 1000) / 1000;
  const controller = brokers.find((b) => b.running)?.id ?? -1;
  const item = (p: (typeof partitions)[number]): Record<string, unknown> => ({
    topic: p.topic,
    partition: p.partition,
    leader: p.leader,
    replicas: p.replicas.map((r) => r.broker),
    'in-sync': [...p.isr],
    'out-of-sync': p.replicas.map((r) => r.broker).filter((b) => !p.isr.includes(b)),
    offline: [...p.offlineReplicas],
    'min-isr': 1,
  });
  const shown = partitions.filter((p) => !options.topic || options.topic.test(p.topic));
  const partitionState: Record<string, unknown> = {
    offline: shown.filter((p) => p.leader === -1).map(item),
    'with-offline-replicas': shown.filter((p) => p.leader !== -1 && p.offlineReplicas.length > 0).map(item),
    urp: shown.filter((p) => p.isr.length < p.replicas.length).map(item),
    'under-min-isr': shown.filter((p) => p.isr.length < 1).map(item),
  };
  if (options.verbose) partitionState.other = shown.filter((p) => p.isr.length === p.replicas.length && p.leader !== -1).map(item);
  return {
    KafkaBrokerState: {
      LeaderCountByBrokerId: byId(count((p, id) => p.leader === id)),
      OutOfSyncCountByBrokerId: byId(count((p, id) => p.replicas.some((r) => r.broker === id) && !p.isr.includes(id))),
      ReplicaCountByBrokerId: byId(count((p, id) => p.replicas.some((r) => r.broker === id))),
      OfflineReplicaCountByBrokerId: byId(count((p, id) => p.offlineReplicas.includes(id))),
      IsController: byId((id) => id === controller),
      OnlineLogDirsByBrokerId: byId(
        (id) =>
          model
            .broker(id)
            ?.logDirs.filter((d) => !d.offline && model.broker(id)?.running)
            .map((d) => d.path) ?? [],
      ),
      OfflineLogDirsByBrokerId: byId(
        (id) =>
          model
            .broker(id)
            ?.logDirs.filter((d) => d.offline || !model.broker(id)?.running)
            .map((d) => d.path) ?? [],
      ),
      BrokerSetByBrokerId: byId(() => 'default'),
      Summary: {
        Brokers: brokers.length,
        Topics: new Set(partitions.map((p) => p.topic)).size,
        Replicas: replicaCounts.reduce((s, x) => s + x, 0),
        Leaders: leaderCounts.reduce((s, x) => s + x, 0),
        AvgReplicationFactor: r3(partitions.length ? replicaCounts.reduce((s, x) => s + x, 0) / partitions.length : 0),
        AvgReplicasPerBroker: r3(mean(replicaCounts)),
        AvgLeadersPerBroker: r3(mean(leaderCounts)),
        MaxReplicasPerBroker: Math.max(0, ...replicaCounts),
        MaxLeadersPerBroker: Math.max(0, ...leaderCounts),
        StdReplicasPerBroker: r3(std(replicaCounts)),
        StdLeadersPerBroker: r3(std(leaderCounts)),
      },
    },
    KafkaPartitionState: partitionState,
    version: 1,
  };
}

/** UserTaskState (…/servlet/response/UserTaskState.java): StartMs as a string, originalResponse on request. */
export function userTaskState(tasks: readonly UserTask[], fetchCompleted: boolean): Record<string, unknown> {
  return {
    userTasks: tasks.map((t) => {
      const entry: Record<string, unknown> = {
        UserTaskId: t.id,
        RequestURL: t.requestUrl,
        ClientIdentity: t.clientIdentity,
        StartMs: String(t.startMs),
        Status: t.status,
      };
      if (fetchCompleted && t.status !== 'Active')
        entry.originalResponse = t.status === 'CompletedWithError' || t.result?.failed ? 'CompletedWithError' : (t.result?.body ?? '');
      return entry;
    }),
    version: 1,
  };
}
