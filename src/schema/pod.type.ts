import { Field, Int, ObjectType } from 'type-graphql';
import type { PodView } from '../readmodel/brokerView.js';

@ObjectType('BrokerPod', { description: "The broker's Pod (its own, not a StatefulSet's).", simpleResolvers: true })
export class BrokerPod implements PodView {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Pending, Running, Succeeded, Failed or Unknown.' })
  phase!: string | null;

  @Field(() => String, { nullable: true, description: 'The Kubernetes node it runs on.' })
  nodeName!: string | null;

  @Field(() => Boolean, { description: 'The Ready condition: Kafka answers on its port.' })
  ready!: boolean;

  @Field(() => Int, { description: 'Container restarts.' })
  restarts!: number;

  @Field(() => String, { nullable: true, description: 'The image of its kafka container.' })
  image!: string | null;

  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;
}
