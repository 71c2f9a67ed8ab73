/**
 * How an operation's status changes as its task moves through Cruise Control: claimed, sent,
 * computing, executing, completed or failed. Koperator writes the same fields in its
 * CruiseControlOperation controller (controllers/cruisecontroloperation_controller.go);
 * `progress`, `requestMarker` and `message` are kafkaplane's additions. Pure: each function
 * returns the change and the Event to record, and the runner writes them.
 */
import stringify from 'safe-stable-stringify';
import type { AsyncOutcome, ExecutorState, OptimizationResult, TaskView, UserTaskInfo } from '../../cruisecontrol/index.js';
import type { CruiseControlOperationStatus, CruiseControlTask, OperationProgress } from '../../k8s/crd/index.js';
import { taskState, type OperationRecord, type RequestedTask } from '../../domain/operationRecord.js';

/** Koperator keeps the last 50 failed attempts (its failedTasks cap). */
const FAILED_TASKS_KEPT = 50;

export interface OperationEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface StatusChange {
  /** Merged into the status (nothing is written when it changes nothing). */
  change: Partial<CruiseControlOperationStatus>;
  event?: OperationEvent;
}

const operationOf = (record: OperationRecord): string => record.task?.operation ?? '';

/** Koperator's layout: the operation and its parameters in status.currentTask, before anything is sent. */
export function taskWritten(record: OperationRecord): Partial<CruiseControlOperationStatus> | undefined {
  if (record.status.currentTask?.operation !== undefined || record.task === undefined) return undefined;
  return { currentTask: { operation: record.task.operation, parameters: record.task.parameters }, errorPolicy: record.errorPolicy };
}

/** A task sent before a crash, found again in user_tasks by its marker. */
export function recovered(record: OperationRecord, found: UserTaskInfo): Partial<CruiseControlOperationStatus> {
  return { currentTask: { ...record.status.currentTask, operation: operationOf(record), id: found.UserTaskId, state: found.Status } };
}

/** The status without the marker of a request that never reached Cruise Control: it may be sent again. */
export function withoutMarker(status: CruiseControlOperationStatus): CruiseControlOperationStatus {
  const { requestMarker: _marker, ...rest } = status;
  return rest;
}

/**
 * Why a claimed request is sent again: no task of Cruise Control carries its marker. Either it
 * never arrived, or the Cruise Control that took it restarted and forgot it (its user tasks live
 * in memory), so nothing of it runs any more.
 */
export function requestLost(record: OperationRecord, marker: string): OperationEvent {
  return {
    type: 'Warning',
    reason: 'OperationRequestLost',
    message: `Cruise Control lists no task sent under ${marker} (the request never arrived, or Cruise Control restarted since): ${operationOf(record)} will be sent again`,
  };
}

/** Cruise Control's executor progress, when it is executing this task. */
export function executorProgress(state: ExecutorState | undefined, taskId: string): OperationProgress | undefined {
  if (state?.triggeredUserTaskId !== taskId) return undefined;
  return definedOnly({
    finishedPartitionMovements: state.numFinishedPartitionMovements,
    totalPartitionMovements: state.numTotalPartitionMovements,
    finishedDataMB: state.finishedDataMovement,
    totalDataMB: state.totalDataToMove,
    finishedLeaderMovements: state.numFinishedLeadershipMovements,
    totalLeaderMovements: state.numTotalLeadershipMovements,
  });
}

/** What user_tasks reports of a task in flight, as a status change; `executor` is its progress, if executing. */
export function followed(record: OperationRecord, view: TaskView, executor: OperationProgress | undefined, now: string): StatusChange {
  const id = view.taskId;
  const operation = operationOf(record);
  switch (view.phase) {
    case 'computing':
    case 'executing': {
      const state = view.phase === 'computing' ? 'Active' : 'InExecution';
      const { updated: _previous, ...before } = record.status.progress ?? {};
      const progress = { ...before, ...(executor ?? {}), phase: view.phase === 'computing' ? 'Computing' : 'Executing' };
      // The time of the last change, not of the last look: a quiet poll writes nothing.
      const changed = stringify(progress) !== stringify(before);
      const doing = view.phase === 'computing' ? 'computing its proposals' : 'moving data';
      return {
        change: { currentTask: { ...record.status.currentTask, operation, state }, ...(changed ? { progress: { ...progress, updated: now } } : {}) },
        ...(taskState(record) !== state ? { event: { type: 'Normal', reason: 'OperationRunning', message: `${operation} task ${id} is ${doing}` } } : {}),
      };
    }
    case 'completed':
      return {
        change: {
          currentTask: { ...record.status.currentTask, operation, state: 'Completed', finished: now },
          progress: { ...record.status.progress, ...completedProgress(record.status.progress), phase: 'Completed', updated: now },
        },
        event: { type: 'Normal', reason: 'OperationSucceeded', message: `${operation} task ${id} completed` },
      };
    case 'failed':
      return failed(record, `task ${id} ended with an error or was stopped`, now);
    case 'missing': {
      const then = record.errorPolicy === 'retry' ? 'retried with fresh parameters' : 'not retried (errorPolicy ignore)';
      return failed(record, `Cruise Control no longer knows task ${id} (it restarted, or purged the task); it is treated as failed and ${then}`, now);
    }
  }
}

