/**
 * Runs one cluster's CruiseControlOperations against its Cruise Control, as Koperator's
 * CruiseControlOperation controller does (controllers/cruisecontroloperation_controller.go): one
 * execution at a time, picked by priority and age; tasks followed through user_tasks; retries
 * after a back-off under errorPolicy retry; paused records left alone; finished ones deleted
 * after their TTL. What to do is decided purely (selection.ts, validation.ts, taskStatus.ts);
 * this lists the records once per pass, asks Cruise Control, and writes.
 *
 * Crash safety: before a request goes out, a marker is written to the record with the version
 * read (a second replica or a lagging cache gets a 409 and sends nothing); the marker travels as
 * Cruise Control's `reason`, so a task whose id was never stored is found again in user_tasks
 * instead of being sent twice.
 */
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { CruiseControlClient } from '../../cruisecontrol/index.js';
import { CruiseControlError } from '../../cruisecontrol/index.js';
import type { EventRecorder } from '../../k8s/events.js';
import type { Logger } from '../../logging.js';
import type { ClusterRef } from '../../domain/labels.js';
import { OperationWriter } from './operationWriter.js';
import { OPERATION_API } from '../../domain/apis.js';
import {
  isDone,
  isInProgress,
  isUnconfirmed,
  OPERATION_FINALIZER,
  readOperation,
  type OperationRecord,
  type RequestedTask,
} from '../../domain/operationRecord.js';
import { expiry, isActive, isAwaitingFinalization, isRunnable, nextStep } from './selection.js';
import { sendTask } from './taskRequest.js';
import {
  claimed,
  executorProgress,
  failed,
  followed,
  nothingToDo,
  recovered,
  released,
  requestLost,
  sent,
  stopped,
  taskWritten,
  withoutMarker,
} from './taskStatus.js';
import { validateTask } from './validation.js';

export interface OperationRunnerOptions {
  kubeConfig: KubeConfig;
  cruiseControl: (cluster: ClusterRef) => CruiseControlClient | undefined;
  events: EventRecorder;
  logger: Logger;
  /** Why the Cruise Control the operator deploys for the cluster cannot take a new task yet (it is rolling), if it cannot. */
  cruiseControlRollingOut?: (cluster: ClusterRef) => string | undefined;
  /** Why the cluster has no Cruise Control to call when it names one the server refuses to call. */
  cruiseControlRefused?: (cluster: ClusterRef) => string | undefined;
  /**
   * Whether this replica holds the lease with time to spare: nothing is sent to Cruise Control
   * (a task, a stop) otherwise, since a request of a replica about to lose the lease could land
   * after another replica took over and sent its own. Always true when absent.
   */
  leaseHeld?: () => boolean;
  /** How often a running task is polled (Koperator: 10 s). */
  pollIntervalMs?: number;
  /** How long after a failure a retry waits (Koperator: 30 s). */
  retryBackoffMs?: number;
  now?: () => Date;
}

/** Errors that mean "not now", not "failed": the request is tried again later, unchanged. */
const NOT_READY_CODES = new Set([
  'CC_NOT_ENOUGH_VALID_WINDOWS',
  'CC_MONITOR_NOT_READY',
  'CC_TOO_MANY_USER_TASKS',
  'CC_ONGOING_EXECUTION',
  'CC_UNAVAILABLE',
  'CC_TIMEOUT',
  'CC_ABORTED',
  // Refused credentials, or a Secret that cannot give them: Jetty answers before the servlet, so
  // nothing started, and the request goes out once the Secret or Cruise Control's file is fixed.
  'CC_UNAUTHORIZED',
  'CC_FORBIDDEN',
  'CC_CREDENTIALS',
  // A CA that cannot be read or a certificate that does not verify: the handshake failed, nothing
  // was sent, and the request goes out once the Secret or Cruise Control's certificate is fixed.
  'CC_TLS',
]);

/** One pass over one cluster: what it writes with, and what it talks to. */
interface Pass {
  cluster: ClusterRef;
  cc: CruiseControlClient;
  writer: OperationWriter;
  signal: AbortSignal;
}

export class OperationRunner {
  private readonly api: CustomObjectsApi;
  private readonly pollIntervalMs: number;
  private readonly retryBackoffMs: number;

