import { Ctx, FieldResolver, Float, Resolver, Root } from 'type-graphql';
import type { BrokerView, DiskView } from '../readmodel/brokerView.js';
import { mapLive } from '../readmodel/liveData.js';
import { brokerLoads, type LogDirLoadView } from '../readmodel/liveViews.js';
import type { OperationView } from '../readmodel/operationView.js';
import { Broker } from '../schema/broker.type.js';
import { Disk } from '../schema/disk.type.js';
import { Operation } from '../schema/operation.type.js';
import type { GraphQLContext } from './context.js';

/** Cruise Control counts disk use in MB of 2^20 bytes. */
const BYTES_PER_MB = 1024 * 1024;

@Resolver(() => Disk)
export class DiskResolver {
  @FieldResolver(() => Broker, { nullable: true })
  broker(@Root() disk: DiskView, @Ctx() ctx: GraphQLContext): BrokerView | null {
    return ctx.readModel.broker(disk.namespace, disk.clusterName, disk.brokerId) ?? null;
  }

  @FieldResolver(() => Float, { nullable: true, description: "Data on it, in MB, from Cruise Control's load monitor; null when unknown." })
  usedMB(@Root() disk: DiskView, @Ctx() ctx: GraphQLContext): number | null | Promise<number | null> {
    return mapLive(this.logDirLoad(disk, ctx), (load) => load?.usedMB ?? null);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'The same in bytes, to compare with capacityBytes.' })
  usedBytes(@Root() disk: DiskView, @Ctx() ctx: GraphQLContext): number | null | Promise<number | null> {
    return mapLive(this.logDirLoad(disk, ctx), (load) => (load?.usedMB != null ? load.usedMB * BYTES_PER_MB : null));
  }

  @FieldResolver(() => Operation, { nullable: true, description: 'The operation moving data onto or off it, if any.' })
  operation(@Root() disk: DiskView, @Ctx() ctx: GraphQLContext): OperationView | null {
    if (disk.operationName !== null) return ctx.readModel.operation(disk.namespace, disk.operationName) ?? null;
    const active = ctx.readModel
      .operations(disk.namespace, disk.clusterName)
      .find((o) => o.state !== 'COMPLETED' && o.state !== 'FAILED' && o.logDirs.some((d) => d.brokerId === disk.brokerId && d.logDir.replace(/\/+$/, '') === disk.logDir));
    return active ?? null;
  }

  private logDirLoad(disk: DiskView, ctx: GraphQLContext): LogDirLoadView | undefined | Promise<LogDirLoadView | undefined> {
    const cluster = ctx.readModel.cluster(disk.namespace, disk.clusterName);
    if (cluster === undefined) return undefined;
    return mapLive(ctx.live.get('brokerLoad', cluster), (live) => (live.ok ? brokerLoads(live.value).get(disk.brokerId)?.logDirs.find((d) => d.logDir.replace(/\/+$/, '') === disk.logDir) : undefined));
  }
}
