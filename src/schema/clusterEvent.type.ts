import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ClusterEventView, EventType as EventTypeName } from '../readmodel/eventView.js';
import { Node } from './node.type.js';
import { ObjectReference } from './objectReference.type.js';

export enum EventType {
  NORMAL = 'NORMAL',
  WARNING = 'WARNING',
}
registerEnumType(EventType, { name: 'EventType', description: 'Normal or Warning, as Kubernetes Events are.' });
const _typesMatch: Record<EventTypeName, EventType> = EventType;

@ObjectType({ implements: Node, description: 'A Kubernetes Event about the cluster: what kafkaplane did, and why.', simpleResolvers: true })
export class ClusterEvent implements Omit<ClusterEventView, 'nodeType' | 'name' | 'namespace' | 'cursorKey'> {
  id!: string;

  @Field(() => EventType)
  type!: EventTypeName;

  @Field(() => String, { description: 'A CamelCase reason, e.g. BrokerPodCreated, UnsupportedField.' })
  reason!: string;

  @Field(() => String)
  message!: string;

  @Field(() => Int, { description: 'How many times it happened.' })
  count!: number;

  @Field(() => Date, { nullable: true })
  firstSeen!: Date | null;

  @Field(() => Date, { nullable: true })
  lastSeen!: Date | null;

  @Field(() => String, { nullable: true, description: 'The component that reported it.' })
  reportedBy!: string | null;

  @Field(() => ObjectReference)
  involvedObject!: ObjectReference;
}
