import { describe, expect, it } from 'vitest';
import { kafkaClusterSpecSchema } from '../../src/k8s/crd/kafkaCluster.js';
import { isDynamicPerBroker } from '../../src/kafka/index.js';
import {
  brokerConfigEntries,
  clusterConfigEntries,
  filterConfigEntries,
  withKafkaClusterDefaults,
  withKafkaDefaults,
  type BrokerConfigInput,
} from '../../src/readmodel/configEntries.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';

const spec = kafkaClusterSpecSchema.parse(
  kraftSpecInput({
    readOnlyConfig: 'auto.create.topics.enable=false\nnum.io.threads=16\n',
    clusterWideConfig: 'log.cleaner.threads=2\n',
    brokerConfigGroups: {
      default: {
        processRoles: ['broker', 'controller'],
        config: 'num.io.threads=24\nlistener.name.internal.ssl.keystore.password=changeit\n',
        storageConfigs: [{ mountPath: '/kafka-logs', pvcSpec: { resources: { requests: { storage: '10Gi' } } } }],
      },
    },
    brokers: [
      {
        id: 1,
        brokerConfigGroup: 'default',
        brokerConfig: {
          config: 'log.cleaner.threads=3\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required password="s3cret";\n',
        },
      },
      { id: 2, brokerConfigGroup: 'default' },
    ],
  }),
);

const input = (brokerIndex: number, extra: Partial<BrokerConfigInput> = {}): BrokerConfigInput => {
  const broker = spec.brokers[brokerIndex];
  if (!broker) throw new Error('no broker');
  return {
    clusterName: 'kafka',
    namespace: 'kafka',
    spec,
    broker,
    rack: 'zone-a',
    isPerBrokerDynamic: isDynamicPerBroker,
    configurationState: 'ConfigInSync',
    mountedProperties: undefined,
    ...extra,
  };
};
const find = (entries: ReturnType<typeof brokerConfigEntries>, name: string) => entries.find((e) => e.name === name);

