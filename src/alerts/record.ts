/**
 * An alert's record: one Event on its KafkaCluster per alert instance (fingerprint and startsAt),
 * named after them, so that creating it is also claiming the alert: a second delivery, through
 * either endpoint and to any replica, finds the name taken. `kubectl describe kafkacluster` shows
 * the records; every replica's cache sees them, which feeds the alertReceived subscription.
 */
import { CLUSTER_API_VERSION } from '../domain/apis.js';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { IEvent } from 'kubernetes-models/v1/Event';
import { z } from 'zod';
import type { Reason } from './decision.js';
import { ANNOTATION_ALERT, LABEL_ALERT_COMMAND, parseJson, storedAlertOf, type ReceivedAlert } from '../domain/alertEvents.js';

export const ALERT_OUTCOMES = ['Pending', 'Acted', 'DryRun', 'Refused', 'Rejected', 'Ignored', 'Resolved'] as const;
/**
 * Pending: claimed, being decided. Acted / DryRun: the edit made (or, in dry-run mode, only
 * recorded). Refused: not acted on for now; a later delivery is decided again. Rejected: the
 * alert itself is wrong. Ignored: no command. Resolved: resolved alerts trigger nothing.
 */
export type AlertOutcome = (typeof ALERT_OUTCOMES)[number];

const ANNOTATION_OUTCOME = 'kafkaplane.io/alert-outcome';
const ANNOTATION_DETAIL = 'kafkaplane.io/alert-detail';
const ANNOTATION_CLAIMED_AT = 'kafkaplane.io/alert-claimed-at';
const ANNOTATION_CLAIMED_BY = 'kafkaplane.io/alert-claimed-by';
/** When the alert was first received, to the millisecond: an Event's firstTimestamp keeps only seconds (metav1.Time). */
const ANNOTATION_RECEIVED_AT = 'kafkaplane.io/alert-received-at';

const EVENT_REASONS: Record<AlertOutcome, string> = {
  Pending: 'AlertReceived',
  Acted: 'AlertActed',
  DryRun: 'AlertDryRun',
  Refused: 'AlertRefused',
  Rejected: 'AlertRejected',
  Ignored: 'AlertIgnored',
  Resolved: 'AlertResolved',
};

/** An alert and what became of it, as the API and the subscription present it. */
export interface AlertRecord {
  /** The Event's name: `<cluster>.alert-<fingerprint>-<startsAt in ms>[-resolved]`. */
  name: string;
  cluster: { namespace: string; name: string };
  alert: Omit<ReceivedAlert, 'endsAt' | 'generatorURL'> & { endsAt?: string | undefined; generatorURL?: string | undefined; receiver?: string | undefined };
  command: string | undefined;
  outcome: AlertOutcome;
  message: string;
  reasons: Reason[];
  /** What the action changed (or, in dry-run mode, would have). */
  changes: string[];
  /** The KafkaCluster's generation the action wrote. */
  generation: number | undefined;
  /** Deliveries that were decided (the first, and each redelivery of a refused alert). */
  decisions: number;
  receivedAt: string;
  decidedAt: string | undefined;
}

interface Annotated {
  metadata?: { annotations?: Record<string, string> | undefined } | undefined;
}

/** The record's name: the claim of exactly this alert instance on this cluster. */
export function recordName(cluster: string, alert: Pick<ReceivedAlert, 'fingerprint' | 'startsAt' | 'status'>): string {
  const startsAt = Math.max(0, Date.parse(alert.startsAt));
  return `${cluster}.alert-${alert.fingerprint}-${startsAt}${alert.status === 'resolved' ? '-resolved' : ''}`;
}

export interface ClaimInput {
  cluster: { namespace: string; name: string; uid: string | undefined };
  alert: ReceivedAlert;
  receiver: string | undefined;
  identity: string;
  now: Date;
}

/** The Event that claims an alert: outcome Pending, claimed by this replica now. */
export function claimEvent(input: ClaimInput, previous?: CoreV1Event): CoreV1Event {
  const { cluster, alert, now } = input;
  const command = alert.annotations.command;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: recordName(cluster.name, alert),
      namespace: cluster.namespace,
      ...(previous?.metadata?.resourceVersion !== undefined ? { resourceVersion: previous.metadata.resourceVersion } : {}),
      labels: {
        [LABEL_ALERT_COMMAND]: command !== undefined && /^[A-Za-z0-9]{1,63}$/.test(command) ? command : 'none',
        'app.kubernetes.io/managed-by': 'kafkaplane',
      },
      annotations: {
        ...previous?.metadata?.annotations,
        [ANNOTATION_ALERT]: JSON.stringify({ ...alert, annotations: bounded(alert.annotations), receiver: input.receiver }),
        [ANNOTATION_OUTCOME]: 'Pending',
        [ANNOTATION_RECEIVED_AT]: previous?.metadata?.annotations?.[ANNOTATION_RECEIVED_AT] ?? now.toISOString(),
        [ANNOTATION_CLAIMED_AT]: now.toISOString(),
        [ANNOTATION_CLAIMED_BY]: input.identity,
      },
    },
    involvedObject: {
      apiVersion: CLUSTER_API_VERSION,
      kind: 'KafkaCluster',
      name: cluster.name,
      namespace: cluster.namespace,
      ...(cluster.uid !== undefined ? { uid: cluster.uid } : {}),
    },
    type: 'Normal',
    reason: EVENT_REASONS.Pending,
    message: truncate(`${alertName(alert)}: ${command ?? 'no command'} received from ${alert.via}${previous !== undefined ? ' again' : ''}; deciding`),
    count: (previous?.count ?? 0) + 1,
    firstTimestamp: previous?.firstTimestamp ?? now,
    lastTimestamp: now,
    source: { component: 'kafkaplane' },
    reportingComponent: 'kafkaplane',
    reportingInstance: input.identity,
  };
}

