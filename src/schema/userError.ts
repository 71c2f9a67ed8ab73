import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** Stable codes of the problems a caller can fix; scripts switch on them, so never rename one. */
export enum UserErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  INVALID_INPUT = 'INVALID_INPUT',
  INVALID_SIZE = 'INVALID_SIZE',
  VOLUME_SHRINK = 'VOLUME_SHRINK',
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  BROKER_IS_CONTROLLER = 'BROKER_IS_CONTROLLER',
  OPERATION_IN_PROGRESS = 'OPERATION_IN_PROGRESS',
  STALE_GENERATION = 'STALE_GENERATION',
  CRUISE_CONTROL_NOT_READY = 'CRUISE_CONTROL_NOT_READY',
  VOLUME_NOT_EXPANDABLE = 'VOLUME_NOT_EXPANDABLE',
  VOLUME_FROM_GROUP = 'VOLUME_FROM_GROUP',
  LAST_VOLUME = 'LAST_VOLUME',
  INSUFFICIENT_CAPACITY = 'INSUFFICIENT_CAPACITY',
  CLUSTER_NOT_RUNNING = 'CLUSTER_NOT_RUNNING',
  LIMIT_REACHED = 'LIMIT_REACHED',
  COOLDOWN = 'COOLDOWN',
  ALREADY_APPLIED = 'ALREADY_APPLIED',
  INVALID_SPEC = 'INVALID_SPEC',
  CONFLICT = 'CONFLICT',
  CLUSTER_HOLDS_DATA = 'CLUSTER_HOLDS_DATA',
  KAFKA_UNREACHABLE = 'KAFKA_UNREACHABLE',
  CONFIG_MANAGED = 'CONFIG_MANAGED',
}
registerEnumType(UserErrorCode, { name: 'UserErrorCode', description: 'Why a mutation refused its input.' });

@ObjectType({ description: 'A problem with the input of a mutation; the mutation changed nothing.', simpleResolvers: true })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'The path to the input field at fault, e.g. ["input", "brokerId"].' })
  field!: string[] | null;

  @Field(() => String, { description: 'What is wrong, in words a person can act on.' })
  message!: string;

  @Field(() => UserErrorCode)
  code!: UserErrorCode;
}
