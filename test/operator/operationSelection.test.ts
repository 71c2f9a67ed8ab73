import { describe, expect, it } from 'vitest';
import type { KafkaClusterState } from '../../src/cruisecontrol/index.js';
import { OPERATION_FINALIZER, readOperation, type OperationRecord } from '../../src/domain/operationRecord.js';
import { expiry, isAwaitingFinalization, nextStep, type NextStep } from '../../src/operator/operations/selection.js';
import { validateTask, type Validation } from '../../src/operator/operations/validation.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');
const BACKOFF_MS = 30_000;

interface Shape {
  operation: string;
  parameters?: Record<string, string>;
  state?: string;
  id?: string;
  finished?: string;
  marker?: string;
  created?: string;
  paused?: boolean;
  deleting?: boolean;
  finalizer?: boolean;
  errorPolicy?: 'retry' | 'ignore';
  retryRequestedAt?: string;
  ttl?: number;
}

function record(name: string, shape: Shape): OperationRecord {
  return readOperation({
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: shape.created ?? '2026-01-01T00:00:00Z',
      labels: { kafka_cr: 'kafka', ...(shape.paused === true ? { pause: 'true' } : {}) },
      ...(shape.deleting === true ? { deletionTimestamp: '2026-01-01T00:09:00Z' } : {}),
      ...(shape.finalizer === true ? { finalizers: [OPERATION_FINALIZER] } : {}),
      ...(shape.retryRequestedAt !== undefined ? { annotations: { 'kafkaplane.io/retry-requested': shape.retryRequestedAt } } : {}),
    },
    spec: { errorPolicy: shape.errorPolicy ?? 'retry', ...(shape.ttl !== undefined ? { ttlSecondsAfterFinished: shape.ttl } : {}) },
    status: {
      currentTask: {
        operation: shape.operation,
        parameters: shape.parameters ?? {},
        ...(shape.state !== undefined ? { state: shape.state } : {}),
        ...(shape.id !== undefined ? { id: shape.id } : {}),
        ...(shape.finished !== undefined ? { finished: shape.finished } : {}),
      },
      ...(shape.marker !== undefined ? { requestMarker: shape.marker } : {}),
    },
  });
}

/** The step, by the names of the records it acts on. */
function named(step: NextStep): string {
  switch (step.kind) {
    case 'stop':
      return `stop ${step.request.name}, pausing [${step.interrupted.map((r) => r.name).join(', ')}]`;
    case 'start':
      return `start ${step.record.name}`;
    default:
      return step.kind;
  }
}

describe('choosing the next operation to send', () => {
  const failedAt = (msAgo: number): string => new Date(NOW - msAgo).toISOString();
  const asked = (name: string, operation: string, created = '2026-01-01T00:00:00Z'): OperationRecord => record(name, { operation, created });
  const failed = (name: string, operation: string, msAgo: number, extra: Partial<Shape> = {}): OperationRecord =>
    record(name, { operation, state: 'CompletedWithError', id: 't1', finished: failedAt(msAgo), ...extra });
  const cases: Array<{ name: string; records: OperationRecord[]; expected: string }> = [
    { name: 'nothing asked for: nothing to send', records: [], expected: 'none' },
    {
      name: 'a higher priority first: remove_broker before rebalance, though asked later',
      records: [asked('rebalance', 'rebalance'), asked('remove', 'remove_broker', '2026-01-01T00:05:00Z')],
      expected: 'start remove',
    },
    {
      name: 'among equals, the older first',
      records: [asked('later', 'remove_disks', '2026-01-01T00:05:00Z'), asked('earlier', 'remove_disks', '2026-01-01T00:01:00Z')],
      expected: 'start earlier',
    },
    {
      name: 'a first add_broker goes before a retry whose back-off passed',
      records: [failed('retry', 'remove_broker', 60_000), asked('add', 'add_broker')],
      expected: 'start add',
    },
    {
      name: 'a retry whose back-off passed goes before a first execution of lower priority',
      records: [failed('retry', 'rebalance', 60_000), asked('remove', 'remove_broker')],
      expected: 'start retry',
    },
    {
      name: 'a retry still in its back-off waits; the first execution goes',
      records: [failed('retry', 'remove_broker', 10_000), asked('rebalance', 'rebalance')],
      expected: 'start rebalance',
    },
    {
      name: 'a retry asked for by hand after the failure skips the back-off',
      records: [failed('retry', 'remove_broker', 10_000, { retryRequestedAt: failedAt(5_000) })],
      expected: 'start retry',
    },
    {
      name: 'a failure under errorPolicy ignore is finished, never retried',
      records: [record('ignored', { operation: 'remove_broker', state: 'CompletedWithError', id: 't1', finished: failedAt(60_000), errorPolicy: 'ignore' })],
      expected: 'none',
    },
    { name: 'a paused operation is left alone', records: [record('paused', { operation: 'remove_broker', paused: true })], expected: 'none' },
    { name: 'an operation being deleted is not started', records: [record('deleted', { operation: 'remove_broker', deleting: true })], expected: 'none' },
    {
      name: 'one execution at a time: nothing starts while a task runs',
      records: [record('running', { operation: 'rebalance', state: 'InExecution', id: 't1' }), record('add', { operation: 'add_broker' })],
      expected: 'busy',
    },
    {
      name: 'a request sent but not confirmed may be running: nothing starts',
      records: [record('sent', { operation: 'rebalance', marker: 'kafkaplane-uid-0' }), record('add', { operation: 'add_broker' })],
      expected: 'busy',
    },
    {
      name: 'a stop goes even while a task runs, and pauses what it interrupts',
      records: [record('running', { operation: 'rebalance', state: 'InExecution', id: 't1' }), record('stop', { operation: 'stop_proposal_execution' })],
      expected: 'stop stop, pausing [running]',
    },
    {
      name: "Koperator's internal status operations are not run",
      records: [record('status', { operation: 'status', state: 'Active', id: 't1' }), record('remove', { operation: 'remove_broker' })],
      expected: 'start remove',
    },
  ];
  it.each(cases)('$name', ({ records, expected }) => {
    expect(named(nextStep(records, NOW, BACKOFF_MS))).toBe(expected);
  });
});

