import type { IPod } from 'kubernetes-models/v1/Pod';
import { describe, expect, it } from 'vitest';
import { brokerState, type BrokerState, type BrokerStateInput } from '../../src/readmodel/brokerState.js';

const pod = (phase: 'Pending' | 'Running' | 'Failed' | undefined, ready = false, deleting = false): IPod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'kafka-1-abcde', ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  ...(phase !== undefined ? { status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } } : {}),
});
const base: BrokerStateInput = { inSpec: true, pod: undefined, terminatingPods: [], gracefulState: undefined };

describe('a broker state', () => {
  it.each<[string, Partial<BrokerStateInput>, BrokerState]>([
    ['no Pod yet', {}, 'PENDING'],
    ['a Pod not scheduled', { pod: pod('Pending') }, 'PENDING'],
    ['a Pod the kubelet has not reported on', { pod: pod(undefined) }, 'PENDING'],
    ['a running Pod not Ready', { pod: pod('Running') }, 'STARTING'],
    ['a Ready Pod', { pod: pod('Running', true) }, 'RUNNING'],
    ['a Pod that failed', { pod: pod('Failed') }, 'FAILED'],
    ['its old Pod terminating, no new one', { terminatingPods: [pod('Running', true, true)] }, 'RESTARTING'],
    ['its old Pod terminating, the new one starting', { pod: pod('Running'), terminatingPods: [pod('Running', false, true)] }, 'RESTARTING'],
    ['its new Pod Ready while the old one goes', { pod: pod('Running', true), terminatingPods: [pod('Running', false, true)] }, 'RUNNING'],
    ['Ready while Cruise Control fills it', { pod: pod('Running', true), gracefulState: 'GracefulUpscaleRunning' }, 'ADDING'],
    ['Ready after its upscale succeeded', { pod: pod('Running', true), gracefulState: 'GracefulUpscaleSucceeded' }, 'RUNNING'],
    ['gone from the spec, Pod running', { inSpec: false, pod: pod('Running', true), gracefulState: 'GracefulDownscaleRunning' }, 'DRAINING'],
    ['gone from the spec before its drain is scheduled', { inSpec: false, pod: pod('Running', true) }, 'DRAINING'],
    ['gone from the spec, drained', { inSpec: false, pod: pod('Running', true), gracefulState: 'GracefulDownscaleSucceeded' }, 'REMOVING'],
    ['gone from the spec, Pod terminating', { inSpec: false, terminatingPods: [pod('Running', true, true)] }, 'REMOVING'],
  ])('%s: %s', (_case, input, expected) => {
    expect(brokerState({ ...base, ...input })).toBe(expected);
  });
});
