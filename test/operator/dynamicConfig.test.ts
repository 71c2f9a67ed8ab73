import { describe, expect, it } from 'vitest';
import type { BrokerConfigEntry } from '../../src/kafka/index.js';
import { clusterWideConfigChange } from '../../src/operator/clusterWideConfig.js';
import { dynamicConfigChange } from '../../src/operator/dynamicConfig.js';

const entry = (name: string, value: string | null, source: BrokerConfigEntry['source'], sensitive = false): BrokerConfigEntry => ({
  name,
  value,
  source,
  readOnly: false,
  sensitive,
  synonyms: [],
});

describe('the per-broker dynamic config change', () => {
  it.each([
    ['nothing when it matches', [entry('num.io.threads', '8', 'DYNAMIC_BROKER_CONFIG')], { 'num.io.threads': '8' }, undefined],
    ['sets a new or different value', [entry('num.io.threads', '8', 'STATIC_BROKER_CONFIG')], { 'num.io.threads': '16' }, { set: { 'num.io.threads': '16' } }],
    ['deletes a dynamic entry no longer wanted', [entry('log.cleaner.threads', '2', 'DYNAMIC_BROKER_CONFIG')], {}, { delete: ['log.cleaner.threads'] }],
    ['leaves static and default entries alone', [entry('num.network.threads', '3', 'DEFAULT_CONFIG')], {}, undefined],
    [
      'takes an existing sensitive entry as set',
      [entry('listener.name.internal.ssl.key.password', null, 'DYNAMIC_BROKER_CONFIG', true)],
      { 'listener.name.internal.ssl.key.password': 'x' },
      undefined,
    ],
  ] as const)('%s', (_name, current, wanted, expected) => {
    expect(dynamicConfigChange(current, new Map(Object.entries(wanted)))).toEqual(expected);
  });
});

describe('the cluster-wide (cluster-default) dynamic config change', () => {
  const dflt = (name: string, value: string | null, sensitive = false) => entry(name, value, 'DYNAMIC_DEFAULT_BROKER_CONFIG', sensitive);
  it.each([
    ['nothing when it matches, as Kafka prints it', [dflt('log.preallocate', 'true')], { 'log.preallocate': 'TRUE' }, [], undefined],
    [
      'sets a new or different value',
      [dflt('min.insync.replicas', '1')],
      { 'min.insync.replicas': '2', 'log.retention.ms': '60000' },
      [],
      { set: { 'min.insync.replicas': '2', 'log.retention.ms': '60000' } },
    ],
    ['deletes an entry kafkaplane set that left the spec', [dflt('log.retention.ms', '60000')], {}, ['log.retention.ms'], { delete: ['log.retention.ms'] }],
    ['leaves an entry someone else set alone', [dflt('log.retention.ms', '60000')], {}, [], undefined],
    ['does not delete what Kafka no longer has', [], {}, ['log.retention.ms'], undefined],
    [
      'takes an existing sensitive entry as set',
      [dflt('listener.name.internal.sasl.jaas.config', null, true)],
      { 'listener.name.internal.sasl.jaas.config': 'x' },
      [],
      undefined,
    ],
  ] as const)('%s', (_name, current, wanted, applied, expected) => {
    expect(clusterWideConfigChange(current, new Map(Object.entries(wanted)), applied)).toEqual(expected);
  });
});
