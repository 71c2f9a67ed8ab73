import { isMajority } from '../../domain/kraftQuorum.js';
import { rolesOf } from '../../domain/serverProperties.js';
import { removeBrokerDrain } from './drain.js';
import { findBroker, type ClusterEdit, type EditContext, type EditPlan } from './edit.js';
import { editError, type EditError } from './editError.js';
import { resultProblems } from './resultProblems.js';

export interface RemoveBrokerInput {
  brokerId: number;
}

export interface RemoveBrokerLimits {
  /** No broker is removed while the cluster has this many or fewer (Koperator's downScaleLimit). */
  minBrokers?: number | undefined;
}

/**
 * Takes a broker out of spec.brokers. Nothing is deleted by this: the operator drains the broker
 * through Cruise Control first, and removes its Pod and volumes only once Kafka reports it empty
 * (docs/operations.md, "Removing a specific broker").
 */
export function removeBroker(input: RemoveBrokerInput, limits: RemoveBrokerLimits = {}): ClusterEdit {
  return { name: 'removeBroker', plan: (context) => plan(input, limits, context) };
}

function plan(input: RemoveBrokerInput, limits: RemoveBrokerLimits, { spec }: EditContext): EditPlan {
  const found = findBroker(spec, input.brokerId);
  if (found === undefined) {
    return {
      ok: false,
      errors: [editError('brokerId', 'NOT_FOUND', `broker ${input.brokerId} is not in spec.brokers (brokers: ${spec.brokers.map((b) => b.id).join(', ')})`)],
    };
  }
  const errors: EditError[] = [];
  if (limits.minBrokers !== undefined && spec.brokers.length <= limits.minBrokers) {
    errors.push(
      editError(
        [],
        'LIMIT_REACHED',
        `the cluster has ${spec.brokers.length} brokers, the fewest allowed is ${limits.minBrokers} (alertManagerConfig.downScaleLimit)`,
      ),
    );
  }
  const next = { ...spec, brokers: spec.brokers.filter((b) => b.id !== input.brokerId) };
  // The rule the operator applies before it lets a controller go (isMajority, as in operations/graceful.ts).
  if (spec.kRaft && rolesOf(spec, found.broker).includes('controller')) {
    const now = spec.brokers.filter((b) => rolesOf(spec, b).includes('controller')).length;
    const left = now - 1;
    if (!isMajority(left, now)) {
      errors.push(
        editError(
          'brokerId',
          'BROKER_IS_CONTROLLER',
          `broker ${input.brokerId} is a KRaft controller, and ${left} of ${now} controllers would not be a majority of the quorum`,
        ),
      );
    }
  }
  errors.push(...resultProblems(spec, next, ['brokerId']));
  if (errors.length > 0) return { ok: false, errors };
  // A controller-only node holds no partition: the operator lets it go without a drain.
  if (!rolesOf(spec, found.broker).includes('broker')) {
    return { ok: true, spec: next, changes: [`remove broker ${input.brokerId} (a controller only: it holds no data)`] };
  }
  const change = `remove broker ${input.brokerId} (drained through Cruise Control before anything is deleted)`;
  return { ok: true, spec: next, changes: [change], drain: removeBrokerDrain(input.brokerId) };
}
