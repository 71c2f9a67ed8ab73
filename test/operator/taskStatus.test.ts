import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../src/cruisecontrol/index.js';
import { readOperation, type OperationRecord } from '../../src/operator/operations/record.js';
import { claimed, followed, released } from '../../src/operator/operations/taskStatus.js';

const NOW = '2026-01-01T00:10:00.000Z';

function running(state: string | undefined, progress?: Record<string, unknown>): OperationRecord {
  return readOperation({
    metadata: { name: 'kafka-rebalance-a', uid: 'u1', labels: { kafka_cr: 'kafka' } },
    spec: { errorPolicy: 'retry' },
    status: { currentTask: { operation: 'rebalance', parameters: {}, id: 't1', ...(state !== undefined ? { state } : {}) }, ...(progress ? { progress } : {}) },
  });
}

const view = (phase: TaskView['phase']): TaskView => ({ taskId: 't1', phase, status: undefined, requestUrl: undefined, startMs: undefined, originalResponse: undefined, note: '' });

describe('following a task in flight', () => {
  it.each([
    { name: 'a task that starts executing is InExecution, with an Event', record: running('Active'), phase: 'executing' as const, state: 'InExecution', event: 'OperationRunning', progressPhase: 'Executing' },
    { name: 'a quiet poll of a computing task changes nothing and records nothing', record: running('Active', { phase: 'Computing' }), phase: 'computing' as const, state: 'Active', event: undefined, progressPhase: undefined },
    { name: 'a completed task is Completed, with its finish time', record: running('InExecution'), phase: 'completed' as const, state: 'Completed', event: 'OperationSucceeded', progressPhase: 'Completed' },
    { name: 'a failed task is CompletedWithError and kept among the failed', record: running('InExecution'), phase: 'failed' as const, state: 'CompletedWithError', event: 'OperationFailed', progressPhase: 'Failed' },
    { name: 'a task Cruise Control forgot counts as failed', record: running('InExecution'), phase: 'missing' as const, state: 'CompletedWithError', event: 'OperationFailed', progressPhase: 'Failed' },
  ])('$name', ({ record, phase, state, event, progressPhase }) => {
    const { change, event: recorded } = followed(record, view(phase), undefined, NOW);
    expect(change.currentTask?.state).toBe(state);
    expect(recorded?.reason).toBe(event);
    expect(change.progress?.phase).toBe(progressPhase);
    if (state === 'CompletedWithError') expect(change.failedTasks?.map((t) => t.id)).toEqual(['t1']);
  });
});

describe('claiming an attempt', () => {
  it('marks a retry with its count, and a release gives back the status as it was', () => {
    const failed = readOperation({
      metadata: { name: 'op', uid: 'u1', labels: { kafka_cr: 'kafka' } },
      status: { currentTask: { operation: 'remove_broker', parameters: { brokerid: '2' }, id: 't1', state: 'CompletedWithError', finished: NOW }, retryCount: 1, message: 'waiting: x' },
    });
    const claim = claimed(failed, { operation: 'remove_broker', parameters: { brokerid: '2' } }, NOW);
    expect(claim).toMatchObject({ marker: 'kafkaplane-u1-2', retry: true, status: { retryCount: 2, requestMarker: 'kafkaplane-u1-2', currentTask: { started: NOW } } });
    expect(claim.status.message).toBeUndefined();
    expect(released(failed.status, 'Cruise Control is busy')).toEqual({ ...failed.status, message: 'waiting: Cruise Control is busy' });
  });
});
