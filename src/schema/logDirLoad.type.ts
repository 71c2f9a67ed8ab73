import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One log dir of a broker, as Cruise Control sees it.', simpleResolvers: true })
export class LogDirLoad {
  @Field(() => String)
  logDir!: string;

  @Field(() => Boolean, { description: 'Kafka reported the disk failed.' })
  dead!: boolean;

  @Field(() => Float, { nullable: true, description: 'Null when dead.' })
  usedMB!: number | null;

  @Field(() => Float, { nullable: true })
  usedPercent!: number | null;

  @Field(() => Int)
  leaders!: number;

  @Field(() => Int)
  replicas!: number;
}
