/**
 * Which broker configs Kafka lets you change at run time, per broker, and which it refuses.
 *
 * Source: Kafka's documentation of dynamic broker configs, "Updating Broker Configs"
 * (https://kafka.apache.org/documentation/#dynamicbrokerconfigs) and the "Dynamic Update Mode"
 * column of the broker config table (https://kafka.apache.org/documentation/#brokerconfigs):
 * - read-only: needs a broker restart; an IncrementalAlterConfigs that sets it is refused;
 * - per-broker: may only be set for one broker (resource name "<id>");
 * - cluster-wide: may be set as the cluster default (resource name ""), and also per broker.
 * The sets behind those columns are DynamicBrokerConfig.AllDynamicConfigs / PerBrokerConfigs
 * (core/src/main/scala/kafka/server/DynamicBrokerConfig.scala); types, defaults and ranges are
 * the ConfigDef definitions of each key (KafkaConfig and the *Configs classes it gathers).
 *
 * The read-only list holds the static configs the operator renders and users commonly set;
 * Kafka knows more. A key on neither list is a custom config, which Kafka accepts dynamically
 * for brokers (DynamicConfig.Broker.validate is called with customPropsAllowed = true).
 */

/** ConfigDef.Type, with the ids DescribeConfigs v3+ reports as ConfigType (DescribeConfigsResponse.ConfigType). */
export const configTypeIds = {
  BOOLEAN: 1,
  STRING: 2,
  INT: 3,
  SHORT: 4,
  LONG: 5,
  DOUBLE: 6,
  LIST: 7,
  CLASS: 8,
  PASSWORD: 9,
} as const;
export type ConfigType = keyof typeof configTypeIds;

export type UpdateMode = 'read-only' | 'per-broker' | 'cluster-wide';

export interface BrokerConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  readonly mode: UpdateMode;
  /** The default as Kafka prints it in DescribeConfigs; null when there is none. */
  readonly default: string | null;
  /** ConfigDef.Range.atLeast / between. */
  readonly atLeast?: number;
  readonly atMost?: number;
  /** ConfigDef.ValidString.in / ValidList.in. */
  readonly oneOf?: readonly string[];
}

const LONG_MAX = '9223372036854775807';
const INT_MAX = '2147483647';

function key(name: string, type: ConfigType, mode: UpdateMode, def: string | null, rule: Partial<BrokerConfigKey> = {}): BrokerConfigKey {
  return { name, type, mode, default: def, ...rule };
}

