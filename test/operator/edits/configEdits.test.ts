import { describe, expect, it } from 'vitest';
import { configEffects, setBrokerConfig, setClusterConfig, type ClusterEdit, type EditPlan } from '../../../src/operator/edits/index.js';
import { context, sixBrokers } from './fixtures.js';

const codes = (plan: EditPlan) => (plan.ok ? [] : plan.errors.map((e) => `${e.field.join('.')}:${e.code}`));
const planned = (edit: ClusterEdit, spec = sixBrokers()) => edit.plan(context(spec));
const cluster = { namespace: 'kafka', name: 'kafka' };

describe('setBrokerConfig', () => {
  it('puts a per-broker dynamic key in brokerConfig.config and a static one in readOnlyConfig, of that broker alone', () => {
    const input = {
      brokerId: 2,
      set: [
        { name: 'log.cleaner.threads', value: '2' },
        { name: 'num.partitions', value: '6' },
      ],
      unset: [],
    };
    const before = sixBrokers();
    const plan = planned(setBrokerConfig(input), before);
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    const broker = plan.spec.brokers.find((b) => b.id === 2);
    expect(broker?.brokerConfig).toEqual({ processRoles: ['broker'], config: 'log.cleaner.threads=2\n' });
    expect(broker?.readOnlyConfig).toBe('num.partitions=6\n');
    expect(plan.spec.brokers.filter((b) => b.id !== 2)).toEqual(before.brokers.filter((b) => b.id !== 2));

    const effects = configEffects(cluster, before, plan.spec, input, 2);
    expect(effects.entries.map((e) => [e.name, e.live, e.restartRequired, e.specField])).toEqual([
      ['log.cleaner.threads', true, false, 'spec.brokers[2].brokerConfig.config'],
      ['num.partitions', false, true, 'spec.brokers[2].readOnlyConfig'],
    ]);
    expect(effects.restartedBrokers).toEqual([2]);
  });

  it('moves a key from readOnlyConfig to brokerConfig.config when it becomes dynamic, and unsets the broker’s own value', () => {
    const before = sixBrokers({
      brokers: [0, 1, 2].map((id) => ({
        id,
        brokerConfigGroup: 'default',
        brokerConfig: { processRoles: ['broker', 'controller'] },
        readOnlyConfig: 'num.io.threads=4\nnum.partitions=3\n',
      })),
    });
    const plan = planned(setBrokerConfig({ brokerId: 1, set: [{ name: 'num.io.threads', value: '6' }], unset: ['num.partitions'] }), before);
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    const broker = plan.spec.brokers.find((b) => b.id === 1);
    expect(broker?.brokerConfig?.config).toBe('num.io.threads=6\n');
    expect(broker).not.toHaveProperty('readOnlyConfig');
    const effects = configEffects(cluster, before, plan.spec, { set: [{ name: 'num.io.threads', value: '6' }], unset: ['num.partitions'] }, 1);
    expect(effects.entries.map((e) => [e.name, e.unset, e.live, e.restartRequired])).toEqual([
      ['num.io.threads', false, true, false],
      ['num.partitions', true, false, true],
    ]);
    expect(effects.restartedBrokers).toEqual([1]);
  });

  it.each([
    ['an unknown broker', { brokerId: 9, set: [{ name: 'num.io.threads', value: '4' }], unset: [] }, ['brokerId:NOT_FOUND']],
    ['nothing to do', { brokerId: 1, set: [], unset: [] }, [':INVALID_INPUT']],
    ['an empty name', { brokerId: 1, set: [{ name: ' ', value: '1' }], unset: [] }, ['set.0.name:INVALID_INPUT']],
    [
      'a name given twice',
      {
        brokerId: 1,
        set: [
          { name: 'num.io.threads', value: '4' },
          { name: 'num.io.threads', value: '5' },
        ],
        unset: [],
      },
      ['set.1.name:INVALID_INPUT'],
    ],
    ['a name both set and unset', { brokerId: 1, set: [{ name: 'num.io.threads', value: '4' }], unset: ['num.io.threads'] }, ['unset.0:INVALID_INPUT']],
    [
      'keys kafkaplane sets itself',
      {
        brokerId: 1,
        set: [
          { name: 'node.id', value: '7' },
          { name: 'log.dirs', value: '/x' },
        ],
        unset: ['listeners'],
      },
      ['set.0.name:CONFIG_MANAGED', 'set.1.name:CONFIG_MANAGED', 'unset.0:CONFIG_MANAGED'],
    ],
    [
      'a number that is not one',
      {
        brokerId: 1,
        set: [
          { name: 'num.io.threads', value: 'many' },
          { name: 'log.preallocate', value: 'yes' },
        ],
        unset: [],
      },
      ['set.0.value:INVALID_INPUT', 'set.1.value:INVALID_INPUT'],
    ],
    ['unsetting what the broker does not set itself', { brokerId: 1, set: [], unset: ['num.partitions'] }, ['unset.0:NOT_FOUND']],
  ])('refuses %s, changing nothing', (_case, input, expected) => {
    expect(codes(planned(setBrokerConfig(input)))).toEqual(expected);
  });

  it("keeps a SASL listener's mechanisms in readOnlyConfig: Kafka could take them at run time, but the listener needs them to start", () => {
    const input = { brokerId: 2, set: [{ name: 'listener.name.scram.sasl.enabled.mechanisms', value: 'SCRAM-SHA-256' }], unset: [] };
    const plan = planned(setBrokerConfig(input));
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    expect(plan.spec.brokers.find((b) => b.id === 2)?.readOnlyConfig).toBe('listener.name.scram.sasl.enabled.mechanisms=SCRAM-SHA-256\n');
    expect(plan.changes).toEqual(['set listener.name.scram.sasl.enabled.mechanisms=SCRAM-SHA-256 in readOnlyConfig of broker 2 (restarts broker 2)']);
  });

  it('says why a value is refused, in the words Kafka would use', () => {
    const plan = planned(setBrokerConfig({ brokerId: 1, set: [{ name: 'min.insync.replicas', value: '0' }], unset: [] }));
    expect(plan.ok ? [] : plan.errors.map((e) => e.message)).toEqual(['Invalid value 0 for configuration min.insync.replicas: Value must be at least 1']);
  });
});

