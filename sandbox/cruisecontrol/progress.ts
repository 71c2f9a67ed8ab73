/**
 * The steps of an async operation as its 202 ProgressResult lists them (…/async/progress/*.java),
 * spread over the clock time the operation takes.
 */
export interface PlannedStep {
  readonly step: string;
  readonly description: string;
  /** Fraction of the operation's duration at which the step begins. */
  readonly at: number;
}

export function goalBasedSteps(goals: readonly string[], stopOngoing: boolean): PlannedStep[] {
  const steps: PlannedStep[] = [{ step: 'PENDING', description: 'Operation enqueued, waiting to be executed.', at: 0 }];
  if (stopOngoing) steps.push({ step: 'STOPPING_ONGOING_EXECUTION', description: 'Stopping ongoing execution.', at: 0 });
  steps.push(
    { step: 'WAITING_FOR_CLUSTER_MODEL', description: 'The job requires a cluster model and it is waiting to get the cluster model lock.', at: 0.01 },
    { step: 'AGGREGATING_METRICS', description: 'Retrieve the metrics of all the partitions from the aggregated metrics.', at: 0.02 },
    { step: 'GENERATING_CLUSTER_MODEL', description: 'Generating the cluster model for the cluster.', at: 0.05 },
  );
  goals.forEach((goal, i) => steps.push({ step: `OPTIMIZING ${goal}`, description: `Optimizing goal ${goal}`, at: 0.1 + (0.9 * i) / goals.length }));
  return steps;
}

/** The ProgressResult body at `elapsedMs` into an operation lasting `durationMs`. */
export function progressResult(operation: string, steps: readonly PlannedStep[], elapsedMs: number, durationMs: number): Record<string, unknown> {
  const begun = steps.filter((s) => s.at * durationMs <= elapsedMs);
  const operationProgress = begun.map((s, i) => {
    const next = begun[i + 1];
    const start = s.at * durationMs;
    const end = next ? next.at * durationMs : elapsedMs;
    return { step: s.step, description: s.description, 'time-in-ms': Math.max(0, Math.round(end - start)), completionPercentage: next ? 100.0 : 0.0 };
  });
  // ProgressResult's items carry no version key (Cruise Control's servlet/response/ProgressResult.java), unlike the spec's OperationProgress.
  return { version: 1, progress: [{ operation, operationProgress }] };
}
