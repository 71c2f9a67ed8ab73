import type { BrokerStats, CruiseControlState, KafkaClusterState } from '../cruisecontrol/index.js';
import { readinessOf } from '../cruisecontrol/index.js';
import type { QuorumDescription, QuorumReplica } from '../kafka/index.js';
import { lagOf } from '../operator/quorum/health.js';
import type { BrokerView } from './brokerView.js';
import type { ClusterView } from './clusterView.js';
import type { Live } from './liveData.js';

export interface ExecutorProgressView {
  partitionMovementsFinished: number | null;
  partitionMovementsTotal: number | null;
  dataMovedMB: number | null;
  dataTotalMB: number | null;
  leaderMovementsFinished: number | null;
  leaderMovementsTotal: number | null;
}

export interface CruiseControlStatusView {
  reachable: boolean;
  ready: boolean;
  busy: boolean;
  reasons: string[];
  error: string | null;
  monitorState: string | null;
  validWindows: number | null;
  monitoringCoveragePercent: number | null;
  executorState: string | null;
  executingTaskId: string | null;
  progress: ExecutorProgressView | null;
}

export function cruiseControlStatus(live: Live<CruiseControlState>): CruiseControlStatusView {
  if (!live.ok) {
    return {
      reachable: live.reachable,
      ready: false,
      busy: false,
      reasons: [live.error],
      error: live.error,
      monitorState: null,
      validWindows: null,
      monitoringCoveragePercent: null,
      executorState: null,
      executingTaskId: null,
      progress: null,
    };
  }
  const state = live.value;
  const readiness = readinessOf(state);
  const executor = state.ExecutorState;
  const moving = executor !== undefined && executor.state !== 'NO_TASK_IN_PROGRESS';
  return {
    reachable: true,
    ready: readiness.ready,
    busy: readiness.busy,
    reasons: [...readiness.reasons],
    error: null,
    monitorState: state.MonitorState?.state ?? null,
    validWindows: state.MonitorState?.numMonitoredWindows ?? null,
    monitoringCoveragePercent: state.MonitorState?.monitoringCoveragePct ?? null,
    executorState: executor?.state ?? null,
    executingTaskId: readiness.executingTaskId ?? null,
    progress:
      moving && executor !== undefined
        ? {
            partitionMovementsFinished: executor.numFinishedPartitionMovements ?? null,
            partitionMovementsTotal: executor.numTotalPartitionMovements ?? null,
            dataMovedMB: executor.finishedDataMovement ?? null,
            dataTotalMB: executor.totalDataToMove ?? null,
            leaderMovementsFinished: executor.numFinishedLeadershipMovements ?? null,
            leaderMovementsTotal: executor.numTotalLeadershipMovements ?? null,
          }
        : null,
  };
}

export interface ClusterCountsView {
  brokersReady: number;
  brokersDesired: number;
  topics: number | null;
  partitions: number | null;
  underReplicatedPartitions: number | null;
  offlinePartitions: number | null;
  underMinIsrPartitions: number | null;
}

/** Brokers from the cache; partitions from Cruise Control's kafka_cluster_state (null when it cannot be asked). */
export function clusterCounts(cluster: ClusterView, live: Live<KafkaClusterState>): ClusterCountsView {
  const brokers = { brokersReady: cluster.brokersReady, brokersDesired: cluster.brokersDesired };
  if (!live.ok) return { ...brokers, topics: null, partitions: null, underReplicatedPartitions: null, offlinePartitions: null, underMinIsrPartitions: null };
  const { KafkaBrokerState: summary, KafkaPartitionState: partitions } = live.value;
  // Every partition with a leader counts once in Leaders; offline ones have none.
  const leaders = summary.Summary?.Leaders ?? Object.values(summary.LeaderCountByBrokerId).reduce((sum, n) => sum + n, 0);
  return {
    ...brokers,
    topics: summary.Summary?.Topics ?? null,
    partitions: leaders + partitions.offline.length,
    underReplicatedPartitions: partitions.urp.length,
    offlinePartitions: partitions.offline.length,
    underMinIsrPartitions: partitions['under-min-isr'].length,
  };
}

export interface LogDirLoadView {
  logDir: string;
  dead: boolean;
  usedMB: number | null;
  usedPercent: number | null;
  leaders: number;
  replicas: number;
}

