/** Events queued for one subscription before its subscriber counts as too slow. */
export const SUBSCRIBER_QUEUE_LIMIT = 1000;

/**
 * The close code for a subscriber dropped for being too slow: 1008 Policy Violation. graphql-ws's
 * own 44xx codes each mean one protocol error (4429 is "too many initialisation requests"), and
 * its client reconnects after 1008, then resyncs through `node(id:)`.
 */
export const SLOW_SUBSCRIBER_CLOSE_CODE = 1008;
