/**
 * The dynamic configs a pass keeps through Kafka's Admin API, without a restart: each Ready
 * broker's own (per-broker) entries, then the cluster default (spec.clusterWideConfig), in the
 * order Koperator applies them (pkg/resources/kafka/kafka.go). Pure: from what Kafka described
 * to the writes to make and the states to report.
 */
import { getProperties } from 'properties-file';
import type { KafkaClusterSpec, KafkaClusterStatus } from '../../k8s/crd/index.js';
import type { BrokerConfigEntry } from '../../kafka/index.js';
import { clusterWideConfigChange } from '../clusterWideConfig.js';
import { dynamicConfigChange } from '../dynamicConfig.js';
import type { Action } from './actions.js';
import { CLUSTER_WIDE_CONFIG_IN_SYNC, type ClusterWideConfigResult } from './status.js';
import type { Read } from './world.js';

export type PerBrokerState = 'PerBrokerConfigInSync' | 'PerBrokerConfigError';

/**
 * Each described broker's change and state. A broker Kafka was not asked about (not Ready, no
 * per-broker config to keep, no Kafka connection) keeps the state it had.
 */
export function planBrokerConfigs(
  wanted: ReadonlyMap<number, ReadonlyMap<string, string>>,
  described: ReadonlyMap<number, Read<BrokerConfigEntry[]>>,
  current: KafkaClusterStatus,
): { states: Map<number, PerBrokerState>; actions: Action[] } {
  const states = new Map<number, PerBrokerState>();
  const actions: Action[] = [];
  for (const [brokerId, entries] of wanted) {
    const read = described.get(brokerId);
    if (read === undefined) continue;
    if (!read.ok) {
      states.set(brokerId, 'PerBrokerConfigError');
      actions.push(...brokerConfigFailed(brokerId, read.error, current));
      continue;
    }
    const change = dynamicConfigChange(read.value, entries);
    if (change) actions.push({ type: 'alterBrokerConfigs', brokerId, change, reason: 'PerBrokerConfigApplied' });
    states.set(brokerId, 'PerBrokerConfigInSync');
  }
  return { states, actions };
}

/** The Warning for a broker whose config Kafka could not read or refused: reported when it starts failing, not on every pass. */
export function brokerConfigFailed(brokerId: number, message: string, current: KafkaClusterStatus): Action[] {
  if (current.brokersState?.[String(brokerId)]?.perBrokerConfigurationState === 'PerBrokerConfigError') return [];
  return [{ type: 'recordEvent', eventType: 'Warning', reason: 'PerBrokerConfigError', message: `broker ${brokerId}: ${message}`, brokerIds: [brokerId] }];
}

/**
 * spec.clusterWideConfig against the cluster default Kafka described (describe BROKER "",
 * compare, alter). Keys kafkaplane set before and that left the spec are deleted; the keys set
 * are recorded in status.clusterWideConfigKeys. No result when Kafka was not asked.
 */
export function planClusterWideConfig(
  spec: KafkaClusterSpec,
  described: Read<BrokerConfigEntry[]> | undefined,
  current: KafkaClusterStatus,
): { result: ClusterWideConfigResult | undefined; actions: Action[] } {
  if (described === undefined) return { result: undefined, actions: [] };
  const applied = current.clusterWideConfigKeys ?? [];
  if (!described.ok) return { result: { keys: applied, error: described.error }, actions: clusterWideConfigFailed(described.error, current) };
  const wanted = new Map(Object.entries(getProperties(spec.clusterWideConfig ?? '')));
  const change = clusterWideConfigChange(described.value, wanted, applied);
  return {
    result: { keys: [...wanted.keys()].sort() },
    actions: change ? [{ type: 'alterClusterDefaultConfigs', change, reason: 'ClusterWideConfigApplied' }] : [],
  };
}

/** The Warning for a cluster default Kafka could not read or refused: reported when it starts failing, not on every pass. */
export function clusterWideConfigFailed(message: string, current: KafkaClusterStatus): Action[] {
  const previous = current.conditions?.find((c) => c.type === CLUSTER_WIDE_CONFIG_IN_SYNC);
  if (previous?.status === 'False') return [];
  return [{ type: 'recordEvent', eventType: 'Warning', reason: 'ClusterWideConfigError', message }];
}
