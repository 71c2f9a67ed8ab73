import { Field, Int, ObjectType } from 'type-graphql';
import { KafkaCluster } from './kafkaCluster.type.js';
import { UserError } from './userError.js';

/** What every mutation that edits a KafkaCluster's spec answers; the payload types extend it. */
@ObjectType({ simpleResolvers: true })
export class ClusterEditOutcome {
  @Field(() => KafkaCluster, { nullable: true, description: 'The cluster after the change (as before it, on a dry run or an error).' })
  cluster!: KafkaCluster | null;

  @Field(() => Int, { nullable: true, description: 'The spec generation written (or read, on a dry run).' })
  generation!: number | null;

  @Field(() => [String], { description: 'One line per change to the spec.' })
  changes!: string[];

  @Field(() => [Int], { description: 'Brokers the change restarts (one at a time, in the rolling restart), by id.' })
  restartedBrokers!: number[];

  @Field(() => Boolean)
  dryRun!: boolean;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
