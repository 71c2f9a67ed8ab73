import { Field, Int, ObjectType } from 'type-graphql';
import type { LogDirRef as LogDirRefView } from '../readmodel/operationView.js';

@ObjectType({ description: 'A log dir of one broker, as Cruise Control names disks.', simpleResolvers: true })
export class LogDirRef implements LogDirRefView {
  @Field(() => Int)
  brokerId!: number;

  @Field(() => String)
  logDir!: string;
}
