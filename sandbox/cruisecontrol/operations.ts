import type { Clock } from '../clock.js';
import type { KafkaClusterModel } from '../kafka/model/index.js';
import { snapshot } from './cluster.js';
import { capacityProblem, type CapacityConfig } from './capacity.js';
import { OperationError } from './errors.js';
import type { Executor } from './executor.js';
import type { GoalRequest } from './goalRequests.js';
import { HARD_GOALS } from './goals.js';
import type { LoadMonitor } from './monitor.js';
import { plan } from './planner.js';
import { goalBasedSteps, type PlannedStep } from './progress.js';
import { optimizationResult } from './responses.js';

export interface OperationContext {
  readonly model: KafkaClusterModel;
  readonly clock: Clock;
  readonly monitor: LoadMonitor;
  readonly executor: Executor;
  /** Clock time a proposal computation takes. */
  readonly computeMs: number;
  /** capacity.json as read at start. */
  readonly capacity?: CapacityConfig | undefined;
}

export interface RunningOperation {
  readonly steps: readonly PlannedStep[];
  readonly durationMs: number;
}

export interface OperationCallbacks {
  /** The operation's answer: the OptimizationResult, or the cause of its failure. */
  readonly settle: (outcome: { body: Record<string, unknown> } | { error: string }) => void;
  /** Execution began (the task goes InExecution). */
  readonly executionStarted: () => void;
  /** The task's final state: right after settling for dry runs, when the execution ends otherwise. */
  readonly done: (ok: boolean) => void;
}

/**
 * A goal-based operation: checks that may fail it at once (monitor not ready, an ongoing
 * execution), proposal computation over `computeMs` of clock time, then for dryrun=false the
 * start of the execution. Like KafkaCruiseControl.sanityCheckDryRun and the *Runnable classes.
 */
