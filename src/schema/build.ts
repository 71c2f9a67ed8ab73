import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { AlertReceivedResolver } from '../resolvers/alertReceived.resolver.js';
import { BrokerResolver } from '../resolvers/broker.resolver.js';
import { BrokerUpdatedResolver } from '../resolvers/brokerUpdated.resolver.js';
import { ClusterResolver } from '../resolvers/cluster.resolver.js';
import { ClusterEventsResolver } from '../resolvers/clusterEvents.resolver.js';
import { DiskResolver } from '../resolvers/disk.resolver.js';
import { HeartbeatResolver } from '../resolvers/heartbeat.resolver.js';
import { NodeResolver } from '../resolvers/node.resolver.js';
import { OperationResolver } from '../resolvers/operation.resolver.js';
import { OperationMutationsResolver } from '../resolvers/operationMutations.resolver.js';
import { BrokerMutationsResolver } from '../resolvers/brokerMutations.resolver.js';
import { VolumeMutationsResolver } from '../resolvers/volumeMutations.resolver.js';
import { ClusterLifecycleResolver } from '../resolvers/clusterLifecycle.resolver.js';
import { ConfigMutationsResolver } from '../resolvers/configMutations.resolver.js';
import { OperationUpdatedResolver } from '../resolvers/operationUpdated.resolver.js';
import { ServerInfoResolver } from '../resolvers/serverInfo.resolver.js';
import { Alert } from './alert.type.js';
import { Broker } from './broker.type.js';
import { useDirectResolvers } from './directResolvers.js';
import { ClusterEvent } from './clusterEvent.type.js';
import { Disk } from './disk.type.js';
import { KafkaCluster } from './kafkaCluster.type.js';
import { Operation } from './operation.type.js';

/**
 * type-graphql asks for a PubSub as soon as a schema has subscriptions, but every subscription
 * here has its own `subscribe`, which reads the informer cache: no topic is ever published.
 */
const NO_TOPICS: PubSub = {
  publish: () => undefined,
  subscribe: (topic) => {
    throw new Error(`no topic ${topic}: subscriptions read the informer cache`);
  },
};

/** The whole GraphQL schema, built code-first from the resolver classes. */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  const resolvers = [
    ServerInfoResolver,
    HeartbeatResolver,
    NodeResolver,
    ClusterResolver,
    BrokerResolver,
    DiskResolver,
    OperationResolver,
    OperationMutationsResolver,
    ClusterLifecycleResolver,
    BrokerMutationsResolver,
    VolumeMutationsResolver,
    ConfigMutationsResolver,
    OperationUpdatedResolver,
    ClusterEventsResolver,
    BrokerUpdatedResolver,
    AlertReceivedResolver,
  ] as const;
  const schema = await buildSchema({
    resolvers,
    // Every implementation of Node, also those no field returns directly.
    orphanedTypes: [KafkaCluster, Broker, Disk, Operation, ClusterEvent, Alert],
    pubSub: NO_TOPICS,
    validate: false,
    // No global middlewares and no auth checker: useDirectResolvers relies on it.
  });
  return useDirectResolvers(schema, resolvers);
}
