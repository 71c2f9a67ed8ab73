import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { describe, expect, it } from 'vitest';
import { effectiveBrokerConfig } from '../../../src/k8s/crd/index.js';
import {
  addBroker,
  addBrokerVolume,
  removeBroker,
  removeBrokerVolume,
  resizeBrokerVolume,
  restartBroker,
  setBrokerResources,
  type ClusterEdit,
  type EditPlan,
} from '../../../src/operator/edits/index.js';
import { context, node, pvc, sixBrokers, volume } from './fixtures.js';

const codes = (plan: EditPlan) => (plan.ok ? [] : plan.errors.map((e) => `${e.field.join('.')}:${e.code}`));
const planned = (edit: ClusterEdit, spec = sixBrokers(), pvcs?: Parameters<typeof context>[1]) => edit.plan(context(spec, pvcs));
const brokerOf = (plan: EditPlan, id: number) => (plan.ok ? plan.spec.brokers.find((b) => b.id === id) : undefined);

describe('addBroker', () => {
  it('adds broker max+1 from a group, a KRaft broker without a controller role', () => {
    const plan = planned(addBroker({ brokerConfigGroup: 'default' }));
    expect(plan).toMatchObject({ ok: true, changes: ['add broker 6 from brokerConfigGroup default'] });
    expect(brokerOf(plan, 6)).toEqual({ id: 6, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker'] } });
  });

  it("builds a broker of its own from an image, a volume and Pod annotations (Koperator's upScale without a group)", () => {
    const plan = planned(
      addBroker({ image: 'apache/kafka:4.1.0', storage: { mountPath: '/kafkalog', size: '10G', storageClass: 'standard' }, brokerAnnotations: { team: 'a' } }),
    );
    expect(brokerOf(plan, 6)?.brokerConfig).toEqual({
      image: 'apache/kafka:4.1.0',
      brokerAnnotations: { team: 'a' },
      storageConfigs: [volume('/kafkalog', '10G')],
      processRoles: ['broker'],
    });
  });

  it.each([
    ['an undefined group', addBroker({ brokerConfigGroup: 'huge' }), ['brokerConfigGroup:NOT_FOUND']],
    ['neither a group nor storage', addBroker({ image: 'x' }), ['storage:INVALID_INPUT']],
    ['the upScaleLimit reached', addBroker({ brokerConfigGroup: 'default' }, { maxBrokers: 6 }), [':LIMIT_REACHED']],
    [
      'a bad size and an unknown class, both',
      addBroker({ storage: { mountPath: '/d', size: 'ten', storageClass: 'gold' } }),
      ['storage.size:INVALID_SIZE', 'storage.storageClass:NOT_FOUND'],
    ],
    ['a disk over maxVolumeSize', addBroker({ storage: { mountPath: '/d', size: '4Ti' } }, { maxVolumeSize: '2Ti' }), ['storage.size:LIMIT_REACHED']],
  ])('refuses %s, changing nothing', (_case, edit, expected) => {
    expect(codes(planned(edit))).toEqual(expected);
  });
});

describe('removeBroker', () => {
  it('takes the broker out of the spec, the others untouched', () => {
    const plan = planned(removeBroker({ brokerId: 1 }));
    expect(plan.ok && plan.spec.brokers.map((b) => b.id)).toEqual([0, 2, 3, 4, 5]);
  });

  it('lets one of three controllers go, which leaves a majority', () => {
    expect(planned(removeBroker({ brokerId: 3 })).ok).toBe(true);
  });

  it.each([
    ['a broker not in the spec', removeBroker({ brokerId: 9 }), sixBrokers(), ['brokerId:NOT_FOUND']],
    ['at the downScaleLimit', removeBroker({ brokerId: 1 }, { minBrokers: 6 }), sixBrokers(), [':LIMIT_REACHED']],
    [
      'one of two controllers',
      removeBroker({ brokerId: 0 }),
      sixBrokers({
        brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: id < 2 ? ['broker', 'controller'] : ['broker'] } })),
      }),
      ['brokerId:BROKER_IS_CONTROLLER'],
    ],
    [
      'the last node with the broker role',
      removeBroker({ brokerId: 1 }),
      sixBrokers({
        brokers: [0, 1].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: id === 0 ? ['controller'] : ['broker'] } })),
      }),
      ['brokerId:INVALID_SPEC'],
    ],
  ])('refuses %s', (_case, edit, spec, expected) => {
    expect(codes(planned(edit, spec))).toEqual(expected);
  });
});

