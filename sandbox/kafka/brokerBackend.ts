import type { ScramCredentials } from './scram.js';

/**
 * What a simulated broker's protocol server needs from the Kafka cluster it belongs to.
 *
 * The server (brokerServer.ts) keeps no state of its own: every answer is read from, and every
 * change written to, this backend, the way a real broker serves from the KRaft metadata log.
 * So a broker server that is closed and started again (a Pod restart) finds its dynamic config
 * where it left it. The sandbox's Kafka cluster model implements this interface; tests use a
 * small in-memory one.
 *
 * All reads are synchronous snapshots: the protocol handlers answer from one consistent view.
 */
export interface BrokerBackend {
  /** The cluster id every broker reports (Metadata, DescribeCluster), e.g. "MkU3OEVBNTcwNTJENDM2Qg". */
  clusterId(): string;

  /**
   * Every broker registered with the controller, fenced or not. Metadata and DescribeCluster
   * list the unfenced ones; UnregisterBroker removes a registration.
   */
  brokers(): readonly BrokerRegistration[];

  /**
   * The KRaft quorum of the `__cluster_metadata` log, as DescribeQuorum reports it: its leader
   * is the active controller. (Metadata and DescribeCluster do not show the controllers: a KRaft
   * broker reports a random live broker there.)
   */
  quorum(): QuorumState;

  /** Topics and their partitions, for Metadata. Internal topics carry `internal: true`. */
  topics(): readonly TopicMetadata[];

  /** The log dirs of one broker with what they hold; undefined if the broker is unknown. */
  logDirs(brokerId: number): readonly LogDirDescription[] | undefined;

  /**
   * Broker configs from the broker's own server.properties (STATIC_BROKER_CONFIG), e.g. the
   * ConfigMap the operator rendered: `log.dirs`, `listeners`, `node.id`, ...
   */
  staticConfig(brokerId: number): ReadonlyMap<string, string>;

  /**
   * Dynamic broker configs stored in the metadata log: for one broker
   * (DYNAMIC_BROKER_CONFIG, resource name "<id>") or, with `null`, the cluster-wide default
   * (DYNAMIC_DEFAULT_BROKER_CONFIG, resource name "").
   */
  dynamicConfig(brokerId: number | null): ReadonlyMap<string, string>;

  /**
   * Replaces the dynamic config of one broker (or of the cluster default with `null`) with
   * `entries`, all at once. The server has already validated the change as Kafka does.
   */
  replaceDynamicConfig(brokerId: number | null, entries: ReadonlyMap<string, string>): void;

  /**
   * Removes a broker's registration (KRaft UnregisterBroker). Returns false if no broker with
   * that id is registered, which the server answers with BROKER_ID_NOT_REGISTERED.
   */
  unregisterBroker(brokerId: number): boolean;

  /**
   * Creates a topic, its replicas placed as the cluster places them; returns its id. The server
   * has already checked the request as Kafka's controller does (name free, counts valid, enough
   * unfenced brokers).
   */
  createTopic(topic: { readonly name: string; readonly partitions: number; readonly replicationFactor: number }): Buffer;

  /**
   * AddRaftVoter and RemoveRaftVoter, which a broker forwards to the active controller: the
   * answer Kafka's AddVoterHandler / RemoveVoterHandler would give (error code 0 when done).
   */
  /**
   * The SCRAM credentials of the cluster's users, kept in the metadata log (UserScramCredentialRecord):
   * AlterUserScramCredentials changes them, SASL/SCRAM listeners authenticate against them.
   */
  scramCredentials(): ScramCredentials;

  addVoter(voter: { readonly id: number; readonly directoryId: Buffer; readonly listeners: readonly QuorumListener[] }): VoterChangeAnswer;
  removeVoter(voter: { readonly id: number; readonly directoryId: Buffer }): VoterChangeAnswer;
}

export interface QuorumListener {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export interface VoterChangeAnswer {
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

export interface BrokerRegistration {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
  /** A fenced broker is registered but not serving (stopped, or not yet caught up). */
  readonly fenced: boolean;
}

export interface QuorumState {
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly highWatermark: bigint;
  /** Controllers that vote: the format's voters, changed by AddRaftVoter / RemoveRaftVoter (KIP-853). */
  readonly voters: readonly QuorumReplica[];
  /** Nodes replicating the metadata log without a vote: brokers, and controllers not (yet) voters. */
  readonly observers: readonly QuorumReplica[];
  /** How to reach each voter: its controller listeners (DescribeQuorum v2 `Nodes`). */
  readonly nodes: readonly QuorumNode[];
}

export interface QuorumReplica {
  readonly replicaId: number;
  /** The 16 bytes of the replica's metadata log directory id (KIP-853); zeros if unknown. */
  readonly directoryId: Buffer;
  readonly logEndOffset: bigint;
  /** Milliseconds since the epoch; -1 when unknown. */
  readonly lastFetchTimestamp: bigint;
  readonly lastCaughtUpTimestamp: bigint;
}

export interface QuorumNode {
  readonly nodeId: number;
  readonly listeners: readonly { readonly name: string; readonly host: string; readonly port: number }[];
}

export interface TopicMetadata {
  readonly name: string;
  /** The topic's 16-byte id. */
  readonly id: Buffer;
  readonly internal: boolean;
  readonly partitions: readonly PartitionMetadata[];
}

export interface PartitionMetadata {
  readonly index: number;
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly offlineReplicas: readonly number[];
}

export interface LogDirDescription {
  /** The directory, as in `log.dirs`: "/kafka-logs/disk0/kafka". */
  readonly path: string;
  /** True when the disk failed: DescribeLogDirs then reports KAFKA_STORAGE_ERROR and no partitions. */
  readonly offline: boolean;
  readonly totalBytes: bigint;
  readonly usableBytes: bigint;
  readonly replicas: readonly LogDirReplica[];
}

export interface LogDirReplica {
  readonly topic: string;
  readonly partition: number;
  readonly sizeBytes: bigint;
  /** How far this replica is behind the partition's high watermark (or a future replica behind the current one). */
  readonly offsetLag: bigint;
  /** A future replica: the copy being moved to this dir by AlterReplicaLogDirs. */
  readonly future: boolean;
}
