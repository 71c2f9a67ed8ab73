/**
 * The value types of the broker configs kafkaplane checks before writing them, so that a
 * mutation refuses `num.io.threads=many` at once instead of a broker failing on it later.
 *
 * Source: the ConfigDef definitions behind Kafka's broker config table
 * (https://kafka.apache.org/documentation/#brokerconfigs: its "Type", "Valid Values" columns;
 * KafkaConfig, ServerLogConfigs, ReplicationConfigs, SocketServerConfigs, QuotaConfig...).
 * ConfigDef parses INT, LONG and SHORT as whole numbers in their Java range, DOUBLE with
 * Double.parseDouble, BOOLEAN as true/false in any case (ConfigDef.parseType). Names not listed
 * are not checked here: Kafka itself is the judge of them.
 */
export type ConfigValueType = 'INT' | 'LONG' | 'SHORT' | 'DOUBLE' | 'BOOLEAN';

interface ConfigRule {
  readonly type?: ConfigValueType;
  /** ConfigDef.Range.atLeast. */
  readonly atLeast?: number;
  /** ConfigDef.ValidString.in / ValidList.in (for LIST types, each item). */
  readonly oneOf?: readonly string[];
  readonly list?: boolean;
}

const int = (atLeast?: number): ConfigRule => ({ type: 'INT', ...(atLeast !== undefined ? { atLeast } : {}) });
const long = (atLeast?: number): ConfigRule => ({ type: 'LONG', ...(atLeast !== undefined ? { atLeast } : {}) });
const bool: ConfigRule = { type: 'BOOLEAN' };

const rules: Record<string, ConfigRule> = {
  'log.cleaner.threads': int(0),
  'log.cleaner.dedupe.buffer.size': long(),
  'log.cleaner.io.buffer.size': int(0),
  'log.cleaner.io.buffer.load.factor': { type: 'DOUBLE' },
  'log.cleaner.io.max.bytes.per.second': { type: 'DOUBLE' },
  'log.cleaner.backoff.ms': long(0),
  'log.cleaner.delete.retention.ms': long(0),
  'log.cleaner.min.compaction.lag.ms': long(0),
  'log.cleaner.max.compaction.lag.ms': long(1),
  'log.cleaner.min.cleanable.ratio': { type: 'DOUBLE', atLeast: 0 },
  'log.cleaner.enable': bool,
  'log.cleanup.policy': { list: true, oneOf: ['compact', 'delete'] },
  'log.segment.bytes': int(14),
  'log.roll.ms': long(),
  'log.roll.hours': int(1),
  'log.roll.jitter.ms': long(),
  'log.retention.bytes': long(),
  'log.retention.ms': long(),
  'log.retention.minutes': int(),
  'log.retention.hours': int(),
  'log.retention.check.interval.ms': long(1),
  'log.flush.interval.messages': long(1),
  'log.flush.interval.ms': long(),
  'log.index.size.max.bytes': int(4),
  'log.index.interval.bytes': int(0),
  'log.segment.delete.delay.ms': long(0),
  'log.preallocate': bool,
  'log.message.timestamp.type': { oneOf: ['CreateTime', 'LogAppendTime'] },
  'log.message.timestamp.before.max.ms': long(0),
  'log.message.timestamp.after.max.ms': long(0),
  'log.local.retention.ms': long(-2),
  'log.local.retention.bytes': long(-2),
  'message.max.bytes': int(0),
  'min.insync.replicas': int(1),
  'compression.type': { oneOf: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] },
  'compression.gzip.level': int(),
  'compression.lz4.level': int(),
  'compression.zstd.level': int(),
  'unclean.leader.election.enable': bool,
  'num.io.threads': int(1),
  'num.network.threads': int(1),
  'num.replica.fetchers': int(),
  'num.recovery.threads.per.data.dir': int(1),
  'background.threads': int(1),
  'max.connections': int(0),
  'max.connections.per.ip': int(0),
  'max.connection.creation.rate': int(0),
  'producer.id.expiration.ms': int(1),
  'transaction.partition.verification.enable': bool,
  'leader.replication.throttled.rate': long(0),
  'follower.replication.throttled.rate': long(0),
  'replica.alter.log.dirs.io.max.bytes.per.second': long(0),
  'remote.fetch.max.wait.ms': int(1),
  'ssl.client.auth': { oneOf: ['required', 'requested', 'none'] },
  'num.partitions': int(1),
  'default.replication.factor': int(),
  'auto.create.topics.enable': bool,
  'delete.topic.enable': bool,
  'auto.leader.rebalance.enable': bool,
  'leader.imbalance.per.broker.percentage': int(),
  'leader.imbalance.check.interval.seconds': long(1),
  'offsets.topic.replication.factor': { type: 'SHORT', atLeast: 1 },
  'offsets.topic.num.partitions': int(1),
  'offsets.retention.minutes': int(1),
  'transaction.state.log.replication.factor': { type: 'SHORT', atLeast: 1 },
  'transaction.state.log.min.isr': int(1),
  'transaction.state.log.num.partitions': int(1),
  'group.initial.rebalance.delay.ms': int(),
  'group.min.session.timeout.ms': int(),
  'group.max.session.timeout.ms': int(),
  'replica.lag.time.max.ms': long(),
  'replica.fetch.max.bytes': int(0),
  'replica.fetch.wait.max.ms': int(),
  'replica.socket.timeout.ms': int(),
  'socket.send.buffer.bytes': int(),
  'socket.receive.buffer.bytes': int(),
  'socket.request.max.bytes': int(1),
  'queued.max.requests': int(1),
  'request.timeout.ms': int(),
  'connections.max.idle.ms': long(),
  'broker.heartbeat.interval.ms': int(),
  'broker.session.timeout.ms': int(),
  'metadata.log.segment.bytes': int(12),
  'metadata.max.retention.ms': long(),
  'controlled.shutdown.enable': bool,
};

