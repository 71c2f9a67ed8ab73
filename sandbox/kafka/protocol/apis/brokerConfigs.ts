import type { BrokerBackend } from '../../brokerBackend.js';
import { brokerConfigKeys, configKeyFor } from '../../dynamicConfigs.js';
import { canonicalConfigValue } from '../configValues.js';

/** DescribeConfigsResponse.ConfigSource ids. */
export const ConfigSource = {
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;

/** ConfigResource.Type ids. */
export const ResourceType = { TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;

export interface ConfigLayer {
  readonly source: number;
  readonly value: string | null;
}

export interface BrokerConfigEntry {
  readonly name: string;
  /** The layers that define the name, highest precedence first: what `includeSynonyms` lists. */
  readonly layers: readonly ConfigLayer[];
  readonly readOnly: boolean;
  readonly sensitive: boolean;
}

/**
 * The configs of one broker as DescribeConfigs shows them (ConfigHelper.describeConfigs,
 * createBrokerConfigEntry): the per-broker dynamic value wins over the cluster default, which
 * wins over server.properties, which wins over Kafka's default. A name is read-only unless
 * Kafka can change it dynamically; a password, or a name whose type Kafka cannot tell (a
 * custom config), is sensitive and its value is hidden (KafkaConfig.maybeSensitive).
 */
export function brokerConfigEntries(backend: BrokerBackend, brokerId: number): BrokerConfigEntry[] {
  const dynamic = backend.dynamicConfig(brokerId);
  const clusterDefault = backend.dynamicConfig(null);
  const staticConfig = backend.staticConfig(brokerId);
  const names = new Set([...brokerConfigKeys.keys(), ...staticConfig.keys(), ...clusterDefault.keys(), ...dynamic.keys()]);
  return [...names].sort().map((name) => {
    const layers: ConfigLayer[] = [];
    const add = (source: number, map: ReadonlyMap<string, string>): void => {
      const value = map.get(name);
      if (value !== undefined) layers.push({ source, value });
    };
    add(ConfigSource.DYNAMIC_BROKER_CONFIG, dynamic);
    add(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, clusterDefault);
    add(ConfigSource.STATIC_BROKER_CONFIG, staticConfig);
    const definition = brokerConfigKeys.get(name);
    if (definition) layers.push({ source: ConfigSource.DEFAULT_CONFIG, value: definition.default });
    return entry(name, layers);
  });
}

/** The cluster-wide dynamic defaults: what DescribeConfigs shows for the broker resource "". */
export function clusterDefaultEntries(backend: BrokerBackend): BrokerConfigEntry[] {
  return [...backend.dynamicConfig(null)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => entry(name, [{ source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, value }]));
}

function entry(name: string, layers: ConfigLayer[]): BrokerConfigEntry {
  const definition = configKeyFor(name);
  const sensitive = definition === undefined || definition.type === 'PASSWORD';
  const exact = brokerConfigKeys.get(name);
  const shown = (value: string | null): string | null => {
    if (sensitive) return null;
    return value === null || definition === undefined ? value : canonicalConfigValue(definition, value);
  };
  return {
    name,
    layers: layers.map((l) => ({ source: l.source, value: shown(l.value) })),
    readOnly: exact === undefined || exact.mode === 'read-only',
    sensitive,
  };
}
