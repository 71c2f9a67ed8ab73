import { Arg, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { AlertView } from '../readmodel/alertView.js';
import { Alert } from '../schema/alert.type.js';
import { feedAlertsReceived } from '../subscriptions/alertReceived.js';
import { clusterIdArgument } from '../subscriptions/clusterEvents.js';
import { subscriberStream } from '../subscriptions/subscriber.js';
import type { GraphQLContext } from './context.js';
import { requireCluster } from './requireCluster.js';

function subscribe({ args, context }: SubscribeResolverData<unknown, { clusterId: string }, GraphQLContext>): AsyncIterableIterator<AlertView> {
  const cluster = clusterIdArgument(args.clusterId);
  requireCluster(context.readModel, cluster);
  return subscriberStream<AlertView>(context, (sink) => feedAlertsReceived(context.readModel, cluster, sink));
}

@Resolver(() => Alert)
export class AlertReceivedResolver {
  @Subscription(() => Alert, {
    description:
      'Every alert received for the cluster, firing or resolved, through either endpoint and on any replica: once when it is recorded (outcome PENDING), ' +
      'and again each time it is decided (ACTED, DRY_RUN, REFUSED with its reasons, ...). Only alerts from now on; never completes.',
    subscribe,
  })
  alertReceived(@Root() alert: AlertView, @Arg('clusterId', () => ID) _clusterId: string): AlertView {
    return alert;
  }
}
