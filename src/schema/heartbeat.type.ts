import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A tick of the heartbeat subscription: proof that the live connection works.', simpleResolvers: true })
export class Heartbeat {
  @Field(() => Int, { description: 'Counts from 1 for each subscription.' })
  sequence!: number;

  @Field(() => Date, { description: 'When the server sent it.' })
  at!: Date;
}
