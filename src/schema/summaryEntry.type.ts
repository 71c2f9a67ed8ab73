import { Field, ObjectType } from 'type-graphql';
import type { SummaryEntryView } from '../readmodel/operationView.js';

@ObjectType({ description: 'One line of Cruise Control\'s proposal summary, e.g. "Data to move" = "15660".', simpleResolvers: true })
export class SummaryEntry implements SummaryEntryView {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}
