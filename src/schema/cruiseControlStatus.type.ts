import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { CruiseControlStatusView } from '../readmodel/liveViews.js';
import { ExecutorProgress } from './executorProgress.type.js';

@ObjectType({ description: "The cluster's Cruise Control, as its /state answers (shared for a few seconds between requests).", simpleResolvers: true })
export class CruiseControlStatus implements CruiseControlStatusView {
  @Field(() => Boolean, { description: 'It answered.' })
  reachable!: boolean;

  @Field(() => Boolean, { description: 'Its monitor runs, a proposal is ready and every goal is ready: it can compute operations.' })
  ready!: boolean;

  @Field(() => Boolean, { description: 'Its executor is running something: a new execution would be refused.' })
  busy!: boolean;

  @Field(() => [String], { description: 'Why it is not ready or is busy, in words a person can act on.' })
  reasons!: string[];

  @Field(() => String, { nullable: true, description: 'Why it could not be asked.' })
  error!: string | null;

  @Field(() => String, { nullable: true, description: 'RUNNING, SAMPLING, PAUSED, BOOTSTRAPPING, TRAINING, LOADING or NOT_STARTED.' })
  monitorState!: string | null;

  @Field(() => Int, { nullable: true, description: 'Complete metric windows its load model has.' })
  validWindows!: number | null;

  @Field(() => Float, { nullable: true, description: 'Percentage of partitions with enough metric samples.' })
  monitoringCoveragePercent!: number | null;

  @Field(() => String, { nullable: true, description: "The executor's state, e.g. NO_TASK_IN_PROGRESS, INTER_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS." })
  executorState!: string | null;

  @Field(() => String, { nullable: true, description: 'The user task the executor runs.' })
  executingTaskId!: string | null;

  @Field(() => ExecutorProgress, { nullable: true, description: 'Null when the executor is idle.' })
  progress!: ExecutorProgress | null;
}
