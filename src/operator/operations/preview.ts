/**
 * A dry run of an operation: Cruise Control computes the proposals it would execute and
 * answers with their summary and the load each broker would have, changing nothing.
 */
import type { CruiseControlClient, OptimizationResult } from '../../cruisecontrol/index.js';
import { sendTask } from './taskRequest.js';
import type { ClusterKey } from '../../domain/labels.js';
import type { RequestedTask } from '../../domain/operationRecord.js';

export interface ProposalPreview {
  dataToMoveMB: number;
  replicaMovements: number;
  intraBrokerDataToMoveMB: number;
  intraBrokerReplicaMovements: number;
  leaderMovements: number;
  recentWindows: number;
  provisionRecommendation: string | undefined;
  /** Each broker as it would be after the operation. */
  brokersAfter: Array<{ brokerId: number; replicas: number; leaders: number; diskMB: number }>;
}

/** Asks again with the same User-Task-ID while Cruise Control answers 202, up to `maxPolls` times. */
export async function previewTask(
  cc: CruiseControlClient,
  task: RequestedTask,
  options: { signal?: AbortSignal; maxPolls?: number } = {},
): Promise<ProposalPreview | undefined> {
  let outcome = await sendTask(cc, task, { dryrun: true, reason: 'kafkaplane preview', ...(options.signal ? { signal: options.signal } : {}) });
  for (let polls = 0; outcome !== 'stopped' && outcome.state === 'inProgress' && polls < (options.maxPolls ?? 60); polls += 1) {
    outcome = await cc.poll(outcome.pending, options.signal ? { signal: options.signal } : {});
  }
  if (outcome === 'stopped' || outcome.state !== 'done') return undefined;
  return summarize(outcome.result);
}

function summarize(result: OptimizationResult): ProposalPreview {
  const s = result.summary;
  return {
    dataToMoveMB: s.dataToMoveMB,
    replicaMovements: s.numReplicaMovements,
    intraBrokerDataToMoveMB: s.intraBrokerDataToMoveMB,
    intraBrokerReplicaMovements: s.numIntraBrokerReplicaMovements,
    leaderMovements: s.numLeaderMovements,
    recentWindows: s.recentWindows,
    provisionRecommendation: s.provisionRecommendation,
    brokersAfter: result.loadAfterOptimization.brokers.map((b) => ({
      brokerId: b.Broker,
      replicas: b.Replicas,
      leaders: b.Leaders,
      diskMB: typeof b.DiskMB === 'number' ? b.DiskMB : 0,
    })),
  };
}

export type PreviewOutcome = { ok: true; preview: ProposalPreview } | { ok: false; message: string };

export interface PreviewLimits {
  /** The longest a preview may take, Cruise Control's computing included. Default 5 s. */
  deadlineMs?: number;
  /** Previews of one cluster at once; more are refused at once. Default 2. */
  perCluster?: number;
}

/**
 * Dry runs of operations for the API, through the cluster's Cruise Control. A dry run is a user
 * task like any other: Cruise Control holds at most max.active.user.tasks of them, and computing
 * proposals competes with the operator's own tasks. So each preview has an overall deadline,
 * follows the request's signal (a client that went away stops waiting), and only a few run at
 * once per cluster: a Cruise Control that hangs never holds a GraphQL request past its deadline,
 * and previews cannot crowd out the operations.
 */
export class ProposalPreviews {
  private readonly running = new Map<string, number>();
  private readonly deadlineMs: number;
  private readonly perCluster: number;

  /** `cruiseControl` finds the client of a cluster's Cruise Control, undefined when no address is known. */
  constructor(
    private readonly cruiseControl: (cluster: ClusterKey) => CruiseControlClient | undefined,
    limits: PreviewLimits = {},
  ) {
    this.deadlineMs = limits.deadlineMs ?? 5_000;
    this.perCluster = limits.perCluster ?? 2;
  }

  /** What Cruise Control would do for `task`, or why it cannot tell now. */
  async preview(cluster: ClusterKey, task: RequestedTask, signal?: AbortSignal): Promise<PreviewOutcome> {
    const cc = this.cruiseControl(cluster);
    if (cc === undefined) return { ok: false, message: 'no Cruise Control is known for this cluster' };
    const key = `${cluster.namespace}/${cluster.name}`;
    const running = this.running.get(key) ?? 0;
    if (running >= this.perCluster) {
      return { ok: false, message: `${running} previews of this cluster are being computed already; ask again once they end` };
    }
    this.running.set(key, running + 1);
    const deadline = AbortSignal.timeout(this.deadlineMs);
    try {
      const computed = await previewTask(cc, task, { signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
      return computed === undefined ? { ok: false, message: 'Cruise Control is still computing the proposal; ask again' } : { ok: true, preview: computed };
    } catch (err) {
      if (deadline.aborted) return { ok: false, message: `Cruise Control did not compute the proposal within ${this.deadlineMs / 1000} s; ask again` };
      if (signal?.aborted === true) return { ok: false, message: 'the preview was cancelled: the request ended' };
      return { ok: false, message: `Cruise Control could not compute the proposal: ${(err as Error).message}` };
    } finally {
      const left = (this.running.get(key) ?? 1) - 1;
      if (left > 0) this.running.set(key, left);
      else this.running.delete(key);
    }
  }
}
