import { GraphQLError } from 'graphql';
import { Arg, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { OperationView } from '../readmodel/operationView.js';
import { Operation } from '../schema/operation.type.js';
import { feedOperationUpdates, operationSelection } from '../subscriptions/operationUpdates.js';
import { shareableStream } from '../subscriptions/shareable.js';
import type { GraphQLContext } from './context.js';
import { fromCache } from './readErrors.js';
import { requireCluster } from './requireCluster.js';

interface OperationUpdatedArgs {
  id?: string | null;
  clusterId?: string | null;
}

function subscribe({ args, context }: SubscribeResolverData<unknown, OperationUpdatedArgs, GraphQLContext>): AsyncIterableIterator<OperationView> {
  const selection = operationSelection(args.id, args.clusterId);
  const { readModel } = context;
  if (selection.kind === 'cluster') requireCluster(readModel, selection);
  else if (fromCache(() => readModel.operation(selection.namespace, selection.name)) === undefined) {
    throw new GraphQLError(`no operation ${selection.namespace}/${selection.name}`, { extensions: { code: 'NOT_FOUND', argumentName: 'id' } });
  }
  // Following one operation, a subscriber's first event is its current state.
  return shareableStream<OperationView>(context, (sink) => feedOperationUpdates(readModel, selection, sink), { latestFirst: selection.kind === 'operation' });
}

@Resolver(() => Operation)
export class OperationUpdatedResolver {
  @Subscription(() => Operation, {
    description:
      'The whole Operation each time its state or progress changes, from the watch streams (any replica serves it). ' +
      'With `id`: its current state first, and the stream completes once it is COMPLETED or FAILED (or deleted). ' +
      'With `clusterId`: every operation of the cluster, never completing.',
    subscribe,
  })
  operationUpdated(
    @Root() operation: OperationView,
    @Arg('id', () => ID, { nullable: true, description: 'One operation; give this or clusterId.' }) _id: string | null,
    @Arg('clusterId', () => ID, { nullable: true, description: 'Every operation of a cluster; give this or id.' }) _clusterId: string | null,
  ): OperationView {
    return operation;
  }
}
