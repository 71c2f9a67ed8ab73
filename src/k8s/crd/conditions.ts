/**
 * The conditions that tell a user how kafkaplane read their KafkaCluster, and the standard way
 * to update a condition list (apimachinery meta.SetStatusCondition: lastTransitionTime moves
 * only when the status changes).
 */
import type { z } from 'zod';
import type { condition } from './kubeTypes.js';
import { UNSUPPORTED_FIELD, unsupportedFieldMessage, type KafkaClusterCheck } from './support.js';

export type Condition = z.infer<typeof condition>;

/** True when the spec can be reconciled; False names the first problems (reason RefusedField or InvalidSpec). */
export const SPEC_ACCEPTED = 'SpecAccepted';

/** How many problems a condition message spells out; Events carry each one. */
const MESSAGE_PROBLEMS = 5;

/** The SpecAccepted and UnsupportedField conditions for a checked KafkaCluster. */
export function specConditions(check: KafkaClusterCheck, observedGeneration: number, now: Date): Condition[] {
  const lastTransitionTime = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const refused = check.problems.some((p) => p.code === 'RefusedField');
  const shown = check.problems.slice(0, MESSAGE_PROBLEMS).map((p) => p.message);
  const more = check.problems.length - shown.length;
  return [
    check.problems.length === 0
      ? { type: SPEC_ACCEPTED, status: 'True', observedGeneration, lastTransitionTime, reason: 'Accepted', message: 'the spec is valid and supported' }
      : {
          type: SPEC_ACCEPTED,
          status: 'False',
          observedGeneration,
          lastTransitionTime,
          reason: refused ? 'RefusedField' : 'InvalidSpec',
          message: shown.join('; ') + (more > 0 ? `; and ${more} more (see Events)` : ''),
        },
    {
      type: UNSUPPORTED_FIELD,
      status: check.unsupported.length > 0 ? 'True' : 'False',
      observedGeneration,
      lastTransitionTime,
      reason: check.unsupported.length > 0 ? UNSUPPORTED_FIELD : 'AllFieldsSupported',
      message: unsupportedFieldMessage(check.unsupported),
    },
  ];
}

/**
 * The list with `next` in place of the condition of the same type; when the status did not
 * change the previous lastTransitionTime is kept, so an unchanged condition writes nothing new.
 */
export function setCondition(conditions: readonly Condition[], next: Condition): Condition[] {
  const previous = conditions.find((c) => c.type === next.type);
  const merged = previous !== undefined && previous.status === next.status ? { ...next, lastTransitionTime: previous.lastTransitionTime } : next;
  return previous === undefined ? [...conditions, merged] : conditions.map((c) => (c.type === next.type ? merged : c));
}
