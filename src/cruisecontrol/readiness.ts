import type { CruiseControlState } from './stateSchemas.js';

export interface Readiness {
  /** The monitor runs, a proposal is ready and every goal is ready: operations can be computed. */
  readonly ready: boolean;
  /** The executor is doing something: a new execution would be refused. */
  readonly busy: boolean;
  /** Why not ready or busy, in words a user can act on; empty when ready and idle. */
  readonly reasons: readonly string[];
  /** The user task the executor is running, when busy. */
  readonly executingTaskId: string | undefined;
}

/**
 * Readiness as Koperator judges it before it starts an operation (scale.go): MonitorState RUNNING,
 * AnalyzerState.isProposalReady and every goalReadiness "ready"; busy unless the executor is
 * NO_TASK_IN_PROGRESS. goalReadiness is present only when /state was asked with verbose=true.
 */
export function readinessOf(state: CruiseControlState): Readiness {
  const reasons: string[] = [];
  let ready = true;
  const monitor = state.MonitorState;
  if (!monitor) {
    ready = false;
    reasons.push('The load monitor state was not reported.');
  } else if (monitor.state !== 'RUNNING') {
    ready = false;
    reasons.push(monitorReason(monitor));
  }
  const analyzer = state.AnalyzerState;
  if (!analyzer) {
    ready = false;
    reasons.push('The analyzer state was not reported.');
  } else {
    if (!analyzer.isProposalReady) {
      ready = false;
      const windows = monitor?.numMonitoredWindows;
      const coverage = monitor?.monitoringCoveragePct;
      const seen = windows === undefined ? '' : ` (${windows} metric windows so far, ${coverage ?? 0}% of partitions monitored)`;
      reasons.push(`No optimization proposal is ready yet${seen}; Cruise Control needs more metric samples, wait for them.`);
    }
    const notReady = (analyzer.goalReadiness ?? []).filter((goal) => goal.status !== 'ready');
    if (notReady.length > 0) {
      ready = false;
      const needs = notReady[0]?.modelCompleteRequirement;
      const need =
        needs?.requiredNumSnapshots === undefined
          ? ''
          : ` (they need ${needs.requiredNumSnapshots} valid windows and ${needs.minMonitoredPartitionsPercentage ?? 0}% of partitions monitored)`;
      reasons.push(`Goals not ready: ${notReady.map((goal) => goal.name).join(', ')}${need}.`);
    }
  }
  const executor = state.ExecutorState;
  const busy = executor !== undefined && executor.state !== 'NO_TASK_IN_PROGRESS';
  if (executor && busy) {
    const task = executor.triggeredUserTaskId ? ` for user task ${executor.triggeredUserTaskId}` : '';
    const why = executor.triggeredTaskReason ? ` (${executor.triggeredTaskReason})` : '';
    reasons.push(`Cruise Control is busy: ${executor.state}${task}${why}; wait for it to finish or stop it with stop_proposal_execution.`);
  }
  return { ready, busy, reasons, executingTaskId: busy ? executor?.triggeredUserTaskId || undefined : undefined };
}

function monitorReason(monitor: NonNullable<CruiseControlState['MonitorState']>): string {
  switch (monitor.state) {
    case 'PAUSED':
      return `Metric sampling is paused (${monitor.reasonOfLatestPauseOrResume ?? 'no reason given'}); resume it with resume_sampling.`;
    case 'NOT_STARTED':
      return 'The load monitor has not started; check that Cruise Control can reach Kafka.';
    case 'LOADING':
      return `The load monitor is loading stored samples (${monitor.loadingProgressPct ?? 0}% done); wait for it.`;
    case 'BOOTSTRAPPING':
      return `The load monitor is bootstrapping (${monitor.bootstrapProgressPct ?? 0}% done); wait for it.`;
    default:
      return `The load monitor is ${monitor.state}, not RUNNING; wait for it.`;
  }
}
