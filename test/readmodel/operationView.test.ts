import { describe, expect, it } from 'vitest';
import type { CustomResource } from '../../src/k8s/objectCache.js';
import { operationView, type OperationState } from '../../src/readmodel/operationView.js';

const operation = (status: Record<string, unknown>, labels: Record<string, string> = {}, spec: Record<string, unknown> = {}): CustomResource => ({
  apiVersion: 'kafka.banzaicloud.io/v1alpha1',
  kind: 'CruiseControlOperation',
  metadata: {
    name: 'kafka-removebroker-x7k2p',
    namespace: 'kafka',
    creationTimestamp: '2026-01-01T00:00:00Z',
    labels: { app: 'kafka', kafka_cr: 'kafka', ...labels },
  },
  spec,
  status,
});

describe('an operation', () => {
  it.each<[string, CustomResource, OperationState]>([
    ['created, status not written yet', operation({}), 'PENDING'],
    ['not sent to Cruise Control yet', operation({ currentTask: { operation: 'remove_broker' } }), 'PENDING'],
    ['computing its proposal', operation({ currentTask: { operation: 'remove_broker', state: 'Active' } }), 'RUNNING'],
    ['executing', operation({ currentTask: { operation: 'remove_broker', state: 'InExecution' } }), 'RUNNING'],
    ['done', operation({ currentTask: { operation: 'remove_broker', state: 'Completed' } }), 'COMPLETED'],
    ['failed, to be retried', operation({ currentTask: { operation: 'remove_broker', state: 'CompletedWithError' } }), 'RETRYING'],
    ['failed, its retry not sent yet', operation({ currentTask: { operation: 'remove_broker' }, retryCount: 1 }), 'RETRYING'],
    [
      'failed with errorPolicy ignore',
      operation({ currentTask: { operation: 'remove_broker', state: 'CompletedWithError' } }, {}, { errorPolicy: 'ignore' }),
      'FAILED',
    ],
    ['failed and paused', operation({ currentTask: { operation: 'remove_broker', state: 'CompletedWithError' } }, { pause: 'true' }), 'PAUSED'],
    ['paused before it was sent', operation({ currentTask: { operation: 'remove_broker' } }, { pause: 'true' }), 'PAUSED'],
    ['done, with the pause label left on', operation({ currentTask: { operation: 'remove_broker', state: 'Completed' } }, { pause: 'true' }), 'COMPLETED'],
  ])('%s: %s', (_case, resource, expected) => {
    expect(operationView(resource)?.state).toBe(expected);
  });

  it('names the brokers and log dirs it acts on, from its parameters', () => {
    const removeDisks = operationView(
      operation({ currentTask: { operation: 'remove_disks', parameters: { brokerid_and_logdirs: '1-/kafka-logs/kafka,2-/data-1/kafka' } } }),
    );
    expect(removeDisks).toMatchObject({
      type: 'REMOVE_DISKS',
      logDirs: [
        { brokerId: 1, logDir: '/kafka-logs/kafka' },
        { brokerId: 2, logDir: '/data-1/kafka' },
      ],
    });
    const rebalance = operationView(
      operation({ currentTask: { operation: 'rebalance', parameters: { destination_broker_ids: '4,3', rebalance_disk: 'true' } } }),
    );
    expect(rebalance).toMatchObject({ type: 'REBALANCE', brokerIds: [3, 4] });
    expect(operationView(operation({ currentTask: { operation: 'remove_broker', parameters: { brokerid: '5' } } }))?.brokerIds).toEqual([5]);
    expect(operationView(operation({ currentTask: { operation: 'fix_offline_replicas' } }))?.type).toBe('OTHER');
  });

  it('reads the task from its annotation until its status is written', () => {
    const created = operation({});
    created.metadata = {
      ...created.metadata,
      annotations: { 'kafkaplane.io/task': JSON.stringify({ operation: 'add_broker', parameters: { brokerid: '6,7' } }) },
    };
    expect(operationView(created)).toMatchObject({ type: 'ADD_BROKER', operation: 'add_broker', brokerIds: [6, 7], state: 'PENDING' });
  });

  it('estimates the time left from the rate its data moved at so far', () => {
    const view = operationView(
      operation({
        currentTask: { operation: 'remove_broker', state: 'InExecution', id: 'task-1', started: '2026-01-01T00:01:00Z', summary: { 'Data to move': '1000' } },
        progress: {
          phase: 'Executing',
          finishedDataMB: 250,
          totalDataMB: 1000,
          finishedPartitionMovements: 10,
          totalPartitionMovements: 40,
          updated: '2026-01-01T00:01:50Z',
        },
      }),
    );
    // 250 MB in 50 s is 5 MB/s: the 750 MB left take 150 s.
    expect(view?.progress).toMatchObject({ percentDataMoved: 25, dataRemainingMB: 750, partitionsRemaining: 30, estimatedSecondsRemaining: 150 });
    expect(view?.summary).toEqual([{ name: 'Data to move', value: '1000' }]);
    expect(view?.taskId).toBe('task-1');
  });

  it('gives no estimate before any data moved, and none is needed once done', () => {
    const starting = operationView(
      operation({
        currentTask: { operation: 'rebalance', state: 'InExecution', started: '2026-01-01T00:01:00Z' },
        progress: { finishedDataMB: 0, totalDataMB: 1000, updated: '2026-01-01T00:01:05Z' },
      }),
    );
    expect(starting?.progress?.estimatedSecondsRemaining).toBeNull();
    const done = operationView(operation({ currentTask: { operation: 'rebalance', state: 'Completed' }, progress: { finishedDataMB: 0, totalDataMB: 0 } }));
    expect(done?.progress).toMatchObject({ percentDataMoved: 100, estimatedSecondsRemaining: 0 });
  });

  it('shows why the last attempt failed while it waits to be retried, and not once it succeeded', () => {
    const failedTasks = [{ operation: 'remove_broker', state: 'CompletedWithError', errorMessage: 'broker 5 does not exist' }];
    expect(operationView(operation({ currentTask: { operation: 'remove_broker' }, retryCount: 1, failedTasks }))?.error).toBe('broker 5 does not exist');
    expect(operationView(operation({ currentTask: { operation: 'remove_broker', state: 'Completed' }, retryCount: 1, failedTasks }))?.error).toBeNull();
  });

  it('lists newer operations first', () => {
    const older = operationView(operation({}));
    const newer = operationView({ ...operation({}), metadata: { name: 'kafka-rebalance-abc', namespace: 'kafka', creationTimestamp: '2026-01-02T00:00:00Z' } });
    expect((newer?.cursorKey ?? '') < (older?.cursorKey ?? '')).toBe(true);
  });
});
