import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { OperationState as OperationStateName, OperationType as OperationTypeName, OperationView } from '../readmodel/operationView.js';
import { LogDirRef } from './logDirRef.type.js';
import { Node } from './node.type.js';
import { OperationProgress } from './operationProgress.type.js';
import { SummaryEntry } from './summaryEntry.type.js';

export enum OperationType {
  ADD_BROKER = 'ADD_BROKER',
  REMOVE_BROKER = 'REMOVE_BROKER',
  REMOVE_DISKS = 'REMOVE_DISKS',
  REBALANCE = 'REBALANCE',
  STOP_EXECUTION = 'STOP_EXECUTION',
  STATUS = 'STATUS',
  OTHER = 'OTHER',
}
registerEnumType(OperationType, {
  name: 'OperationType',
  description: 'The Cruise Control operation (CruiseControlOperation status.currentTask.operation).',
  valuesConfig: {
    ADD_BROKER: { description: 'add_broker: move partitions onto new brokers.' },
    REMOVE_BROKER: { description: 'remove_broker: move every partition off brokers before they are removed.' },
    REMOVE_DISKS: { description: 'remove_disks: move data off log dirs before their volumes are removed.' },
    REBALANCE: { description: 'rebalance: even out the load (across brokers, or across the disks of each broker).' },
    STOP_EXECUTION: { description: 'stop_proposal_execution.' },
    STATUS: { description: "status: Koperator's probe of Cruise Control's state." },
    OTHER: { description: 'An operation this version does not know.' },
  },
});
const _typesMatch: Record<OperationTypeName, OperationType> = OperationType;

export enum OperationState {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  PAUSED = 'PAUSED',
  COMPLETED = 'COMPLETED',
  RETRYING = 'RETRYING',
  FAILED = 'FAILED',
}
registerEnumType(OperationState, {
  name: 'OperationState',
  description: 'Where an operation stands.',
  valuesConfig: {
    PENDING: { description: 'Not sent to Cruise Control yet.' },
    RUNNING: { description: 'Cruise Control is computing it (Active) or executing it (InExecution).' },
    PAUSED: { description: 'Labelled pause: "true": not executed (again) until the label goes.' },
    COMPLETED: { description: 'Done.' },
    RETRYING: { description: 'An attempt failed; it will be run again (errorPolicy retry).' },
    FAILED: { description: 'Failed, and will not be retried (errorPolicy ignore).' },
  },
});
const _statesMatch: Record<OperationStateName, OperationState> = OperationState;

@ObjectType({ implements: Node, description: 'A Kafka operation handed to Cruise Control: a CruiseControlOperation resource.', simpleResolvers: true })
export class Operation implements Omit<OperationView, 'nodeType' | 'namespace' | 'clusterName' | 'cursorKey'> {
  id!: string;

  @Field(() => String, { description: 'The CruiseControlOperation resource.' })
  name!: string;

  @Field(() => OperationType)
  type!: OperationTypeName;

  @Field(() => String, { nullable: true, description: "Cruise Control's name for it, e.g. remove_broker." })
  operation!: string | null;

  @Field(() => OperationState)
  state!: OperationStateName;

  @Field(() => String, { nullable: true, description: "Cruise Control's user task id (User-Task-ID)." })
  taskId!: string | null;

  @Field(() => [Int], { description: 'The brokers it acts on (its brokerid and destination_broker_ids parameters).' })
  brokerIds!: number[];

  @Field(() => [LogDirRef], { description: 'The log dirs it acts on (its brokerid_and_logdirs parameter).' })
  logDirs!: LogDirRef[];

  @Field(() => Date, { nullable: true })
  createdAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When Cruise Control started the task.' })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int, { description: 'Failed attempts run again so far.' })
  retryCount!: number;

  @Field(() => String, { description: 'retry or ignore: what happens when an attempt fails.' })
  errorPolicy!: string;

  @Field(() => String, { nullable: true, description: 'Why the current (or, while retrying, the last) attempt failed.' })
  error!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it is not running yet, in words a person can act on.' })
  message!: string | null;

  @Field(() => [SummaryEntry], { description: "Cruise Control's summary of the proposal it executes." })
  summary!: SummaryEntry[];

  @Field(() => OperationProgress, { nullable: true })
  progress!: OperationProgress | null;
}
