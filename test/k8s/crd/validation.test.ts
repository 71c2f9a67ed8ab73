import { describe, expect, it } from 'vitest';
import type { KafkaClusterSpecInput } from '../../../src/k8s/crd/kafkaCluster.js';
import { validateKafkaClusterSpec, validateKafkaClusterUpdate } from '../../../src/k8s/crd/validation.js';
import { kraftSpec } from './specs.js';

type Change = (spec: KafkaClusterSpecInput) => void;

function group(spec: KafkaClusterSpecInput) {
  const found = spec.brokerConfigGroups?.default;
  if (found === undefined) throw new Error('fixture has no default group');
  return found;
}

function broker(spec: KafkaClusterSpecInput, index: number) {
  const found = spec.brokers[index];
  if (found === undefined) throw new Error(`fixture has no broker ${index}`);
  return found;
}

const pvc = (storage: string | number) => ({ resources: { requests: { storage } } });

describe('validateKafkaClusterSpec', () => {
  it('accepts the fixture as it is', () => {
    expect(validateKafkaClusterSpec(kraftSpec())).toEqual([]);
  });

  it.each<[string, Change, { path: string; code: string; message: RegExp }[]]>([
    [
      'a broker id used twice',
      (s) => void (broker(s, 2).id = 0),
      [{ path: 'spec.brokers[2].id', code: 'DuplicateBrokerId', message: /broker id 0 is already used by spec.brokers\[0\]/ }],
    ],
    [
      'an undefined brokerConfigGroup',
      (s) => void (broker(s, 1).brokerConfigGroup = 'fast'),
      [{ path: 'spec.brokers[1].brokerConfigGroup', code: 'UndefinedBrokerConfigGroup', message: /"fast", which is not defined \(defined groups: default\)/ }],
    ],
    [
      'a relative mount path',
      (s) => void (group(s).storageConfigs = [{ mountPath: 'kafka-logs', emptyDir: {} }]),
      [{ path: 'spec.brokerConfigGroups[default].storageConfigs[0].mountPath', code: 'InvalidMountPath', message: /must be an absolute path/ }],
    ],
    [
      'a mount path climbing out with ..',
      (s) => void (group(s).storageConfigs = [{ mountPath: '/data/../etc', emptyDir: {} }]),
      [{ path: 'spec.brokerConfigGroups[default].storageConfigs[0].mountPath', code: 'InvalidMountPath', message: /without "\.\."/ }],
    ],
    [
      'the same mount path twice in one list',
      (s) =>
        void (group(s).storageConfigs = [
          { mountPath: '/data', emptyDir: {} },
          { mountPath: '/data/', emptyDir: {} },
        ]),
      [{ path: 'spec.brokerConfigGroups[default].storageConfigs[1].mountPath', code: 'DuplicateMountPath', message: /appears twice/ }],
    ],
    [
      'one directory spelled two ways by group and broker',
      (s) => void (broker(s, 0).brokerConfig = { storageConfigs: [{ mountPath: '/kafka-logs/', emptyDir: {} }] }),
      [
        {
          path: 'spec.brokerConfigGroups[default].storageConfigs[0].mountPath',
          code: 'DuplicateMountPath',
          message: /broker 0 would mount "\/kafka-logs" twice/,
        },
      ],
    ],
    [
      'a storage config without pvcSpec or emptyDir',
      (s) => void (group(s).storageConfigs = [{ mountPath: '/data' }]),
      [{ path: 'spec.brokerConfigGroups[default].storageConfigs[0]', code: 'NoStorageSource', message: /needs a pvcSpec or an emptyDir/ }],
    ],
    [
      'a PVC without a size',
      (s) => void (group(s).storageConfigs = [{ mountPath: '/data', pvcSpec: { accessModes: ['ReadWriteOnce'] } }]),
      [
        {
          path: 'spec.brokerConfigGroups[default].storageConfigs[0].pvcSpec.resources.requests[storage]',
          code: 'MissingStorageRequest',
          message: /needs a size/,
        },
      ],
    ],
    [
      'a size that is no quantity',
      (s) => void (group(s).storageConfigs = [{ mountPath: '/data', pvcSpec: pvc('1e1.5') }]),
      [
        {
          path: 'spec.brokerConfigGroups[default].storageConfigs[0].pvcSpec.resources.requests[storage]',
          code: 'InvalidQuantity',
          message: /"1e1.5" is not a Kubernetes quantity.*write sizes like 10Gi/,
        },
      ],
    ],
    [
      'a zero-sized volume',
      (s) => void (group(s).storageConfigs = [{ mountPath: '/data', pvcSpec: pvc(0) }]),
      [
        {
          path: 'spec.brokerConfigGroups[default].storageConfigs[0].pvcSpec.resources.requests[storage]',
          code: 'InvalidQuantity',
          message: /0 must be greater than zero/,
        },
      ],
    ],
    [
      'a negative CPU request of one broker',
      (s) => void (broker(s, 2).brokerConfig = { resourceRequirements: { requests: { cpu: '-500m' } } }),
      [{ path: 'spec.brokers[2].brokerConfig.resourceRequirements.requests[cpu]', code: 'InvalidQuantity', message: /-500m must be zero or more/ }],
    ],
    [
      'an emptyDir sizeLimit that is no quantity',
      (s) => void (group(s).storageConfigs = [{ mountPath: '/data', emptyDir: { sizeLimit: '2e1.5' } }]),
      [
        {
          path: 'spec.brokerConfigGroups[default].storageConfigs[0].emptyDir.sizeLimit',
          code: 'InvalidQuantity',
          message: /"2e1.5" is not a Kubernetes quantity/,
        },
      ],
    ],
    [
      'a KRaft node without process roles',
      (s) => {
        delete group(s).processRoles;
        broker(s, 0).brokerConfig = { processRoles: ['broker', 'controller'] };
        broker(s, 1).brokerConfig = { processRoles: ['broker', 'controller'] };
      },
      [{ path: 'spec.brokers[2].brokerConfig.processRoles', code: 'MissingProcessRoles', message: /broker 2 has no processRoles/ }],
    ],
    [
      'a KRaft cluster without a controller',
      (s) => void (group(s).processRoles = ['broker']),
      [{ path: 'spec.brokers', code: 'NoController', message: /needs at least one controller/ }],
    ],
    [
      'a KRaft cluster of controllers only',
      (s) => void (group(s).processRoles = ['controller']),
      [{ path: 'spec.brokers', code: 'NoBrokerRole', message: /no node has the broker process role/ }],
    ],
    [
      'a KRaft cluster without a controller listener',
      (s) => s.listenersConfig.internalListeners.splice(1, 1),
      [{ path: 'spec.listenersConfig.internalListeners', code: 'NoControllerListener', message: /usedForControllerCommunication: true/ }],
    ],
    [
      'two inter-broker listeners',
      (s) => {
        const controller = s.listenersConfig.internalListeners[1];
        if (controller) controller.usedForInnerBrokerCommunication = true;
      },
      [{ path: 'spec.listenersConfig.internalListeners', code: 'InterBrokerListener', message: /only one .* found internal, controller/ }],
    ],
    [
      'two listeners on one port',
      (s) => {
        const controller = s.listenersConfig.internalListeners[1];
        if (controller) controller.containerPort = 29092;
      },
      [
        {
          path: 'spec.listenersConfig.internalListeners[1].containerPort',
          code: 'DuplicateListener',
          message: /29092 is already used by spec.listenersConfig.internalListeners\[0\]/,
        },
      ],
    ],
  ])('reports %s', (_case, change, expected) => {
    const problems = validateKafkaClusterSpec(kraftSpec(change));
    expect(problems).toEqual(expected.map((e) => ({ path: e.path, code: e.code, message: expect.stringMatching(e.message) as string })));
  });

  it("lets a broker replace its group's volume at the same mount path, as Koperator does", () => {
    const spec = kraftSpec((s) => void (broker(s, 0).brokerConfig = { storageConfigs: [{ mountPath: '/kafka-logs', pvcSpec: pvc('20Gi') }] }));
    expect(validateKafkaClusterSpec(spec)).toEqual([]);
  });

  it('reports a problem of a group once, not once per broker', () => {
    const spec = kraftSpec((s) => void (group(s).storageConfigs = [{ mountPath: 'rel', emptyDir: {} }]));
    expect(validateKafkaClusterSpec(spec).map((p) => p.code)).toEqual(['InvalidMountPath']);
  });

  it('does not ask for process roles in ZooKeeper mode (refused separately)', () => {
    const spec = kraftSpec((s) => {
      s.kRaft = false;
      delete group(s).processRoles;
    });
    expect(validateKafkaClusterSpec(spec)).toEqual([]);
  });
});

