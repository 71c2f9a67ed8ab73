import { kafkaUuid } from './raftVoterApis.js';
import type { LogDir, QuorumDescription, QuorumReplica } from './types.js';

/** The DescribeLogDirs fields this client reads; totalBytes/usableBytes exist from v4. */
export interface WireLogDirsResponse {
  readonly results: ReadonlyArray<{
    readonly errorCode: number;
    readonly logDir: string;
    readonly topics: ReadonlyArray<{
      readonly name: string;
      readonly partitions: ReadonlyArray<{
        readonly partitionIndex: number;
        readonly partitionSize: bigint;
        readonly offsetLag: bigint;
        readonly isFutureKey: boolean;
      }>;
    }>;
    readonly totalBytes?: bigint;
    readonly usableBytes?: bigint;
  }>;
}

/** The Metadata fields describePartitionReplicas reads. */
export interface WireMetadataResponse {
  readonly topics: ReadonlyArray<{
    readonly name: string | null;
    readonly partitions: ReadonlyArray<{ readonly partitionIndex: number; readonly replicaNodes: readonly number[] }>;
  }>;
}

/** Errors.KAFKA_STORAGE_ERROR: the only per-dir error Kafka reports. */
const KAFKA_STORAGE_ERROR = 56;

export function toLogDirs(response: WireLogDirsResponse): LogDir[] {
  return response.results.map((dir) => {
    const replicas = dir.topics.flatMap((t) =>
      t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, sizeBytes: p.partitionSize, offsetLag: p.offsetLag, future: p.isFutureKey })),
    );
    const known = (bytes: bigint | undefined): bigint | null => (bytes === undefined || bytes < 0n ? null : bytes);
    return {
      path: dir.logDir,
      error: dir.errorCode === 0 ? null : dir.errorCode === KAFKA_STORAGE_ERROR ? 'KAFKA_STORAGE_ERROR' : `error ${dir.errorCode}`,
      totalBytes: known(dir.totalBytes),
      usableBytes: known(dir.usableBytes),
      usedBytes: replicas.reduce((sum, r) => sum + r.sizeBytes, 0n),
      replicas,
    };
  });
}

interface WireReplica {
  readonly replicaId: number;
  /** From v2, as the library reads a uuid: hex with dashes. */
  readonly replicaDirectoryId?: string;
  readonly logEndOffset: bigint;
  readonly lastFetchTimestamp?: bigint;
  readonly lastCaughtUpTimestamp?: bigint;
}

/** The DescribeQuorum fields this client reads; nodes exist from v2. */
export interface WireQuorumResponse {
  readonly topics: ReadonlyArray<{
    readonly partitions: ReadonlyArray<{
      readonly leaderId: number;
      readonly leaderEpoch: number;
      readonly highWatermark: bigint;
      readonly currentVoters: readonly WireReplica[];
      readonly observers: readonly WireReplica[];
    }>;
  }>;
  readonly nodes?: ReadonlyArray<{
    readonly nodeId: number;
    readonly listeners: ReadonlyArray<{ readonly name: string; readonly host: string; readonly port: number }>;
  }>;
}

export function toQuorum(response: WireQuorumResponse): QuorumDescription {
  const partition = response.topics[0]?.partitions[0];
  if (!partition) throw new Error('DescribeQuorum answered without the metadata partition');
  const timestamp = (t: bigint | undefined): number | null => (t === undefined || t < 0n ? null : Number(t));
  const directory = (hex: string | undefined): string | null => (hex === undefined || /^[0-]+$/.test(hex) ? null : kafkaUuid(hex));
  const replica = (r: WireReplica): QuorumReplica => ({
    id: r.replicaId,
    directoryId: directory(r.replicaDirectoryId),
    logEndOffset: r.logEndOffset,
    lastFetchTimestamp: timestamp(r.lastFetchTimestamp),
    lastCaughtUpTimestamp: timestamp(r.lastCaughtUpTimestamp),
  });
  return {
    leaderId: partition.leaderId,
    leaderEpoch: partition.leaderEpoch,
    highWatermark: partition.highWatermark,
    voters: partition.currentVoters.map(replica),
    observers: partition.observers.map(replica),
    nodes: (response.nodes ?? []).map((n) => ({ id: n.nodeId, listeners: n.listeners.map((l) => ({ name: l.name, host: l.host, port: l.port })) })),
  };
}