const RANGES: Record<ConfigValueType, readonly [bigint, bigint] | undefined> = {
  SHORT: [-(2n ** 15n), 2n ** 15n - 1n],
  INT: [-(2n ** 31n), 2n ** 31n - 1n],
  LONG: [-(2n ** 63n), 2n ** 63n - 1n],
  DOUBLE: undefined,
  BOOLEAN: undefined,
};

/** Looks through a listener prefix, as Kafka validates `listener.name.<l>.<name>` as `<name>`. */
function ruleFor(name: string): ConfigRule | undefined {
  return rules[/^listener\.name\.[^.]+\.(.+)$/.exec(name)?.[1] ?? name];
}

/** Why Kafka would refuse `value` for `name`, in ConfigException's words; null when it would not (or the name is not checked here). */
export function configValueProblem(name: string, value: string): string | null {
  const rule = ruleFor(name);
  if (rule === undefined) return null;
  const trimmed = value.trim();
  const invalid = (reason: string): string => `Invalid value ${value} for configuration ${name}: ${reason}`;
  switch (rule.type) {
    case 'BOOLEAN':
      return /^(true|false)$/i.test(trimmed) ? null : invalid('Expected value to be either true or false');
    case 'SHORT':
    case 'INT':
    case 'LONG': {
      const [min, max] = RANGES[rule.type] ?? [0n, 0n];
      if (!/^[+-]?\d+$/.test(trimmed) || BigInt(trimmed) < min || BigInt(trimmed) > max) return invalid(`Not a number of type ${rule.type}`);
      return rule.atLeast !== undefined && BigInt(trimmed) < BigInt(rule.atLeast) ? invalid(`Value must be at least ${rule.atLeast}`) : null;
    }
    case 'DOUBLE': {
      const parsed = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(trimmed) ? Number(trimmed.replace(/[dDfF]$/, '')) : Number.NaN;
      if (Number.isNaN(parsed)) return invalid('Not a number of type DOUBLE');
      return rule.atLeast !== undefined && parsed < rule.atLeast ? invalid(`Value must be at least ${rule.atLeast}`) : null;
    }
    case undefined: {
      if (rule.oneOf === undefined) return null;
      const items = rule.list === true ? trimmed.split(/\s*,\s*/).filter((i) => i !== '') : [trimmed];
      const bad = items.find((i) => !rule.oneOf?.includes(i));
      return bad === undefined ? null : `Invalid value ${bad} for configuration ${name}: String must be one of: ${rule.oneOf.join(', ')}`;
    }
  }
}
