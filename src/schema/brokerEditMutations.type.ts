import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: "Removes one disk from a broker: its replicas move to the broker's other disks (Cruise Control remove_disks) before its PVC is deleted." })
export class RemoveBrokerVolumeInput {
  @Field(() => ID)
  clusterId!: string;

  @Field(() => Int)
  brokerId!: number;

  @Field(() => String)
  mountPath!: string;

  @Field(() => Int, { nullable: true, description: "Refuse (STALE_GENERATION) when the cluster's spec changed since this generation." })
  expectedGeneration?: number | null;

  @Field(() => Boolean, { defaultValue: false })
  dryRun!: boolean;
}

@InputType({ description: 'CPU and memory as Kubernetes quantities (e.g. 2, 1500m, 8Gi); what is not given is kept.' })
export class ResourceValuesInput {
  @Field(() => String, { nullable: true })
  cpu?: string | null;

  @Field(() => String, { nullable: true })
  memory?: string | null;
}

@InputType({ description: "Gives one broker its own CPU and memory; the broker restarts in its turn of the rolling restart." })
export class SetBrokerResourcesInput {
  @Field(() => ID)
  clusterId!: string;

  @Field(() => Int)
  brokerId!: number;

  @Field(() => ResourceValuesInput, { nullable: true })
  requests?: ResourceValuesInput | null;

  @Field(() => ResourceValuesInput, { nullable: true })
  limits?: ResourceValuesInput | null;

  @Field(() => Int, { nullable: true })
  expectedGeneration?: number | null;

  @Field(() => Boolean, { defaultValue: false })
  dryRun!: boolean;
}

@InputType({ description: 'Restarts one broker, with the care of a rolling restart: only while the other brokers are Ready and no partition is under-replicated.' })
export class RestartBrokerInput {
  @Field(() => ID)
  clusterId!: string;

  @Field(() => Int)
  brokerId!: number;

  @Field(() => Boolean, { defaultValue: false })
  dryRun!: boolean;
}
