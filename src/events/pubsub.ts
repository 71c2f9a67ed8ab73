import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import type { AlertRecord } from '../alerts/record.js';

/**
 * Topics of the in-process event bus behind subscriptions, with their payloads. Every replica
 * feeds its own bus from its own watch streams, so no message broker is needed between them.
 */
export type Topics = {
  /** Placeholder until the first watch-fed topic exists; never published. */
  'server.started': [{ at: Date }];
  /**
   * An alert's record, when it is received and again when it is decided, for in-process
   * listeners (the alert tests). Fed by the watch of Events, so every replica publishes every
   * alert, whichever replica received it. The `alertReceived` subscription reads the same watch
   * through the read model, as the other subscriptions do, with a bounded queue per subscriber.
   */
  'alert.received': [AlertRecord];
};

export const ALERT_RECEIVED = 'alert.received';

export type EventBus = PubSub<Topics>;

export function createEventBus(): EventBus {
  return createPubSub<Topics>();
}
