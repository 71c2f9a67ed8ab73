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

/** Dry runs of operations for the API, through the cluster's Cruise Control. */
export class ProposalPreviews {
  /** `cruiseControl` finds the client of a cluster's Cruise Control, undefined when no address is known. */
  constructor(private readonly cruiseControl: (cluster: ClusterKey) => CruiseControlClient | undefined) {}

  /** What Cruise Control would do for `task`, or why it cannot tell now. */
  async preview(cluster: ClusterKey, task: RequestedTask): Promise<PreviewOutcome> {
    const cc = this.cruiseControl(cluster);
    if (cc === undefined) return { ok: false, message: 'no Cruise Control is known for this cluster' };
    try {
      const computed = await previewTask(cc, task);
      return computed === undefined ? { ok: false, message: 'Cruise Control is still computing the proposal; ask again' } : { ok: true, preview: computed };
    } catch (err) {
      return { ok: false, message: `Cruise Control could not compute the proposal: ${(err as Error).message}` };
    }
  }
}
