/**
 * What a pass of the runner does with a cluster's operations, decided from the records as they
 * stand and the time: which records it follows, which it lets go, which it deletes, and which
 * one it sends next. Koperator's CruiseControlOperation controller
 * (controllers/cruisecontroloperation_controller.go) and its TTL controller
 * (controllers/cruisecontroloperation_ttl_controller.go) decide the same. Pure: the runner
 * lists the records and asks Cruise Control, then carries the decision out.
 */
import {
  isDone,
  isInProgress,
  isUnconfirmed,
  OPERATION_FINALIZER,
  OPERATION_PRIORITY,
  taskState,
  type OperationRecord,
  type RequestedTask,
} from '../../domain/operationRecord.js';

/** The records the runner runs: those naming a task, but not Koperator's internal `status` operations. */
export function isRunnable(record: OperationRecord): boolean {
  return record.task !== undefined && record.task.operation !== 'status';
}

/** Records not done yet, or being deleted: what Cruise Control is asked about in a pass. */
export function isActive(record: OperationRecord): boolean {
  return !isDone(record) || record.deleting;
}

/** Records whose deletion waits on the runner: the task is stopped first, then the finalizer goes. */
export function isAwaitingFinalization(record: OperationRecord): boolean {
  return record.deleting && record.finalizers.includes(OPERATION_FINALIZER);
}

/**
 * The next request of a pass:
 * - `stop`: a stop_proposal_execution asked for; it goes even while an execution runs, and the
 *   operations it interrupts are paused;
 * - `start`: the record to send (its parameters are checked against Cruise Control first);
 * - `busy`: a task of the cluster is in flight, or may be (sent, its id not stored): nothing new;
 * - `none`: nothing to send now (or only retries still in their back-off).
 */
export type NextStep =
  | { kind: 'stop'; request: OperationRecord; task: RequestedTask; interrupted: OperationRecord[] }
  | { kind: 'start'; record: OperationRecord; task: RequestedTask }
  | { kind: 'busy' }
  | { kind: 'none' };

/** Koperator's order: priority (add_broker 3 … rebalance 0), then the older first. */
function byPriority(a: OperationRecord, b: OperationRecord): number {
  return (OPERATION_PRIORITY[b.task?.operation ?? ''] ?? -1) - (OPERATION_PRIORITY[a.task?.operation ?? ''] ?? -1) || a.createdAt.localeCompare(b.createdAt);
}

/**
 * Koperator's selection: a stop first; then a first execution of add_broker; then the first
 * retry whose back-off has passed (a retry asked for by hand after the failure runs at once);
 * then the first of the first executions. One execution per cluster at a time.
 */
export function nextStep(listed: readonly OperationRecord[], now: number, retryBackoffMs: number): NextStep {
  const records = listed.filter(isRunnable);
  const runnable = records.filter((r) => !isDone(r) && !r.deleting && !r.paused);
  const stop = runnable.find((r) => r.task?.operation === 'stop_proposal_execution' && taskState(r) === undefined && !isUnconfirmed(r));
  if (stop?.task !== undefined) return { kind: 'stop', request: stop, task: stop.task, interrupted: records.filter(isInProgress) };
  if (records.some((r) => isInProgress(r) || isUnconfirmed(r))) return { kind: 'busy' };
  const firsts = runnable.filter((r) => taskState(r) === undefined).sort(byPriority);
  const retries = runnable
    .filter((r) => taskState(r) === 'CompletedWithError' && r.errorPolicy === 'retry')
    .filter((r) => {
      const finished = Date.parse(r.status.currentTask?.finished ?? '');
      return finished + retryBackoffMs <= now || Date.parse(r.retryRequestedAt ?? '') >= finished;
    })
    .sort(byPriority);
  const next = firsts.find((r) => r.task?.operation === 'add_broker') ?? retries[0] ?? firsts[0];
  return next?.task === undefined ? { kind: 'none' } : { kind: 'start', record: next, task: next.task };
}

/** Done records whose ttlSecondsAfterFinished has passed, and when the next one will have. */
export function expiry(records: readonly OperationRecord[], now: number): { due: OperationRecord[]; nextInMs: number | undefined } {
  const due: OperationRecord[] = [];
  let nextInMs: number | undefined;
  for (const record of records) {
    if (!isDone(record) || record.ttlSecondsAfterFinished === undefined || record.deleting) continue;
    const finished = Date.parse(record.status.currentTask?.finished ?? '');
    if (Number.isNaN(finished)) continue;
    const dueIn = finished + record.ttlSecondsAfterFinished * 1000 - now;
    if (dueIn <= 0) due.push(record);
    else nextInMs = Math.min(nextInMs ?? dueIn, dueIn);
  }
  return { due, nextInMs };
}
