import { Field, ObjectType } from 'type-graphql';
import type { SpecProblemView } from '../readmodel/clusterView.js';

@ObjectType({ description: 'Why the KafkaCluster cannot be reconciled as written.', simpleResolvers: true })
export class SpecProblem implements SpecProblemView {
  @Field(() => String, { description: 'The field, e.g. `spec.brokers[0].brokerConfig.storageConfigs[1].mountPath`.' })
  path!: string;

  @Field(() => String, { description: 'A stable code, e.g. RefusedField, DuplicateBrokerId, InvalidValue.' })
  code!: string;

  @Field(() => String)
  message!: string;
}