describe('addBrokerVolume', () => {
  it("adds the disk to the broker's own config: the group and the other brokers keep theirs", () => {
    const before = sixBrokers();
    const plan = planned(addBrokerVolume({ brokerId: 2, mountPath: '/kafka-logs-x1y2z3', size: '50Gi', storageClass: 'standard' }), before);
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    expect(plan.changes).toEqual(['add a 50Gi volume at /kafka-logs-x1y2z3 to broker 2']);
    expect(effectiveBrokerConfig(plan.spec, plan.spec.brokers[2] ?? { id: -1 }).storageConfigs?.map((s) => s.mountPath)).toEqual([
      '/kafka-logs-x1y2z3',
      '/kafka-logs',
    ]);
    expect(plan.spec.brokerConfigGroups).toEqual(before.brokerConfigGroups);
    expect(plan.spec.brokers.filter((b) => b.id !== 2)).toEqual(before.brokers.filter((b) => b.id !== 2));
  });

  it.each([
    ['a broker not in the spec', { brokerId: 7, mountPath: '/d', size: '1Gi' }, {}, ['brokerId:NOT_FOUND']],
    ['a mount path it has', { brokerId: 2, mountPath: '/kafka-logs', size: '1Gi' }, {}, ['mountPath:ALREADY_EXISTS']],
    ['a relative mount path', { brokerId: 2, mountPath: 'data', size: '1Gi' }, {}, ['mountPath:INVALID_INPUT']],
    ['a zero size', { brokerId: 2, mountPath: '/d', size: '0' }, {}, ['size:INVALID_SIZE']],
    ['an unknown StorageClass', { brokerId: 2, mountPath: '/d', size: '1Gi', storageClass: 'gold' }, {}, ['storageClass:NOT_FOUND']],
    ['more disks than maxDisksPerBroker', { brokerId: 2, mountPath: '/d', size: '1Gi' }, { maxDisksPerBroker: 1 }, [':LIMIT_REACHED']],
    ['a disk over maxVolumeSize', { brokerId: 2, mountPath: '/d', size: '3Ti' }, { maxVolumeSize: '2Ti' }, ['size:LIMIT_REACHED']],
  ])('refuses %s', (_case, input, limits, expected) => {
    expect(codes(planned(addBrokerVolume(input, limits)))).toEqual(expected);
  });
});