describe("a broker's config entries", () => {
  it('say where each value comes from: the cluster, the group, the broker, or kafkaplane itself', () => {
    const entries = brokerConfigEntries(input(0));
    expect(find(entries, 'auto.create.topics.enable')).toMatchObject({ value: 'false', source: 'CLUSTER', dynamic: false, readOnly: false });
    expect(find(entries, 'num.io.threads')).toMatchObject({ value: '24', source: 'GROUP', dynamic: true });
    expect(find(entries, 'log.cleaner.threads')).toMatchObject({ value: '3', source: 'BROKER', dynamic: true });
    expect(find(entries, 'node.id')).toMatchObject({ value: '1', source: 'OPERATOR', readOnly: true, dynamic: false });
    expect(find(entries, 'broker.rack')).toMatchObject({ value: 'zone-a', source: 'OPERATOR' });
    expect(entries.map((e) => e.name)).toEqual([...entries.map((e) => e.name)].sort());
  });

  it('never carry the value of a sensitive entry', () => {
    const entries = brokerConfigEntries(input(0));
    expect(find(entries, 'sasl.jaas.config')).toMatchObject({ value: null, sensitive: true, source: 'BROKER' });
    expect(find(entries, 'listener.name.internal.ssl.keystore.password')).toMatchObject({ value: null, sensitive: true, source: 'GROUP' });
    expect(JSON.stringify(entries)).not.toMatch(/s3cret|changeit/);
  });

  it('mark static entries pending a restart while the broker is out of sync, or its ConfigMap does not hold them yet', () => {
    expect(brokerConfigEntries(input(1)).some((e) => e.restartPending)).toBe(false);
    const outOfSync = brokerConfigEntries(input(1, { configurationState: 'ConfigOutOfSync' }));
    expect(find(outOfSync, 'auto.create.topics.enable')?.restartPending).toBe(true);
    expect(find(outOfSync, 'num.io.threads')?.restartPending).toBe(false);
    const mounted = brokerConfigEntries(input(1))
      .filter((e) => !e.dynamic && e.name !== 'auto.create.topics.enable')
      .map((e) => `${e.name}=${e.value ?? ''}`)
      .join('\n');
    const stale = brokerConfigEntries(input(1, { mountedProperties: `${mounted}\nauto.create.topics.enable=true\n` }));
    expect(stale.filter((e) => e.restartPending).map((e) => e.name)).toEqual(['auto.create.topics.enable']);
  });

  it('are filtered by name and source', () => {
    const entries = brokerConfigEntries(input(0));
    expect(filterConfigEntries(entries, {})).toBe(entries);
    expect(filterConfigEntries(entries, { names: ['node.id', 'nope'] }).map((e) => e.name)).toEqual(['node.id']);
    expect(filterConfigEntries(entries, { source: 'GROUP' }).map((e) => e.name)).toEqual(['listener.name.internal.ssl.keystore.password', 'num.io.threads']);
  });

  it("add Kafka's defaults for what neither the spec nor kafkaplane sets, keeping their own sources", () => {
    const entries = brokerConfigEntries(input(1));
    const described = [
      { name: 'num.network.threads', value: '3', source: 'DEFAULT_CONFIG' as const, readOnly: false, sensitive: false, synonyms: [] },
      { name: 'log.cleaner.threads', value: '2', source: 'DYNAMIC_BROKER_CONFIG' as const, readOnly: false, sensitive: false, synonyms: [] },
      { name: 'ssl.key.password', value: null, source: 'DEFAULT_CONFIG' as const, readOnly: false, sensitive: true, synonyms: [] },
      { name: 'auto.create.topics.enable', value: 'true', source: 'DEFAULT_CONFIG' as const, readOnly: true, sensitive: false, synonyms: [] },
    ];
    const merged = withKafkaDefaults(entries, described);
    expect(withKafkaDefaults(entries, described)).toBe(merged);
    expect(find(merged, 'num.network.threads')).toMatchObject({ value: '3', source: 'DEFAULT', dynamic: true });
    expect(find(merged, 'num.io.threads')).toMatchObject({ value: '24', source: 'GROUP' });
    expect(find(merged, 'ssl.key.password')).toMatchObject({ value: null, source: 'DEFAULT', sensitive: true });
    expect(find(merged, 'auto.create.topics.enable')).toMatchObject({ value: 'false', source: 'CLUSTER' });
    // Only defaults are added: a value set in Kafka by other means is not the spec's.
    expect(merged.filter((e) => e.name === 'log.cleaner.threads')).toHaveLength(0);
    expect(filterConfigEntries(merged, {}).some((e) => e.source === 'DEFAULT')).toBe(false);
    expect(filterConfigEntries(merged, { onlyNonDefault: false }).map((e) => e.name)).toContain('num.network.threads');
  });

  it('show the value Kafka holds at run time for a dynamic entry, and the cluster defaults that reach the broker as DYNAMIC', () => {
    const entries = brokerConfigEntries(input(1));
    const described = [
      { name: 'num.io.threads', value: '20', source: 'DYNAMIC_BROKER_CONFIG' as const, readOnly: false, sensitive: false, synonyms: [] },
      { name: 'auto.create.topics.enable', value: 'true', source: 'DYNAMIC_BROKER_CONFIG' as const, readOnly: true, sensitive: false, synonyms: [] },
      { name: 'log.retention.ms', value: '60000', source: 'DYNAMIC_DEFAULT_BROKER_CONFIG' as const, readOnly: false, sensitive: false, synonyms: [] },
    ];
    const merged = withKafkaDefaults(entries, described);
    expect(find(merged, 'num.io.threads')).toMatchObject({ value: '20', source: 'GROUP', dynamic: true });
    // A static entry keeps the spec's value: Kafka takes it at the next restart.
    expect(find(merged, 'auto.create.topics.enable')).toMatchObject({ value: 'false', source: 'CLUSTER' });
    expect(find(merged, 'log.retention.ms')).toMatchObject({ value: '60000', source: 'DYNAMIC', dynamic: true });
  });
});

describe("a cluster's config entries", () => {
  it('are readOnlyConfig (static) and clusterWideConfig (dynamic defaults)', () => {
    const entries = clusterConfigEntries(spec, isDynamicPerBroker, false);
    expect(entries).toEqual([
      expect.objectContaining({ name: 'auto.create.topics.enable', source: 'CLUSTER', dynamic: false }),
      expect.objectContaining({ name: 'log.cleaner.threads', value: '2', source: 'DYNAMIC', dynamic: true }),
      expect.objectContaining({ name: 'num.io.threads', value: '16', source: 'CLUSTER' }),
    ]);
  });

  it("show the values of Kafka's cluster-default config once applied, and its entries the spec does not set", () => {
    const entries = clusterConfigEntries(spec, isDynamicPerBroker, false);
    const described = [
      { name: 'log.cleaner.threads', value: '3', source: 'DYNAMIC_DEFAULT_BROKER_CONFIG' as const, readOnly: false, sensitive: false, synonyms: [] },
      { name: 'message.max.bytes', value: '2000000', source: 'DYNAMIC_DEFAULT_BROKER_CONFIG' as const, readOnly: false, sensitive: false, synonyms: [] },
    ];
    const merged = withKafkaClusterDefaults(entries, described);
    expect(merged.map((e) => [e.name, e.value, e.source])).toEqual([
      ['auto.create.topics.enable', 'false', 'CLUSTER'],
      ['log.cleaner.threads', '3', 'DYNAMIC'],
      ['message.max.bytes', '2000000', 'DYNAMIC'],
      ['num.io.threads', '16', 'CLUSTER'],
    ]);
    expect(withKafkaClusterDefaults(entries, described)).toBe(merged);
    // Not applied yet: the spec's value.
    expect(find(withKafkaClusterDefaults(entries, []), 'log.cleaner.threads')).toMatchObject({ value: '2', source: 'DYNAMIC' });
  });
});
