import { Field, ObjectType } from 'type-graphql';
import type { ResourceListView } from '../readmodel/brokerView.js';

@ObjectType({ description: 'CPU and memory as Kubernetes quantities ("2", "500m", "8Gi").', simpleResolvers: true })
export class ResourceList implements ResourceListView {
  @Field(() => String, { nullable: true })
  cpu!: string | null;

  @Field(() => String, { nullable: true })
  memory!: string | null;
}
