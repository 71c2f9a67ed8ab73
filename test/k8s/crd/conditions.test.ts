import { describe, expect, it } from 'vitest';
import { setCondition, specConditions, type Condition } from '../../../src/k8s/crd/conditions.js';
import type { KafkaClusterCheck } from '../../../src/k8s/crd/support.js';

const now = new Date('2026-11-25T07:00:00.123Z');

describe('specConditions', () => {
  it('says accepted and all supported for a clean check', () => {
    expect(specConditions({ problems: [], unsupported: [] }, 3, now)).toEqual([
      {
        type: 'SpecAccepted',
        status: 'True',
        observedGeneration: 3,
        lastTransitionTime: '2026-11-25T07:00:00Z',
        reason: 'Accepted',
        message: 'the spec is valid and supported',
      },
      {
        type: 'UnsupportedField',
        status: 'False',
        observedGeneration: 3,
        lastTransitionTime: '2026-11-25T07:00:00Z',
        reason: 'AllFieldsSupported',
        message: 'every field set is supported',
      },
    ]);
  });

  it('names refusals first and the ignored fields, capping the message', () => {
    const check: KafkaClusterCheck = {
      problems: [
        { path: 'spec.kRaft', code: 'RefusedField', message: 'ZooKeeper mode is not supported' },
        ...[1, 2, 3, 4, 5, 6].map((i) => ({ path: `spec.brokers[${i}].id`, code: 'DuplicateBrokerId' as const, message: `dup ${i}` })),
      ],
      unsupported: [{ path: 'spec.monitoringConfig', note: 'no JMX' }],
    };
    const [accepted, unsupported] = specConditions(check, 1, now);
    expect(accepted).toMatchObject({
      status: 'False',
      reason: 'RefusedField',
      message: 'ZooKeeper mode is not supported; dup 1; dup 2; dup 3; dup 4; and 2 more (see Events)',
    });
    expect(unsupported).toMatchObject({ status: 'True', reason: 'UnsupportedField', message: expect.stringContaining('spec.monitoringConfig') as string });
  });

  it('uses InvalidSpec when nothing is refused but rules are broken', () => {
    const [accepted] = specConditions({ problems: [{ path: 'spec.brokers', code: 'NoController', message: 'no controller' }], unsupported: [] }, 1, now);
    expect(accepted?.reason).toBe('InvalidSpec');
  });
});

describe('setCondition', () => {
  const old: Condition = {
    type: 'SpecAccepted',
    status: 'True',
    lastTransitionTime: '2026-01-01T00:00:00Z',
    reason: 'Accepted',
    message: 'ok',
    observedGeneration: 1,
  };

  it('keeps lastTransitionTime while the status stays the same', () => {
    const next = { ...old, lastTransitionTime: '2026-11-25T07:00:00Z', observedGeneration: 2 };
    expect(setCondition([old], next)).toEqual([{ ...next, lastTransitionTime: '2026-01-01T00:00:00Z' }]);
  });

  it('moves lastTransitionTime when the status changes, and appends new types', () => {
    const next: Condition = { ...old, status: 'False', reason: 'InvalidSpec', lastTransitionTime: '2026-11-25T07:00:00Z' };
    expect(setCondition([old], next)).toEqual([next]);
    const other: Condition = { ...old, type: 'UnsupportedField' };
    expect(setCondition([old], other)).toEqual([old, other]);
  });
});
