import { Field, ObjectType } from 'type-graphql';
import type { ResourcesView } from '../readmodel/brokerView.js';
import { ResourceList } from './resourceList.type.js';

@ObjectType({ description: "The broker container's resource requests and limits, as the spec sets them.", simpleResolvers: true })
export class Resources implements ResourcesView {
  @Field(() => ResourceList)
  requests!: ResourceList;

  @Field(() => ResourceList)
  limits!: ResourceList;
}
