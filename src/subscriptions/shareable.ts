import type { GraphQLContext } from '../resolvers/context.js';
import type { StreamSink } from './boundedStream.js';
import { subscriberStream } from './subscriber.js';

/** What starts a subscription's events: it feeds a sink and returns what stops it. */
export type Feed<T> = (sink: StreamSink<T>) => () => void;

/** How subscribers may share a feed. */
export interface Shareable<T> {
  feed: Feed<T>;
  /**
   * A subscriber joining a running feed gets the last event it sent first: set where a
   * subscriber's first event is the current state of what it follows (one operation by id).
   */
  latestFirst: boolean;
}

const SHAREABLE = Symbol('shareable');

/**
 * A subscriber's stream whose events depend only on the subscription's arguments, never on who
 * subscribed or when: subscribers with the same document, variables and authorization may then
 * share one feed and one execution per event (src/http/sharedSubscriptions.ts). Iterated on its
 * own it is the subscriber's bounded stream, started at once as every other.
 */
export function shareableStream<T extends object>(context: GraphQLContext, feed: Feed<T>, options: { latestFirst?: boolean } = {}): AsyncIterableIterator<T> {
  const shareable: Shareable<T> = { feed, latestFirst: options.latestFirst ?? false };
  return Object.assign(subscriberStream<T>(context, feed), { [SHAREABLE]: shareable });
}

/** How a stream made by shareableStream may be shared, or undefined for any other stream. */
export function shareableOf(stream: object): Shareable<unknown> | undefined {
  return (stream as { [SHAREABLE]?: Shareable<unknown> })[SHAREABLE];
}