/** The attempt ended with an error: kept in failedTasks, and retried or not by errorPolicy. */
export function failed(record: OperationRecord, message: string, now: string): StatusChange {
  const failedTask: CruiseControlTask = {
    ...record.status.currentTask,
    operation: operationOf(record),
    state: 'CompletedWithError',
    finished: now,
    errorMessage: message,
  };
  return {
    change: {
      currentTask: failedTask,
      failedTasks: [...(record.status.failedTasks ?? []), failedTask].slice(-FAILED_TASKS_KEPT),
      progress: { ...record.status.progress, phase: 'Failed', updated: now },
    },
    event: { type: 'Warning', reason: 'OperationFailed', message: `${operationOf(record)}: ${message}` },
  };
}

/** Completed without a task: Cruise Control reports nothing left to move. */
export function nothingToDo(task: RequestedTask, why: string, now: string): StatusChange {
  return {
    change: { currentTask: { operation: task.operation, parameters: task.parameters, state: 'Completed', started: now, finished: now }, message: why },
    event: { type: 'Normal', reason: 'OperationSucceeded', message: `${task.operation}: ${why}` },
  };
}

/**
 * The status written, conditionally, before a request goes out: the attempt's marker (sent as
 * Cruise Control's `reason`, so that a task whose id was never stored is found again) and its count.
 */
export function claimed(record: OperationRecord, task: RequestedTask, now: string): { status: CruiseControlOperationStatus; marker: string; retry: boolean } {
  const retry = taskState(record) === 'CompletedWithError';
  const retryCount = (record.status.retryCount ?? 0) + (retry ? 1 : 0);
  const marker = `kafkaplane-${record.uid}-${retryCount}`;
  const { message: _message, ...kept } = record.status;
  return {
    status: {
      ...kept,
      currentTask: { operation: task.operation, parameters: task.parameters, started: now },
      requestMarker: marker,
      retryCount,
      errorPolicy: record.errorPolicy,
      progress: { phase: 'Computing', updated: now },
    },
    marker,
    retry,
  };
}

/** Cruise Control answered: the task id and where it stands (200: executing; 202: still computing). */
export function sent(record: OperationRecord, outcome: Exclude<AsyncOutcome<OptimizationResult>, { state: 'parked' }>, retry: boolean): StatusChange {
  const done = outcome.state === 'done';
  const summary = done ? summaryOf(outcome.result) : undefined;
  const operation = operationOf(record);
  const attempt = retry ? ` (retry ${record.status.retryCount ?? 0})` : '';
  return {
    change: {
      currentTask: {
        ...record.status.currentTask,
        operation,
        id: outcome.taskId,
        state: done ? 'InExecution' : 'Active',
        httpResponseCode: done ? 200 : 202,
        ...(summary ? { summary } : {}),
      },
    },
    event: { type: 'Normal', reason: 'OperationStarted', message: `${operation} sent to Cruise Control as task ${outcome.taskId}${attempt}` },
  };
}

/** A stop_proposal_execution is answered at once: it completed. */
export function stopped(record: OperationRecord, now: string): StatusChange {
  return {
    change: {
      currentTask: { ...record.status.currentTask, operation: operationOf(record), state: 'Completed', finished: now },
      progress: { ...record.status.progress, phase: 'Completed', updated: now },
    },
    event: { type: 'Normal', reason: 'OperationSucceeded', message: 'the running execution was asked to stop' },
  };
}

/** A request Cruise Control refused before starting anything: the claim is released (the status as before it), and nothing failed. */
export function released(before: CruiseControlOperationStatus, why: string): CruiseControlOperationStatus {
  return { ...before, message: `waiting: ${why}` };
}

export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function completedProgress(progress: OperationProgress | undefined): OperationProgress {
  if (progress === undefined) return {};
  return definedOnly({
    finishedPartitionMovements: progress.totalPartitionMovements,
    finishedDataMB: progress.totalDataMB,
    finishedLeaderMovements: progress.totalLeaderMovements,
  });
}

/** Koperator's summary keys (its CruiseControlOperation status, api/v1alpha1/cruisecontroloperation_types.go). */
function summaryOf(result: OptimizationResult): Record<string, string> {
  const s = result.summary;
  return {
    'Data to move': String(s.dataToMoveMB),
    'Number of replica movements': String(s.numReplicaMovements),
    'Intra broker data to move': String(s.intraBrokerDataToMoveMB),
    'Number of intra broker replica movements': String(s.numIntraBrokerReplicaMovements),
    'Number of leader movements': String(s.numLeaderMovements),
    'Recent windows': String(s.recentWindows),
    ...(s.provisionRecommendation !== undefined ? { 'Provision recommendation': s.provisionRecommendation } : {}),
  };
}