describe('validateKafkaClusterUpdate', () => {
  const before = kraftSpec();

  it('accepts growing a volume, and equal sizes written differently', () => {
    expect(
      validateKafkaClusterUpdate(
        before,
        kraftSpec((s) => void (group(s).storageConfigs = [{ mountPath: '/kafka-logs', pvcSpec: pvc('20Gi') }])),
      ),
    ).toEqual([]);
    expect(
      validateKafkaClusterUpdate(
        before,
        kraftSpec((s) => void (group(s).storageConfigs = [{ mountPath: '/kafka-logs', pvcSpec: pvc('10240Mi') }])),
      ),
    ).toEqual([]);
  });

  it("refuses shrinking a group's volume once, naming every broker it affects", () => {
    const after = kraftSpec((s) => void (group(s).storageConfigs = [{ mountPath: '/kafka-logs', pvcSpec: pvc('5Gi') }]));
    expect(validateKafkaClusterUpdate(before, after)).toEqual([
      {
        path: 'spec.brokerConfigGroups[default].storageConfigs[0].pvcSpec.resources.requests[storage]',
        code: 'VolumeShrink',
        message: 'brokers 0, 1, 2: the volume at "/kafka-logs" would shrink from 10Gi to 5Gi; volumes can only grow',
      },
    ]);
  });

  it("refuses shrinking one broker's own volume below what its group gave it", () => {
    const after = kraftSpec((s) => void (broker(s, 1).brokerConfig = { storageConfigs: [{ mountPath: '/kafka-logs', pvcSpec: pvc('9.5Gi') }] }));
    expect(validateKafkaClusterUpdate(before, after)).toEqual([
      {
        path: 'spec.brokers[1].brokerConfig.storageConfigs[0].pvcSpec.resources.requests[storage]',
        code: 'VolumeShrink',
        message: 'broker 1: the volume at "/kafka-logs" would shrink from 10Gi to 9728Mi; volumes can only grow',
      },
    ]);
  });

  it('ignores new brokers and new volumes, which have nothing to shrink', () => {
    const after = kraftSpec((s) => {
      s.brokers.push({ id: 3, brokerConfigGroup: 'default', brokerConfig: { storageConfigs: [{ mountPath: '/more', pvcSpec: pvc('1Gi') }] } });
    });
    expect(validateKafkaClusterUpdate(before, after)).toEqual([]);
  });
});
