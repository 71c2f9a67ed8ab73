import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { QuorumReplicaView } from '../readmodel/liveViews.js';

@ObjectType({ description: 'One replica of the KRaft metadata log, as DescribeQuorum (v2) reports it.', simpleResolvers: true })
export class QuorumReplica implements QuorumReplicaView {
  @Field(() => Int)
  nodeId!: number;

  @Field(() => String, { nullable: true, description: 'Its metadata log directory id (a Kafka Uuid, KIP-853): with the node id, what identifies a voter.' })
  directoryId!: string | null;

  @Field(() => Float, { description: 'The end offset of its copy of the metadata log.' })
  logEndOffset!: number;

  @Field(() => Date, { nullable: true, description: 'When it last caught up with the leader; null when it never did (lagging, or stopped).' })
  lastCaughtUpTimestamp!: Date | null;

  @Field(() => Float, { description: "How many offsets it is behind the leader's log end offset." })
  lag!: number;
}
