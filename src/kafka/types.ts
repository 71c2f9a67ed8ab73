/** Where a broker config's value comes from (DescribeConfigsResponse.ConfigSource). */
export type ConfigSource = 'DYNAMIC_BROKER_CONFIG' | 'DYNAMIC_DEFAULT_BROKER_CONFIG' | 'STATIC_BROKER_CONFIG' | 'DEFAULT_CONFIG' | 'UNKNOWN';

export interface BrokerConfigEntry {
  readonly name: string;
  /** Null for sensitive entries (passwords, and names Kafka cannot type), and unset configs. */
  readonly value: string | null;
  readonly source: ConfigSource;
  /** Only a restart changes it. */
  readonly readOnly: boolean;
  readonly sensitive: boolean;
  /** Every level that defines the name, winning one first. */
  readonly synonyms: readonly { readonly value: string | null; readonly source: ConfigSource }[];
}

export interface BrokerConfigChange {
  /** Entries to set as this broker's dynamic config. */
  readonly set?: Readonly<Record<string, string>>;
  /** Names whose dynamic value is removed, so the static/default value applies again. */
  readonly delete?: readonly string[];
}

export interface ClusterDescription {
  readonly clusterId: string;
  /**
   * What brokers report as controller. With KRaft this is a random live broker (which forwards
   * controller requests), not a controller: use describeQuorum().leaderId for the active one.
   */
  readonly controllerId: number;
  readonly brokers: readonly { readonly id: number; readonly host: string; readonly port: number; readonly rack: string | null }[];
}

export interface LogDirReplica {
  readonly topic: string;
  readonly partition: number;
  readonly sizeBytes: bigint;
  readonly offsetLag: bigint;
  /** A replica being moved into this dir. */
  readonly future: boolean;
}

/** One partition and the brokers it is assigned to, from the cluster metadata. */
export interface PartitionReplicas {
  readonly topic: string;
  readonly partition: number;
  readonly replicas: readonly number[];
}

export interface LogDir {
  readonly path: string;
  /** Null when healthy, else the Kafka error name (KAFKA_STORAGE_ERROR for a failed disk). */
  readonly error: string | null;
  /** Disk size and free space; null when the broker does not report them (DescribeLogDirs < v4). */
  readonly totalBytes: bigint | null;
  readonly usableBytes: bigint | null;
  /** Sum of the sizes of the replicas in the dir (future replicas included). */
  readonly usedBytes: bigint;
  readonly replicas: readonly LogDirReplica[];
}

export interface QuorumReplica {
  readonly id: number;
  /** The replica's metadata log directory id (a Kafka Uuid, base64url); null before DescribeQuorum v2. */
  readonly directoryId: string | null;
  readonly logEndOffset: bigint;
  /** Milliseconds since the epoch, or null when unknown (-1 on the wire). */
  readonly lastFetchTimestamp: number | null;
  readonly lastCaughtUpTimestamp: number | null;
}

export interface QuorumDescription {
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly highWatermark: bigint;
  readonly voters: readonly QuorumReplica[];
  readonly observers: readonly QuorumReplica[];
  /** Voters' controller endpoints (DescribeQuorum v2+); empty from older brokers. */
  readonly nodes: readonly { readonly id: number; readonly listeners: readonly { readonly name: string; readonly host: string; readonly port: number }[] }[];
}

/** A KRaft voter as Kafka identifies it (KIP-853): its node id and its metadata log directory id. */
export interface VoterKey {
  readonly id: number;
  /** A Kafka Uuid in base64url, as DescribeQuorum v2 reports it. */
  readonly directoryId: string;
}

/** How a new voter is reached: its controller listeners (AddRaftVoterRequest.Listeners). */
export interface VoterEndpoint {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** 'already-voter' and 'not-a-voter': Kafka answered DUPLICATE_VOTER / VOTER_NOT_FOUND (a retry of a change that was made). */
export type AddVoterResult = 'added' | 'already-voter';
export type RemoveVoterResult = 'removed' | 'not-a-voter';

export type UnregisterResult = 'unregistered' | 'not-registered';
export type CreateTopicResult = 'created' | 'already-exists';
