import type { BrokerRole } from './types.js';

/** The model's mutable state, shared by its parts (cluster.ts, moves.ts, growth in cluster.ts). */

export interface StoredLogDir {
  readonly path: string;
  capacityBytes: number;
  offline: boolean;
  /** Bytes on its filesystem that are not Kafka's (a test's filler): they take usable space. */
  foreignBytes?: number;
}

export interface StoredBroker {
  readonly id: number;
  rack: string | null;
  host: string;
  port: number;
  roles: readonly BrokerRole[];
  running: boolean;
  /** When it last started (clock ms): the metadata log catches up from then (quorum.ts). */
  startedAt: number;
  /** Its metadata log directory id, as its format wrote it (KIP-853). */
  metadataDirectoryId: Buffer;
  readonly logDirs: Map<string, StoredLogDir>;
  /** server.properties: kept across restarts, as the ConfigMap is. */
  staticConfig: Map<string, string>;
  /** Per-broker dynamic config: lives in the metadata log, so it survives a restart. */
  dynamicConfig: Map<string, string>;
  numCores: number;
  networkCapacityKBps: number;
}

export interface StoredReplica {
  readonly broker: number;
  logDir: string;
  sizeBytes: number;
}

export interface StoredPartition {
  readonly topic: string;
  readonly index: number;
  /** Assignment order: the first is the preferred leader. */
  replicas: StoredReplica[];
  leader: number;
  leaderEpoch: number;
  isr: number[];
  sizeBytes: number;
  produceBytesPerSec: number;
}

export interface StoredTopic {
  readonly name: string;
  readonly id: Buffer;
  readonly internal: boolean;
  readonly replicationFactor: number;
  readonly partitions: StoredPartition[];
}

export interface StoredMove {
  readonly id: number;
  readonly kind: 'inter' | 'intra';
  readonly topic: string;
  readonly partition: number;
  readonly fromBroker: number;
  readonly toBroker: number;
  readonly fromLogDir: string;
  readonly toLogDir: string;
  copiedBytes: number;
  state: 'copying' | 'completed' | 'failed';
  readonly onDone: Array<(move: StoredMove) => void>;
}

export interface ModelState {
  readonly brokers: Map<number, StoredBroker>;
  readonly topics: Map<string, StoredTopic>;
  readonly moves: Map<number, StoredMove>;
}

/** A replica is online when its broker runs and its log dir exists and works. */
export function replicaOnline(state: ModelState, replica: StoredReplica): boolean {
  const broker = state.brokers.get(replica.broker);
  if (!broker?.running) return false;
  const dir = broker.logDirs.get(replica.logDir);
  return dir !== undefined && !dir.offline;
}

/** Leader election among the in-sync replicas that are online, preferring assignment order. */
export function electLeader(state: ModelState, partition: StoredPartition): void {
  const current = partition.replicas.find((r) => r.broker === partition.leader);
  if (current && replicaOnline(state, current) && partition.isr.includes(current.broker)) return;
  const next = partition.replicas.find((r) => partition.isr.includes(r.broker) && replicaOnline(state, r));
  const leader = next ? next.broker : -1;
  if (leader !== partition.leader) {
    partition.leader = leader;
    partition.leaderEpoch += 1;
  }
}

/**
 * Drops offline replicas from the ISR, elects a leader, and lets online replicas that are out of
 * sync catch up and rejoin. When no in-sync replica is online the partition goes offline and
 * keeps its last in-sync replica: Kafka waits for it (unclean leader election is off by default).
 */
export function refreshPartition(state: ModelState, partition: StoredPartition): void {
  const online = partition.replicas.filter((r) => replicaOnline(state, r));
  const inSyncOnline = partition.isr.filter((b) => online.some((r) => r.broker === b));
  if (inSyncOnline.length === 0) {
    if (partition.leader !== -1) {
      partition.isr = [partition.leader];
      partition.leader = -1;
      partition.leaderEpoch += 1;
    }
    return;
  }
  partition.isr = inSyncOnline;
  electLeader(state, partition);
  for (const replica of online) {
    if (partition.isr.includes(replica.broker)) continue;
    replica.sizeBytes = partition.sizeBytes; // a restarted follower catches up from the leader
    partition.isr.push(replica.broker);
  }
}