export interface BrokerLoadView {
  brokerState: string;
  cpuPercent: number;
  diskUsedMB: number;
  diskUsedPercent: number;
  networkInKBps: number;
  networkOutKBps: number;
  leaders: number;
  replicas: number;
  logDirs: LogDirLoadView[];
}

const loadsOf = new WeakMap<BrokerStats, Map<number, BrokerLoadView>>();
const logDirsOf = new WeakMap<BrokerStats, Map<number, Map<string, LogDirLoadView>>>();

/** One log dir's figures from one /load answer, by broker and path (indexed once per answer). */
export function logDirLoad(stats: BrokerStats, brokerId: number, logDir: string): LogDirLoadView | undefined {
  let index = logDirsOf.get(stats);
  if (index === undefined) {
    index = new Map();
    for (const [id, load] of brokerLoads(stats)) index.set(id, new Map(load.logDirs.map((dir) => [dir.logDir.replace(/\/+$/, ''), dir])));
    logDirsOf.set(stats, index);
  }
  return index.get(brokerId)?.get(logDir);
}

/** Each broker's load from one /load answer; computed once per answer, which every request then shares. */
export function brokerLoads(stats: BrokerStats): ReadonlyMap<number, BrokerLoadView> {
  let loads = loadsOf.get(stats);
  if (loads === undefined) {
    loads = new Map(
      stats.brokers.map((b) => [
        b.Broker,
        {
          brokerState: b.BrokerState,
          cpuPercent: b.CpuPct,
          diskUsedMB: b.DiskMB,
          diskUsedPercent: b.DiskPct,
          networkInKBps: b.LeaderNwInRate + b.FollowerNwInRate,
          networkOutKBps: b.NwOutRate,
          leaders: b.Leaders,
          replicas: b.Replicas,
          logDirs: Object.entries(b.DiskState ?? {}).map(([logDir, d]) => ({
            logDir,
            dead: d.DiskMB === 'DEAD',
            usedMB: d.DiskMB === 'DEAD' ? null : d.DiskMB,
            usedPercent: d.DiskPct === 'DEAD' ? null : d.DiskPct,
            leaders: d.NumLeaderReplicas,
            replicas: d.NumReplicas,
          })),
        },
      ]),
    );
    loadsOf.set(stats, loads);
  }
  return loads;
}

/** One replica of the metadata log (operator/quorum/health.ts says what caught up means). */
export interface QuorumReplicaView {
  nodeId: number;
  directoryId: string | null;
  logEndOffset: number;
  lastCaughtUpTimestamp: Date | null;
  lag: number;
}

export interface KraftQuorumView {
  controllers: BrokerView[];
  /** The voters Kafka reports, which may differ from the controllers of the spec while one joins or leaves. */
  voters: QuorumReplicaView[];
  /** Nodes fetching the metadata log without a vote: brokers, and controllers not (yet) voters. */
  observers: QuorumReplicaView[];
  reachable: boolean;
  error: string | null;
  leaderId: number | null;
  leader: BrokerView | null;
  leaderEpoch: number | null;
}

/** The voters are the brokers with the controller role; the leader is what Kafka answers, when it does. */
export function kraftQuorum(cluster: ClusterView, live: Live<QuorumDescription>): KraftQuorumView {
  const controllers = cluster.controllerIds.map((id) => cluster.brokerById.get(id)).filter((b): b is BrokerView => b !== undefined);
  if (!live.ok)
    return { controllers, voters: [], observers: [], reachable: live.reachable, error: live.error, leaderId: null, leader: null, leaderEpoch: null };
  const leaderId = live.value.leaderId >= 0 ? live.value.leaderId : null;
  const quorum = live.value;
  const replica = (r: QuorumReplica): QuorumReplicaView => ({
    nodeId: r.id,
    directoryId: r.directoryId,
    logEndOffset: Number(r.logEndOffset),
    lastCaughtUpTimestamp: r.lastCaughtUpTimestamp === null ? null : new Date(r.lastCaughtUpTimestamp),
    lag: Number(lagOf(quorum, r)),
  });
  return {
    controllers,
    voters: quorum.voters.map(replica),
    observers: quorum.observers.map(replica),
    reachable: true,
    error: null,
    leaderId,
    leader: leaderId !== null ? (cluster.brokerById.get(leaderId) ?? null) : null,
    leaderEpoch: live.value.leaderEpoch,
  };
}
