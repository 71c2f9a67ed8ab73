import { RESTART_REQUEST_PREFIX } from '../../domain/labels.js';
import { findBroker, type ClusterEdit, type EditContext, type EditPlan } from './edit.js';
import { editError } from './editError.js';

export interface RestartBrokerInput {
  brokerId: number;
  /** When the restart was asked (ISO 8601): a new value is a new request. */
  requestedAt: string;
}

/**
 * Asks for one broker to be restarted. The spec is not changed: an annotation of the KafkaCluster
 * carries the request into the broker's restart hash, so the restart goes through the rolling
 * restart like any other: one at a time, only while the other brokers are Ready, Kafka reports
 * no under-replicated partition and the KRaft quorum keeps a majority.
 */
export function restartBroker(input: RestartBrokerInput): ClusterEdit {
  return { name: 'restartBroker', plan: (context) => plan(input, context) };
}

function plan(input: RestartBrokerInput, { spec }: EditContext): EditPlan {
  if (findBroker(spec, input.brokerId) === undefined) {
    return {
      ok: false,
      errors: [editError('brokerId', 'NOT_FOUND', `broker ${input.brokerId} is not in spec.brokers (brokers: ${spec.brokers.map((b) => b.id).join(', ')})`)],
    };
  }
  return {
    ok: true,
    spec,
    changes: [`restart broker ${input.brokerId} (in its turn of the rolling restart)`],
    annotations: { [`${RESTART_REQUEST_PREFIX}${input.brokerId}`]: input.requestedAt },
  };
}
