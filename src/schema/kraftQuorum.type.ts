import { Field, Int, ObjectType } from 'type-graphql';
import type { KraftQuorumView } from '../readmodel/liveViews.js';
import { Broker } from './broker.type.js';

@ObjectType({ description: 'The KRaft controller quorum: the voters from the spec, the leader from Kafka (DescribeQuorum).', simpleResolvers: true })
export class KraftQuorum implements Omit<KraftQuorumView, 'controllers' | 'leader'> {
  @Field(() => [Broker], { description: 'The brokers with the controller role: the voters.' })
  controllers!: Broker[];

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
