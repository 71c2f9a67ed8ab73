import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../src/cruisecontrol/index.js';
import { readOperation, type OperationRecord } from '../../src/domain/operationRecord.js';
import { claimed, followed, released } from '../../src/operator/operations/taskStatus.js';

const NOW = '2026-01-01T00:10:00.000Z';

function running(state: string | undefined, progress?: Record<string, unknown>): OperationRecord {
  return readOperation({
    metadata: { name: 'kafka-rebalance-a', uid: 'u1', labels: { kafka_cr: 'kafka' } },
    spec: { errorPolicy: 'retry' },
    status: { currentTask: { operation: 'rebalance', parameters: {}, id: 't1', ...(state !== undefined ? { state } : {}) }, ...(progress ? { progress } : {}) },
  });
}

const view = (phase: TaskView['phase']): TaskView => ({
  taskId: 't1',
  phase,
  status: undefined,
  requestUrl: undefined,
  startMs: undefined,
  originalResponse: undefined,
  note: '',
});

interface FollowCase {
  name: string;
  record: OperationRecord;
  phase: TaskView['phase'];
  state: string;
  event?: string;
  progressPhase?: string;
}

describe('following a task in flight', () => {
  const failedAs = (name: string, phase: TaskView['phase']): FollowCase => ({
    name,
    record: running('InExecution'),
    phase,
    state: 'CompletedWithError',
    event: 'OperationFailed',
    progressPhase: 'Failed',
  });
  it.each<FollowCase>([
    {
      name: 'an executing task is InExecution',
      record: running('Active'),
      phase: 'executing',
      state: 'InExecution',
      event: 'OperationRunning',
      progressPhase: 'Executing',
    },
    { name: 'a quiet poll of a computing task records nothing', record: running('Active', { phase: 'Computing' }), phase: 'computing', state: 'Active' },
    {
      name: 'a completed task is Completed',
      record: running('InExecution'),
      phase: 'completed',
      state: 'Completed',
      event: 'OperationSucceeded',
      progressPhase: 'Completed',
    },
    failedAs('a failed task is CompletedWithError and kept among the failed', 'failed'),
    failedAs('a task Cruise Control forgot counts as failed', 'missing'),
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
      status: {
        currentTask: { operation: 'remove_broker', parameters: { brokerid: '2' }, id: 't1', state: 'CompletedWithError', finished: NOW },
        retryCount: 1,
        message: 'waiting: x',
      },
    });
    const claim = claimed(failed, { operation: 'remove_broker', parameters: { brokerid: '2' } }, NOW);
    expect(claim).toMatchObject({ marker: 'kafkaplane-u1-2', retry: true });
    expect(claim.status).toMatchObject({ retryCount: 2, requestMarker: 'kafkaplane-u1-2', currentTask: { started: NOW } });
    expect(claim.status.message).toBeUndefined();
    expect(released(failed.status, 'Cruise Control is busy')).toEqual({ ...failed.status, message: 'waiting: Cruise Control is busy' });
  });
});
