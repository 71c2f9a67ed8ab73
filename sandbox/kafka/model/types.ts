/** Public shapes of the Kafka cluster model: what callers pass in and what they read back. */

export type BrokerRole = 'broker' | 'controller';

export interface LogDirSpec {
  /** As in `log.dirs`: "/kafka-logs/disk0/kafka". */
  readonly path: string;
  readonly capacityBytes: number;
}

export interface BrokerSpec {
  readonly id: number;
  readonly rack?: string | null;
  /** Advertised host; default `kafka-<id>.kafka-headless`. */
  readonly host?: string;
  /** Advertised port; default 9092 until a listener reports its own. */
  readonly port?: number;
  /** Default: a broker only (controllers are separate nodes in KRaft). */
  readonly roles?: readonly BrokerRole[];
  readonly logDirs: readonly LogDirSpec[];
  /** server.properties as the broker Pod's ConfigMap renders it. */
  readonly staticConfig?: Readonly<Record<string, string>>;
  /** Default true: the broker's Pod runs. */
  readonly running?: boolean;
  /** The 16 bytes of its metadata log directory id (its format); default derived from the id. */
  readonly metadataDirectoryId?: Buffer;
  /** For Cruise Control's capacity: cores and network KB/s each way. */
  readonly numCores?: number;
  readonly networkCapacityKBps?: number;
}

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Bytes per second produced to each partition (leader log growth). Default 0. */
  readonly produceBytesPerSec?: number;
  /** Each partition's log size at creation. Default 0. */
  readonly initialSizeBytes?: number;
  readonly internal?: boolean;
}

export interface ReplicaView {
  readonly broker: number;
  readonly logDir: string;
  readonly sizeBytes: number;
}

export interface PartitionView {
  readonly topic: string;
  readonly partition: number;
  /** Replicas in assignment order (the first is the preferred leader), without ones still being copied. */
  readonly replicas: readonly ReplicaView[];
  /** -1 when no in-sync replica is online (an offline partition). */
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly isr: readonly number[];
  /** Replicas on stopped brokers, removed brokers or missing log dirs. */
  readonly offlineReplicas: readonly number[];
  readonly replicationFactor: number;
  /** The leader's log size. */
  readonly sizeBytes: number;
  readonly produceBytesPerSec: number;
}

export interface LogDirView {
  readonly path: string;
  readonly capacityBytes: number;
  readonly usedBytes: number;
  /** Bytes on the dir's filesystem that are not Kafka's: the filesystem's usable space is what both leave. */
  readonly foreignBytes: number;
  readonly offline: boolean;
}

export interface BrokerView {
  readonly id: number;
  readonly rack: string | null;
  readonly host: string;
  readonly port: number;
  readonly roles: readonly BrokerRole[];
  readonly running: boolean;
  readonly startedAt: number;
  readonly metadataDirectoryId: Buffer;
  readonly logDirs: readonly LogDirView[];
  readonly numCores: number;
  readonly networkCapacityKBps: number;
}

export interface TopicView {
  readonly name: string;
  readonly id: Buffer;
  readonly internal: boolean;
  readonly replicationFactor: number;
  readonly partitions: readonly PartitionView[];
}

/** A replica copy on its way: to another broker (inter) or to another log dir of its broker (intra). */
export interface ReplicaMoveView {
  readonly id: number;
  readonly kind: 'inter' | 'intra';
  readonly topic: string;
  readonly partition: number;
  readonly fromBroker: number;
  readonly toBroker: number;
  readonly fromLogDir: string;
  readonly toLogDir: string;
  readonly copiedBytes: number;
  readonly totalBytes: number;
  readonly state: 'copying' | 'completed' | 'failed';
}

/** The load a broker carries, derived from the replicas it holds and the produce rates. */
export interface BrokerLoad {
  readonly broker: number;
  readonly replicas: number;
  readonly leaders: number;
  readonly diskBytes: number;
  readonly cpuPct: number;
  /** KB/s produced into partitions this broker leads. */
  readonly leaderNwInKBps: number;
  /** KB/s fetched by this broker as a follower. */
  readonly followerNwInKBps: number;
  /** KB/s served to followers and consumers of its leaders. */
  readonly nwOutKBps: number;
  /** What it would send if it led every replica it holds. */
  readonly potentialNwOutKBps: number;
}

export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}
