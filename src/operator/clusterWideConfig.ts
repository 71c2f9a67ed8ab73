import { sameConfigValue } from '../kafka/brokerConfigs.js';
import type { BrokerConfigChange, BrokerConfigEntry } from '../kafka/index.js';

/**
 * What to change in the cluster-default dynamic broker config (BROKER "") so that it holds
 * `wanted`: set what differs or is missing; delete only the entries kafkaplane set before
 * (`applied`, recorded in status.clusterWideConfigKeys) that left clusterWideConfig. Entries
 * someone else set with kafka-configs.sh are left alone, unlike a broker's own dynamic config,
 * because the cluster default is shared with tools outside the operator. Undefined when nothing
 * differs. Values compare as Kafka prints them ("TRUE" is "true"). A sensitive entry is never read back (Kafka returns null), so an existing one counts as set.
 */
export function clusterWideConfigChange(
  current: readonly BrokerConfigEntry[],
  wanted: ReadonlyMap<string, string>,
  applied: readonly string[],
): BrokerConfigChange | undefined {
  const defaults = new Map(current.filter((e) => e.source === 'DYNAMIC_DEFAULT_BROKER_CONFIG').map((e) => [e.name, e]));
  const set: Record<string, string> = {};
  for (const [name, value] of wanted) {
    const entry = defaults.get(name);
    if (entry === undefined || (!entry.sensitive && !sameConfigValue(entry.value, value))) set[name] = value;
  }
  const remove = applied.filter((name) => !wanted.has(name) && defaults.has(name));
  if (Object.keys(set).length === 0 && remove.length === 0) return undefined;
  return { ...(Object.keys(set).length > 0 ? { set } : {}), ...(remove.length > 0 ? { delete: remove } : {}) };
}
