import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { BrokerRole } from './broker.type.js';
import { ClusterEditInput } from './clusterEditInput.type.js';
import { ClusterEditOutcome } from './clusterEditPayload.type.js';
import { Operation } from './operation.type.js';
import { ProposalPreview } from './proposalPreview.type.js';
import type { OperationView } from '../readmodel/operationView.js';

@InputType({ description: 'A volume for a new broker or an added disk.' })
export class VolumeInput {
  @Field(() => String, { description: 'Absolute mount path; its log dir is <mountPath>/kafka.' })
  mountPath!: string;

  @Field(() => String, { description: 'A Kubernetes quantity, e.g. 100Gi.' })
  size!: string;

  @Field(() => String, { nullable: true, description: "Empty: the cluster's default StorageClass." })
  storageClass?: string | null;
}

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
    description: "KRaft roles of the new nodes, over their group's. A new CONTROLLER joins the quorum as an observer and becomes a voter once it has caught up with the metadata log.",
  })
  processRoles?: BrokerRole[] | null;
}

@InputType({ description: 'Removes one broker. Nothing is deleted at first: the broker is drained through Cruise Control, and its Pod and volumes go once Kafka reports it empty.' })
export class RemoveBrokerInput extends ClusterEditInput {
  @Field(() => Int)
  brokerId!: number;
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

@ObjectType({ description: "What a change of a cluster's spec did (or, with dryRun, would do).", simpleResolvers: true })
export class ClusterEditPayload extends ClusterEditOutcome {
  @Field(() => [Operation], {
    description:
      'The Cruise Control operations the change started, to follow with operationUpdated: a drain (removeBroker, removeBrokerVolume) is waited for a few seconds; an add_broker starts only once the new brokers run, so follow those with operationUpdated(clusterId).',
  })
  operations!: OperationView[];

  @Field(() => ProposalPreview, { nullable: true, description: "On a dry run that drains (removeBroker, removeBrokerVolume): Cruise Control's proposal, what it would move." })
  preview!: ProposalPreview | null;

  @Field(() => String, { nullable: true, description: 'Why there is no preview where one was asked for (Cruise Control not ready, ...).' })
  previewError!: string | null;
}
