import { Extensions, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { BrokerRole as BrokerRoleName, BrokerView } from '../readmodel/brokerView.js';
import type { BrokerState as BrokerStateName } from '../readmodel/brokerState.js';
import { Disk } from './disk.type.js';
import { BrokerListenerAddress } from './listener.type.js';
import { Node } from './node.type.js';
import { BrokerPod } from './pod.type.js';
import { Resources } from './resources.type.js';

export enum BrokerState {
  PENDING = 'PENDING',
  STARTING = 'STARTING',
  RUNNING = 'RUNNING',
  RESTARTING = 'RESTARTING',
  ADDING = 'ADDING',
  DRAINING = 'DRAINING',
  REMOVING = 'REMOVING',
  FAILED = 'FAILED',
}
registerEnumType(BrokerState, {
  name: 'BrokerState',
  description: "Where a broker stands, from its Pod and Koperator's broker status.",
  valuesConfig: {
    PENDING: { description: 'No Pod yet, or its Pod is not scheduled and started.' },
    STARTING: { description: 'Its Pod runs; Kafka does not answer yet.' },
    RUNNING: { description: 'Ready and serving.' },
    RESTARTING: { description: 'Its previous Pod is terminating (a rolling restart).' },
    ADDING: { description: 'Cruise Control is moving partitions onto it.' },
    DRAINING: { description: 'Removed from the spec: Cruise Control is moving its partitions away.' },
    REMOVING: { description: 'Drained: its Pod is being deleted.' },
    FAILED: { description: 'Its Pod ended; it is being replaced.' },
  },
});
const _statesMatch: Record<BrokerStateName, BrokerState> = BrokerState;

export enum BrokerRole {
  BROKER = 'BROKER',
  CONTROLLER = 'CONTROLLER',
}
registerEnumType(BrokerRole, { name: 'BrokerRole', description: 'KRaft process roles.' });
const _rolesMatch: Record<BrokerRoleName, BrokerRole> = BrokerRole;

@ObjectType({ implements: Node, description: 'A Kafka broker (or KRaft controller): its own Pod, disks and configuration.', simpleResolvers: true })
export class Broker implements Omit<
  BrokerView,
  'nodeType' | 'clusterName' | 'namespace' | 'inSpec' | 'configEntries' | 'operationName' | 'cursorKey' | 'disks' | 'live' | 'liveBroker'
> {
  id!: string;

  @Field(() => Int, { description: "Kafka's node.id." })
  brokerId!: number;

  @Field(() => [BrokerRole])
  roles!: BrokerRoleName[];

  @Field(() => BrokerState)
  state!: BrokerStateName;

  @Field(() => String, { nullable: true, description: "Koperator's configurationState: ConfigInSync, or ConfigOutOfSync while a restart is due." })
  configurationState!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Koperator's perBrokerConfigurationState: PerBrokerConfigInSync, PerBrokerConfigOutOfSync or PerBrokerConfigError.",
  })
  perBrokerConfigurationState!: string | null;

  @Field(() => String, { nullable: true, description: "Koperator's gracefulActionState.cruiseControlState, e.g. GracefulDownscaleRunning." })
  gracefulActionState!: string | null;

  @Field(() => String, { nullable: true, description: 'broker.rack (with rack awareness).' })
  rack!: string | null;

  @Field(() => String, { nullable: true, description: 'The image its Pod runs (else the one it will run).' })
  image!: string | null;

  @Field(() => String, { nullable: true, description: 'The Kafka version of that image.' })
  kafkaVersion!: string | null;

  @Field(() => BrokerPod, { nullable: true })
  pod!: BrokerPod | null;

  @Field(() => Resources)
  resources!: Resources;

  @Field(() => [Disk])
  @Extensions({ listSize: 4 })
  disks!: Disk[];

  @Field(() => [BrokerListenerAddress], { description: 'Where clients reach it, on each listener that has an address for it.' })
  @Extensions({ listSize: 4 })
  listenerAddresses!: BrokerListenerAddress[];
}
