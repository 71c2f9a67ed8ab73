import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { OperationProgressView } from '../readmodel/operationView.js';

@ObjectType({ description: "How far an operation's execution is, as Cruise Control last reported it.", simpleResolvers: true })
export class OperationProgress implements OperationProgressView {
  @Field(() => String, { nullable: true, description: 'Computing, Executing, Completed or Failed.' })
  phase!: string | null;

  @Field(() => Float, { nullable: true, description: 'Data moved, as a percentage of the data to move.' })
  percentDataMoved!: number | null;

  @Field(() => Int, { nullable: true })
  partitionsMoved!: number | null;

  @Field(() => Int, { nullable: true })
  partitionsTotal!: number | null;

  @Field(() => Int, { nullable: true })
  partitionsRemaining!: number | null;

  @Field(() => Float, { nullable: true })
  dataMovedMB!: number | null;

  @Field(() => Float, { nullable: true })
  dataTotalMB!: number | null;

  @Field(() => Float, { nullable: true })
  dataRemainingMB!: number | null;

  @Field(() => Int, { nullable: true })
  leadersMoved!: number | null;

  @Field(() => Int, { nullable: true })
  leadersTotal!: number | null;

  @Field(() => Int, { nullable: true, description: 'Seconds to completion at the rate observed since the execution started; null until data has moved.' })
  estimatedSecondsRemaining!: number | null;

  @Field(() => Date, { nullable: true, description: 'When Cruise Control reported these figures.' })
  updatedAt!: Date | null;
}