const definitions: readonly BrokerConfigKey[] = [
  // Per-broker: listeners and their security settings (DynamicListenerConfig, SslConfigs.RECONFIGURABLE_CONFIGS).
  key('listeners', 'STRING', 'per-broker', 'PLAINTEXT://:9092'),
  key('advertised.listeners', 'STRING', 'per-broker', null),
  key('listener.security.protocol.map', 'STRING', 'per-broker', 'SASL_SSL:SASL_SSL,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT'),
  key('ssl.keystore.type', 'STRING', 'per-broker', 'JKS'),
  key('ssl.keystore.location', 'STRING', 'per-broker', null),
  key('ssl.keystore.password', 'PASSWORD', 'per-broker', null),
  key('ssl.key.password', 'PASSWORD', 'per-broker', null),
  key('ssl.truststore.type', 'STRING', 'per-broker', 'JKS'),
  key('ssl.truststore.location', 'STRING', 'per-broker', null),
  key('ssl.truststore.password', 'PASSWORD', 'per-broker', null),
  key('ssl.protocol', 'STRING', 'per-broker', 'TLSv1.3'),
  key('ssl.enabled.protocols', 'LIST', 'per-broker', 'TLSv1.2,TLSv1.3'),
  key('ssl.cipher.suites', 'LIST', 'per-broker', ''),
  key('ssl.client.auth', 'STRING', 'per-broker', 'none', { oneOf: ['required', 'requested', 'none'] }),
  key('ssl.endpoint.identification.algorithm', 'STRING', 'per-broker', 'https'),
  key('sasl.enabled.mechanisms', 'LIST', 'per-broker', 'GSSAPI'),
  key('sasl.mechanism.inter.broker.protocol', 'STRING', 'per-broker', 'GSSAPI'),
  key('sasl.jaas.config', 'PASSWORD', 'per-broker', null),
  // Cluster-wide (settable per broker too): log cleaner (LogCleaner.ReconfigurableConfigs).
  key('log.cleaner.threads', 'INT', 'cluster-wide', '1', { atLeast: 0 }),
  key('log.cleaner.io.max.bytes.per.second', 'DOUBLE', 'cluster-wide', '1.7976931348623157E308'),
  key('log.cleaner.dedupe.buffer.size', 'LONG', 'cluster-wide', '134217728'),
  key('log.cleaner.io.buffer.size', 'INT', 'cluster-wide', '524288', { atLeast: 0 }),
  key('log.cleaner.io.buffer.load.factor', 'DOUBLE', 'cluster-wide', '0.9'),
  key('log.cleaner.backoff.ms', 'LONG', 'cluster-wide', '15000', { atLeast: 0 }),
  // Log defaults with topic-level synonyms (DynamicLogConfig.ReconfigurableConfigs).
  key('log.cleanup.policy', 'LIST', 'cluster-wide', 'delete', { oneOf: ['compact', 'delete'] }),
  key('log.cleaner.delete.retention.ms', 'LONG', 'cluster-wide', '86400000', { atLeast: 0 }),
  key('log.cleaner.min.compaction.lag.ms', 'LONG', 'cluster-wide', '0', { atLeast: 0 }),
  key('log.cleaner.max.compaction.lag.ms', 'LONG', 'cluster-wide', LONG_MAX, { atLeast: 1 }),
  key('log.cleaner.min.cleanable.ratio', 'DOUBLE', 'cluster-wide', '0.5', { atLeast: 0, atMost: 1 }),
  key('log.segment.bytes', 'INT', 'cluster-wide', '1073741824', { atLeast: 14 }),
  key('log.roll.ms', 'LONG', 'cluster-wide', null),
  key('log.roll.jitter.ms', 'LONG', 'cluster-wide', null),
  key('log.retention.bytes', 'LONG', 'cluster-wide', '-1'),
  key('log.retention.ms', 'LONG', 'cluster-wide', null),
  key('log.flush.interval.messages', 'LONG', 'cluster-wide', LONG_MAX, { atLeast: 1 }),
  key('log.flush.interval.ms', 'LONG', 'cluster-wide', null),
  key('log.index.size.max.bytes', 'INT', 'cluster-wide', '10485760', { atLeast: 4 }),
  key('log.index.interval.bytes', 'INT', 'cluster-wide', '4096', { atLeast: 0 }),
  key('log.message.timestamp.type', 'STRING', 'cluster-wide', 'CreateTime', { oneOf: ['CreateTime', 'LogAppendTime'] }),
  key('log.preallocate', 'BOOLEAN', 'cluster-wide', 'false'),
  key('log.segment.delete.delay.ms', 'LONG', 'cluster-wide', '60000', { atLeast: 0 }),
  key('min.insync.replicas', 'INT', 'cluster-wide', '1', { atLeast: 1 }),
  key('compression.type', 'STRING', 'cluster-wide', 'producer', {
    oneOf: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'],
  }),
  key('unclean.leader.election.enable', 'BOOLEAN', 'cluster-wide', 'false'),
  key('message.max.bytes', 'INT', 'cluster-wide', '1048588', { atLeast: 0 }),
  // Thread pools (DynamicThreadPool.ReconfigurableConfigs).
  key('num.io.threads', 'INT', 'cluster-wide', '8', { atLeast: 1 }),
  key('num.replica.fetchers', 'INT', 'cluster-wide', '1'),
  key('num.recovery.threads.per.data.dir', 'INT', 'cluster-wide', '2', { atLeast: 1 }),
  key('background.threads', 'INT', 'cluster-wide', '10', { atLeast: 1 }),
  // Socket server (SocketServer.ReconfigurableConfigs, DynamicBrokerConfig.ClusterLevelListenerConfigs).
  key('num.network.threads', 'INT', 'cluster-wide', '3', { atLeast: 1 }),
  key('max.connections', 'INT', 'cluster-wide', INT_MAX, { atLeast: 0 }),
  key('max.connections.per.ip', 'INT', 'cluster-wide', INT_MAX, { atLeast: 0 }),
  key('max.connections.per.ip.overrides', 'STRING', 'cluster-wide', ''),
  key('max.connection.creation.rate', 'INT', 'cluster-wide', INT_MAX, { atLeast: 0 }),
  key('metric.reporters', 'LIST', 'cluster-wide', ''),
  key('producer.id.expiration.ms', 'INT', 'cluster-wide', '86400000', { atLeast: 1 }),
  // Replication quotas (QuotaConfig.brokerQuotaConfigs).
  key('leader.replication.throttled.rate', 'LONG', 'cluster-wide', LONG_MAX, { atLeast: 0 }),
  key('follower.replication.throttled.rate', 'LONG', 'cluster-wide', LONG_MAX, { atLeast: 0 }),
  key('replica.alter.log.dirs.io.max.bytes.per.second', 'LONG', 'cluster-wide', LONG_MAX, { atLeast: 0 }),
  // Read-only: only server.properties (the broker's ConfigMap) sets them, and a restart applies them.
  key('node.id', 'INT', 'read-only', '-1'),
  key('broker.id', 'INT', 'read-only', '-1'),
  key('process.roles', 'LIST', 'read-only', ''),
  key('controller.quorum.voters', 'LIST', 'read-only', ''),
  key('controller.quorum.bootstrap.servers', 'LIST', 'read-only', ''),
  key('controller.listener.names', 'STRING', 'read-only', null),
  key('inter.broker.listener.name', 'STRING', 'read-only', null),
  key('log.dirs', 'STRING', 'read-only', null),
  key('log.dir', 'STRING', 'read-only', '/tmp/kafka-logs'),
  key('metadata.log.dir', 'STRING', 'read-only', null),
  key('broker.rack', 'STRING', 'read-only', null),
  key('num.partitions', 'INT', 'read-only', '1'),
  key('default.replication.factor', 'INT', 'read-only', '1'),
  key('auto.create.topics.enable', 'BOOLEAN', 'read-only', 'true'),
  key('delete.topic.enable', 'BOOLEAN', 'read-only', 'true'),
  key('auto.leader.rebalance.enable', 'BOOLEAN', 'read-only', 'true'),
  key('offsets.topic.replication.factor', 'SHORT', 'read-only', '3'),
  key('transaction.state.log.replication.factor', 'SHORT', 'read-only', '3'),
  key('transaction.state.log.min.isr', 'INT', 'read-only', '2'),
  key('group.initial.rebalance.delay.ms', 'INT', 'read-only', '3000'),
  key('replica.lag.time.max.ms', 'LONG', 'read-only', '30000'),
  key('replica.fetch.max.bytes', 'INT', 'read-only', '1048576'),
  key('log.retention.check.interval.ms', 'LONG', 'read-only', '300000'),
  key('socket.send.buffer.bytes', 'INT', 'read-only', '102400'),
  key('socket.receive.buffer.bytes', 'INT', 'read-only', '102400'),
  key('socket.request.max.bytes', 'INT', 'read-only', '104857600'),
  key('queued.max.requests', 'INT', 'read-only', '500'),
  key('authorizer.class.name', 'STRING', 'read-only', ''),
  key('super.users', 'STRING', 'read-only', null),
  key('broker.heartbeat.interval.ms', 'INT', 'read-only', '2000'),
  key('broker.session.timeout.ms', 'INT', 'read-only', '9000'),
  key('metadata.log.segment.bytes', 'INT', 'read-only', '1073741824'),
  // Only the first synonym of a topic config is dynamic (ServerTopicConfigSynonyms): log.retention.ms is, these are not.
  key('log.roll.hours', 'INT', 'read-only', '168', { atLeast: 1 }),
  key('log.retention.minutes', 'INT', 'read-only', null),
  key('log.retention.hours', 'INT', 'read-only', '168'),
  key('log.flush.scheduler.interval.ms', 'LONG', 'read-only', '9223372036854775807'),
];

