import { Extensions, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ClusterState as ClusterStateName, ClusterView } from '../readmodel/clusterView.js';
import { Condition } from './condition.type.js';
import { Label } from './label.type.js';
import { Listener } from './listener.type.js';
import { Node } from './node.type.js';
import { SpecProblem } from './specProblem.type.js';
import { UnsupportedField } from './unsupportedField.type.js';

export enum ClusterState {
  PENDING = 'PENDING',
  RECONCILING = 'RECONCILING',
  RUNNING = 'RUNNING',
  ROLLING_UPGRADING = 'ROLLING_UPGRADING',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(ClusterState, {
  name: 'ClusterState',
  description: "The cluster's status.state, as Koperator names it.",
  valuesConfig: {
    PENDING: { description: 'No status yet: the operator has not looked at it.' },
    RECONCILING: { description: 'ClusterReconciling: being brought to its spec.' },
    RUNNING: { description: 'ClusterRunning: as the spec asks, every broker Ready.' },
    ROLLING_UPGRADING: { description: 'ClusterRollingUpgrading: brokers are restarted one at a time.' },
    UNKNOWN: { description: 'A state this version does not know (written by another operator).' },
  },
});
const _statesMatch: Record<ClusterStateName, ClusterState> = ClusterState;

type Hidden =
  | 'nodeType'
  | 'brokersReady'
  | 'brokersDesired'
  | 'configEntries'
  | 'brokers'
  | 'brokerById'
  | 'controllerIds'
  | 'ref'
  | 'spec'
  | 'live'
  | 'labelMap'
  | 'cursorKey';

@ObjectType({ implements: Node, description: 'A Kafka cluster: a KafkaCluster resource and everything kafkaplane runs for it.', simpleResolvers: true })
export class KafkaCluster implements Omit<ClusterView, Hidden> {
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  namespace!: string;

  @Field(() => String, { nullable: true, description: "The resource's Kubernetes uid." })
  uid!: string | null;

  @Field(() => Date, { nullable: true })
  createdAt!: Date | null;

  @Field(() => [Label])
  labels!: Label[];

  @Field(() => Int, { description: "The spec's generation: it grows with every change of the spec." })
  generation!: number;

  @Field(() => Int, { nullable: true, description: 'The generation the operator last acted on.' })
  observedGeneration!: number | null;

  @Field(() => ClusterState)
  state!: ClusterStateName;

  @Field(() => String, { nullable: true, description: 'The KRaft cluster id.' })
  clusterId!: string | null;

  @Field(() => Boolean, { description: 'spec.kRaft.' })
  kraft!: boolean;

  @Field(() => String, { nullable: true, description: 'The broker image unless a broker or group sets its own.' })
  image!: string | null;

  @Field(() => String, { nullable: true, description: 'The Kafka version of that image.' })
  kafkaVersion!: string | null;

  @Field(() => [Condition])
  conditions!: Condition[];

  @Field(() => [Listener], { description: 'Its listeners with the addresses clients connect to on them: internal ones first.' })
  @Extensions({ listSize: 4 })
  listeners!: Listener[];

  @Field(() => [UnsupportedField], { description: 'Fields of the spec that are kept but have no effect (also an UnsupportedField condition and Event).' })
  unsupportedFields!: UnsupportedField[];

  @Field(() => [SpecProblem], { description: 'Why the spec cannot be reconciled as written; empty when it can.' })
  specProblems!: SpecProblem[];
}
