/**
 * What a pass reports once its writes are done: the status, from the plan and from what each
 * write it depends on did. Pure; the status is written only when it differs from the current one.
 */
import type { KafkaClusterStatus } from '../../k8s/crd/index.js';
import { KafkaAdminError } from '../../kafka/index.js';
import { withScheduled } from '../operations/graceful.js';
import type { Action, BlockedStep } from './actions.js';
import { brokerConfigFailed, clusterWideConfigFailed, type PerBrokerState } from './dynamicConfigs.js';
import type { ExecutionResult } from './execute.js';
import type { NextPass, PassReport, ReconciledReport } from './planPass.js';
import { desiredStatus, type ClusterWideConfigResult } from './status.js';
import { reportCruiseControl } from '../cruisecontrol/status.js';

export interface ReportedPass {
  status: KafkaClusterStatus;
  /** Written only if the cluster still has this resourceVersion. */
  resourceVersion?: string | undefined;
  /** Recorded once the status is written. */
  events: Action[];
  next: NextPass;
  /** The graceful targets went Scheduled under an operation: its runner is told at once. */
  operationScheduled: boolean;
}

export function reportPass(report: PassReport, result: Pick<ExecutionResult, 'applied' | 'refused'>): ReportedPass {
  if (report.kind === 'fixed') {
    const { status, resourceVersion, events, next } = report;
    return { status, resourceVersion, events, next, operationScheduled: false };
  }
  return reportReconciled(report, result);
}

/**
 * A Kafka write that failed leaves its broker (or the cluster default) in error, and a removed
 * broker Kafka would not unregister keeps its entry, to be tried again. Targets are Scheduled only
 * under an operation that exists: adopted, or created by this pass.
 */
function reportReconciled(report: ReconciledReport, result: Pick<ExecutionResult, 'applied' | 'refused'>): ReportedPass {
  const current = report.status.current ?? {};
  const perBroker = new Map<number, PerBrokerState>(report.perBroker);
  let clusterWide: ClusterWideConfigResult | undefined = report.clusterWide;
  let states = report.graceful?.states;
  const waiting: string[] = [];
  const blocked: BlockedStep[] = [];
  const events: Action[] = [];
  for (const action of result.applied) {
    if (action.type === 'addRaftVoter' || action.type === 'removeRaftVoter')
      waiting.push(`controller ${action.brokerId}: voter change made; looking at the quorum again`);
  }
  for (const { action, error } of result.refused) {
    if (action.type === 'alterBrokerConfigs') {
      perBroker.set(action.brokerId, 'PerBrokerConfigError');
      events.push(...brokerConfigFailed(action.brokerId, error.message, current));
    } else if (action.type === 'alterClusterDefaultConfigs') {
      clusterWide = { keys: current.clusterWideConfigKeys ?? [], error: error.message };
      events.push(...clusterWideConfigFailed(error.message, current));
    } else if (action.type === 'unregisterBroker' && states !== undefined) {
      states = new Map(states).set(action.brokerId, current.brokersState?.[String(action.brokerId)]?.gracefulActionState);
      waiting.push(`broker ${action.brokerId}: removed; unregistering it from Kafka failed (${error.message}), retrying`);
    } else if (action.type === 'addRaftVoter' || action.type === 'removeRaftVoter') {
      const refusal = voterChangeRefused(action, error);
      if (refusal === undefined) waiting.push(`controller ${action.brokerId}: ${action.type} not done yet, tried again later (${error.message})`);
      else {
        blocked.push(refusal);
        if (current.conditions?.some((c) => c.message.includes(refusal.message)) !== true)
          events.push({ type: 'recordEvent', eventType: 'Warning', reason: refusal.reason, message: refusal.message });
      }
    }
  }
  const schedule = report.graceful?.schedule;
  const scheduled = schedule !== undefined && (!schedule.created || result.applied.some((a) => a.type === 'createOperation' && a.name === schedule.name));
  if (scheduled && states !== undefined) states = withScheduled(states, schedule.targets, { name: schedule.name });

  const plan = { ...report.plan, blocked: [...report.plan.blocked, ...blocked], waiting: [...report.plan.waiting, ...waiting] };
  const desired = desiredStatus({ ...report.status, plan, perBroker, ...(clusterWide ? { clusterWide } : {}), ...(states ? { graceful: states } : {}) });
  // Cruise Control's own waits bring the pass back soon without holding the brokers' state.
  const cc =
    report.cruiseControl !== undefined ? reportCruiseControl(desired, report.cruiseControl, result, report.status.generation, report.status.now) : undefined;
  const status = cc?.status ?? desired;
  const busy = plan.actions.length > 0 || plan.waiting.length > 0 || (cc?.waiting.length ?? 0) > 0;
  return { status, events: [...events, ...(cc?.events ?? []), ...report.events], next: busy ? 'soon' : 'onChange', operationScheduled: scheduled };
}

/**
 * A voter change Kafka refused for good, with its message; undefined when it is only not done yet
 * (REQUEST_TIMED_OUT: another change is not committed, or the new voter lags; or no answer), to be
 * tried again on a later pass.
 */
function voterChangeRefused(action: Extract<Action, { type: 'addRaftVoter' | 'removeRaftVoter' }>, error: Error): BlockedStep | undefined {
  const kafka = error instanceof KafkaAdminError ? error.kafkaError : undefined;
  if (kafka === undefined || kafka.name === 'REQUEST_TIMED_OUT') return undefined;
  const request = action.type === 'addRaftVoter' ? 'AddRaftVoter' : 'RemoveRaftVoter';
  return { brokerId: action.brokerId, reason: 'VoterChangeRefused', message: `controller ${action.brokerId}: Kafka refused ${request}: ${error.message}` };
}
