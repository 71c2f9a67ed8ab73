import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A broker as it would be after the operation.', simpleResolvers: true })
export class BrokerAfterProposal {
  @Field(() => Int)
  brokerId!: number;

  @Field(() => Int)
  replicas!: number;

  @Field(() => Int)
  leaders!: number;

  @Field(() => Float)
  diskMB!: number;
}

@ObjectType({ description: "Cruise Control's dry run of an operation: what it would move. Nothing was changed.", simpleResolvers: true })
export class ProposalPreview {
  @Field(() => Float)
  dataToMoveMB!: number;

  @Field(() => Int)
  replicaMovements!: number;

  @Field(() => Float)
  intraBrokerDataToMoveMB!: number;

  @Field(() => Int)
  intraBrokerReplicaMovements!: number;

  @Field(() => Int)
  leaderMovements!: number;

  @Field(() => Int, { description: 'Metric windows the proposal was computed from.' })
  recentWindows!: number;

  @Field(() => String, { nullable: true })
  provisionRecommendation!: string | undefined;

  @Field(() => [BrokerAfterProposal])
  brokersAfter!: BrokerAfterProposal[];
}
