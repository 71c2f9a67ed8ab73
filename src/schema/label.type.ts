import { Field, ObjectType } from 'type-graphql';
import type { LabelView } from '../readmodel/clusterView.js';

@ObjectType({ description: 'A Kubernetes label.', simpleResolvers: true })
export class Label implements LabelView {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}
