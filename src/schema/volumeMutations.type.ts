import { Field, InputType, Int } from 'type-graphql';
import { ClusterEditInput } from './clusterEditInput.type.js';

@InputType({ description: 'A volume for a new broker or an added disk.' })
export class VolumeInput {
  @Field(() => String, { description: 'Absolute mount path; its log dir is <mountPath>/kafka.' })
  mountPath!: string;

  @Field(() => String, { description: 'A Kubernetes quantity, e.g. 100Gi.' })
  size!: string;

  @Field(() => String, { nullable: true, description: "Empty: the cluster's default StorageClass." })
  storageClass?: string | null;
}

@InputType({ description: 'Adds a disk to one broker; it is filled by a disk rebalance once mounted.' })
export class AddBrokerVolumeInput extends ClusterEditInput {
  @Field(() => Int)
  brokerId!: number;

  @Field(() => VolumeInput)
  volume!: VolumeInput;
}

@InputType({ description: "Grows one broker's volume (volumes only grow)." })
export class ResizeBrokerVolumeInput extends ClusterEditInput {
  @Field(() => Int)
  brokerId!: number;

  @Field(() => String)
  mountPath!: string;

  @Field(() => String, { nullable: true, description: 'The size wanted, e.g. 200Gi.' })
  size?: string | null;

  @Field(() => String, { nullable: true, description: 'Or how much to add, e.g. 10Gi.' })
  incrementBy?: string | null;
}

@InputType({
  description: "Removes one disk from a broker: its replicas move to the broker's other disks (Cruise Control remove_disks) before its PVC is deleted.",
})
export class RemoveBrokerVolumeInput extends ClusterEditInput {
  @Field(() => Int)
  brokerId!: number;

  @Field(() => String)
  mountPath!: string;
}
