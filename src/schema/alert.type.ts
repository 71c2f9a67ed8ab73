import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type {
  AlertOutcome as AlertOutcomeName,
  AlertReasonView,
  AlertSource as AlertSourceName,
  AlertStatus as AlertStatusName,
  AlertView,
} from '../readmodel/alertView.js';
import type { LabelView } from '../readmodel/clusterView.js';
import { Node } from './node.type.js';

export enum AlertStatus {
  FIRING = 'FIRING',
  RESOLVED = 'RESOLVED',
}
registerEnumType(AlertStatus, { name: 'AlertStatus', description: "The alert's status as Alertmanager or Prometheus sent it." });
const _statusesMatch: Record<AlertStatusName, AlertStatus> = AlertStatus;

export enum AlertOutcome {
  PENDING = 'PENDING',
  ACTED = 'ACTED',
  DRY_RUN = 'DRY_RUN',
  REFUSED = 'REFUSED',
  REJECTED = 'REJECTED',
  IGNORED = 'IGNORED',
  RESOLVED = 'RESOLVED',
}
registerEnumType(AlertOutcome, {
  name: 'AlertOutcome',
  description: 'What was done about an alert (docs/alerts.md, "Records").',
  valuesConfig: {
    PENDING: { description: 'Recorded, being decided.' },
    ACTED: { description: "The cluster's spec was edited: see `changes` and `generation`." },
    DRY_RUN: { description: 'alertManagerConfig.dryRun: decided, and `changes` says what would have been done; nothing was changed.' },
    REFUSED: { description: 'Not acted on for now (a safeguard, see `reasons`); a later delivery of the same alert is decided again.' },
    REJECTED: { description: 'The alert itself is wrong (unknown command, a label or annotation missing or malformed); a redelivery changes nothing.' },
    IGNORED: { description: 'No `command` annotation: recorded only.' },
    RESOLVED: { description: 'A resolved alert: resolved alerts trigger nothing.' },
  },
});
const _outcomesMatch: Record<AlertOutcomeName, AlertOutcome> = AlertOutcome;

export enum AlertSource {
  ALERTMANAGER = 'ALERTMANAGER',
  PROMETHEUS = 'PROMETHEUS',
}
registerEnumType(AlertSource, {
  name: 'AlertSource',
  description: 'The endpoint the alert came through.',
  valuesConfig: {
    ALERTMANAGER: { description: "POST /alertmanager: Alertmanager's webhook_configs." },
    PROMETHEUS: { description: 'POST /api/v2/alerts: Prometheus pointed at kafkaplane as at an Alertmanager.' },
  },
});
const _sourcesMatch: Record<AlertSourceName, AlertSource> = AlertSource;

@ObjectType({ description: 'A label or an annotation of an alert.', simpleResolvers: true })
export class AlertLabel implements LabelView {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType({ description: 'Why an alert was not acted on.', simpleResolvers: true })
export class AlertReason implements AlertReasonView {
  @Field(() => String, {
    description: 'A stable code: COOLDOWN, LIMIT_REACHED, CLUSTER_NOT_RUNNING, OPERATION_IN_PROGRESS, MISSING_LABEL, ... (docs/alerts.md).',
  })
  code!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType({
  implements: Node,
  description: 'An alert received for the cluster, firing or resolved, and what was done about it. Recorded as an Event on the KafkaCluster.',
  simpleResolvers: true,
})
export class Alert implements Omit<AlertView, 'nodeType' | 'namespace' | 'clusterName' | 'cursorKey'> {
  id!: string;

  @Field(() => String, { nullable: true, description: 'The alertname label.' })
  name!: string | null;

  @Field(() => String, { description: 'The Event that records it: `<cluster>.alert-<fingerprint>-<startsAt in ms>[-resolved]`.' })
  recordName!: string;

  @Field(() => AlertStatus)
  status!: AlertStatusName;

  @Field(() => Boolean, { description: 'Firing, and its resolution (the same alert instance, resolved) has not been received.' })
  open!: boolean;

  @Field(() => String, { nullable: true, description: 'The command annotation: upScale, downScale, addPvc, resizePvc (or anything else, which is rejected).' })
  command!: string | null;

  @Field(() => [AlertLabel], { description: 'By name.' })
  labels!: LabelView[];

  @Field(() => [AlertLabel], { description: 'By name; values over 4 kB are cut.' })
  annotations!: LabelView[];

  @Field(() => String, { description: "Alertmanager's fingerprint of the labels (computed the same way for alerts Prometheus posts)." })
  fingerprint!: string;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Null while the sender gave no end.' })
  endsAt!: Date | null;

  @Field(() => String, { nullable: true })
  generatorURL!: string | null;

  @Field(() => String, { nullable: true, description: "Alertmanager's receiver name (webhook deliveries only)." })
  receiver!: string | null;

  @Field(() => AlertSource)
  source!: AlertSourceName;

  @Field(() => Date, { nullable: true, description: 'When it was first received.' })
  receivedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was last decided; null while PENDING.' })
  decidedAt!: Date | null;

  @Field(() => AlertOutcome)
  outcome!: AlertOutcomeName;

  @Field(() => String, { description: 'What was done and why, in words (the Event message).' })
  message!: string;

  @Field(() => [AlertReason], { description: 'Why it was refused or rejected; empty otherwise.' })
  reasons!: AlertReasonView[];

  @Field(() => [String], { description: 'What the action changed in the spec (with DRY_RUN, what it would have).' })
  changes!: string[];

  @Field(() => Int, { nullable: true, description: "The KafkaCluster's metadata.generation the action wrote." })
  generation!: number | null;

  @Field(() => Boolean, { description: 'Decided in dry-run mode: nothing was changed.' })
  dryRun!: boolean;

  @Field(() => Int, { description: 'How many deliveries were decided: the first, and each redelivery of a refused alert.' })
  decisions!: number;
}
