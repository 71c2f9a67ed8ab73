import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { ExecutorProgressView } from '../readmodel/liveViews.js';

@ObjectType({ description: "What Cruise Control's executor is moving right now.", simpleResolvers: true })
export class ExecutorProgress implements ExecutorProgressView {
  @Field(() => Int, { nullable: true })
  partitionMovementsFinished!: number | null;

  @Field(() => Int, { nullable: true })
  partitionMovementsTotal!: number | null;

  @Field(() => Float, { nullable: true })
  dataMovedMB!: number | null;

  @Field(() => Float, { nullable: true })
  dataTotalMB!: number | null;

  @Field(() => Int, { nullable: true })
  leaderMovementsFinished!: number | null;

  @Field(() => Int, { nullable: true })
  leaderMovementsTotal!: number | null;
}
