import { Field, Int, ObjectType } from 'type-graphql';
import type { ClusterCountsView } from '../readmodel/liveViews.js';

@ObjectType({
  description: "Brokers from Kubernetes; topics and partitions from Cruise Control's kafka_cluster_state (null when it cannot be asked).",
  simpleResolvers: true,
})
export class ClusterCounts implements ClusterCountsView {
  @Field(() => Int, { description: 'Brokers of the spec whose Pod is Ready.' })
  brokersReady!: number;

  @Field(() => Int, { description: 'Brokers in the spec.' })
  brokersDesired!: number;

  @Field(() => Int, { nullable: true })
  topics!: number | null;

  @Field(() => Int, { nullable: true })
  partitions!: number | null;

  @Field(() => Int, { nullable: true, description: 'Partitions with fewer in-sync replicas than replicas.' })
  underReplicatedPartitions!: number | null;

  @Field(() => Int, { nullable: true, description: 'Partitions without a leader.' })
  offlinePartitions!: number | null;

  @Field(() => Int, { nullable: true, description: 'Partitions with fewer in-sync replicas than min.insync.replicas.' })
  underMinIsrPartitions!: number | null;
}
