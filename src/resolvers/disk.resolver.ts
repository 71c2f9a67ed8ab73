import { Ctx, FieldResolver, Float, Resolver, Root } from 'type-graphql';
import type { BrokerView, DiskView } from '../readmodel/brokerView.js';
import type { BrokerStats } from '../cruisecontrol/index.js';
import type { Live } from '../readmodel/liveData.js';
import { logDirLoad } from '../readmodel/liveViews.js';
import type { OperationView } from '../readmodel/operationView.js';
import { Broker } from '../schema/broker.type.js';
import { Disk } from '../schema/disk.type.js';
import { Operation } from '../schema/operation.type.js';
import type { GraphQLContext } from './context.js';

/** Cruise Control counts disk use in MB of 2^20 bytes. */
const BYTES_PER_MB = 1024 * 1024;

// Plain functions, not closures: these run for every disk of a fleet.
function usedMB(live: Live<BrokerStats>, disk: DiskView): number | null {
  return live.ok ? (logDirLoad(live.value, disk.brokerId, disk.logDir)?.usedMB ?? null) : null;
}

function usedBytes(live: Live<BrokerStats>, disk: DiskView): number | null {
  const mb = usedMB(live, disk);
  return mb === null ? null : mb * BYTES_PER_MB;
}

@Resolver(() => Disk)
export class DiskResolver {
  @FieldResolver(() => Broker, { nullable: true })
  broker(@Root() disk: DiskView, @Ctx() ctx: GraphQLContext): BrokerView | null {
    return ctx.readModel.broker(disk.namespace, disk.clusterName, disk.brokerId) ?? null;
  }

  @FieldResolver(() => Float, { nullable: true, description: "Data on it, in MB, from Cruise Control's load monitor; null when unknown." })
  usedMB(@Root() disk: DiskView, @Ctx() ctx: GraphQLContext): number | null | Promise<number | null> {
    const live = ctx.live.get('brokerLoad', disk.live);
    return live instanceof Promise ? live.then((settled) => usedMB(settled, disk)) : usedMB(live, disk);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'The same in bytes, to compare with capacityBytes.' })
  usedBytes(@Root() disk: DiskView, @Ctx() ctx: GraphQLContext): number | null | Promise<number | null> {
    const live = ctx.live.get('brokerLoad', disk.live);
    return live instanceof Promise ? live.then((settled) => usedBytes(settled, disk)) : usedBytes(live, disk);
  }

  @FieldResolver(() => Operation, { nullable: true, description: 'The operation moving data onto or off it, if any.' })
  operation(@Root() disk: DiskView, @Ctx() ctx: GraphQLContext): OperationView | null {
    if (disk.operationName !== null) return ctx.readModel.operation(disk.namespace, disk.operationName) ?? null;
    const active = ctx.readModel
      .operations(disk.namespace, disk.clusterName)
      .find(
        (o) =>
          o.state !== 'COMPLETED' &&
          o.state !== 'FAILED' &&
          o.logDirs.some((d) => d.brokerId === disk.brokerId && d.logDir.replace(/\/+$/, '') === disk.logDir),
      );
    return active ?? null;
  }
}
