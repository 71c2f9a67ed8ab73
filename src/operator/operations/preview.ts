/**
 * A dry run of an operation: Cruise Control computes the proposals it would execute and
 * answers with their summary and the load each broker would have, changing nothing.
 */
import type { CruiseControlClient, OptimizationResult } from '../../cruisecontrol/index.js';
import { sendTask } from './taskRequest.js';
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
export async function previewTask(cc: CruiseControlClient, task: RequestedTask, options: { signal?: AbortSignal; maxPolls?: number } = {}): Promise<ProposalPreview | undefined> {
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
    brokersAfter: result.loadAfterOptimization.brokers.map((b) => ({ brokerId: b.Broker, replicas: b.Replicas, leaders: b.Leaders, diskMB: typeof b.DiskMB === 'number' ? b.DiskMB : 0 })),
  };
}
