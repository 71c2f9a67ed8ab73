import type { IPod } from 'kubernetes-models/v1/Pod';
import { isPodFinished, isPodReady } from '../domain/observedCluster.js';

export const BROKER_STATES = ['PENDING', 'STARTING', 'RUNNING', 'RESTARTING', 'ADDING', 'DRAINING', 'REMOVING', 'FAILED'] as const;
export type BrokerState = (typeof BROKER_STATES)[number];

export interface BrokerStateInput {
  /** The broker is in spec.brokers. */
  inSpec: boolean;
  pod: IPod | undefined;
  terminatingPods: readonly IPod[];
  /** status.brokersState[id].gracefulActionState.cruiseControlState (Koperator's words). */
  gracefulState: string | undefined;
}

const UPSCALE_ACTIVE = /^GracefulUpscale(Required|Scheduled|Running|Paused|CompletedWithError)$/;
const DOWNSCALE_DONE = 'GracefulDownscaleSucceeded';

/**
 * One word for where a broker stands, from its Pods and Koperator's broker status:
 * - a broker gone from the spec still has its Pod while Cruise Control drains it (DRAINING),
 *   and is REMOVING once its drain succeeded or its Pod is being deleted;
 * - FAILED: its Pod ended (restartPolicy Never: it is replaced, not restarted in place);
 * - RESTARTING: its previous Pod is still terminating;
 * - ADDING: Cruise Control is moving data onto it (Koperator's graceful upscale);
 * - PENDING (no Pod, or not scheduled and started), STARTING (running, not Ready), RUNNING.
 */
export function brokerState(input: BrokerStateInput): BrokerState {
  const { pod } = input;
  if (!input.inSpec) {
    if (input.gracefulState === DOWNSCALE_DONE || pod === undefined) return 'REMOVING';
    return 'DRAINING';
  }
  if (pod !== undefined && isPodFinished(pod)) return 'FAILED';
  if (input.terminatingPods.length > 0 && !isPodReady(pod)) return 'RESTARTING';
  if (pod === undefined || pod.status?.phase === undefined || pod.status.phase === 'Pending') return 'PENDING';
  if (!isPodReady(pod)) return 'STARTING';
  if (input.gracefulState !== undefined && UPSCALE_ACTIVE.test(input.gracefulState)) return 'ADDING';
  return 'RUNNING';
}
