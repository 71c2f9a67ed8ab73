import { Field, ObjectType } from 'type-graphql';
import type { ObjectReferenceView } from '../readmodel/eventView.js';

@ObjectType({ description: 'The Kubernetes object an Event is about.', simpleResolvers: true })
export class ObjectReference implements ObjectReferenceView {
  @Field(() => String)
  kind!: string;

  @Field(() => String)
  name!: string;
}
