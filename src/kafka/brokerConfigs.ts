import type { BrokerConfigChange, BrokerConfigEntry, ConfigSource } from './types.js';

/** ConfigResource.Type.BROKER */
export const BROKER_RESOURCE = 4;

/** AlterConfigOp.OpType */
const SET = 0 as const;
const DELETE = 1 as const;

const sources: Record<number, ConfigSource> = {
  2: 'DYNAMIC_BROKER_CONFIG',
  3: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
  4: 'STATIC_BROKER_CONFIG',
  5: 'DEFAULT_CONFIG',
};

/** The fields of a DescribeConfigs result entry this client reads (every version has them but v0's source). */
export interface WireConfigEntry {
  readonly name: string;
  readonly value: string | null;
  readonly readOnly: boolean;
  readonly configSource?: number;
  readonly isDefault?: boolean;
  readonly isSensitive: boolean;
  readonly synonyms?: readonly { readonly value: string | null; readonly source: number }[];
}

export function toConfigEntry(wire: WireConfigEntry): BrokerConfigEntry {
  const source = wire.configSource === undefined ? (wire.isDefault ? 'DEFAULT_CONFIG' : 'UNKNOWN') : (sources[wire.configSource] ?? 'UNKNOWN');
  return {
    name: wire.name,
    value: wire.value,
    source,
    readOnly: wire.readOnly,
    sensitive: wire.isSensitive,
    synonyms: (wire.synonyms ?? []).map((s) => ({ value: s.value, source: sources[s.source] ?? 'UNKNOWN' })),
  };
}

/** The IncrementalAlterConfigs operations of a change: SET for each entry to set, DELETE for each to remove. */
export function alterOperations(change: BrokerConfigChange): Array<{ name: string; configOperation: 0; value: string } | { name: string; configOperation: 1 }> {
  return [
    ...Object.entries(change.set ?? {}).map(([name, value]) => ({ name, configOperation: SET, value })),
    ...(change.delete ?? []).map((name) => ({ name, configOperation: DELETE })),
  ];
}

/**
 * The names whose read-back does not show the change yet: a set entry must be the dynamic value
 * at the level changed (a broker's own, or the cluster default for `DYNAMIC_DEFAULT_BROKER_CONFIG`;
 * its value hidden if sensitive), a deleted one must no longer be.
 */
export function unconfirmed(change: BrokerConfigChange, readBack: readonly BrokerConfigEntry[], level: ConfigSource = 'DYNAMIC_BROKER_CONFIG'): string[] {
  const byName = new Map(readBack.map((e) => [e.name, e]));
  const missing: string[] = [];
  for (const [name, value] of Object.entries(change.set ?? {})) {
    const entry = byName.get(name);
    if (entry?.source !== level || (!entry.sensitive && !sameConfigValue(entry.value, value))) missing.push(name);
  }
  for (const name of change.delete ?? []) {
    if (byName.get(name)?.source === level) missing.push(name);
  }
  return missing;
}

/**
 * Whether a read-back value is the one that was set. Kafka prints the parsed value
 * (ConfigDef.convertToString), so it trims, lowercases booleans, drops a number's "+" or
 * leading zeros and the blanks around list commas.
 */
export function sameConfigValue(readBack: string | null, set: string): boolean {
  if (readBack === null) return false;
  const canonical = (v: string): string => {
    const trimmed = v.trim().replace(/\s*,\s*/g, ',');
    if (/^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase();
    if (/^[+-]?\d+$/.test(trimmed)) return String(BigInt(trimmed));
    return trimmed;
  };
  return canonical(readBack) === canonical(set);
}
