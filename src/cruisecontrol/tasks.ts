import type { UserTaskInfo, UserTaskStatus } from './resultSchemas.js';

/** Where a user task stands, as an operator needs to know it. */
export type TaskPhase =
  /** Computing (Active): proposals, or the whole request for a GET or a dry run. */
  | 'computing'
  /** Its proposals are being executed (InExecution). */
  | 'executing'
  | 'completed'
  | 'failed'
  /** Not in user_tasks: purged or lost; its outcome is unknown. */
  | 'missing';

export interface TaskView {
  readonly taskId: string;
  readonly phase: TaskPhase;
  /** Status as user_tasks reported it; undefined when missing. */
  readonly status: UserTaskStatus | undefined;
  readonly requestUrl: string | undefined;
  readonly startMs: number | undefined;
  /** The cached final body (fetch_completed_task=true), as text. */
  readonly originalResponse: string | undefined;
  /** What this means for the caller, in words. */
  readonly note: string;
}

export interface TaskContext {
  /**
   * The caller already holds the task's final 200 and the request executes nothing (a GET or a
   * dry run). The servlet's scanner moves such a task out of Active only every 5 s
   * (USER_TASK_SCANNER_PERIOD_SECONDS), so Active then still means done.
   */
  readonly answeredWithoutExecution?: boolean;
}

/** Reads one task out of a user_tasks answer. */
export function viewTask(taskId: string, tasks: readonly UserTaskInfo[], context: TaskContext = {}): TaskView {
  const entry = tasks.find((task) => task.UserTaskId === taskId);
  if (!entry) {
    return {
      taskId,
      phase: 'missing',
      status: undefined,
      requestUrl: undefined,
      startMs: undefined,
      originalResponse: undefined,
      note: 'Cruise Control no longer lists this task: it was purged (max.cached.completed.user.tasks or completed.user.task.retention.time.ms too small) or Cruise Control restarted. Its outcome is unknown; check the cluster before repeating it.',
    };
  }
  const base = { taskId, status: entry.Status, requestUrl: entry.RequestURL, startMs: entry.StartMs, originalResponse: entry.originalResponse };
  switch (entry.Status) {
    case 'Active':
      return context.answeredWithoutExecution
        ? { ...base, phase: 'completed', note: 'Answered; user_tasks still shows it Active until the next 5-second scan.' }
        : { ...base, phase: 'computing', note: 'Cruise Control is computing the proposals.' };
    case 'InExecution':
      return { ...base, phase: 'executing', note: 'Cruise Control is moving replicas and leaders.' };
    case 'Completed':
      return { ...base, phase: 'completed', note: 'Finished: every movement is done.' };
    case 'CompletedWithError':
      return { ...base, phase: 'failed', note: 'Ended with an error or was stopped.' };
  }
}