export const brokerConfigKeys: ReadonlyMap<string, BrokerConfigKey> = new Map(definitions.map((d) => [d.name, d]));

/** `listener.name.<listener>.<config>`: a listener-scoped override, per broker (DynamicBrokerConfig.ListenerConfigRegex). */
const listenerPrefixed = /^listener\.name\.[^.]*\.(.*)$/;

/**
 * The definition that governs a name, looking through a listener prefix as Kafka does for
 * validation (`listener.name.internal.ssl.keystore.location` is checked as `ssl.keystore.location`).
 */
export function configKeyFor(name: string): BrokerConfigKey | undefined {
  const base = listenerPrefixed.exec(name)?.[1];
  return brokerConfigKeys.get(base ?? name);
}

export function isListenerPrefixed(name: string): boolean {
  return listenerPrefixed.test(name);
}

/**
 * Keystore and truststore configs, which Kafka only takes dynamically with a listener prefix
 * (DynamicBrokerConfig.DynamicSecurityConfigs = SslConfigs.RECONFIGURABLE_CONFIGS).
 */
const listenerPrefixOnly = new Set([
  'ssl.keystore.type',
  'ssl.keystore.location',
  'ssl.keystore.password',
  'ssl.key.password',
  'ssl.truststore.type',
  'ssl.truststore.location',
  'ssl.truststore.password',
  'ssl.keystore.certificate.chain',
  'ssl.keystore.key',
  'ssl.truststore.certificates',
]);

export function needsListenerPrefix(name: string): boolean {
  return listenerPrefixOnly.has(name);
}
