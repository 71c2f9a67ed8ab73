/**
 * Sends one requested task to Cruise Control with the parameters it carries: the same request
 * executes (`dryrun: false`) or previews (`dryrun: true`), so a preview shows exactly what the
 * operation would do.
 */
import type { AsyncOutcome, CruiseControlClient, OptimizationResult } from '../../cruisecontrol/index.js';
import { CruiseControlError } from '../../cruisecontrol/index.js';
import { brokerIdsOf, logDirsOf, type RequestedTask } from '../../domain/operationRecord.js';

export async function sendTask(
  cc: CruiseControlClient,
  task: RequestedTask,
  options: { dryrun: boolean; reason: string; signal?: AbortSignal },
): Promise<AsyncOutcome<OptimizationResult> | 'stopped'> {
  const p = task.parameters;
  const ids = brokerIdsOf(task);
  const { dryrun, reason, signal } = options;
  const common = {
    dryrun,
    reason,
    ...(signal ? { signal } : {}),
    excludeRecentlyDemotedBrokers: p.exclude_recently_demoted_brokers === 'true',
    excludeRecentlyRemovedBrokers: p.exclude_recently_removed_brokers === 'true',
    ...(p.goals !== undefined ? { goals: p.goals.split(',') } : {}),
    ...(p.excluded_topics !== undefined ? { excludedTopics: p.excluded_topics } : {}),
    ...(p.concurrent_partition_movements_per_broker !== undefined
      ? { concurrentPartitionMovementsPerBroker: Number(p.concurrent_partition_movements_per_broker) }
      : {}),
    ...(p.max_partition_movements_in_cluster !== undefined ? { maxPartitionMovementsInCluster: Number(p.max_partition_movements_in_cluster) } : {}),
    ...(p.concurrent_leader_movements !== undefined ? { concurrentLeaderMovements: Number(p.concurrent_leader_movements) } : {}),
  };
  switch (task.operation) {
    case 'add_broker':
      return cc.addBroker({ ...common, brokerIds: ids });
    case 'remove_broker':
      return cc.removeBroker({ ...common, brokerIds: ids });
    case 'rebalance':
      return cc.rebalance({
        ...common,
        ...(p.destination_broker_ids !== undefined ? { destinationBrokerIds: ids } : {}),
        ...(p.rebalance_disk === 'true' ? { rebalanceDisk: true } : {}),
      });
    case 'remove_disks':
      // remove_disks takes no goal or concurrency parameter (the server answers 400 to any).
      return cc.removeDisks({
        dryrun,
        reason,
        ...(signal ? { signal } : {}),
        logDirs: logDirsOf(task).map((d) => ({ brokerId: d.brokerId, logDir: d.logDir })),
      });
    case 'stop_proposal_execution':
      if (dryrun) return 'stopped';
      await cc.stopProposalExecution({ reason, ...(signal ? { signal } : {}) });
      return 'stopped';
    default:
      throw new CruiseControlError({ code: 'CC_BAD_PARAMETER', status: 400, endpoint: task.operation, errorMessage: `unknown operation ${task.operation}` });
  }
}
