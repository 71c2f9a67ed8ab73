/**
 * Which broker configs Kafka changes at run time (no restart), as data.
 *
 * Source: Kafka's documentation of dynamic broker configs, "Updating Broker Configs"
 * (https://kafka.apache.org/documentation/#dynamicbrokerconfigs) and the "Dynamic Update Mode"
 * column of its broker config table (https://kafka.apache.org/documentation/#brokerconfigs),
 * which are generated from DynamicBrokerConfig.AllDynamicConfigs and PerBrokerConfigs
 * (core/src/main/scala/kafka/server/DynamicBrokerConfig.scala), plus the broker quota configs
 * (QuotaConfig.brokerQuotaConfigs).
 *
 * - per-broker: only for one broker at a time (listeners and their security settings);
 * - cluster-wide: settable as the cluster default, and also per broker;
 * - read-only: every other Kafka config; a change needs a rolling restart.
 */
export type DynamicUpdateMode = 'per-broker' | 'cluster-wide' | 'read-only';

const perBroker = new Set([
  // DynamicListenerConfig.ReconfigurableConfigs (listeners, SSL, SASL)
  'listeners',
  'advertised.listeners',
  'listener.security.protocol.map',
  'principal.builder.class',
  'ssl.protocol',
  'ssl.provider',
  'ssl.cipher.suites',
  'ssl.enabled.protocols',
  'ssl.keystore.type',
  'ssl.keystore.location',
  'ssl.keystore.password',
  'ssl.key.password',
  'ssl.truststore.type',
  'ssl.truststore.location',
  'ssl.truststore.password',
  'ssl.keymanager.algorithm',
  'ssl.trustmanager.algorithm',
  'ssl.endpoint.identification.algorithm',
  'ssl.secure.random.implementation',
  'ssl.client.auth',
  'ssl.engine.factory.class',
  'sasl.mechanism.inter.broker.protocol',
  'sasl.jaas.config',
  'sasl.enabled.mechanisms',
  'sasl.kerberos.service.name',
  'sasl.kerberos.kinit.cmd',
  'sasl.kerberos.ticket.renew.window.factor',
  'sasl.kerberos.ticket.renew.jitter',
  'sasl.kerberos.min.time.before.relogin',
  'sasl.kerberos.principal.to.local.rules',
  'sasl.login.refresh.window.factor',
  'sasl.login.refresh.window.jitter',
  'sasl.login.refresh.min.period.seconds',
  'sasl.login.refresh.buffer.seconds',
  // SslConfigs.RECONFIGURABLE_CONFIGS not listed above
  'ssl.keystore.certificate.chain',
  'ssl.keystore.key',
  'ssl.truststore.certificates',
]);

/** SslConfigs.RECONFIGURABLE_CONFIGS: dynamic only as `listener.name.<listener>.<name>`. */
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

const clusterWide = new Set([
  // LogCleaner.ReconfigurableConfigs
  'log.cleaner.threads',
  'log.cleaner.dedupe.buffer.size',
  'log.cleaner.io.buffer.load.factor',
  'log.cleaner.io.buffer.size',
  'log.cleaner.io.max.bytes.per.second',
  'log.cleaner.backoff.ms',
  'message.max.bytes',
  // DynamicLogConfig.ReconfigurableConfigs: the broker names of topic configs (ServerTopicConfigSynonyms)
  'log.segment.bytes',
  'log.roll.ms',
  'log.roll.jitter.ms',
  'log.index.size.max.bytes',
  'log.flush.interval.messages',
  'log.flush.interval.ms',
  'log.retention.bytes',
  'log.retention.ms',
  'log.index.interval.bytes',
  'log.cleaner.delete.retention.ms',
  'log.cleaner.min.compaction.lag.ms',
  'log.cleaner.max.compaction.lag.ms',
  'log.segment.delete.delay.ms',
  'log.cleaner.min.cleanable.ratio',
  'log.cleanup.policy',
  'unclean.leader.election.enable',
  'min.insync.replicas',
  'compression.type',
  'compression.gzip.level',
  'compression.lz4.level',
  'compression.zstd.level',
  'log.preallocate',
  'log.message.timestamp.type',
  'log.message.timestamp.difference.max.ms',
  'log.message.timestamp.before.max.ms',
  'log.message.timestamp.after.max.ms',
  'log.message.downconversion.enable',
  'log.local.retention.ms',
  'log.local.retention.bytes',
  // DynamicThreadPool.ReconfigurableConfigs
  'num.io.threads',
  'num.replica.fetchers',
  'num.recovery.threads.per.data.dir',
  'background.threads',
  // SocketServer.ReconfigurableConfigs and the cluster-level listener configs
  'max.connections',
  'max.connections.per.ip',
  'max.connections.per.ip.overrides',
  'max.connection.creation.rate',
  'num.network.threads',
  'metric.reporters',
  // DynamicProducerStateManagerConfig, DynamicRemoteLogConfig
  'producer.id.expiration.ms',
  'transaction.partition.verification.enable',
  'remote.log.index.file.cache.total.size.bytes',
  'remote.fetch.max.wait.ms',
  'remote.log.manager.copy.max.bytes.per.second',
  'remote.log.manager.fetch.max.bytes.per.second',
  'remote.list.offsets.request.timeout.ms',
  // QuotaConfig.brokerQuotaConfigs
  'leader.replication.throttled.rate',
  'follower.replication.throttled.rate',
  'replica.alter.log.dirs.io.max.bytes.per.second',
]);

/** DynamicBrokerConfig.ClusterLevelListenerConfigs: listener-scoped, yet cluster-wide. */
const clusterLevelListenerConfigs = new Set(['max.connections', 'max.connection.creation.rate', 'num.network.threads']);

const listenerScoped = /^listener\.name\.[^.]+\.(.+)$/;

/**
 * How Kafka lets `name` change at run time. A listener-scoped name
 * (`listener.name.internal.ssl.keystore.location`) is per broker unless its base is a
 * cluster-level listener config. Names Kafka does not define are read-only here: Kafka would
 * store them, but nothing in the broker reads them again before a restart.
 */
export function dynamicUpdateMode(name: string): DynamicUpdateMode {
  const base = listenerScoped.exec(name)?.[1];
  if (base !== undefined) {
    if (clusterLevelListenerConfigs.has(base)) return 'cluster-wide';
    const mechanismConfig =
      /^[^.]+\.(sasl\.jaas\.config|sasl\.login\.callback\.handler\.class|sasl\.login\.class|sasl\.server\.callback\.handler\.class|connections\.max\.reauth\.ms)$/.test(
        base,
      );
    return perBroker.has(base) || mechanismConfig ? 'per-broker' : 'read-only';
  }
  if (perBroker.has(name)) return listenerPrefixOnly.has(name) ? 'read-only' : 'per-broker';
  return clusterWide.has(name) ? 'cluster-wide' : 'read-only';
}

/** Whether `name` can be applied to one broker with IncrementalAlterConfigs, without a restart. */
export function isDynamicPerBroker(name: string): boolean {
  return dynamicUpdateMode(name) !== 'read-only';
}
