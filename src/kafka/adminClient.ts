import { setTimeout as delay } from 'node:timers/promises';
import type { Connection } from '@platformatic/kafka';
import { alterOperations, BROKER_RESOURCE, toConfigEntry, unconfirmed, type WireConfigEntry } from './brokerConfigs.js';
import { ClusterConnection, type KafkaAdminTimeouts, type KafkaClusterEndpoint } from './connection.js';
import { isAuthenticationError, isClosedClientError, isNetworkError, KafkaAdminError, kafkaErrorOf } from './errors.js';
import { addRaftVoterApis, ADD_RAFT_VOTER, REMOVE_RAFT_VOTER, removeRaftVoterApis } from './raftVoterApis.js';
import { toLogDirs, toQuorum, type WireLogDirsResponse, type WireMetadataResponse, type WireQuorumResponse } from './responses.js';
import { withRetries, type RetryPolicy } from './retry.js';
import type {
  AddVoterResult,
  BrokerConfigChange,
  BrokerConfigEntry,
  ClusterDescription,
  CreateTopicResult,
  LogDir,
  PartitionReplicas,
  QuorumDescription,
  RemoveVoterResult,
  UnregisterResult,
  VoterEndpoint,
  VoterKey,
} from './types.js';

export interface KafkaAdminOptions extends KafkaAdminTimeouts, RetryPolicy {
  /** The whole operation, retries and read-back included. Default 30 s. */
  readonly operationTimeoutMs: number;
  /** How long a dynamic config change may take to show in its read-back. Default 5 s. */
  readonly confirmTimeoutMs: number;
  readonly clientId: string;
}

export const defaultAdminOptions: KafkaAdminOptions = {
  connectTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  operationTimeoutMs: 30_000,
  confirmTimeoutMs: 5_000,
  retries: 3,
  backoffMs: 200,
  clientId: 'kafkaplane',
};

/** Errors.TOPIC_ALREADY_EXISTS */
const TOPIC_ALREADY_EXISTS = 36;

export type ScramMechanismName = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** One user's SCRAM credential to write: salt and salted password, as AlterUserScramCredentials carries them. */
export interface ScramUpsertion {
  readonly user: string;
  readonly mechanism: ScramMechanismName;
  readonly iterations: number;
  readonly salt: Buffer;
  readonly saltedPassword: Buffer;
}

interface WireScramUsersResponse {
  results: Array<{ user: string; errorCode: number; credentialInfos: Array<{ mechanism: number; iterations: number }> }>;
}
/** Errors.BROKER_ID_NOT_REGISTERED */
const BROKER_ID_NOT_REGISTERED = 102;
/** Errors.DUPLICATE_VOTER, Errors.VOTER_NOT_FOUND (KIP-853) */
const DUPLICATE_VOTER = 126;
const VOTER_NOT_FOUND = 127;

/**
 * Kafka's Admin API for one cluster, over one reused connection pool: per-broker dynamic
 * configs, log dirs, the KRaft quorum, and broker unregistration. Every call has a deadline,
 * can be cancelled, retries only what Kafka deems retriable, and fails with a KafkaAdminError.
 */
export class KafkaAdminClient {
  readonly #connection: ClusterConnection;
  readonly #options: KafkaAdminOptions;

  constructor(
    readonly endpoint: KafkaClusterEndpoint,
    options: Partial<KafkaAdminOptions> = {},
  ) {
    this.#options = { ...defaultAdminOptions, ...options };
    this.#connection = new ClusterConnection(endpoint, this.#options, this.#options.clientId);
  }

