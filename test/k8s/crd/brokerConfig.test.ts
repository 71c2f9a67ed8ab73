import { describe, expect, it } from 'vitest';
import { brokerStorageConfigs, effectiveBrokerConfig } from '../../../src/k8s/crd/brokerConfig.js';
import { kraftSpec } from './specs.js';

describe('effectiveBrokerConfig', () => {
  const spec = kraftSpec((s) => {
    s.envs = [{ name: 'CLUSTER', value: 'c' }];
    s.brokerConfigGroups = {
      default: {
        processRoles: ['broker'],
        image: 'kafka:group',
        kafkaHeapOpts: '-Xmx1G',
        nodeSelector: { disk: 'ssd', zone: 'a' },
        resourceRequirements: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '3Gi' } },
        storageConfigs: [
          { mountPath: '/kafka-logs', pvcSpec: { resources: { requests: { storage: '10Gi' } } } },
          { mountPath: '/kafka-logs-2', emptyDir: {} },
        ],
        envs: [{ name: 'GROUP', value: 'g' }],
        terminationGracePeriodSeconds: 300,
      },
    };
    s.brokers = [
      { id: 0, brokerConfigGroup: 'default' },
      {
        id: 1,
        brokerConfigGroup: 'default',
        brokerConfig: {
          processRoles: ['controller', 'broker'],
          image: 'kafka:own',
          nodeSelector: { zone: 'b' },
          resourceRequirements: { requests: { cpu: '2' } },
          storageConfigs: [{ mountPath: '/kafka-logs', pvcSpec: { resources: { requests: { storage: '20Gi' } } } }],
          envs: [{ name: 'OWN', value: 'o' }],
        },
      },
      { id: 2, brokerConfig: { processRoles: ['controller'], image: 'kafka:alone' } },
    ];
  });
  const [b0, b1, b2] = spec.brokers;
  if (b0 === undefined || b1 === undefined || b2 === undefined) throw new Error('fixture');

  it("is the group's config for a broker without its own", () => {
    const config = effectiveBrokerConfig(spec, b0);
    expect(config).toMatchObject({ processRoles: ['broker'], image: 'kafka:group', kafkaHeapOpts: '-Xmx1G', terminationGracePeriodSeconds: 300 });
    expect(config.envs).toEqual([
      { name: 'CLUSTER', value: 'c' },
      { name: 'GROUP', value: 'g' },
    ]);
  });

  it('lets the broker win on values and map keys, and fills the rest from the group', () => {
    const config = effectiveBrokerConfig(spec, b1);
    expect(config.image).toBe('kafka:own');
    expect(config.kafkaHeapOpts).toBe('-Xmx1G');
    expect(config.nodeSelector).toEqual({ disk: 'ssd', zone: 'b' });
    expect(config.resourceRequirements).toEqual({ requests: { cpu: '2', memory: '2Gi' }, limits: { memory: '3Gi' } });
  });

  it("adds up lists: roles without repeats, storage with the broker's entry first and one per mount path", () => {
    const config = effectiveBrokerConfig(spec, b1);
    expect(config.processRoles).toEqual(['controller', 'broker']);
    expect(config.storageConfigs?.map((s) => [s.mountPath, s.pvcSpec?.resources?.requests?.storage])).toEqual([
      ['/kafka-logs', '20Gi'],
      ['/kafka-logs-2', undefined],
    ]);
    expect(config.envs?.map((e) => e.name)).toEqual(['CLUSTER', 'GROUP', 'OWN']);
  });

  it("is the broker's own config when it names no group", () => {
    expect(effectiveBrokerConfig(spec, b2)).toMatchObject({ processRoles: ['controller'], image: 'kafka:alone' });
  });

  it('locates each storage config where it was written', () => {
    expect(brokerStorageConfigs(spec, 1).map((s) => s.path)).toEqual([
      'spec.brokers[1].brokerConfig.storageConfigs[0]',
      'spec.brokerConfigGroups[default].storageConfigs[1]',
    ]);
    expect(brokerStorageConfigs(spec, 0).map((s) => s.path)).toEqual([
      'spec.brokerConfigGroups[default].storageConfigs[0]',
      'spec.brokerConfigGroups[default].storageConfigs[1]',
    ]);
    expect(brokerStorageConfigs(spec, 7)).toEqual([]);
  });
});