describe('setClusterConfig', () => {
  it('puts a cluster-wide dynamic key in clusterWideConfig (no restart) and a static one in readOnlyConfig (every broker restarts)', () => {
    const before = sixBrokers({ readOnlyConfig: 'min.insync.replicas=1\n' });
    const input = {
      set: [
        { name: 'min.insync.replicas', value: '2' },
        { name: 'auto.create.topics.enable', value: 'false' },
      ],
      unset: [],
    };
    const plan = planned(setClusterConfig(input), before);
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    expect(plan.spec.clusterWideConfig).toBe('min.insync.replicas=2\n');
    expect(plan.spec.readOnlyConfig).toBe('auto.create.topics.enable=false\n');
    const effects = configEffects(cluster, before, plan.spec, input);
    expect(effects.entries.map((e) => [e.name, e.live, e.restartRequired, e.specField])).toEqual([
      ['min.insync.replicas', true, false, 'spec.clusterWideConfig'],
      ['auto.create.topics.enable', false, true, 'spec.readOnlyConfig'],
    ]);
    expect(effects.restartedBrokers).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('restarts nothing for dynamic keys alone', () => {
    const before = sixBrokers();
    const input = { set: [{ name: 'log.retention.ms', value: '3600000' }], unset: [] };
    const plan = planned(setClusterConfig(input), before);
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    expect(configEffects(cluster, before, plan.spec, input).restartedBrokers).toEqual([]);
  });

  it('unsets from clusterWideConfig, dropping the field once empty', () => {
    const before = sixBrokers({ clusterWideConfig: 'log.retention.ms=60000\n' });
    const plan = planned(setClusterConfig({ set: [], unset: ['log.retention.ms'] }), before);
    expect(plan.ok && plan.spec).not.toHaveProperty('clusterWideConfig');
  });

  it.each([
    ['a managed key', { set: [{ name: 'process.roles', value: 'broker' }], unset: [] }, ['set.0.name:CONFIG_MANAGED']],
    ['broker.rack with rack awareness', { set: [{ name: 'broker.rack', value: 'a' }], unset: [] }, ['set.0.name:CONFIG_MANAGED']],
    ['a bad value', { set: [{ name: 'log.retention.ms', value: '1h' }], unset: [] }, ['set.0.value:INVALID_INPUT']],
    ['unsetting what is not set', { set: [], unset: ['log.retention.ms'] }, ['unset.0:NOT_FOUND']],
    ['a malformed name', { set: [{ name: 'a=b', value: '1' }], unset: [] }, ['set.0.name:INVALID_INPUT']],
  ])('refuses %s', (_case, input, expected) => {
    expect(codes(planned(setClusterConfig(input), sixBrokers({ rackAwareness: { labels: ['topology.kubernetes.io/zone'] } })))).toEqual(expected);
  });
});
