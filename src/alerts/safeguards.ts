import { checkKafkaCluster } from '../k8s/crd/index.js';
import type { CustomResource } from '../k8s/objectCache.js';
import { activeGracefulActions, type EditErrorCode } from '../operator/edits/index.js';
import type { CommandName } from './decision.js';
import { readLedger } from './ledger.js';
import type { DryRunRecord } from './observation.js';
import { alertSettings } from './settings.js';

/** Commands Koperator holds back while a Cruise Control task is pending or running; growing a volume moves no data. */
const WAIT_FOR_GRACEFUL: ReadonlySet<CommandName> = new Set(['upScale', 'downScale', 'addPvc']);

export interface SafeguardInput {
  command: CommandName;
  /** The cluster as read for this decision, or for this write attempt. */
  object: CustomResource;
  dryRuns: readonly DryRunRecord[];
  /** The record key of the alert being decided (its own earlier attempt does not start a cooldown). */
  key: string;
  now: Date;
}

/**
 * The conditions under which an alert may change a cluster, checked when it is decided and again
 * against the cluster read for the write (a conflict re-reads it):
 * - Koperator's: the cluster is ClusterRunning; upScale, downScale and addPvc wait while a
 *   graceful action (a Cruise Control task of a broker or a volume) is pending or running;
 * - kafkaplane's: the operator has acted on the latest spec (observedGeneration), and the same
 *   command has not run on this cluster within the cooldown.
 */
export function safeguards(input: SafeguardInput): Array<{ code: EditErrorCode; message: string }> {
  const cluster = checkKafkaCluster(input.object).cluster;
  const status = cluster?.status;
  const settings = alertSettings(cluster?.spec.alertManagerConfig);
  const reasons: Array<{ code: EditErrorCode; message: string }> = [];
  const state = status?.state ?? 'unknown';
  if (state !== 'ClusterRunning')
    reasons.push({ code: 'CLUSTER_NOT_RUNNING', message: `the cluster is ${state}; alerts act only on a cluster in ClusterRunning` });
  const generation = input.object.metadata?.generation;
  const observed = status?.observedGeneration;
  if (generation !== undefined && observed !== undefined && observed < generation) {
    reasons.push({
      code: 'OPERATION_IN_PROGRESS',
      message: `the operator has not acted on the last change yet (generation ${generation}, observed ${observed})`,
    });
  }
  if (WAIT_FOR_GRACEFUL.has(input.command)) {
    const active = activeGracefulActions(status);
    if (active.length > 0) reasons.push({ code: 'OPERATION_IN_PROGRESS', message: `graceful actions are pending or running: ${active.join(', ')}` });
  }
  const last = lastRun(input, settings.dryRun);
  if (last !== undefined && settings.cooldownMs > 0) {
    const ago = input.now.getTime() - Date.parse(last.at);
    if (ago < settings.cooldownMs) {
      reasons.push({
        code: 'COOLDOWN',
        message: `${input.command} ran on this cluster ${Math.round(ago / 1000)} s ago (${last.key}); the cooldown is ${settings.cooldownMs / 1000} s (alertManagerConfig.cooldownSeconds)`,
      });
    }
  }
  return reasons;
}

/** The latest run of the command: in the ledger, and, in dry-run mode, among the dry-run records. */
function lastRun(input: SafeguardInput, dryRun: boolean): { key: string; at: string } | undefined {
  const runs = [...readLedger(input.object.metadata?.annotations), ...(dryRun ? input.dryRuns : [])].filter(
    (r) => r.command === input.command && r.key !== input.key,
  );
  return runs.reduce<{ key: string; at: string } | undefined>(
    (latest, r) => (latest === undefined || Date.parse(r.at) > Date.parse(latest.at) ? r : latest),
    undefined,
  );
}