describe('resizeBrokerVolume', () => {
  it("grows a group's volume for one broker only, by copying its entry into that broker's config", () => {
    const before = sixBrokers();
    const plan = planned(resizeBrokerVolume({ brokerId: 2, mountPath: '/kafka-logs', incrementBy: '10Gi' }), before);
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    expect(plan.changes).toEqual(['grow /kafka-logs of broker 2 from 100Gi to 110Gi']);
    const size = (id: number) =>
      effectiveBrokerConfig(plan.spec, plan.spec.brokers.find((b) => b.id === id) ?? { id }).storageConfigs?.[0]?.pvcSpec?.resources?.requests?.storage;
    expect([size(2), size(1)]).toEqual(['110Gi', '100Gi']);
    expect(plan.spec.brokerConfigGroups).toEqual(before.brokerConfigGroups);
  });

  it("adds to the PVC's size when it is larger than the spec's (Koperator adds to the PVC's)", () => {
    const pvcs = [pvc(2, '/kafka-logs', '150Gi')];
    const plan = planned(resizeBrokerVolume({ brokerId: 2, mountPath: '/kafka-logs', incrementBy: '10Gi' }), sixBrokers(), pvcs);
    expect(plan.ok && plan.changes).toEqual(['grow /kafka-logs of broker 2 from 150Gi to 160Gi']);
  });

  it.each([
    ['a shrink', { size: '50Gi' }, {}, undefined, ['size:VOLUME_SHRINK']],
    ['the same size', { size: '100Gi' }, {}, undefined, ['size:INVALID_SIZE']],
    ['a negative increment', { incrementBy: '-1Gi' }, {}, undefined, ['incrementBy:INVALID_SIZE']],
    ['both a size and an increment', { size: '200Gi', incrementBy: '1Gi' }, {}, undefined, ['size:INVALID_INPUT']],
    ['a size over maxVolumeSize', { incrementBy: '10Gi' }, { maxVolumeSize: '105Gi' }, undefined, ['incrementBy:LIMIT_REACHED']],
    ['a class that cannot expand', { incrementBy: '10Gi' }, {}, [pvc(2, '/kafka-logs', '100Gi', '100Gi', 'fixed')], ['mountPath:VOLUME_NOT_EXPANDABLE']],
    ['a resize under way', { incrementBy: '10Gi' }, {}, [pvc(2, '/kafka-logs', '120Gi', '100Gi')], ['mountPath:OPERATION_IN_PROGRESS']],
    ['a claim with no class', { incrementBy: '10Gi' }, {}, [pvc(2, '/kafka-logs', '100Gi', '100Gi', '')], ['mountPath:VOLUME_NOT_EXPANDABLE']],
    ['a claim whose class does not exist', { incrementBy: '10Gi' }, {}, [pvc(2, '/kafka-logs', '100Gi', '100Gi', 'gold')], ['mountPath:VOLUME_NOT_EXPANDABLE']],
  ])('refuses %s', (_case, sizes, limits, pvcs, expected) => {
    expect(codes(planned(resizeBrokerVolume({ brokerId: 2, mountPath: '/kafka-logs', ...sizes }, limits), sixBrokers(), pvcs))).toEqual(expected);
  });

  it('judges a volume with no claim yet by the class a new claim would get: the default one, or none', () => {
    const unnamed = sixBrokers({
      brokerConfigGroups: { default: { storageConfigs: [{ mountPath: '/kafka-logs', pvcSpec: { resources: { requests: { storage: '100Gi' } } } }] } },
    });
    const resize = resizeBrokerVolume({ brokerId: 2, mountPath: '/kafka-logs', incrementBy: '10Gi' });
    const plain = (sc: IStorageClass): IStorageClass => ({ ...sc, metadata: { name: sc.metadata?.name ?? '' } });
    const withoutClaims = context(unnamed, []);
    const noDefault = new Map([...withoutClaims.storageClasses].map(([name, sc]) => [name, plain(sc)]));
    const refused = resize.plan({ ...withoutClaims, storageClasses: noDefault });
    expect(refused.ok ? [] : refused.errors.map((e) => e.message)).toEqual([
      '/kafka-logs of broker 2 cannot grow: it has no StorageClass, and only a StorageClass can allow volume expansion',
    ]);
    // The same volume added without a class, with no default: it would never be provisioned.
    expect(codes(addBrokerVolume({ brokerId: 2, mountPath: '/d', size: '1Gi' }).plan({ ...withoutClaims, storageClasses: noDefault }))).toEqual([
      'storageClass:NOT_FOUND',
    ]);
    const withDefault = new Map(noDefault);
    const fixed = withDefault.get('fixed');
    const standard = withDefault.get('standard');
    if (fixed === undefined || standard === undefined) throw new Error('fixture classes missing');
    const annotated = { 'storageclass.kubernetes.io/is-default-class': 'true' };
    withDefault.set('standard', { ...standard, metadata: { ...standard.metadata, annotations: annotated, creationTimestamp: '2026-01-01T00:00:00Z' } });
    expect(resize.plan({ ...withoutClaims, storageClasses: withDefault }).ok).toBe(true);
    // Of two defaults, the newer wins, as the admission picks it.
    withDefault.set('fixed', { ...fixed, metadata: { ...fixed.metadata, annotations: annotated, creationTimestamp: '2026-02-01T00:00:00Z' } });
    expect(codes(resize.plan({ ...withoutClaims, storageClasses: withDefault }))).toEqual(['mountPath:VOLUME_NOT_EXPANDABLE']);
  });

  it('refuses a volume it cannot find, and one that is not a PVC', () => {
    expect(codes(planned(resizeBrokerVolume({ brokerId: 2, mountPath: '/nope', incrementBy: '1Gi' })))).toEqual(['mountPath:NOT_FOUND']);
    const scratch = sixBrokers({ brokerConfigGroups: { default: { storageConfigs: [{ mountPath: '/kafka-logs', emptyDir: {} }] } } });
    expect(codes(planned(resizeBrokerVolume({ brokerId: 2, mountPath: '/kafka-logs', incrementBy: '1Gi' }), scratch))).toEqual(['mountPath:INVALID_INPUT']);
  });
});

