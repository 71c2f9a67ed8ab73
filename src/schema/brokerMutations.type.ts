import { Field, InputType, Int } from 'type-graphql';
import { ClusterEditInput } from './clusterEditInput.type.js';
import { VolumeInput } from './volumeMutations.type.js';
import { BrokerRole } from './broker.type.js';

@InputType()
export class AddBrokersInput extends ClusterEditInput {
  @Field(() => Int, { defaultValue: 1, description: 'How many brokers (ids max+1 onwards), 1 to 10.' })
  count!: number;

  @Field(() => String, { nullable: true, description: 'The group they take their configuration from.' })
  brokerConfigGroup?: string | null;

  @Field(() => String, { nullable: true })
  image?: string | null;

  @Field(() => VolumeInput, { nullable: true })
  storage?: VolumeInput | null;

  @Field(() => [BrokerRole], {
    nullable: true,
    description:
      "KRaft roles of the new nodes, over their group's. A new CONTROLLER joins the quorum as an observer and becomes a voter once it has caught up with the metadata log.",
  })
  processRoles?: BrokerRole[] | null;
}

@InputType({
  description:
    'Removes one broker. Nothing is deleted at first: the broker is drained through Cruise Control, and its Pod and volumes go once Kafka reports it empty.',
})
export class RemoveBrokerInput extends ClusterEditInput {
  @Field(() => Int)
  brokerId!: number;
}

@InputType({ description: 'CPU and memory as Kubernetes quantities (e.g. 2, 1500m, 8Gi); what is not given is kept.' })
export class ResourceValuesInput {
  @Field(() => String, { nullable: true })
  cpu?: string | null;

  @Field(() => String, { nullable: true })
  memory?: string | null;
}

@InputType({ description: 'Gives one broker its own CPU and memory; the broker restarts in its turn of the rolling restart.' })
export class SetBrokerResourcesInput extends ClusterEditInput {
  @Field(() => Int)
  brokerId!: number;

  @Field(() => ResourceValuesInput, { nullable: true })
  requests?: ResourceValuesInput | null;

  @Field(() => ResourceValuesInput, { nullable: true })
  limits?: ResourceValuesInput | null;
}

@InputType({
  description: 'Restarts one broker, with the care of a rolling restart: only while the other brokers are Ready and no partition is under-replicated.',
})
export class RestartBrokerInput extends ClusterEditInput {
  @Field(() => Int)
  brokerId!: number;
}
