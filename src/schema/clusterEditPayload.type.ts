import { Field, Int, ObjectType } from 'type-graphql';
import type { OperationView } from '../readmodel/operationView.js';
import { KafkaCluster } from './kafkaCluster.type.js';
import { Operation } from './operation.type.js';
import { ProposalPreview } from './proposalPreview.type.js';
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

@ObjectType({ description: "What a change of a cluster's spec did (or, with dryRun, would do).", simpleResolvers: true })
export class ClusterEditPayload extends ClusterEditOutcome {
  @Field(() => [Operation], {
    description:
      'The Cruise Control operations the change started, to follow with operationUpdated: a drain (removeBroker, removeBrokerVolume) is waited for a few seconds; an add_broker starts only once the new brokers run, so follow those with operationUpdated(clusterId).',
  })
  operations!: OperationView[];

  @Field(() => ProposalPreview, {
    nullable: true,
    description: "On a dry run that drains (removeBroker, removeBrokerVolume): Cruise Control's proposal, what it would move.",
  })
  preview!: ProposalPreview | null;

  @Field(() => String, { nullable: true, description: 'Why there is no preview where one was asked for (Cruise Control not ready, ...).' })
  previewError!: string | null;
}
