import { Field, Int, ObjectType } from 'type-graphql';
import type { ConditionView } from '../readmodel/clusterView.js';

@ObjectType({
  description: "A condition of the KafkaCluster's status (meta/v1 Condition), e.g. SpecAccepted, UnsupportedField, StepBlocked.",
  simpleResolvers: true,
})
export class Condition implements ConditionView {
  @Field(() => String)
  type!: string;

  @Field(() => String, { description: 'True, False or Unknown.' })
  status!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => String)
  message!: string;

  @Field(() => Date, { nullable: true })
  lastTransitionTime!: Date | null;

  @Field(() => Int, { nullable: true, description: 'The generation of the spec the condition was set for.' })
  observedGeneration!: number | null;
}
