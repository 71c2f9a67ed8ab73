import { Field, ID, InputType, Int } from 'type-graphql';

/**
 * What every mutation that edits a KafkaCluster's spec takes: the cluster, optimistic
 * concurrency, and a dry run. The input types extend it and get its fields.
 */
@InputType()
export abstract class ClusterEditInput {
  @Field(() => ID, { description: "The KafkaCluster's global id." })
  clusterId!: string;

  @Field(() => Int, { nullable: true, description: "Refuse (STALE_GENERATION) when the cluster's spec changed since this generation." })
  expectedGeneration?: number | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Say what would change, and change nothing.' })
  dryRun!: boolean;
}
