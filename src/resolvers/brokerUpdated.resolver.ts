import { Arg, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { BrokerView } from '../readmodel/brokerView.js';
import { Broker } from '../schema/broker.type.js';
import { feedBrokerUpdates } from '../subscriptions/brokerUpdates.js';
import { clusterIdArgument } from '../subscriptions/clusterEvents.js';
import { subscriberStream } from '../subscriptions/subscriber.js';
import type { GraphQLContext } from './context.js';
import { fromCache } from './readErrors.js';
import { requireCluster } from './requireCluster.js';

function subscribe({ args, context }: SubscribeResolverData<unknown, { clusterId: string }, GraphQLContext>): AsyncIterableIterator<BrokerView> {
  const cluster = clusterIdArgument(args.clusterId);
  requireCluster(context.readModel, cluster);
  return fromCache(() => subscriberStream<BrokerView>(context, (sink) => feedBrokerUpdates(context.readModel, cluster, sink)));
}

@Resolver(() => Broker)
export class BrokerUpdatedResolver {
  @Subscription(() => Broker, {
    description:
      "A broker of the cluster each time its state, its Pod's readiness or its disks change (from the KafkaCluster's status and its Pods' and PVCs' watch events). " +
      'Only changes since the subscription started; never completes.',
    subscribe,
  })
  brokerUpdated(@Root() broker: BrokerView, @Arg('clusterId', () => ID) _clusterId: string): BrokerView {
    return broker;
  }
}
