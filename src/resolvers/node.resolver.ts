import { GraphQLError } from 'graphql';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { AlertView } from '../readmodel/alertView.js';
import type { BrokerView, DiskView } from '../readmodel/brokerView.js';
import type { ClusterView } from '../readmodel/clusterView.js';
import type { ClusterEventView } from '../readmodel/eventView.js';
import type { OperationView } from '../readmodel/operationView.js';
import type { ReadModel } from '../readmodel/readModel.js';
import { decodeGlobalId } from '../domain/globalId.js';
import { Node } from '../schema/node.type.js';
import type { GraphQLContext } from './context.js';
import { fromCache } from './readErrors.js';

type NodeView = ClusterView | BrokerView | DiskView | OperationView | ClusterEventView | AlertView;

/** At most as many ids as a connection page holds. */
const MAX_IDS = 100;

function badId(id: string, argumentName: string): GraphQLError {
  return new GraphQLError(`${JSON.stringify(id)} is not a kafkaplane id: ids come from the \`id\` field of an object and must be passed back unchanged.`, {
    extensions: { code: 'BAD_USER_INPUT', argumentName },
  });
}

/** The object an id stands for; undefined when it no longer exists; an error when it is no id of ours. */
function find(model: ReadModel, id: string, argumentName: string): NodeView | undefined {
  const decoded = decodeGlobalId(id);
  if (decoded === undefined) throw badId(id, argumentName);
  const [namespace = '', name = '', third, fourth] = decoded.key;
  const brokerId = Number(third);
  switch (decoded.type) {
    case 'KafkaCluster':
      if (decoded.key.length === 2) return model.cluster(namespace, name);
      break;
    case 'Broker':
      if (decoded.key.length === 3 && Number.isInteger(brokerId)) return model.broker(namespace, name, brokerId);
      break;
    case 'Disk':
      if (decoded.key.length === 4 && Number.isInteger(brokerId) && fourth !== undefined) return model.disk(namespace, name, brokerId, fourth);
      break;
    case 'Operation':
      if (decoded.key.length === 2) return model.operation(namespace, name);
      break;
    case 'ClusterEvent':
      if (decoded.key.length === 2) return model.event(namespace, name);
      break;
    case 'Alert':
      if (decoded.key.length === 2) return model.alert(namespace, name);
      break;
  }
  throw badId(id, argumentName);
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when it no longer exists.' })
  node(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): NodeView | null {
    return fromCache(() => find(ctx.readModel, id, 'id')) ?? null;
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `Objects by their global ids, in the same order (null for those that no longer exist); at most ${MAX_IDS}.`,
  })
  nodes(@Ctx() ctx: GraphQLContext, @Arg('ids', () => [ID]) ids: string[]): Array<NodeView | null> {
    if (ids.length > MAX_IDS)
      throw new GraphQLError(`\`ids\` holds ${ids.length} ids; at most ${MAX_IDS} are taken at once.`, {
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'ids' },
      });
    return fromCache(() => ids.map((id) => find(ctx.readModel, id, 'ids') ?? null));
  }
}
