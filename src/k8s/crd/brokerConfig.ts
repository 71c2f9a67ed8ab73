/**
 * A broker's effective configuration: its `brokerConfigGroup` merged with its own
 * `brokerConfig`, the way Koperator merges them (Broker.GetBrokerConfig in
 * adobe/koperator api/v1beta1/kafkacluster_types.go, mergo without override, slices appended):
 * - a value the broker sets wins, the group's fills what the broker leaves empty ("", 0, unset);
 * - lists are the broker's then the group's (`processRoles` without repeats, `storageConfigs`
 *   without a second entry for the same mountPath: the broker's entry wins);
 * - maps are merged key by key, the broker winning; `resourceRequirements` per resource name;
 * - `envs` are the cluster's, then the group's, then the broker's (later entries win).
 */
import { brokerConfigSchema, type Broker, type BrokerConfig, type KafkaClusterSpec, type StorageConfig } from './kafkaCluster.js';

type Loose = Record<string, unknown>;

const LIST_KEYS = new Set([
  'processRoles',
  'storageConfigs',
  'imagePullSecrets',
  'tolerations',
  'brokerIngressMapping',
  'initContainers',
  'containers',
  'volumes',
  'volumeMounts',
]);

/** The broker's effective BrokerConfig; a missing group counts as empty (validation reports it). */
export function effectiveBrokerConfig(spec: KafkaClusterSpec, broker: Broker): BrokerConfig {
  const group: Loose = (broker.brokerConfigGroup !== undefined && spec.brokerConfigGroups?.[broker.brokerConfigGroup]) || {};
  const own: Loose = broker.brokerConfig ?? {};
  const merged: Loose = {};
  for (const key of new Set([...Object.keys(group), ...Object.keys(own)])) {
    const mine = own[key];
    const theirs = group[key];
    if (key === 'envs') continue;
    if (key === 'processRoles') {
      merged[key] = [...new Set([...asList(mine), ...asList(theirs)])];
    } else if (LIST_KEYS.has(key)) {
      merged[key] = [...asList(mine), ...asList(theirs)];
    } else if (key === 'resourceRequirements') {
      merged[key] = mergeResources(asObject(theirs), asObject(mine));
    } else if (isObject(mine) || isObject(theirs)) {
      merged[key] = { ...asObject(theirs), ...asObject(mine) };
    } else {
      merged[key] = isEmpty(mine) ? theirs : mine;
    }
  }
  const envs = [...(spec.envs ?? []), ...asList(group.envs), ...asList(own.envs)];
  if (envs.length > 0) merged.envs = envs;
  const config = brokerConfigSchema.parse(merged);
  if (config.storageConfigs !== undefined) config.storageConfigs = uniqueByMountPath(config.storageConfigs);
  return config;
}

/** A storage config together with the field path it was written at (for messages). */
export interface LocatedStorageConfig {
  storage: StorageConfig;
  /** e.g. `spec.brokerConfigGroups[default].storageConfigs[0]`. */
  path: string;
}

/** The broker's effective storage configs, in `effectiveBrokerConfig`'s order, each with its origin. */
export function brokerStorageConfigs(spec: KafkaClusterSpec, brokerIndex: number): LocatedStorageConfig[] {
  const broker = spec.brokers[brokerIndex];
  if (broker === undefined) return [];
  const own = (broker.brokerConfig?.storageConfigs ?? []).map((storage, i) => ({
    storage,
    path: `spec.brokers[${brokerIndex}].brokerConfig.storageConfigs[${i}]`,
  }));
  const groupName = broker.brokerConfigGroup;
  const groupConfigs = groupName === undefined ? [] : (spec.brokerConfigGroups?.[groupName]?.storageConfigs ?? []);
  const inherited = groupConfigs.map((storage, i) => ({
    storage,
    path: `spec.brokerConfigGroups[${groupName ?? ''}].storageConfigs[${i}]`,
  }));
  const seen = new Set<string>();
  return [...own, ...inherited].filter(({ storage }) => !seen.has(storage.mountPath) && seen.add(storage.mountPath));
}

function uniqueByMountPath(configs: StorageConfig[]): StorageConfig[] {
  const seen = new Set<string>();
  return configs.filter((c) => !seen.has(c.mountPath) && seen.add(c.mountPath));
}

function mergeResources(group: Loose, own: Loose): Loose {
  const result: Loose = { ...group, ...own };
  for (const key of ['limits', 'requests']) {
    if (isObject(group[key]) || isObject(own[key])) result[key] = { ...asObject(group[key]), ...asObject(own[key]) };
  }
  return result;
}

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Loose {
  return isObject(value) ? value : {};
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** mergo's notion of an empty value, which the group may fill. */
function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === 0;
}
