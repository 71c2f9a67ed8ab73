import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { VolumeInput } from './volumeMutations.type.js';
import { KafkaCluster } from './kafkaCluster.type.js';
import { ResourceValuesInput } from './brokerMutations.type.js';
import { UserError } from './userError.js';

@InputType({ description: "CPU and memory of every broker's kafka container." })
export class BrokerResourcesInput {
  @Field(() => ResourceValuesInput, { nullable: true })
  requests?: ResourceValuesInput | null;

  @Field(() => ResourceValuesInput, { nullable: true })
  limits?: ResourceValuesInput | null;
}

@InputType({ description: 'A new KRaft cluster: brokers 0..brokers-1 of one group `default`, the first `controllers` of them KRaft controllers too.' })
export class CreateClusterInput {
  @Field(() => String, { description: 'An existing namespace.' })
  namespace!: string;

  @Field(() => String, { description: 'A DNS label of at most 50 characters.' })
  name!: string;

  @Field(() => Int, { defaultValue: 3 })
  brokers!: number;

  @Field(() => Int, { defaultValue: 3, description: 'An odd number, at most brokers.' })
  controllers!: number;

  @Field(() => String, { nullable: true, description: 'The Kafka image (default apache/kafka:4.1.0).' })
  image?: string | null;

  @Field(() => VolumeInput, { nullable: true, description: "Each broker's log disk (default /kafka-logs, 100Gi, the default StorageClass)." })
  storage?: VolumeInput | null;

  @Field(() => BrokerResourcesInput, { nullable: true })
  resources?: BrokerResourcesInput | null;

  @Field(() => Boolean, { defaultValue: false, description: "Spread brokers over zones and set broker.rack from the Node's topology.kubernetes.io/zone." })
  rackAware!: boolean;

  @Field(() => String, { nullable: true, description: 'Static configuration of every broker, as server.properties lines.' })
  readOnlyConfig?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Check with the API server (dryRun=All) and return the manifest; create nothing.' })
  dryRun!: boolean;
}

@ObjectType({ simpleResolvers: true })
export class CreateClusterPayload {
  @Field(() => KafkaCluster, { nullable: true, description: 'The new cluster (null on a dry run or an error).' })
  cluster!: KafkaCluster | null;

  @Field(() => String, { nullable: true, description: 'The KafkaCluster written (or that would be), as YAML, to keep in Git.' })
  manifest!: string | null;

  @Field(() => Boolean)
  dryRun!: boolean;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@InputType({ description: "Deletes a cluster with all its brokers' Pods and volumes; refused while its brokers hold topics, unless forced." })
export class DeleteClusterInput {
  @Field(() => ID)
  clusterId!: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Delete even when the brokers hold topics, or Kafka cannot be asked.' })
  force!: boolean;

  @Field(() => Boolean, { defaultValue: false })
  dryRun!: boolean;
}

@ObjectType({ description: "What the cluster's brokers hold beyond Kafka's internal topics, as Kafka reports it.", simpleResolvers: true })
export class DataHeld {
  @Field(() => [String])
  topics!: string[];

  @Field(() => Int)
  replicas!: number;

  @Field(() => Float)
  bytes!: number;
}

@ObjectType({ simpleResolvers: true })
export class DeleteClusterPayload {
  @Field(() => ID, { nullable: true, description: 'The id of the cluster deleted (or that would be, on a dry run).' })
  deletedClusterId!: string | null;

  @Field(() => DataHeld, { nullable: true, description: 'What Kafka reported the brokers hold (null when forced).' })
  dataHeld!: DataHeld | null;

  @Field(() => Boolean)
  dryRun!: boolean;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
