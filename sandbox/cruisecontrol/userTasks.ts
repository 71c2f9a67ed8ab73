import { randomUUID } from 'node:crypto';
import type { Clock, ClockTimer } from '../clock.js';
import type { Endpoint, EndpointType } from './endpoints.js';
import { CruiseControlError } from './errors.js';

export type TaskStatus = 'Active' | 'InExecution' | 'Completed' | 'CompletedWithError';

/** A finished request's answer, kept to replay on re-polls and in `originalResponse`. */
export interface TaskResult {
  readonly status: number;
  readonly body: string;
  readonly json: boolean;
  readonly failed: boolean;
}

export interface ProgressStep {
  readonly step: string;
  readonly description: string;
  readonly startMs: number;
  endMs: number | null;
}

export class UserTask {
  status: TaskStatus = 'Active';
  result: TaskResult | undefined;
  /** When the operation finished; the task stays Active until the next scan (UserTaskManager). */
  finishedMs: number | null = null;
  /** Whether it ended well, applied at the scan or when its execution ends. */
  outcome: 'Completed' | 'CompletedWithError' | null = null;
  readonly steps: ProgressStep[] = [];
  readonly #waiters = new Set<() => void>();

  constructor(
    readonly id: string,
    readonly endpoint: Endpoint,
    readonly method: string,
    readonly path: string,
    /** The parameters as sent, sorted by name: a re-poll must bring exactly the same set. */
    readonly paramKey: string,
    readonly requestUrl: string,
    readonly clientIdentity: string,
    readonly startMs: number,
  ) {}

  /** Enters a progress step, closing the previous one. */
  step(now: number, step: string, description: string): void {
    const last = this.steps[this.steps.length - 1];
    if (last && last.endMs === null) last.endMs = now;
    this.steps.push({ step, description, startMs: now, endMs: null });
  }

  settle(result: TaskResult, now: number): void {
    this.result = result;
    this.finishedMs = now;
    const last = this.steps[this.steps.length - 1];
    if (last && last.endMs === null) last.endMs = now;
    for (const w of this.#waiters) w();
    this.#waiters.clear();
  }

  /** Resolves when the result is there, or after `realMs` of real time (webserver.request.maxBlockTimeMs). */
  wait(realMs: number): Promise<void> {
    if (this.result) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, realMs);
      this.#waiters.add(done);
    });
  }
}

export interface UserTaskManagerOptions {
  /** max.active.user.tasks, default 5. */
  readonly maxActiveTasks?: number;
  /** completed.user.task.retention.time.ms, default 24 h. */
  readonly retentionMs?: number;
  /** max.cached.completed.user.tasks per endpoint type, default 25. */
  readonly maxCachedCompletedTasks?: number;
  /** USER_TASK_SCANNER_PERIOD_SECONDS: 5 s. */
  readonly scanPeriodMs?: number;
}

/**
 * User tasks as UserTaskManager keeps them: created per request, found again by the
 * User-Task-ID header for the same request, moved from Active to done by a scan every 5 s,
 * and purged after their retention or beyond the cache size of their endpoint type.
 */
export class UserTaskManager {
  readonly #tasks = new Map<string, UserTask>();
  readonly #scanner: ClockTimer;
  readonly maxActiveTasks: number;
  readonly #retentionMs: number;
  readonly #maxCompleted: number;

  constructor(
    private readonly clock: Clock,
    options: UserTaskManagerOptions = {},
  ) {
    this.maxActiveTasks = options.maxActiveTasks ?? 5;
    this.#retentionMs = options.retentionMs ?? 24 * 3600_000;
    this.#maxCompleted = options.maxCachedCompletedTasks ?? 25;
    this.#scanner = clock.setInterval(() => this.scan(), options.scanPeriodMs ?? 5000);
  }

  close(): void {
    this.#scanner.cancel();
  }

  /** The task a re-poll names; a header that matches no task of this very request is a 500. */
  find(header: string, method: string, path: string, paramKey: string): UserTask {
    if (!/^[0-9a-fA-F]{1,8}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,12}$/.test(header)) {
      throw new CruiseControlError(500, `Invalid UUID string: ${header}`);
    }
    const task = this.#tasks.get(header.toLowerCase());
    if (!task || task.method !== method || task.path !== path || task.paramKey !== paramKey) {
      // UserTaskManager swaps the header's name and value in this message.
      throw new CruiseControlError(
        500,
        `Error processing ${method} request '${path.slice(path.lastIndexOf('/'))}' due to: 'Unexpected header ${header} (value: User-Task-ID) in the request.'.`,
      );
    }
    return task;
  }

  create(endpoint: Endpoint, method: string, path: string, params: ReadonlyArray<readonly [string, string]>, clientIdentity: string): UserTask {
    const active = [...this.#tasks.values()].filter((t) => t.status === 'Active').length;
    if (active >= this.maxActiveTasks) {
      throw new CruiseControlError(500, `There are already ${active} active user tasks, which has reached the servlet capacity.`);
    }
    const query = params.map(([k, v]) => `${k}=${v}`).join('&');
    const task = new UserTask(
      randomUUID(),
      endpoint,
      method,
      path,
      paramKey(params),
      `${method} ${path}${query ? `?${query}` : ''}`,
      clientIdentity,
      this.clock.now(),
    );
    this.#tasks.set(task.id, task);
    return task;
  }

  /** The task's execution began: Active → InExecution (Executor.markTaskExecutionBegan). */
  markInExecution(task: UserTask): void {
    task.status = 'InExecution';
  }

  /** The operation ended; an InExecution task takes its final status at once, an Active one at the next scan. */
  finish(task: UserTask, outcome: 'Completed' | 'CompletedWithError'): void {
    task.outcome = outcome;
    if (task.status === 'InExecution') {
      task.status = outcome;
      task.finishedMs = this.clock.now();
    }
  }

  /** Active, then in execution, then completed tasks (UserTaskManager.getAllUserTasks). */
  list(): UserTask[] {
    const all = [...this.#tasks.values()];
    const order: TaskStatus[] = ['Active', 'InExecution', 'Completed', 'CompletedWithError'];
    return all.sort((a, b) => Math.min(order.indexOf(a.status), 2) - Math.min(order.indexOf(b.status), 2) || a.startMs - b.startMs);
  }

  scan(): void {
    const now = this.clock.now();
    for (const task of this.#tasks.values()) {
      if (task.status === 'Active' && task.outcome !== null) task.status = task.outcome;
    }
    const byType = new Map<EndpointType, UserTask[]>();
    for (const task of this.#tasks.values()) {
      if (task.status !== 'Completed' && task.status !== 'CompletedWithError') continue;
      if (now - (task.finishedMs ?? now) > this.#retentionMs) {
        this.#tasks.delete(task.id);
        continue;
      }
      byType.set(task.endpoint.type, [...(byType.get(task.endpoint.type) ?? []), task]);
    }
    for (const done of byType.values()) {
      done.sort((a, b) => (b.finishedMs ?? 0) - (a.finishedMs ?? 0));
      for (const old of done.slice(this.#maxCompleted)) this.#tasks.delete(old.id);
    }
  }
}

export function paramKey(params: ReadonlyArray<readonly [string, string]>): string {
  return JSON.stringify([...params].map(([k, v]) => `${k}=${v}`).sort());
}