describe('removeBrokerVolume', () => {
  const withOwnDisk = () =>
    sixBrokers({
      brokers: [0, 1, 2, 3, 4, 5].map((id) => ({
        id,
        brokerConfigGroup: 'default',
        brokerConfig: {
          processRoles: id >= 3 ? ['broker', 'controller'] : ['broker'],
          ...(id === 2 ? { storageConfigs: [volume('/kafka-logs-2', '50Gi')] } : {}),
        },
      })),
    });

  it("takes the disk out of the broker's own config, the group and the other brokers untouched", () => {
    const before = withOwnDisk();
    const plan = planned(removeBrokerVolume({ brokerId: 2, mountPath: '/kafka-logs-2' }), before);
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    expect(effectiveBrokerConfig(plan.spec, plan.spec.brokers[2] ?? { id: -1 }).storageConfigs?.map((s) => s.mountPath)).toEqual(['/kafka-logs']);
    expect(plan.spec.brokers.filter((b) => b.id !== 2)).toEqual(before.brokers.filter((b) => b.id !== 2));
    expect(plan.changes.join()).toContain('drained through Cruise Control');
  });

  it.each([
    ['a broker not in the spec', { brokerId: 9, mountPath: '/kafka-logs-2' }, ['brokerId:NOT_FOUND']],
    ['a disk the broker does not have', { brokerId: 2, mountPath: '/nope' }, ['mountPath:NOT_FOUND']],
    ["a disk of the broker's group", { brokerId: 2, mountPath: '/kafka-logs' }, ['mountPath:VOLUME_FROM_GROUP']],
    ['the last disk, which also comes from the group', { brokerId: 1, mountPath: '/kafka-logs' }, ['mountPath:VOLUME_FROM_GROUP', 'mountPath:LAST_VOLUME']],
  ])('refuses %s', (_case, input, expected) => {
    expect(codes(planned(removeBrokerVolume(input), withOwnDisk()))).toEqual(expected);
  });

  it('refuses a disk still being filled by a disk rebalance', () => {
    const busy = {
      ...context(withOwnDisk()),
      status: {
        brokersState: {
          2: {
            gracefulActionState: {
              cruiseControlState: 'GracefulUpscaleSucceeded',
              volumeStates: { '/kafka-logs-2': { cruiseControlVolumeState: 'GracefulDiskRebalanceRunning' } },
            },
          },
        },
      },
    };
    expect(codes(removeBrokerVolume({ brokerId: 2, mountPath: '/kafka-logs-2' }).plan(busy))).toEqual(['mountPath:OPERATION_IN_PROGRESS']);
  });
});

describe('setBrokerResources', () => {
  it("gives one broker its own CPU, merged over its group's resources per key", () => {
    const before = sixBrokers({
      brokerConfigGroups: {
        default: {
          storageConfigs: [volume('/kafka-logs')],
          resourceRequirements: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
        },
      },
    });
    const plan = planned(setBrokerResources({ brokerId: 2, requests: { cpu: '2' }, limits: { cpu: '3' } }), before);
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    const resources = (id: number) => effectiveBrokerConfig(plan.spec, plan.spec.brokers.find((b) => b.id === id) ?? { id }).resourceRequirements;
    expect(resources(2)).toMatchObject({ requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '3', memory: '4Gi' } });
    expect(resources(1)).toMatchObject({ requests: { cpu: '1' }, limits: { cpu: '2' } });
    expect(plan.changes).toEqual(['set cpu request of broker 2 to 2 (was 1)', 'set cpu limit of broker 2 to 3 (was 2)', 'restart broker 2 to apply them']);
  });

  const nodes = [node('node-a', '4', '16Gi'), node('node-b', '8', '32Gi')];
  it.each([
    ['a broker not in the spec', { brokerId: 9, requests: { cpu: '1' } }, ['brokerId:NOT_FOUND']],
    ['nothing to set', { brokerId: 2 }, [':INVALID_INPUT']],
    ['a malformed quantity', { brokerId: 2, requests: { cpu: 'two' } }, ['requests.cpu:INVALID_INPUT']],
    ['a zero limit', { brokerId: 2, limits: { memory: '0' } }, ['limits.memory:INVALID_INPUT']],
    ['a request above its limit', { brokerId: 2, requests: { cpu: '4' }, limits: { cpu: '2' } }, ['requests.cpu:INVALID_INPUT']],
    ['more CPU than any Node has', { brokerId: 2, requests: { cpu: '12' } }, ['requests:INSUFFICIENT_CAPACITY']],
  ])('refuses %s', (_case, input, expected) => {
    expect(codes(setBrokerResources(input).plan({ ...context(sixBrokers()), nodes }))).toEqual(expected);
  });

  it('accepts what one Node of several can allocate', () => {
    expect(setBrokerResources({ brokerId: 2, requests: { cpu: '6', memory: '20Gi' } }).plan({ ...context(sixBrokers()), nodes }).ok).toBe(true);
  });
});

describe('restartBroker', () => {
  it('leaves the spec as it is and asks for the restart in an annotation carrying the time asked', () => {
    const before = sixBrokers();
    const plan = planned(restartBroker({ brokerId: 4, requestedAt: '2026-12-06T10:00:00.000Z' }), before);
    expect(plan).toMatchObject({ ok: true, spec: before, annotations: { 'restart.kafkaplane.io/broker-4': '2026-12-06T10:00:00.000Z' } });
  });

  it('refuses a broker not in the spec', () => {
    expect(codes(planned(restartBroker({ brokerId: 9, requestedAt: 'now' })))).toEqual(['brokerId:NOT_FOUND']);
  });
});