  describeCluster(signal?: AbortSignal): Promise<ClusterDescription> {
    return this.#run('describeCluster', signal, async () => {
      const response = await this.#connection.send<[boolean, number], WireCluster>(await this.#any(), 'DescribeCluster', false, 1);
      return {
        clusterId: response.clusterId,
        controllerId: response.controllerId,
        brokers: response.brokers.map((b) => ({ id: b.brokerId, host: b.host, port: b.port, rack: b.rack })),
      };
    });
  }

  /** The configs of one broker as that broker reports them, with their sources. */
  describeBrokerConfigs(brokerId: number, signal?: AbortSignal): Promise<BrokerConfigEntry[]> {
    return this.#run(`describeBrokerConfigs(broker ${brokerId})`, signal, () => this.#describeBrokerConfigs(brokerId));
  }

  /**
   * Applies a change to one broker's dynamic config, on that broker alone and without a restart,
   * then reads the broker's configs back until they show it. Returns the read-back configs.
   * Kafka refuses read-only (static) names and bad values with KAFKA_ERROR_RESPONSE
   * (INVALID_REQUEST / INVALID_CONFIG and Kafka's message), changing nothing.
   */
  alterBrokerConfigs(brokerId: number, change: BrokerConfigChange, signal?: AbortSignal): Promise<BrokerConfigEntry[]> {
    return this.#run(`alterBrokerConfigs(broker ${brokerId})`, signal, async (operationSignal) => {
      const connection = await this.#broker(brokerId);
      const resources = [{ resourceType: BROKER_RESOURCE, resourceName: String(brokerId), configs: alterOperations(change) }];
      await this.#connection.send(connection, 'IncrementalAlterConfigs', resources, false);
      return this.#confirm(
        `alterBrokerConfigs(broker ${brokerId})`,
        change,
        'DYNAMIC_BROKER_CONFIG',
        () => this.#describeBrokerConfigs(brokerId),
        `broker ${brokerId}`,
        operationSignal,
      );
    });
  }

  /**
   * The cluster-wide dynamic broker config: what DescribeConfigs shows for the broker resource
   * "" (ConfigResource BROKER with an empty name), every entry DYNAMIC_DEFAULT_BROKER_CONFIG.
   */
  describeClusterDefaultConfigs(signal?: AbortSignal): Promise<BrokerConfigEntry[]> {
    return this.#run('describeClusterDefaultConfigs', signal, async () => this.#describe(await this.#any(), ''));
  }

  /**
   * Changes the cluster-wide dynamic broker config, as Koperator does for clusterWideConfig
   * (adobe/koperator pkg/resources/kafka/kafka.go, reconcileClusterWideDynamicConfig): a
   * validate-only IncrementalAlterConfigs first, so that a refused entry changes nothing, then
   * the change itself; then reads the defaults back until they show it. Returns the read-back.
   * Kafka refuses read-only names, names only settable per broker, and bad values with
   * KAFKA_ERROR_RESPONSE (INVALID_REQUEST / INVALID_CONFIG and Kafka's message).
   */
  alterClusterDefaultConfigs(change: BrokerConfigChange, signal?: AbortSignal): Promise<BrokerConfigEntry[]> {
    const operation = 'alterClusterDefaultConfigs';
    return this.#run(operation, signal, async (operationSignal) => {
      const connection = await this.#any();
      const resources = [{ resourceType: BROKER_RESOURCE, resourceName: '', configs: alterOperations(change) }];
      await this.#connection.send(connection, 'IncrementalAlterConfigs', resources, true);
      await this.#connection.send(connection, 'IncrementalAlterConfigs', resources, false);
      return this.#confirm(operation, change, 'DYNAMIC_DEFAULT_BROKER_CONFIG', () => this.#describe(connection, ''), 'the cluster default', operationSignal);
    });
  }

  /** Each broker's log dirs with their replicas, used bytes and (Kafka 3.3+) disk size and free space. */
  describeLogDirs(brokerIds: readonly number[], signal?: AbortSignal): Promise<Map<number, LogDir[]>> {
    return this.#run(`describeLogDirs(brokers ${brokerIds.join(',')})`, signal, async () => {
      const entries = await Promise.all(
        brokerIds.map(async (id) => {
          const connection = await this.#broker(id);
          const response = await this.#connection.send<[null], WireLogDirsResponse>(connection, 'DescribeLogDirs', null).catch((error: unknown) => {
            // A failed disk comes back as an error on that dir; the library throws, with the response attached.
            const attached = responseOf<WireLogDirsResponse>(error);
            if (attached && kafkaErrorOf(error)?.name === 'KAFKA_STORAGE_ERROR') return attached;
            throw error;
          });
          return [id, toLogDirs(response)] as const;
        }),
      );
      return new Map(entries);
    });
  }

  /**
   * Every partition's assigned replicas (broker ids), as the cluster metadata has them: a
   * Metadata request for all topics, internal ones included. The source of truth a log dir
   * report is checked against: a replica assigned to a broker but in none of its healthy dirs
   * is on a failed disk, or not loaded yet.
   */
  describePartitionReplicas(signal?: AbortSignal): Promise<PartitionReplicas[]> {
    return this.#run('describePartitionReplicas', signal, async () => {
      const response = await this.#connection.send<[null, boolean], WireMetadataResponse>(await this.#any(), 'Metadata', null, false);
      return response.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name ?? '', partition: p.partitionIndex, replicas: [...p.replicaNodes] })));
    });
  }

  /**
   * Every user with SCRAM credentials and the mechanisms it has them for (DescribeUserScramCredentials
   * for all users, as `kafka-configs.sh --describe --entity-type users` asks: Kafka's ScramImage.describe).
   */
  describeScramUsers(signal?: AbortSignal): Promise<Map<string, ScramMechanismName[]>> {
    return this.#run('describeScramUsers', signal, async () => {
      const response = await this.#connection.send<[null], WireScramUsersResponse>(await this.#any(), 'DescribeUserScramCredentials', null);
      return new Map(
        response.results.map((r) => [
          r.user,
          r.credentialInfos.flatMap((c) => (c.mechanism === 1 ? ['SCRAM-SHA-256' as const] : c.mechanism === 2 ? ['SCRAM-SHA-512' as const] : [])),
        ]),
      );
    });
  }

  /**
   * Creates or replaces users' SCRAM credentials (AlterUserScramCredentials upsertions, KIP-554):
   * the salted password goes over the wire, never the password, as Kafka's Admin client sends it.
   */
  upsertScramCredentials(upsertions: readonly ScramUpsertion[], signal?: AbortSignal): Promise<void> {
    return this.#run(`upsertScramCredentials(${upsertions.map((u) => u.user).join(',')})`, signal, async () => {
      const wire = upsertions.map((u) => ({
        name: u.user,
        mechanism: u.mechanism === 'SCRAM-SHA-256' ? 1 : 2,
        iterations: u.iterations,
        salt: u.salt,
        saltedPassword: u.saltedPassword,
      }));
      const response = await this.#connection.send<[[], typeof wire], { results: Array<{ user: string; errorCode: number; errorMessage: string | null }> }>(
        await this.#any(),
        'AlterUserScramCredentials',
        [],
        wire,
      );
      const failed = response.results.find((r) => r.errorCode !== 0);
      if (failed !== undefined)
        throw new Error(`AlterUserScramCredentials refused user ${failed.user}: error ${failed.errorCode} ${failed.errorMessage ?? ''}`);
    });
  }

  /** The KRaft quorum of the cluster metadata log: leader, voters (controllers) and observers (brokers). */
  describeQuorum(signal?: AbortSignal): Promise<QuorumDescription> {
    return this.#run('describeQuorum', signal, async () => {
      const topics = [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }];
      const response = await this.#connection.send<[typeof topics], WireQuorumResponse>(await this.#any(), 'DescribeQuorum', topics);
      return toQuorum(response);
    });
  }

  /**
   * Makes a controller that replicates the metadata log as an observer a voter (AddRaftVoter,
   * KIP-853). Sent to a broker, which forwards it to the active controller (Kafka's KafkaApis:
   * ADD_RAFT_VOTER => forwardToController). Kafka's AddVoterHandler refuses with
   * UNSUPPORTED_VERSION when kraft.version is 0 (a static quorum), and with REQUEST_TIMED_OUT
   * while another voter change is uncommitted or while the new voter lags behind the leader.
   * DUPLICATE_VOTER (its id already votes) answers 'already-voter': a retry of a change made.
   */
  addRaftVoter(voter: VoterKey, listeners: readonly VoterEndpoint[], signal?: AbortSignal): Promise<AddVoterResult> {
    const operation = `addRaftVoter(${voter.id})`;
    return this.#run(operation, signal, async () => {
      try {
        const sent = await this.#connection.sendOwn(
          await this.#any(),
          ADD_RAFT_VOTER,
          addRaftVoterApis,
          null,
          this.#options.requestTimeoutMs,
          voter.id,
          voter.directoryId,
          listeners,
        );
        if (sent === undefined) throw this.#unsupported(operation, 'AddRaftVoter');
        return 'added';
      } catch (error) {
        if (kafkaErrorOf(error)?.code === DUPLICATE_VOTER) return 'already-voter';
        throw error;
      }
    });
  }

  /**
   * Removes a voter from the KRaft quorum (RemoveRaftVoter, KIP-853), through a broker as
   * addRaftVoter. Kafka's RemoveVoterHandler answers VOTER_NOT_FOUND for a key (id and directory
   * id) that does not vote, which answers 'not-a-voter'; REQUEST_TIMED_OUT while another voter
   * change is uncommitted. Kafka does not check that the rest of the quorum can serve: the caller does.
   */
  removeRaftVoter(voter: VoterKey, signal?: AbortSignal): Promise<RemoveVoterResult> {
    const operation = `removeRaftVoter(${voter.id})`;
    return this.#run(operation, signal, async () => {
      try {
        const sent = await this.#connection.sendOwn(await this.#any(), REMOVE_RAFT_VOTER, removeRaftVoterApis, null, voter.id, voter.directoryId);
        if (sent === undefined) throw this.#unsupported(operation, 'RemoveRaftVoter');
        return 'removed';
      } catch (error) {
        if (kafkaErrorOf(error)?.code === VOTER_NOT_FOUND) return 'not-a-voter';
        throw error;
      }
    });
  }

  /**
   * Creates a topic with Kafka's default placement (CreateTopics); 'already-exists' when Kafka
   * answers TOPIC_ALREADY_EXISTS. Kafka refuses a replication factor above the brokers it has
   * (INVALID_REPLICATION_FACTOR) and a bad partition count (INVALID_PARTITIONS).
   */
  createTopic(topic: { name: string; partitions: number; replicationFactor: number }, signal?: AbortSignal): Promise<CreateTopicResult> {
    const operation = `createTopic(${topic.name})`;
    return this.#run(operation, signal, async () => {
      const request = [{ name: topic.name, numPartitions: topic.partitions, replicationFactor: topic.replicationFactor, assignments: [], configs: [] }];
      try {
        const response = await this.#connection.send<[typeof request, number, boolean], { topics: Array<{ errorCode: number }> }>(
          await this.#any(),
          'CreateTopics',
          request,
          this.#options.requestTimeoutMs,
          false,
        );
        return response.topics[0]?.errorCode === TOPIC_ALREADY_EXISTS ? 'already-exists' : 'created';
      } catch (error) {
        if (kafkaErrorOf(error)?.code === TOPIC_ALREADY_EXISTS) return 'already-exists';
        throw error;
      }
    });
  }

  /** Removes a broker's registration after it left the cluster for good; 'not-registered' if it had none. */
  unregisterBroker(brokerId: number, signal?: AbortSignal): Promise<UnregisterResult> {
    return this.#run(`unregisterBroker(${brokerId})`, signal, async () => {
      try {
        await this.#connection.send(await this.#any(), 'UnregisterBroker', brokerId);
        return 'unregistered';
      } catch (error) {
        if (kafkaErrorOf(error)?.code === BROKER_ID_NOT_REGISTERED) return 'not-registered';
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.#connection.close();
  }

  async #describeBrokerConfigs(brokerId: number): Promise<BrokerConfigEntry[]> {
    return this.#describe(await this.#broker(brokerId), String(brokerId));
  }

  async #describe(connection: Connection, resourceName: string): Promise<BrokerConfigEntry[]> {
    const resources = [{ resourceType: BROKER_RESOURCE, resourceName, configurationKeys: null }];
    const response = await this.#connection.send<[typeof resources, boolean, boolean], { results: Array<{ configs: WireConfigEntry[] }> }>(
      connection,
      'DescribeConfigs',
      resources,
      true,
      false,
    );
    return (response.results[0]?.configs ?? []).map(toConfigEntry);
  }

  /** Brokers apply a change when they replay the metadata log: reads back until the change shows. */
  async #confirm(
    operation: string,
    change: BrokerConfigChange,
    level: 'DYNAMIC_BROKER_CONFIG' | 'DYNAMIC_DEFAULT_BROKER_CONFIG',
    readBack: () => Promise<BrokerConfigEntry[]>,
    target: string,
    signal: AbortSignal,
  ): Promise<BrokerConfigEntry[]> {
    const deadline = Date.now() + this.#options.confirmTimeoutMs;
    for (let wait = 50; ; wait = Math.min(wait * 2, 1_000)) {
      const entries = await readBack();
      const missing = unconfirmed(change, entries, level);
      if (missing.length === 0) return entries;
      if (Date.now() + wait > deadline) {
        throw new KafkaAdminError(
          'KAFKA_CONFIG_NOT_CONFIRMED',
          operation,
          this.endpoint.cluster,
          `${target} accepted the change but does not show it for ${missing.join(', ')}`,
        );
      }
      await delay(wait, undefined, { signal });
    }
  }

  #unsupported(operation: string, api: string): KafkaAdminError {
    return new KafkaAdminError('KAFKA_API_UNSUPPORTED', operation, this.endpoint.cluster, `the brokers do not serve ${api} (Kafka 3.9+, KIP-853)`);
  }

  async #broker(brokerId: number): Promise<Connection> {
    const connection = await this.#connection.brokerConnection(brokerId);
    if (!connection) {
      throw new KafkaAdminError('KAFKA_BROKER_NOT_FOUND', `broker ${brokerId}`, this.endpoint.cluster, `broker ${brokerId} is not in the cluster metadata`);
    }
    return connection;
  }

  async #any(): Promise<Connection> {
    const connection = await this.#connection.anyConnection();
    if (!connection) throw new KafkaAdminError('KAFKA_UNREACHABLE', 'connect', this.endpoint.cluster, 'no broker reachable');
    return connection;
  }

  /** Runs an operation with retries under one deadline, translating every failure into a KafkaAdminError. */
  async #run<T>(operation: string, callerSignal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = AbortSignal.timeout(this.#options.operationTimeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () =>
        reject(
          new KafkaAdminError(
            'KAFKA_TIMEOUT',
            operation,
            this.endpoint.cluster,
            deadline.aborted ? `no answer within ${this.#options.operationTimeoutMs} ms` : 'cancelled',
          ),
        );
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([withRetries(() => work(signal), this.#options, signal), aborted]);
    } catch (error) {
      throw this.#translate(operation, error, signal);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  #translate(operation: string, error: unknown, signal: AbortSignal): KafkaAdminError {
    if (error instanceof KafkaAdminError) return error;
    const cluster = this.endpoint.cluster;
    const kafka = kafkaErrorOf(error);
    if (isAuthenticationError(error)) {
      const detail = kafka?.serverMessage ?? (error instanceof Error ? error.message : 'refused');
      return new KafkaAdminError('KAFKA_AUTHENTICATION_FAILED', operation, cluster, `authentication failed: ${detail}`, kafka, { cause: error });
    }
    if (kafka) {
      return new KafkaAdminError('KAFKA_ERROR_RESPONSE', operation, cluster, `${kafka.name}${kafka.serverMessage ? `: ${kafka.serverMessage}` : ''}`, kafka, {
        cause: error,
      });
    }
    if (isClosedClientError(error))
      return new KafkaAdminError('KAFKA_CLIENT_CLOSED', operation, cluster, 'the admin client is closed', undefined, { cause: error });
    if (signal.aborted) return new KafkaAdminError('KAFKA_TIMEOUT', operation, cluster, 'deadline passed', undefined, { cause: error });
    if (isNetworkError(error)) {
      return new KafkaAdminError(
        'KAFKA_UNREACHABLE',
        operation,
        cluster,
        `cannot reach the brokers at ${this.endpoint.bootstrapServers.join(',')}`,
        undefined,
        { cause: error },
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    return new KafkaAdminError('KAFKA_UNEXPECTED', operation, cluster, message, undefined, { cause: error });
  }
}

interface WireCluster {
  clusterId: string;
  controllerId: number;
  brokers: Array<{ brokerId: number; host: string; port: number; rack: string | null }>;
}

function responseOf<T>(error: unknown): T | undefined {
  if (typeof error === 'object' && error !== null && 'response' in error) return (error as { response: T }).response;
  return undefined;
}
