import { Field, InputType, Int } from 'type-graphql';
import { ClusterEditInput } from './clusterEditInput.type.js';

@InputType({ description: "Removes one disk from a broker: its replicas move to the broker's other disks (Cruise Control remove_disks) before its PVC is deleted." })
export class RemoveBrokerVolumeInput extends ClusterEditInput {
  @Field(() => Int)
  brokerId!: number;

  @Field(() => String)
  mountPath!: string;
}

@InputType({ description: 'CPU and memory as Kubernetes quantities (e.g. 2, 1500m, 8Gi); what is not given is kept.' })
export class ResourceValuesInput {
  @Field(() => String, { nullable: true })
  cpu?: string | null;

  @Field(() => String, { nullable: true })
  memory?: string | null;
}

@InputType({ description: "Gives one broker its own CPU and memory; the broker restarts in its turn of the rolling restart." })
export class SetBrokerResourcesInput extends ClusterEditInput {
  @Field(() => Int)
  brokerId!: number;

  @Field(() => ResourceValuesInput, { nullable: true })
  requests?: ResourceValuesInput | null;

  @Field(() => ResourceValuesInput, { nullable: true })
  limits?: ResourceValuesInput | null;
}

@InputType({ description: 'Restarts one broker, with the care of a rolling restart: only while the other brokers are Ready and no partition is under-replicated.' })
export class RestartBrokerInput extends ClusterEditInput {
  @Field(() => Int)
  brokerId!: number;
}
