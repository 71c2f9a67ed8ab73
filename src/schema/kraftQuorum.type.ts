import { Field, Int, ObjectType } from 'type-graphql';
import type { KraftQuorumView } from '../readmodel/liveViews.js';
import { Broker } from './broker.type.js';
import { QuorumReplica } from './quorumReplica.type.js';

@ObjectType({
  description: 'The KRaft controller quorum: the controllers of the spec, and the leader, voters and observers as Kafka reports them (DescribeQuorum v2).',
  simpleResolvers: true,
})
export class KraftQuorum implements Omit<KraftQuorumView, 'controllers' | 'leader'> {
  @Field(() => [Broker], { description: 'The brokers with the controller role in the spec. A new one votes once it has caught up; see voters.' })
  controllers!: Broker[];

  @Field(() => [QuorumReplica], { description: 'The voters Kafka reports: the nodes that hold the metadata. Empty when Kafka cannot be asked.' })
  voters!: QuorumReplica[];

  @Field(() => [QuorumReplica], {
    description: 'Nodes that fetch the metadata log without a vote: the brokers, and controllers not yet (or no longer) voters.',
  })
  observers!: QuorumReplica[];

  @Field(() => Boolean, { description: 'Kafka answered DescribeQuorum.' })
  reachable!: boolean;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => Int, { nullable: true, description: 'The active controller; null when Kafka cannot be asked or there is none.' })
  leaderId!: number | null;

  @Field(() => Broker, { nullable: true })
  leader!: Broker | null;

  @Field(() => Int, { nullable: true })
  leaderEpoch!: number | null;
}
