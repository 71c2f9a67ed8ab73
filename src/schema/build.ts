import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { HeartbeatResolver } from '../resolvers/heartbeat.resolver.js';
import { ServerInfoResolver } from '../resolvers/serverInfo.resolver.js';
import type { EventBus } from '../events/pubsub.js';

/** The whole GraphQL schema, built code-first from the resolver classes. */
export async function buildAppSchema(events: EventBus): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [ServerInfoResolver, HeartbeatResolver],
    pubSub: events,
    validate: false,
  });
}
