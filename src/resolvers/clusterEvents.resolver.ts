import { Arg, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { ClusterEventView } from '../readmodel/eventView.js';
import { ClusterEvent } from '../schema/clusterEvent.type.js';
import { clusterIdArgument, feedClusterEvents } from '../subscriptions/clusterEvents.js';
import { shareableStream } from '../subscriptions/shareable.js';
import type { GraphQLContext } from './context.js';
import { requireCluster } from './requireCluster.js';

function subscribe({ args, context }: SubscribeResolverData<unknown, { clusterId: string }, GraphQLContext>): AsyncIterableIterator<ClusterEventView> {
  const cluster = clusterIdArgument(args.clusterId);
  requireCluster(context.readModel, cluster);
  return shareableStream<ClusterEventView>(context, (sink) => feedClusterEvents(context.readModel, cluster, sink));
}

@Resolver(() => ClusterEvent)
export class ClusterEventsResolver {
  @Subscription(() => ClusterEvent, {
    description:
      'Every Kubernetes Event about the cluster or its objects (the KafkaCluster, or an object labelled kafka_cr=<cluster> in its namespace) as it is added, ' +
      'and again each time Kubernetes counts it once more. Never completes.',
    subscribe,
  })
  clusterEvents(@Root() event: ClusterEventView, @Arg('clusterId', () => ID) _clusterId: string): ClusterEventView {
    return event;
  }
}
