import { getProperties } from 'properties-file';
import type { Broker, KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';
import type { BrokerConfigEntry } from '../kafka/index.js';
import { dynamicUpdateMode } from '../kafka/dynamicBrokerConfigs.js';
import { isSensitiveConfig } from '../kafka/sensitiveConfigs.js';
import { BrokerConfigError, renderBrokerConfig } from '../domain/serverProperties.js';

export const CONFIG_SOURCES = ['DEFAULT', 'CLUSTER', 'GROUP', 'BROKER', 'DYNAMIC', 'OPERATOR'] as const;
export type ConfigSource = (typeof CONFIG_SOURCES)[number];

export interface ConfigEntryView {
  name: string;
  /** Null for sensitive entries: their values never leave the server. */
  value: string | null;
  source: ConfigSource;
  /** Kafka takes it at run time, without a restart. */
  dynamic: boolean;
  /** kafkaplane sets it itself (node.id, listeners, log.dirs...): a value in the spec is replaced. */
  readOnly: boolean;
  sensitive: boolean;
  /** A static entry of a broker that has not been restarted since its configuration changed. */
  restartPending: boolean;
}

export interface ConfigFilter {
  names?: readonly string[] | null | undefined;
  source?: ConfigSource | null | undefined;
  onlyNonDefault?: boolean | null | undefined;
}

function entry(name: string, value: string, source: ConfigSource, dynamic: boolean, restartPending: boolean): ConfigEntryView {
  const sensitive = isSensitiveConfig(name);
  return { name, value: sensitive ? null : value, source, dynamic, readOnly: source === 'OPERATOR', sensitive, restartPending: restartPending && !dynamic };
}

const byName = (a: ConfigEntryView, b: ConfigEntryView): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export interface BrokerConfigInput {
  clusterName: string;
  namespace: string;
  spec: KafkaClusterSpec;
  broker: Broker;
  rack: string | undefined;
  isPerBrokerDynamic: (key: string) => boolean;
  /** status.brokersState[id].configurationState: ConfigOutOfSync means a restart is due. */
  configurationState: string | undefined;
  /** The server.properties the broker's ConfigMap holds now. */
  mountedProperties: string | undefined;
}

/**
 * A broker's effective configuration as kafkaplane gives it: what renderBrokerConfig writes into
 * server.properties and what it applies per broker through Kafka's Admin API, each with where the
 * value comes from. Kafka's own defaults are not listed here (they come from Kafka itself).
 */
export function brokerConfigEntries(input: BrokerConfigInput): ConfigEntryView[] {
  let rendered;
  try {
    rendered = renderBrokerConfig({
      clusterName: input.clusterName,
      namespace: input.namespace,
      spec: input.spec,
      broker: input.broker,
      rack: input.rack,
      isPerBrokerDynamic: input.isPerBrokerDynamic,
    });
  } catch (err) {
    // The spec cannot be rendered; the cluster's specProblems and conditions say why.
    if (err instanceof BrokerConfigError) return [];
    throw err;
  }
  const mounted = input.mountedProperties !== undefined ? getProperties(input.mountedProperties) : {};
  const outOfSync = input.configurationState === 'ConfigOutOfSync';
  const entries: ConfigEntryView[] = [];
  for (const [name, { value, source }] of rendered.staticEntries) {
    const notWrittenYet = input.mountedProperties !== undefined && mounted[name] !== value;
    entries.push(entry(name, value, source, false, outOfSync || notWrittenYet));
  }
  for (const [name, { value, source }] of rendered.dynamicEntries) entries.push(entry(name, value, source, true, false));
  return entries.sort(byName);
}

/** The cluster-wide entries of the spec: readOnlyConfig (static) and clusterWideConfig (dynamic defaults). */
export function clusterConfigEntries(spec: KafkaClusterSpec, isPerBrokerDynamic: (key: string) => boolean, restartDue: boolean): ConfigEntryView[] {
  const entries = new Map<string, ConfigEntryView>();
  for (const [name, value] of Object.entries(getProperties(spec.readOnlyConfig ?? ''))) {
    entries.set(name, entry(name, value, 'CLUSTER', isPerBrokerDynamic(name), restartDue));
  }
  for (const [name, value] of Object.entries(getProperties(spec.clusterWideConfig ?? ''))) entries.set(name, entry(name, value, 'DYNAMIC', true, false));
  return [...entries.values()].sort(byName);
}

/** Sources under which Kafka holds a value set at run time: a broker's own, or the cluster default. */
const KAFKA_DYNAMIC = new Set(['DYNAMIC_BROKER_CONFIG', 'DYNAMIC_DEFAULT_BROKER_CONFIG']);

/** Results kept per pair of lists: the views and Kafka's answers are both kept and shared between requests. */
function memo(): (entries: readonly ConfigEntryView[], described: readonly BrokerConfigEntry[], build: () => ConfigEntryView[]) => ConfigEntryView[] {
  const cache = new WeakMap<readonly BrokerConfigEntry[], WeakMap<readonly ConfigEntryView[], ConfigEntryView[]>>();
  return (entries, described, build) => {
    let byEntries = cache.get(described);
    if (byEntries === undefined) {
      byEntries = new WeakMap();
      cache.set(described, byEntries);
    }
    let merged = byEntries.get(entries);
    if (merged === undefined) {
      merged = build();
      byEntries.set(entries, merged);
    }
    return merged;
  };
}

/** A dynamic entry with the value Kafka reports for it, when Kafka holds one set at run time (else the spec's, not applied yet). */
function readBack(entry: ConfigEntryView, reported: ReadonlyMap<string, BrokerConfigEntry>): ConfigEntryView {
  const kafka = reported.get(entry.name);
  if (!entry.dynamic || entry.sensitive || kafka === undefined || kafka.value === null || kafka.value === entry.value) return entry;
  return { ...entry, value: kafka.value };
}

/** Kafka's cluster-default entries (set by kafkaplane or by anyone) the list does not have, as DYNAMIC entries. */
function clusterDefaultsMissing(entries: readonly ConfigEntryView[], described: readonly BrokerConfigEntry[]): ConfigEntryView[] {
  const known = new Set(entries.map((e) => e.name));
  return described
    .filter((d) => d.source === 'DYNAMIC_DEFAULT_BROKER_CONFIG' && !known.has(d.name))
    .map((d) => entry(d.name, d.value ?? '', 'DYNAMIC', true, false));
}

const withDefaults = memo();
/** The lists that hold DEFAULT entries: any other list needs no filtering for onlyNonDefault. */
const listsWithDefaults = new WeakSet<readonly ConfigEntryView[]>();

/**
 * The broker's entries as the broker reports them (DescribeConfigs): a dynamic entry shows the
 * value Kafka holds for it at run time; the cluster-default dynamic configs that reach the
 * broker are added as DYNAMIC; and for every config neither the spec nor kafkaplane sets,
 * Kafka's own default (DEFAULT_CONFIG), by name.
 */
export function withKafkaDefaults(entries: readonly ConfigEntryView[], described: readonly BrokerConfigEntry[]): ConfigEntryView[] {
  return withDefaults(entries, described, () => {
    const reported = new Map(described.filter((d) => KAFKA_DYNAMIC.has(d.source)).map((d) => [d.name, d]));
    const clusterDefaults = clusterDefaultsMissing(entries, described);
    const known = new Set([...entries, ...clusterDefaults].map((e) => e.name));
    const defaults = described
      .filter((d) => d.source === 'DEFAULT_CONFIG' && !known.has(d.name))
      .map((d): ConfigEntryView => {
        const sensitive = d.sensitive || isSensitiveConfig(d.name);
        return {
          name: d.name,
          value: sensitive ? null : d.value,
          source: 'DEFAULT',
          dynamic: dynamicUpdateMode(d.name) !== 'read-only',
          readOnly: false,
          sensitive,
          restartPending: false,
        };
      });
    const merged = [...entries.map((e) => readBack(e, reported)), ...clusterDefaults, ...defaults].sort(byName);
    listsWithDefaults.add(merged);
    return merged;
  });
}

const withClusterDefaults = memo();

/**
 * The cluster's entries with Kafka's cluster-default dynamic config (DescribeConfigs of the
 * broker resource ""): a clusterWideConfig entry shows the value Kafka holds, once applied; an
 * entry Kafka holds that the spec does not (set with kafka-configs.sh) is listed as DYNAMIC too.
 */
export function withKafkaClusterDefaults(entries: readonly ConfigEntryView[], described: readonly BrokerConfigEntry[]): ConfigEntryView[] {
  return withClusterDefaults(entries, described, () => {
    const reported = new Map(described.filter((d) => d.source === 'DYNAMIC_DEFAULT_BROKER_CONFIG').map((d) => [d.name, d]));
    return [...entries.map((e) => (e.source === 'DYNAMIC' ? readBack(e, reported) : e)), ...clusterDefaultsMissing(entries, described)].sort(byName);
  });
}

const bySource = new WeakMap<readonly ConfigEntryView[], Map<ConfigSource, readonly ConfigEntryView[]>>();

/**
 * The entries a `configs(names, source, onlyNonDefault)` field asks for; the list itself when no
 * filter applies. Views are kept between requests, so a portal asking every broker for the same
 * source gets lists filtered once.
 */
export function filterConfigEntries(entries: readonly ConfigEntryView[], filter: ConfigFilter): readonly ConfigEntryView[] {
  const names = filter.names ?? undefined;
  const source = filter.source ?? undefined;
  const onlyNonDefault = filter.onlyNonDefault ?? true;
  const withoutDefaults = !listsWithDefaults.has(entries);
  if (names === undefined && source === undefined && (!onlyNonDefault || withoutDefaults)) return entries;
  // Filtering by any other source leaves the defaults out anyway.
  if (names === undefined && source !== undefined && source !== 'DEFAULT') {
    let lists = bySource.get(entries);
    if (lists === undefined) {
      lists = new Map();
      bySource.set(entries, lists);
    }
    let list = lists.get(source);
    if (list === undefined) {
      list = entries.filter((e) => e.source === source);
      lists.set(source, list);
    }
    return list;
  }
  const wanted = names !== undefined ? new Set(names) : undefined;
  return entries.filter(
    (e) => (wanted === undefined || wanted.has(e.name)) && (source === undefined || e.source === source) && (!onlyNonDefault || e.source !== 'DEFAULT'),
  );
}
