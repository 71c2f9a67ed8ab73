import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { DiskView } from '../readmodel/brokerView.js';
import type { DiskState as DiskStateName } from '../readmodel/diskState.js';
import { Node } from './node.type.js';

export enum DiskState {
  ACTIVE = 'ACTIVE',
  ADDING = 'ADDING',
  RESIZING = 'RESIZING',
  DRAINING = 'DRAINING',
  REMOVING = 'REMOVING',
}
registerEnumType(DiskState, {
  name: 'DiskState',
  description: 'Where a disk stands.',
  valuesConfig: {
    ACTIVE: { description: 'In use.' },
    ADDING: { description: 'Its PVC is being created and bound, or Cruise Control is moving data onto it.' },
    RESIZING: { description: 'Its volume is growing.' },
    DRAINING: { description: 'Its data is being moved away (or it left the spec and still holds data).' },
    REMOVING: { description: 'Drained; its PVC is being deleted.' },
  },
});
const _statesMatch: Record<DiskStateName, DiskState> = DiskState;

@ObjectType({ implements: Node, description: "One of a broker's volumes: a PVC mounted at a log dir's path.", simpleResolvers: true })
export class Disk implements Omit<DiskView, 'nodeType' | 'clusterName' | 'namespace' | 'operationName' | 'live'> {
  id!: string;

  @Field(() => Int)
  brokerId!: number;

  @Field(() => String, { description: 'Where it is mounted in the broker (the storageConfig mountPath).' })
  mountPath!: string;

  @Field(() => String, { description: 'Where Kafka keeps its data on it: <mountPath>/kafka.' })
  logDir!: string;

  @Field(() => String, { nullable: true, description: 'The PVC; null for an emptyDir disk or a PVC not created yet.' })
  pvcName!: string | null;

  @Field(() => String, { nullable: true })
  storageClass!: string | null;

  @Field(() => String, { nullable: true, description: 'The size the spec asks for, as a quantity ("100Gi").' })
  requestedSize!: string | null;

  @Field(() => Float, { nullable: true })
  requestedBytes!: number | null;

  @Field(() => String, { nullable: true, description: "The volume's actual size (PVC status.capacity); null until bound." })
  capacity!: string | null;

  @Field(() => Float, { nullable: true })
  capacityBytes!: number | null;

  @Field(() => DiskState)
  state!: DiskStateName;
}
