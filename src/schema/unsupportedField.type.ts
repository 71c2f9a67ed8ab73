import { Field, ObjectType } from 'type-graphql';
import type { UnsupportedFieldView } from '../readmodel/clusterView.js';

@ObjectType({ description: 'A field of the KafkaCluster that kafkaplane keeps but does not act on (docs/crd-support.md).', simpleResolvers: true })
export class UnsupportedField implements UnsupportedFieldView {
  @Field(() => String, { description: 'As written in the manifest, e.g. `spec.monitoringConfig`.' })
  path!: string;

  @Field(() => String, { description: 'Why it has no effect.' })
  note!: string;
}