export interface Finish {
  outcome: Exclude<AlertOutcome, 'Pending'>;
  message: string;
  reasons?: Reason[];
  changes?: string[];
  generation?: number;
  now: Date;
}

/** The merge patch that gives a claimed record its outcome. */
export function finishPatch(alert: ReceivedAlert, finish: Finish): Record<string, unknown> {
  const warning = finish.outcome === 'Refused' || finish.outcome === 'Rejected';
  return {
    metadata: {
      annotations: {
        [ANNOTATION_OUTCOME]: finish.outcome,
        [ANNOTATION_DETAIL]: JSON.stringify({
          reasons: finish.reasons ?? [],
          changes: finish.changes ?? [],
          generation: finish.generation,
          decidedAt: finish.now.toISOString(),
        }),
      },
    },
    type: warning ? 'Warning' : 'Normal',
    reason: EVENT_REASONS[finish.outcome],
    message: truncate(`${alertName(alert)}: ${alert.annotations.command ?? 'no command'}: ${finish.message}`),
    lastTimestamp: finish.now.toISOString(),
  };
}

/** Whether a record may be claimed again: refused (decided anew), or claimed by someone who never finished. */
export function reclaimable(event: Annotated, now: Date, claimTimeoutMs: number): boolean {
  const outcome = event.metadata?.annotations?.[ANNOTATION_OUTCOME];
  if (outcome === 'Refused') return true;
  const claimedAt = Date.parse(event.metadata?.annotations?.[ANNOTATION_CLAIMED_AT] ?? '');
  return outcome === 'Pending' && (Number.isNaN(claimedAt) || now.getTime() - claimedAt >= claimTimeoutMs);
}

export function outcomeOf(event: Annotated): string | undefined {
  return event.metadata?.annotations?.[ANNOTATION_OUTCOME];
}

const storedDetail = z.object({
  reasons: z.array(z.object({ code: z.string(), message: z.string() })),
  changes: z.array(z.string()),
  generation: z.number().optional(),
  decidedAt: z.string().optional(),
});

/** The record an Event holds, or undefined when it is not an alert record. */
export function readRecord(event: IEvent): AlertRecord | undefined {
  const labels = event.metadata?.labels;
  const name = event.metadata?.name;
  const namespace = event.metadata?.namespace;
  if (labels?.[LABEL_ALERT_COMMAND] === undefined || name === undefined || namespace === undefined) return undefined;
  const alert = storedAlertOf(event);
  const outcome = outcomeOf(event);
  if (alert === undefined || !(ALERT_OUTCOMES as readonly string[]).includes(outcome ?? '')) return undefined;
  const detail = storedDetail.safeParse(parseJson(event.metadata?.annotations?.[ANNOTATION_DETAIL]));
  // The cache holds the wire form (strings); client-node's typed reads give Dates.
  const time = (value: unknown): string | undefined => (value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : undefined);
  return {
    name,
    cluster: { namespace, name: event.involvedObject.name ?? '' },
    alert,
    command: alert.annotations.command,
    outcome: outcome as AlertOutcome,
    message: event.message ?? '',
    reasons: detail.success ? (detail.data.reasons as Reason[]) : [],
    changes: detail.success ? detail.data.changes : [],
    generation: detail.success ? detail.data.generation : undefined,
    decisions: event.count ?? 1,
    receivedAt: event.metadata?.annotations?.[ANNOTATION_RECEIVED_AT] ?? time(event.firstTimestamp) ?? '',
    decidedAt: detail.success ? detail.data.decidedAt : undefined,
  };
}

function alertName(alert: ReceivedAlert): string {
  return alert.labels.alertname ?? `alert ${alert.fingerprint}`;
}

/**
 * Alert annotations can be long (descriptions, runbooks); an object's annotations may not pass
 * 256 kB in all (apimachinery ValidateAnnotationsSize), so long values are cut when stored.
 */
function bounded(annotations: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, v.length <= 4096 ? v : `${v.slice(0, 4093)}...`]));
}

/** Kubernetes keeps Event messages short (events.k8s.io caps a note at 1 kB). */
function truncate(message: string): string {
  return message.length <= 1024 ? message : `${message.slice(0, 1021)}...`;
}
