import type { BrokerConfigChange, BrokerConfigEntry } from '../kafka/index.js';

/**
 * What to change on one broker so that its per-broker dynamic config is exactly `wanted`:
 * set what differs or is missing, delete dynamic entries no longer wanted (the operator owns a
 * managed broker's per-broker dynamic config, as it owns its server.properties). Undefined when
 * nothing differs, so a converged broker gets no request. Sensitive values are never read back
 * (Kafka returns null), so an existing sensitive entry counts as set.
 */
export function dynamicConfigChange(current: readonly BrokerConfigEntry[], wanted: ReadonlyMap<string, string>): BrokerConfigChange | undefined {
  const dynamic = new Map(current.filter((e) => e.source === 'DYNAMIC_BROKER_CONFIG').map((e) => [e.name, e]));
  const set: Record<string, string> = {};
  for (const [name, value] of wanted) {
    const entry = dynamic.get(name);
    if (entry === undefined || (!entry.sensitive && entry.value !== value)) set[name] = value;
  }
  const remove = [...dynamic.keys()].filter((name) => !wanted.has(name));
  if (Object.keys(set).length === 0 && remove.length === 0) return undefined;
  return { ...(Object.keys(set).length > 0 ? { set } : {}), ...(remove.length > 0 ? { delete: remove } : {}) };
}
