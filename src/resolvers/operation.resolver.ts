import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { BrokerView, DiskView } from '../readmodel/brokerView.js';
import type { ClusterView } from '../readmodel/clusterView.js';
import type { OperationView } from '../readmodel/operationView.js';
import { Broker } from '../schema/broker.type.js';
import { Disk } from '../schema/disk.type.js';
import { KafkaCluster } from '../schema/kafkaCluster.type.js';
import { Operation } from '../schema/operation.type.js';
import type { GraphQLContext } from './context.js';

@Resolver(() => Operation)
export class OperationResolver {
  @FieldResolver(() => KafkaCluster, { nullable: true })
  cluster(@Root() operation: OperationView, @Ctx() ctx: GraphQLContext): ClusterView | null {
    return ctx.readModel.cluster(operation.namespace, operation.clusterName) ?? null;
  }

  @FieldResolver(() => [Broker], { description: 'The brokers it acts on that still exist.' })
  brokers(@Root() operation: OperationView, @Ctx() ctx: GraphQLContext): BrokerView[] {
    const cluster = ctx.readModel.cluster(operation.namespace, operation.clusterName);
    return operation.brokerIds.map((id) => cluster?.brokerById.get(id)).filter((b): b is BrokerView => b !== undefined);
  }

  @FieldResolver(() => [Disk], { description: 'The disks it acts on that still exist.' })
  disks(@Root() operation: OperationView, @Ctx() ctx: GraphQLContext): DiskView[] {
    const cluster = ctx.readModel.cluster(operation.namespace, operation.clusterName);
    return operation.logDirs
      .map((ref) => cluster?.brokerById.get(ref.brokerId)?.disks.find((d) => d.logDir === ref.logDir.replace(/\/+$/, '')))
      .filter((d): d is DiskView => d !== undefined);
  }
}
