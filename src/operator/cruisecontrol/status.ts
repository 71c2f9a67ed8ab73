/**
 * What Cruise Control's deployment adds to the cluster's status: Koperator's
 * cruiseControlTopicStatus, and a condition telling whether the Cruise Control configuration
 * the spec asks for is applied as written.
 */
import { setCondition, type KafkaClusterStatus } from '../../k8s/crd/index.js';
import type { Action } from '../reconcile/actions.js';
import { TOPIC_NOT_READY, TOPIC_READY, type CruiseControlPlan } from './plan.js';

/** False while cruiseControlConfig asks for something kafkaplane does not apply (bad capacityConfig, an owned key). */
export const CRUISE_CONTROL_CONFIG_APPLIED = 'CruiseControlConfigApplied';
/** False while Cruise Control's deployment waits on something (its metrics topic, a restart held while a task runs). */
export const CRUISE_CONTROL_UP_TO_DATE = 'CruiseControlUpToDate';

export interface CruiseControlOutcome {
  status: KafkaClusterStatus;
  events: Action[];
  waiting: string[];
}

export function reportCruiseControl(
  status: KafkaClusterStatus,
  plan: CruiseControlPlan,
  result: { applied: readonly Action[]; refused: ReadonlyArray<{ action: Action; error: Error }> },
  generation: number,
  now: Date,
): CruiseControlOutcome {
  const waiting = [...plan.waiting];
  let topic = status.cruiseControlTopicStatus;
  if (plan.topicRequested) {
    const refused = result.refused.find((r) => r.action.type === 'createCruiseControlTopic');
    if (result.applied.some((a) => a.type === 'createCruiseControlTopic')) topic = TOPIC_READY;
    else {
      topic = TOPIC_NOT_READY;
      waiting.push(`Cruise Control: creating its metrics topic failed (${refused?.error.message ?? 'not tried'}), retrying`);
    }
  } else if (topic !== TOPIC_READY) topic = TOPIC_NOT_READY;

  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const message = plan.problems.join('; ');
  const previous = status.conditions?.find((c) => c.type === CRUISE_CONTROL_CONFIG_APPLIED);
  const conditions = setCondition(status.conditions ?? [], {
    type: CRUISE_CONTROL_CONFIG_APPLIED,
    status: plan.problems.length > 0 ? 'False' : 'True',
    observedGeneration: generation,
    lastTransitionTime: time,
    reason: reasonOf(plan),
    message,
  });
  const pending = [...waiting, ...plan.stalled];
  const upToDate = setCondition(conditions, {
    type: CRUISE_CONTROL_UP_TO_DATE,
    status: pending.length > 0 ? 'False' : 'True',
    observedGeneration: generation,
    lastTransitionTime: time,
    reason: pending.length > 0 ? 'CruiseControlWaiting' : 'CruiseControlUpToDate',
    message: pending.join('; '),
  });
  const events: Action[] =
    plan.problems.length > 0 && previous?.message !== message ? [{ type: 'recordEvent', eventType: 'Warning', reason: reasonOf(plan), message }] : [];
  return { status: { ...status, cruiseControlTopicStatus: topic, conditions: upToDate }, events, waiting };
}

function reasonOf(plan: CruiseControlPlan): string {
  if (plan.problems.length === 0) return 'CruiseControlConfigApplied';
  return plan.refused ? 'CruiseControlConfigRefused' : 'CruiseControlOwnedKeyKept';
}