  constructor(private readonly options: OperationRunnerOptions) {
    this.api = options.kubeConfig.makeApiClient(CustomObjectsApi);
    this.pollIntervalMs = options.pollIntervalMs ?? 10_000;
    this.retryBackoffMs = options.retryBackoffMs ?? 30_000;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** The cluster's operations, read from the API: a decision to send must not rest on a lagging cache. */
  async list(cluster: ClusterRef): Promise<OperationRecord[]> {
    const query = { ...OPERATION_API, namespace: cluster.namespace, labelSelector: `kafka_cr=${cluster.name}` };
    const answer = (await this.api.listNamespacedCustomObject(query)) as { items?: unknown[] };
    return (answer.items ?? []).map((item) => readOperation(item as Parameters<typeof readOperation>[0]));
  }

  /** One pass; returns when to look again (undefined: nothing left to follow). */
  async run(cluster: ClusterRef, signal: AbortSignal): Promise<number | undefined> {
    let records = (await this.list(cluster)).filter(isRunnable);
    if (records.length === 0) return undefined;
    const writer = new OperationWriter(this.api, this.options.events, cluster, signal);
    for (const record of records) {
      const change = taskWritten(record);
      if (change !== undefined) await writer.apply(record, { change });
    }
    const active = records.filter(isActive);
    if (active.length === 0) return this.expire(writer, records);
    const cc = this.options.cruiseControl(cluster);
    if (cc === undefined) {
      const why =
        this.options.cruiseControlRefused?.(cluster) ??
        'no Cruise Control is known for this cluster (spec.cruiseControlConfig.cruiseControlEndpoint, or its Service)';
      for (const record of active) await writer.wait(record, why);
      return this.pollIntervalMs;
    }
    const pass: Pass = { cluster, cc, writer, signal };
    try {
      await this.follow(pass, active);
      const finalized = await this.finalize(pass, active);
      records = records.filter((r) => !finalized.has(r));
      if (signal.aborted) return undefined;
      await this.startNext(pass, records);
      const expireIn = await this.expire(writer, records);
      return records.some((r) => !isDone(r)) ? this.pollIntervalMs : expireIn;
    } catch (err) {
      if (err instanceof CruiseControlError && NOT_READY_CODES.has(err.code)) {
        for (const record of active.filter((r) => !isInProgress(r))) await writer.wait(record, `Cruise Control cannot be asked now: ${err.message}`);
        return this.pollIntervalMs;
      }
      throw err;
    }
  }

  /** Polls user_tasks for every task in flight, and finds again a task sent but not recorded. */
  private async follow({ cluster, cc, writer, signal }: Pass, records: readonly OperationRecord[]): Promise<void> {
    const unconfirmed = records.filter(isUnconfirmed);
    if (unconfirmed.length > 0) {
      const listed = await cc.userTasks({ signal });
      for (const record of unconfirmed) {
        const marker = record.status.requestMarker ?? '';
        const found = listed.find((t) => t.RequestURL.includes(marker));
        if (found) {
          this.options.logger.info({ cluster: cluster.name, operation: record.name, taskId: found.UserTaskId }, 'found the task sent before a restart');
          await writer.apply(record, { change: recovered(record, found) });
        } else {
          // Never reached Cruise Control (or Cruise Control restarted since): safe to send again.
          if (await writer.replaceStatus(record, withoutMarker(record.status))) await writer.event(record, requestLost(record, marker));
        }
      }
    }
    const inFlight = records.filter(isInProgress);
    if (inFlight.length === 0) return;
    const views = await cc.tasks(
      inFlight.map((r) => r.status.currentTask?.id ?? ''),
      { signal },
    );
    // Cruise Control's executor runs one task at a time: its state is asked once per pass.
    let executor: Awaited<ReturnType<CruiseControlClient['state']>> | undefined;
    for (const record of inFlight) {
      const view = views.get(record.status.currentTask?.id ?? '');
      if (!view) continue;
      if (view.phase === 'executing') executor ??= await cc.state({ substates: ['executor'], signal });
      const progress = view.phase === 'executing' && executor?.state === 'done' ? executorProgress(executor.result.ExecutorState, view.taskId) : undefined;
      await writer.apply(record, followed(record, view, progress, this.now().toISOString()));
    }
  }

  /** Records being deleted while their task runs: the execution is stopped first, then the finalizer goes. Returns those let go. */
  private async finalize({ cc, writer, signal }: Pass, records: readonly OperationRecord[]): Promise<Set<OperationRecord>> {
    const finalized = new Set<OperationRecord>();
    for (const record of records.filter(isAwaitingFinalization)) {
      if (isInProgress(record)) {
        this.fence();
        await cc.stopProposalExecution({ reason: `kafkaplane: ${record.name} deleted`, signal });
      }
      await writer.removeFinalizer(record);
      finalized.add(record);
    }
    return finalized;
  }

  /** Carries out the selection: a stop, or the next request once Cruise Control can take it and its parameters still hold. */
  private async startNext(pass: Pass, records: readonly OperationRecord[]): Promise<void> {
    const { cc, writer, signal } = pass;
    const step = nextStep(records, this.now().getTime(), this.retryBackoffMs);
    switch (step.kind) {
      case 'busy':
      case 'none':
        return;
      case 'stop':
        // The operations it interrupts are paused, so that a stop is not undone by their retry.
        for (const interrupted of step.interrupted) {
          await writer.pause(interrupted);
          const message = `paused: ${step.request.name} stops its execution; remove the label pause=true to run it again`;
          await writer.event(interrupted, { type: 'Normal', reason: 'OperationStopped', message });
        }
        await this.send(pass, step.request, step.task);
        return;
      case 'start': {
        // A task sent to a Cruise Control being replaced would be forgotten with it.
        const rolling = this.options.cruiseControlRollingOut?.(pass.cluster);
        if (rolling !== undefined) return writer.wait(step.record, rolling);
        const readiness = await cc.readiness({ signal });
        if (!readiness.ready || readiness.busy) return writer.wait(step.record, readiness.reasons.join(' '));
        const validated = validateTask(step.task, await cc.kafkaClusterState({ signal }));
        if ('wait' in validated) return writer.wait(step.record, validated.wait);
        if ('nothingToDo' in validated) return writer.apply(step.record, nothingToDo(step.task, validated.nothingToDo, this.now().toISOString()));
        await this.send(pass, step.record, validated.task);
      }
    }
  }

  /** Claims the attempt (a conditional write), sends it once, and records the task id. */
  private async send({ cluster, cc, writer, signal }: Pass, record: OperationRecord, task: RequestedTask): Promise<void> {
    const before = record.status;
    const claim = claimed(record, task, this.now().toISOString());
    if (!(await writer.replaceStatus(record, claim.status, true))) return;
    if (!record.finalizers.includes(OPERATION_FINALIZER) && !record.deleting) await writer.addFinalizer(record);
    // Fenced after the claim: the marker stays, and whoever leads next finds nothing under it in
    // user_tasks and sends the task itself.
    this.fence();
    try {
      const outcome = await sendTask(cc, task, { dryrun: false, reason: claim.marker, signal });
      if (outcome === 'stopped') return await writer.apply(record, stopped(record, this.now().toISOString()));
      if (outcome.state === 'parked') {
        return await writer.wait(record, 'Cruise Control parked the request for review (two-step verification): approve it in Cruise Control');
      }
      await writer.apply(record, sent(record, outcome, claim.retry));
      this.options.logger.info({ cluster: cluster.name, operation: record.name, task: task.operation, taskId: outcome.taskId }, 'operation sent');
    } catch (err) {
      // No answer, but the request may have been taken (a timeout, or a connection lost after the
      // POST was written): a task may run. The marker stays, and the next pass settles it through
      // user_tasks (follow) instead of sending it a second time.
      if (err instanceof CruiseControlError && (err.maybeDelivered || err.code === 'CC_TIMEOUT')) throw err;
      if (err instanceof CruiseControlError && NOT_READY_CODES.has(err.code)) {
        // Not sent (or refused before starting anything): the claim is released, nothing failed.
        await writer.replaceStatus(record, released(before, err.message));
        return;
      }
      if (err instanceof CruiseControlError) {
        await writer.apply(record, failed(record, `${err.code}: ${err.message}`, this.now().toISOString()));
        return;
      }
      throw err;
    }
  }

  /** Refuses to go on towards Cruise Control unless the lease holds with time to spare. */
  private fence(): void {
    if (this.options.leaseHeld?.() === false) throw new Error('this replica does not hold the lease with time to spare: nothing is sent to Cruise Control');
  }

  /** Deletes done records whose TTL passed; returns when the next one is due. */
  private async expire(writer: OperationWriter, records: readonly OperationRecord[]): Promise<number | undefined> {
    const { due, nextInMs } = expiry(records, this.now().getTime());
    for (const record of due) await writer.delete(record);
    return nextInMs;
  }
}