export function startGoalOperation(
  ctx: OperationContext,
  request: GoalRequest,
  taskId: string,
  reason: string,
  callbacks: OperationCallbacks,
): RunningOperation {
  const steps = goalBasedSteps(request.goals, request.stopOngoing);
  const fail = (cause: string): RunningOperation => {
    callbacks.settle({ error: cause });
    callbacks.done(false);
    return { steps, durationMs: 0 };
  };
  if (!request.dryrun) {
    if (ctx.executor.busy && !request.stopOngoing) {
      return fail(
        ctx.executor.state === 'GENERATING_PROPOSALS_FOR_EXECUTION' || ctx.executor.state === 'STOPPING_EXECUTION'
          ? `java.lang.IllegalStateException: Cannot generate proposals while the executor is in ${ctx.executor.state} state.`
          : 'java.lang.IllegalStateException: Cannot start a new execution while there is an ongoing execution. Please use stop_ongoing_execution=true to stop ongoing execution and start a new one.',
      );
    }
    if (request.stopOngoing) ctx.executor.stop();
    // Reassignments no execution of this process started (those of a Cruise Control that died
    // mid-execution, or of kafka-reassign-partitions) must end first: KafkaCruiseControl
    // sanityCheckDryRun, as with auto.stop.external.agent=false.
    const reassigning = ctx.executor.busy ? [] : ctx.model.moves().filter((m) => m.kind === 'inter');
    if (reassigning.length > 0) {
      const partitions = [...new Set(reassigning.map((m) => `${m.topic}-${m.partition}`))];
      return fail(
        `java.lang.IllegalStateException: Cannot execute new proposals while there are ongoing partition reassignments initiated by external agent: [${partitions.join(', ')}]`,
      );
    }
  }
  if (request.kind !== 'demote_broker' && !ctx.monitor.ready()) return fail(ctx.monitor.notEnoughWindows());
  // Goal requests estimate a missing capacity from the default entry (allow_capacity_estimation defaults to true).
  const capacity = capacityProblem(ctx.capacity, ctx.model, true);
  if (capacity !== undefined) return fail(capacity);
  if (request.explicitGoals && !request.skipHardGoalCheck) {
    const missing = HARD_GOALS.filter((g) => !request.goals.includes(g));
    if (missing.length > 0) {
      return fail(
        `java.lang.IllegalArgumentException: Missing hard goals [${missing.join(', ')}] in the provided goals: [${request.goals.join(', ')}]. Add skip_hard_goal_check=true parameter to ignore this sanity check.`,
      );
    }
  }
  if (!request.dryrun && !ctx.executor.busy) ctx.executor.generating(taskId, reason);
  const finish = (): void => {
    // stop_ongoing_execution: the new execution waits until the stopped one has wound down.
    if (request.stopOngoing && ctx.executor.busy && ctx.executor.state !== 'GENERATING_PROPOSALS_FOR_EXECUTION') {
      ctx.clock.setTimeout(finish, 1000);
      return;
    }
    if (request.stopOngoing && !ctx.executor.busy) ctx.executor.generating(taskId, reason);
    try {
      const body = compute(ctx, request);
      const proposals = body.plan.proposals;
      if (request.dryrun || proposals.length === 0) {
        if (!request.dryrun) ctx.executor.idle();
        callbacks.settle({ body: body.result });
        callbacks.done(true);
        return;
      }
      if (ctx.executor.takeStopBeforeStart()) {
        // stop_proposal_execution arrived while proposals were computed: nothing is executed.
        ctx.executor.idle();
        callbacks.settle({ body: body.result });
        callbacks.done(false);
        return;
      }
      if (ctx.executor.busy && ctx.executor.state !== 'GENERATING_PROPOSALS_FOR_EXECUTION') {
        throw new OperationError(
          'java.lang.IllegalStateException: Cannot start a new execution while there is an ongoing execution. Please use stop_ongoing_execution=true to stop ongoing execution and start a new one.',
        );
      }
      // InExecution first: an execution with only leader movements may end within execute().
      callbacks.executionStarted();
      ctx.executor.execute({
        proposals,
        limits: request.limits,
        userTaskId: taskId,
        reason,
        removedBrokers: request.kind === 'remove_broker' ? request.brokers : [],
        demotedBrokers: request.kind === 'demote_broker' ? request.brokers : [],
        onEnd: (ok) => callbacks.done(ok),
      });
      callbacks.settle({ body: body.result });
    } catch (error) {
      if (!(error instanceof OperationError)) throw error;
      if (!request.dryrun && ctx.executor.state === 'GENERATING_PROPOSALS_FOR_EXECUTION') ctx.executor.idle();
      callbacks.settle({ error: `com.linkedin.kafka.cruisecontrol.exception.KafkaCruiseControlException: ${error.message}` });
      callbacks.done(false);
    }
  };
  if (ctx.computeMs <= 0) finish();
  else ctx.clock.setTimeout(finish, ctx.computeMs);
  return { steps, durationMs: ctx.computeMs };
}

function compute(ctx: OperationContext, request: GoalRequest): { plan: ReturnType<typeof plan>; result: Record<string, unknown> } {
  const cluster = snapshot(ctx.model);
  for (const id of [...request.brokers, ...request.destinationBrokers, ...request.logDirsToRemove.keys()]) {
    if (!cluster.brokers.has(id)) {
      throw new OperationError(
        request.kind === 'remove_broker'
          ? `java.lang.IllegalArgumentException: Broker ${id} does not exist.`
          : `java.lang.IllegalArgumentException: Broker [${id}] does not exist.`,
      );
    }
  }
  const excludedForReplicaMove = request.excludeRecentlyRemoved
    ? [...ctx.executor.recentlyRemoved].filter((b) => !request.brokers.includes(b) || request.kind !== 'add_broker')
    : [];
  const result = plan(cluster, {
    kind: request.kind,
    brokers: request.brokers,
    destinationBrokers: request.destinationBrokers,
    excludedTopics: request.excludedTopics,
    excludedForReplicaMove,
    logDirsToRemove: request.logDirsToRemove,
  });
  const excludedTopics = request.excludedTopics ? [...new Set(cluster.partitions.map((p) => p.topic))].filter((t) => request.excludedTopics?.test(t)) : [];
  return {
    plan: result,
    result: optimizationResult(cluster, result, {
      goals: request.goals,
      states: request.brokerStates,
      verbose: request.verbose,
      excludedTopics,
      excludedForReplicaMove,
      recentWindows: ctx.monitor.validWindows(),
      excludedForLeadership: request.kind === 'demote_broker' ? request.brokers : [],
    }),
  };
}
