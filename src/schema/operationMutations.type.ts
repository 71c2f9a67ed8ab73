import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Operation } from './operation.type.js';
import { ProposalPreview } from './proposalPreview.type.js';
import { UserError } from './userError.js';

@InputType({ description: "An on-demand rebalance. Options left out take Cruise Control's defaults." })
export class RebalanceClusterInput {
  @Field(() => ID)
  clusterId!: string;

  @Field(() => [String], { nullable: true, description: 'Goals by class name, in priority order (e.g. RackAwareGoal, DiskCapacityGoal).' })
  goals?: string[] | null;

  @Field(() => String, { nullable: true, description: 'A regular expression of topics whose replicas stay where they are.' })
  excludedTopics?: string | null;

  @Field(() => [Int], { nullable: true, description: 'Only these brokers receive replicas.' })
  destinationBrokerIds?: number[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Balance the disks inside each broker rather than the brokers.' })
  rebalanceDisk?: boolean | null;

  @Field(() => Int, { nullable: true })
  concurrentPartitionMovementsPerBroker?: number | null;

  @Field(() => Int, { nullable: true })
  maxPartitionMovementsInCluster?: number | null;

  @Field(() => Int, { nullable: true })
  concurrentLeaderMovements?: number | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Only ask Cruise Control what would move; change nothing.' })
  dryRun!: boolean;
}

@ObjectType({ simpleResolvers: true })
export class RebalanceClusterPayload {
  @Field(() => Operation, { nullable: true, description: 'The operation started (null on a dry run or an error).' })
  operation!: Operation | null;

  @Field(() => ProposalPreview, { nullable: true, description: 'On a dry run: what Cruise Control would move.' })
  preview!: ProposalPreview | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@InputType({ description: 'Stops the execution Cruise Control runs for the cluster (stop_proposal_execution).' })
export class StopOperationInput {
  @Field(() => ID)
  clusterId!: string;

  @Field(() => Boolean, { defaultValue: false })
  dryRun!: boolean;
}

@ObjectType({ simpleResolvers: true })
export class StopOperationPayload {
  @Field(() => Operation, { nullable: true, description: 'The operation being stopped; it is paused, so that no retry undoes the stop.' })
  stopped!: Operation | null;

  @Field(() => Operation, { nullable: true, description: 'The stop itself.' })
  operation!: Operation | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@InputType({ description: 'Runs a failed or paused operation again, with its parameters checked against the cluster as it is now.' })
export class RetryOperationInput {
  @Field(() => ID)
  operationId!: string;

  @Field(() => Boolean, { defaultValue: false })
  dryRun!: boolean;
}

@ObjectType({ simpleResolvers: true })
export class RetryOperationPayload {
  @Field(() => Operation, { nullable: true })
  operation!: Operation | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
