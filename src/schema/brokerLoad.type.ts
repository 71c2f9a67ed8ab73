import { Field, Float, Int, ObjectType } from 'type-graphql';
import { LogDirLoad } from './logDirLoad.type.js';

@ObjectType({ description: "A broker's load as Cruise Control's load monitor measures it (averaged over its metric windows).", simpleResolvers: true })
export class BrokerLoad {
  @Field(() => String, { description: "Cruise Control's view of the broker: ALIVE, DEAD, NEW, DEMOTED or BAD_DISKS." })
  brokerState!: string;

  @Field(() => Float)
  cpuPercent!: number;

  @Field(() => Float, { description: 'Data on the broker, in MB.' })
  diskUsedMB!: number;

  @Field(() => Float)
  diskUsedPercent!: number;

  @Field(() => Float, { description: 'Bytes in (as leader and as follower), in KB/s.' })
  networkInKBps!: number;

  @Field(() => Float, { description: 'Bytes out, in KB/s.' })
  networkOutKBps!: number;

  @Field(() => Int)
  leaders!: number;

  @Field(() => Int)
  replicas!: number;

  @Field(() => [LogDirLoad], { description: 'Per log dir (JBOD).' })
  logDirs!: LogDirLoad[];
}
