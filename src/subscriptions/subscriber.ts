import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../resolvers/context.js';
import { boundedStream, type StreamSink } from './boundedStream.js';
import { SUBSCRIBER_QUEUE_LIMIT } from './limits.js';

/** A subscription's stream, bounded, dropping the connection of a subscriber that falls behind. */
export function subscriberStream<T extends object>(context: GraphQLContext, start: (sink: StreamSink<T>) => () => void): AsyncIterableIterator<T> {
  const drop = context.dropConnection;
  if (drop === undefined) throw new GraphQLError('subscriptions are served over graphql-ws on /graphql', { extensions: { code: 'BAD_REQUEST' } });
  return boundedStream<T>({
    limit: SUBSCRIBER_QUEUE_LIMIT,
    onOverflow: (limit) => drop(`subscriber too slow: more than ${limit} events queued`),
    start,
  });
}
