/**
 * Runs one cluster's CruiseControlOperations against its Cruise Control, as Koperator's
 * CruiseControlOperation controller does (koperator.md §2.7): one execution at a time, picked by
 * priority and age; tasks followed through user_tasks; retries after a back-off under
 * errorPolicy retry; paused records left alone; finished ones deleted after their TTL.
 *
 * Crash safety: before a request goes out, a marker is written to the record with the version
 * read (a second replica or a lagging cache gets a 409 and sends nothing); the marker travels as
 * Cruise Control's `reason`, so a task whose id was never stored is found again in user_tasks
 * instead of being sent twice. Parameters are re-validated against what Cruise Control reports
 * before every attempt (koperator#685, adobe/koperator#325).
 */
import { ApiException, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import stringify from 'safe-stable-stringify';
import type { CruiseControlClient, KafkaClusterState, OptimizationResult } from '../../cruisecontrol/index.js';
import { sendTask } from './taskRequest.js';
import { CruiseControlError } from '../../cruisecontrol/index.js';
import { PAUSE_LABEL, type CruiseControlOperationStatus, type CruiseControlTask, type OperationProgress } from '../../k8s/crd/index.js';
import type { EventRecorder } from '../../k8s/events.js';
import type { Logger } from '../../logging.js';
import { OPERATION_API } from '../../domain/apis.js';
import type { ClusterRef } from '../../domain/labels.js';
import {
  brokerIdsOf,
  isDone,
  isInProgress,
  isUnconfirmed,
  logDirsOf,
  OPERATION_FINALIZER,
  OPERATION_PRIORITY,
  readOperation,
  taskState,
  type OperationRecord,
  type RequestedTask,
} from '../../domain/operationRecord.js';

export interface OperationRunnerOptions {
  kubeConfig: KubeConfig;
  cruiseControl: (cluster: ClusterRef) => CruiseControlClient | undefined;
  events: EventRecorder;
  logger: Logger;
  /** How often a running task is polled (Koperator: 10 s). */
  pollIntervalMs?: number;
  /** How long after a failure a retry waits (Koperator: 30 s). */
  retryBackoffMs?: number;
  now?: () => Date;
}

/** Errors that mean "not now", not "failed": the request is tried again later, unchanged. */
const NOT_READY_CODES = new Set(['CC_NOT_ENOUGH_VALID_WINDOWS', 'CC_MONITOR_NOT_READY', 'CC_TOO_MANY_USER_TASKS', 'CC_ONGOING_EXECUTION', 'CC_UNAVAILABLE', 'CC_TIMEOUT', 'CC_ABORTED']);
const FAILED_TASKS_KEPT = 50;

export class OperationRunner {
  private readonly api: CustomObjectsApi;
  private readonly pollIntervalMs: number;
  private readonly retryBackoffMs: number;
  /** The pass each record was read in: once it aborts (leadership lost), nothing more is written. */
  private readonly passOf = new WeakMap<OperationRecord, AbortSignal>();

  constructor(private readonly options: OperationRunnerOptions) {
    this.api = options.kubeConfig.makeApiClient(CustomObjectsApi);
    this.pollIntervalMs = options.pollIntervalMs ?? 10_000;
    this.retryBackoffMs = options.retryBackoffMs ?? 30_000;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** The cluster's operations, read from the API: a decision to send must not rest on a lagging cache. */
  async list(cluster: ClusterRef, signal?: AbortSignal): Promise<OperationRecord[]> {
    const answer = (await this.api.listNamespacedCustomObject({ ...OPERATION_API, namespace: cluster.namespace, labelSelector: `kafka_cr=${cluster.name}` })) as { items?: unknown[] };
    const records = (answer.items ?? []).map((item) => readOperation(item as Parameters<typeof readOperation>[0]));
    if (signal) for (const record of records) this.passOf.set(record, signal);
    return records;
  }

  /** A replica that lost the lease stops at once: no write after its pass was aborted. */
  private checkLeading(record: OperationRecord): void {
    if (this.passOf.get(record)?.aborted === true) throw new Error('this replica stopped leading: the pass ends without writing');
  }

  /** One pass; returns when to look again (undefined: nothing left to follow). */
  async run(cluster: ClusterRef, signal: AbortSignal): Promise<number | undefined> {
    const records = (await this.list(cluster, signal)).filter((r) => r.task !== undefined && r.task.operation !== 'status');
    if (records.length === 0) return undefined;
    const cc = this.options.cruiseControl(cluster);
    for (const record of records) {
      if (record.status.currentTask?.operation === undefined && record.task) await this.writeStatus(record, { currentTask: { operation: record.task.operation, parameters: record.task.parameters }, errorPolicy: record.errorPolicy });
    }
    const active = records.filter((r) => !isDone(r) || r.deleting);
    if (active.length === 0) return this.expire(records);
    if (cc === undefined) {
      for (const record of active) await this.wait(record, 'no Cruise Control is known for this cluster (spec.cruiseControlConfig.cruiseControlEndpoint, or its Service)');
      return this.pollIntervalMs;
    }
    try {
      await this.follow(cluster, cc, active, signal);
      await this.finalize(cc, active, signal);
      const fresh = (await this.list(cluster, signal)).filter((r) => r.task !== undefined && r.task.operation !== 'status');
      if (signal.aborted) return undefined;
      await this.startNext(cluster, cc, fresh, signal);
      const expireIn = await this.expire(fresh);
      const following = fresh.some((r) => !isDone(r));
      return following ? this.pollIntervalMs : expireIn;
    } catch (err) {
      if (err instanceof CruiseControlError && NOT_READY_CODES.has(err.code)) {
        for (const record of active.filter((r) => !isInProgress(r))) await this.wait(record, `Cruise Control cannot be asked now: ${err.message}`);
        return this.pollIntervalMs;
      }
      throw err;
    }
  }

  /** Polls user_tasks for every task in flight, and finds again a task sent but not recorded. */
  private async follow(cluster: ClusterRef, cc: CruiseControlClient, records: readonly OperationRecord[], signal: AbortSignal): Promise<void> {
    const unconfirmed = records.filter(isUnconfirmed);
    if (unconfirmed.length > 0) {
      const listed = await cc.userTasks({ signal });
      for (const record of unconfirmed) {
        const marker = record.status.requestMarker ?? '';
        const found = listed.find((t) => t.RequestURL.includes(marker));
        if (found) {
          this.options.logger.info({ cluster: cluster.name, operation: record.name, taskId: found.UserTaskId }, 'found the task sent before a restart');
          await this.writeStatus(record, { currentTask: { ...record.status.currentTask, operation: record.task?.operation ?? '', id: found.UserTaskId, state: found.Status === 'Active' ? 'Active' : found.Status } });
        } else {
          // Never reached Cruise Control (or Cruise Control restarted since): safe to send again.
          const { requestMarker: _marker, ...rest } = record.status;
          await this.replaceStatus(record, rest);
        }
      }
    }
    const inFlight = records.filter(isInProgress);
    if (inFlight.length === 0) return;
    const views = await cc.tasks(inFlight.map((r) => r.status.currentTask?.id ?? ''), { signal });
    let executor: OperationProgress | undefined;
    for (const record of inFlight) {
      const id = record.status.currentTask?.id ?? '';
      const view = views.get(id);
      if (!view) continue;
      const now = this.now().toISOString();
      switch (view.phase) {
        case 'computing':
        case 'executing': {
          const state = view.phase === 'computing' ? 'Active' : 'InExecution';
          executor ??= view.phase === 'executing' ? await this.progress(cc, id, signal) : undefined;
          const { updated: _previous, ...before } = record.status.progress ?? {};
          const progress = { ...before, ...(executor ?? {}), phase: view.phase === 'computing' ? 'Computing' : 'Executing' };
          // The time of the last change, not of the last look: a quiet poll writes nothing.
          const changed = stringify(progress) !== stringify(before);
          await this.writeStatus(record, { currentTask: { ...record.status.currentTask, operation: record.task?.operation ?? '', state }, ...(changed ? { progress: { ...progress, updated: now } } : {}) });
          if (taskState(record) !== state) await this.event(cluster, record, 'Normal', 'OperationRunning', `${record.task?.operation ?? ''} task ${id} is ${view.phase === 'computing' ? 'computing its proposals' : 'moving data'}`);
          break;
        }
        case 'completed':
          await this.writeStatus(record, {
            currentTask: { ...record.status.currentTask, operation: record.task?.operation ?? '', state: 'Completed', finished: now },
            progress: { ...record.status.progress, ...completedProgress(record.status.progress), phase: 'Completed', updated: now },
          });
          await this.event(cluster, record, 'Normal', 'OperationSucceeded', `${record.task?.operation ?? ''} task ${id} completed`);
          break;
        case 'failed':
        case 'missing': {
          const message = view.phase === 'missing' ? `Cruise Control no longer knows task ${id} (it restarted, or purged the task); it is treated as failed and ${record.errorPolicy === 'retry' ? 'retried with fresh parameters' : 'not retried (errorPolicy ignore)'}` : `task ${id} ended with an error or was stopped`;
          await this.fail(cluster, record, message, now);
          break;
        }
      }
    }
  }

  private async progress(cc: CruiseControlClient, taskId: string, signal: AbortSignal): Promise<OperationProgress | undefined> {
    const outcome = await cc.state({ substates: ['executor'], signal });
    const state = outcome.state === 'done' ? outcome.result.ExecutorState : undefined;
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

  private async fail(cluster: ClusterRef, record: OperationRecord, message: string, now: string): Promise<void> {
    const failedTask: CruiseControlTask = { ...record.status.currentTask, operation: record.task?.operation ?? '', state: 'CompletedWithError', finished: now, errorMessage: message };
    await this.writeStatus(record, {
      currentTask: failedTask,
      failedTasks: [...(record.status.failedTasks ?? []), failedTask].slice(-FAILED_TASKS_KEPT),
      progress: { ...record.status.progress, phase: 'Failed', updated: now },
    });
    await this.event(cluster, record, 'Warning', 'OperationFailed', `${record.task?.operation ?? ''}: ${message}`);
  }

  /** A record being deleted while its task runs: the execution is stopped first, then the finalizer goes. */
  private async finalize(cc: CruiseControlClient, records: readonly OperationRecord[], signal: AbortSignal): Promise<void> {
    for (const record of records.filter((r) => r.deleting && r.finalizers.includes(OPERATION_FINALIZER))) {
      this.checkLeading(record);
      if (isInProgress(record)) await cc.stopProposalExecution({ reason: `kafkaplane: ${record.name} deleted`, signal });
      this.checkLeading(record);
      await this.api.patchNamespacedCustomObject(
        { ...OPERATION_API, namespace: record.namespace, name: record.name, body: { metadata: { finalizers: record.finalizers.filter((f) => f !== OPERATION_FINALIZER), resourceVersion: record.resourceVersion } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    }
  }

  /** Picks the next request (koperator.md §2.7 "Selection") and sends it when Cruise Control can take it. */
  private async startNext(cluster: ClusterRef, cc: CruiseControlClient, records: readonly OperationRecord[], signal: AbortSignal): Promise<void> {
    const runnable = records.filter((r) => !isDone(r) && !r.deleting && !r.paused);
    // A stop goes first, even while an execution runs: stopping it is its whole point.
    const stopRequest = runnable.find((r) => r.task?.operation === 'stop_proposal_execution' && taskState(r) === undefined && !isUnconfirmed(r));
    if (stopRequest?.task) {
      await this.stop(cluster, cc, stopRequest, records.filter(isInProgress), signal);
      return;
    }
    if (records.some((r) => isInProgress(r) || isUnconfirmed(r))) return;
    const byPriority = (a: OperationRecord, b: OperationRecord): number =>
      (OPERATION_PRIORITY[b.task?.operation ?? ''] ?? -1) - (OPERATION_PRIORITY[a.task?.operation ?? ''] ?? -1) || a.createdAt.localeCompare(b.createdAt);
    const firsts = runnable.filter((r) => taskState(r) === undefined).sort(byPriority);
    const now = this.now().getTime();
    const retries = runnable
      .filter((r) => taskState(r) === 'CompletedWithError' && r.errorPolicy === 'retry')
      .filter((r) => {
        const finished = Date.parse(r.status.currentTask?.finished ?? '');
        // A retry asked for by hand after the failure runs at once.
        return finished + this.retryBackoffMs <= now || Date.parse(r.retryRequestedAt ?? '') >= finished;
      })
      .sort(byPriority);
    const next = firsts.find((r) => r.task?.operation === 'add_broker') ?? retries[0] ?? firsts[0];
    if (next?.task === undefined) return;
    const readiness = await cc.readiness({ signal });
    if (!readiness.ready || readiness.busy) {
      await this.wait(next, readiness.reasons.join(' '));
      return;
    }
    const validated = this.validate(next.task, await cc.kafkaClusterState({ signal }));
    if ('wait' in validated) {
      await this.wait(next, validated.wait);
      return;
    }
    if ('nothingToDo' in validated) {
      const now = this.now().toISOString();
      await this.writeStatus(next, { currentTask: { operation: next.task.operation, parameters: next.task.parameters, state: 'Completed', started: now, finished: now }, message: validated.nothingToDo });
      await this.event(cluster, next, 'Normal', 'OperationSucceeded', `${next.task.operation}: ${validated.nothingToDo}`);
      return;
    }
    await this.send(cluster, cc, next, validated.task, signal);
  }

  /**
   * Stops Cruise Control's running execution. The operations it interrupts are paused (label
   * `pause: "true"`), so that a stop is not undone by their retry; removing the label resumes them.
   */
  private async stop(cluster: ClusterRef, cc: CruiseControlClient, request: OperationRecord, running: readonly OperationRecord[], signal: AbortSignal): Promise<void> {
    for (const interrupted of running) {
      this.checkLeading(interrupted);
      await this.api.patchNamespacedCustomObject(
        { ...OPERATION_API, namespace: interrupted.namespace, name: interrupted.name, body: { metadata: { labels: { [PAUSE_LABEL]: 'true' } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      await this.event(cluster, interrupted, 'Normal', 'OperationStopped', `paused: ${request.name} stops its execution; remove the label pause=true to run it again`);
    }
    await this.send(cluster, cc, request, request.task ?? { operation: 'stop_proposal_execution', parameters: {} }, signal);
  }

  /** The parameters as Cruise Control sees the cluster now, not as they were when first asked. */
  private validate(task: RequestedTask, state: KafkaClusterState): { task: RequestedTask } | { wait: string } | { nothingToDo: string } {
    const known = new Set(Object.keys(state.KafkaBrokerState.ReplicaCountByBrokerId).map(Number));
    const online = state.KafkaBrokerState.OnlineLogDirsByBrokerId;
    switch (task.operation) {
      case 'add_broker':
      case 'rebalance': {
        const missing = brokerIdsOf(task).filter((id) => !known.has(id));
        if (missing.length > 0) return { wait: `Cruise Control does not see broker${missing.length > 1 ? 's' : ''} ${missing.join(', ')} yet; it will once ${missing.length > 1 ? 'they run' : 'it runs'} and reports metrics` };
        if (task.operation === 'rebalance') {
          const ids = brokerIdsOf(task);
          const offline = ids.filter((id) => (online[String(id)] ?? []).length === 0);
          if (offline.length > 0) return { wait: `Cruise Control reports no online log dir on broker ${offline.join(', ')} yet` };
        }
        return { task };
      }
      case 'remove_broker': {
        const ids = brokerIdsOf(task);
        const present = ids.filter((id) => known.has(id));
        if (present.length === 0) return { nothingToDo: `Cruise Control knows none of brokers ${ids.join(', ')}: nothing left to move (Kafka is asked to confirm before anything is deleted)` };
        return { task: { ...task, parameters: { ...task.parameters, brokerid: present.join(',') } } };
      }
      case 'remove_disks': {
        const dirs = logDirsOf(task).filter((d) => (online[String(d.brokerId)] ?? []).includes(d.logDir));
        if (dirs.length === 0) return { nothingToDo: `Cruise Control reports none of ${task.parameters.brokerid_and_logdirs ?? ''} online: nothing left to move (Kafka is asked to confirm before anything is deleted)` };
        return { task: { ...task, parameters: { ...task.parameters, brokerid_and_logdirs: dirs.map((d) => `${d.brokerId}-${d.logDir}`).join(',') } } };
      }
      default:
        return { task };
    }
  }

  /** Claims the attempt (a conditional write), sends it once, and records the task id. */
  private async send(cluster: ClusterRef, cc: CruiseControlClient, record: OperationRecord, task: RequestedTask, signal: AbortSignal): Promise<void> {
    const retry = taskState(record) === 'CompletedWithError';
    const retryCount = (record.status.retryCount ?? 0) + (retry ? 1 : 0);
    const marker = `kafkaplane-${record.uid}-${retryCount}`;
    const started = this.now().toISOString();
    const { message: _message, ...kept } = record.status;
    const claimed = await this.replaceStatus(
      record,
      { ...kept, currentTask: { operation: task.operation, parameters: task.parameters, started }, requestMarker: marker, retryCount, errorPolicy: record.errorPolicy, progress: { phase: 'Computing', updated: started } },
      true,
    );
    if (!claimed) return;
    if (!record.finalizers.includes(OPERATION_FINALIZER) && !record.deleting) {
      this.checkLeading(record);
      await this.api.patchNamespacedCustomObject(
        { ...OPERATION_API, namespace: record.namespace, name: record.name, body: { metadata: { finalizers: [...record.finalizers, OPERATION_FINALIZER] } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    }
    const after = { ...record, status: { ...kept, currentTask: { operation: task.operation, parameters: task.parameters, started }, requestMarker: marker, retryCount } };
    this.passOf.set(after, signal);
    try {
      const outcome = await sendTask(cc, task, { dryrun: false, reason: marker, signal });
      if (outcome === 'stopped') {
        await this.writeStatus(after, { currentTask: { ...after.status.currentTask, state: 'Completed', finished: this.now().toISOString() } });
        await this.event(cluster, record, 'Normal', 'OperationSucceeded', 'the running execution was asked to stop');
        return;
      }
      if (outcome.state === 'parked') {
        await this.wait(after, 'Cruise Control parked the request for review (two-step verification): approve it in Cruise Control');
        return;
      }
      const summary = outcome.state === 'done' ? summaryOf(outcome.result) : undefined;
      await this.writeStatus(after, {
        currentTask: { ...after.status.currentTask, id: outcome.taskId, state: outcome.state === 'done' ? 'InExecution' : 'Active', httpResponseCode: outcome.state === 'done' ? 200 : 202, ...(summary ? { summary } : {}) },
      });
      this.options.logger.info({ cluster: cluster.name, operation: record.name, task: task.operation, taskId: outcome.taskId }, 'operation sent');
      await this.event(cluster, record, 'Normal', 'OperationStarted', `${task.operation} sent to Cruise Control as task ${outcome.taskId}${retry ? ` (retry ${retryCount})` : ''}`);
    } catch (err) {
      if (err instanceof CruiseControlError && NOT_READY_CODES.has(err.code) && err.code !== 'CC_TIMEOUT') {
        // Not sent (or refused before starting anything): the claim is released, nothing failed.
        await this.replaceStatus(after, { ...after.status, requestMarker: undefined, currentTask: { operation: task.operation, parameters: task.parameters }, retryCount: record.status.retryCount, message: `waiting: ${err.message}` });
        return;
      }
      if (err instanceof CruiseControlError && err.code !== 'CC_TIMEOUT') {
        await this.fail(cluster, after, `${err.code}: ${err.message}`, this.now().toISOString());
        return;
      }
      // A timeout may have started a task: the marker stays, and the next pass looks for it.
      throw err;
    }
  }

  /** Deletes done records whose TTL passed; returns when the next one is due. */
  private async expire(records: readonly OperationRecord[]): Promise<number | undefined> {
    let nextInMs: number | undefined;
    for (const record of records.filter((r) => isDone(r) && r.ttlSecondsAfterFinished !== undefined && !r.deleting)) {
      const finished = Date.parse(record.status.currentTask?.finished ?? '');
      if (Number.isNaN(finished)) continue;
      const dueIn = finished + (record.ttlSecondsAfterFinished ?? 0) * 1000 - this.now().getTime();
      if (dueIn <= 0) {
        this.checkLeading(record);
        await this.api.deleteNamespacedCustomObject({ ...OPERATION_API, namespace: record.namespace, name: record.name }).catch((err: unknown) => {
          if (!(err instanceof ApiException && err.code === 404)) throw err;
        });
      } else {
        nextInMs = Math.min(nextInMs ?? dueIn, dueIn);
      }
    }
    return nextInMs;
  }

  private async wait(record: OperationRecord, message: string): Promise<void> {
    if (record.status.message === `waiting: ${message}`) return;
    await this.writeStatus(record, { message: `waiting: ${message}` });
  }

  private async event(cluster: ClusterRef, record: OperationRecord, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    this.checkLeading(record);
    const involved = { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', name: cluster.name, namespace: cluster.namespace, uid: cluster.uid };
    await this.options.events.record(involved, type, reason, `${record.name}: ${message}`);
  }

  /** Merges into the status; skipped when nothing changes. */
  private async writeStatus(record: OperationRecord, change: Partial<CruiseControlOperationStatus>): Promise<void> {
    const next = { ...record.status, ...change };
    if (stringify(next) === stringify(record.status)) return;
    await this.replaceStatus(record, next);
    record.status = next;
  }

  /**
   * Writes the whole status. With `conditional`, it carries the version read and returns false
   * on a 409: someone else wrote first, and this pass must not act on what it read.
   */
  private async replaceStatus(record: OperationRecord, status: CruiseControlOperationStatus, conditional = false): Promise<boolean> {
    this.checkLeading(record);
    const body = {
      apiVersion: `${OPERATION_API.group}/${OPERATION_API.version}`,
      kind: 'CruiseControlOperation',
      metadata: { name: record.name, namespace: record.namespace, ...(conditional ? { resourceVersion: record.resourceVersion } : {}) },
      status: definedOnly(status),
    };
    try {
      // JSON merge patch cannot remove a key by omission: the status is written whole with a JSON patch.
      await this.api.patchNamespacedCustomObjectStatus(
        { ...OPERATION_API, namespace: record.namespace, name: record.name, body: [...(conditional ? [{ op: 'test', path: '/metadata/resourceVersion', value: record.resourceVersion }] : []), { op: 'add', path: '/status', value: body.status }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      );
      return true;
    } catch (err) {
      if (conditional && err instanceof ApiException && (err.code === 409 || err.code === 422)) return false;
      throw err;
    }
  }
}

function definedOnly<T extends object>(value: T): T {
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

/** Koperator's summary keys (koperator.md §2.2). */
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