describe('operations left behind', () => {
  it.each([
    { name: 'a completed operation past its TTL is deleted', shape: { state: 'Completed', finished: '2026-01-01T00:09:00Z', ttl: 30 }, due: true },
    { name: 'one within its TTL is looked at when it is due', shape: { state: 'Completed', finished: '2026-01-01T00:09:50Z', ttl: 30 }, nextInMs: 20_000 },
    { name: 'one without a TTL stays', shape: { state: 'Completed', finished: '2026-01-01T00:00:00Z' } },
    { name: 'a failure to be retried is not done, so it stays', shape: { state: 'CompletedWithError', id: 't1', finished: '2026-01-01T00:00:00Z', ttl: 0 } },
  ])('$name', ({ shape, due = false, nextInMs }: { shape: Partial<Shape>; due?: boolean; nextInMs?: number }) => {
    const found = expiry([record('op', { operation: 'remove_broker', ...shape })], NOW);
    expect(found.due.length > 0).toBe(due);
    expect(found.nextInMs).toBe(nextInMs);
  });

  it('waits on the runner to let go only of a record being deleted that still carries its finalizer', () => {
    expect(isAwaitingFinalization(record('a', { operation: 'rebalance', deleting: true, finalizer: true }))).toBe(true);
    expect(isAwaitingFinalization(record('b', { operation: 'rebalance', deleting: true }))).toBe(false);
    expect(isAwaitingFinalization(record('c', { operation: 'rebalance', finalizer: true }))).toBe(false);
  });
});

function clusterState(brokers: Record<number, string[]>): KafkaClusterState {
  const ids = Object.keys(brokers);
  const zero = Object.fromEntries(ids.map((id) => [id, 0]));
  return {
    KafkaBrokerState: {
      LeaderCountByBrokerId: zero,
      OutOfSyncCountByBrokerId: zero,
      ReplicaCountByBrokerId: zero,
      OnlineLogDirsByBrokerId: Object.fromEntries(Object.entries(brokers)),
      OfflineLogDirsByBrokerId: Object.fromEntries(ids.map((id) => [id, []])),
    },
    KafkaPartitionState: { offline: [], urp: [], 'under-min-isr': [] },
  };
}

describe('checking a request against what Cruise Control reports', () => {
  const dirs = { 0: ['/kafka-logs/kafka'], 1: ['/kafka-logs/kafka', '/disk2/kafka'], 2: ['/kafka-logs/kafka'] };
  const CONFIRMED = '(Kafka is asked to confirm before anything is deleted)';
  const cases: Array<{ name: string; operation: string; parameters: Record<string, string>; brokers: Record<number, string[]>; expected: Validation }> = [
    {
      name: 'add_broker waits for a broker Cruise Control does not see yet',
      operation: 'add_broker',
      parameters: { brokerid: '3,4' },
      brokers: dirs,
      expected: { wait: 'Cruise Control does not see brokers 3, 4 yet; it will once they run and reports metrics' },
    },
    {
      name: 'add_broker goes once every broker is seen',
      operation: 'add_broker',
      parameters: { brokerid: '2' },
      brokers: dirs,
      expected: { task: { operation: 'add_broker', parameters: { brokerid: '2' } } },
    },
    {
      name: 'a rebalance waits for a broker without an online log dir',
      operation: 'rebalance',
      parameters: { destination_broker_ids: '1,2' },
      brokers: { ...dirs, 2: [] },
      expected: { wait: 'Cruise Control reports no online log dir on broker 2 yet' },
    },
    {
      name: 'remove_broker drops the brokers already gone',
      operation: 'remove_broker',
      parameters: { brokerid: '2,5', exclude_recently_removed_brokers: 'true' },
      brokers: dirs,
      expected: { task: { operation: 'remove_broker', parameters: { brokerid: '2', exclude_recently_removed_brokers: 'true' } } },
    },
    {
      name: 'remove_broker of brokers all gone completes without a task',
      operation: 'remove_broker',
      parameters: { brokerid: '5,6' },
      brokers: dirs,
      expected: { nothingToDo: `Cruise Control knows none of brokers 5, 6: nothing left to move ${CONFIRMED}` },
    },
    {
      name: 'remove_disks drops the log dirs no longer online',
      operation: 'remove_disks',
      parameters: { brokerid_and_logdirs: '1-/disk2/kafka,1-/disk3/kafka' },
      brokers: dirs,
      expected: { task: { operation: 'remove_disks', parameters: { brokerid_and_logdirs: '1-/disk2/kafka' } } },
    },
    {
      name: 'remove_disks of log dirs all gone completes without a task',
      operation: 'remove_disks',
      parameters: { brokerid_and_logdirs: '1-/disk3/kafka' },
      brokers: dirs,
      expected: { nothingToDo: `Cruise Control reports none of 1-/disk3/kafka online: nothing left to move ${CONFIRMED}` },
    },
    {
      name: 'a stop is sent as it is',
      operation: 'stop_proposal_execution',
      parameters: {},
      brokers: {},
      expected: { task: { operation: 'stop_proposal_execution', parameters: {} } },
    },
  ];
  it.each(cases)('$name', ({ operation, parameters, brokers, expected }) => {
    expect(validateTask({ operation, parameters }, clusterState(brokers))).toEqual(expected);
  });
});
