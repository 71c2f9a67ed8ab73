import type { IEvent } from 'kubernetes-models/v1/Event';
import { readRecord, type AlertOutcome as RecordOutcome } from '../alerts/record.js';
import { encodeGlobalId } from '../domain/globalId.js';
import type { LabelView } from './clusterView.js';

export const ALERT_STATUSES = ['FIRING', 'RESOLVED'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_OUTCOMES = ['PENDING', 'ACTED', 'DRY_RUN', 'REFUSED', 'REJECTED', 'IGNORED', 'RESOLVED'] as const;
export type AlertOutcome = (typeof ALERT_OUTCOMES)[number];

export const ALERT_SOURCES = ['ALERTMANAGER', 'PROMETHEUS'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

const OUTCOMES: Record<RecordOutcome, AlertOutcome> = {
  Pending: 'PENDING',
  Acted: 'ACTED',
  DryRun: 'DRY_RUN',
  Refused: 'REFUSED',
  Rejected: 'REJECTED',
  Ignored: 'IGNORED',
  Resolved: 'RESOLVED',
};

export interface AlertReasonView {
  code: string;
  message: string;
}

/** An alert received for a cluster and what was done about it: one alert record (src/alerts/record.ts). */
export interface AlertView {
  nodeType: 'Alert';
  id: string;
  /** The record: an Event on the KafkaCluster. */
  recordName: string;
  namespace: string;
  clusterName: string;
  /** The `alertname` label. */
  name: string | null;
  status: AlertStatus;
  command: string | null;
  labels: LabelView[];
  annotations: LabelView[];
  fingerprint: string;
  startsAt: Date;
  endsAt: Date | null;
  generatorURL: string | null;
  receiver: string | null;
  source: AlertSource;
  receivedAt: Date | null;
  decidedAt: Date | null;
  outcome: AlertOutcome;
  message: string;
  reasons: AlertReasonView[];
  changes: string[];
  generation: number | null;
  dryRun: boolean;
  decisions: number;
  /** Firing, and no record of its resolution (the same alert instance, resolved) has come. */
  open: boolean;
  /** Newest first: the key descends with the time received. */
  cursorKey: string;
}

const MAX_TIME = 8_640_000_000_000_000;

function time(value: string | undefined): Date | null {
  if (value === undefined || value === '') return null;
  const ms = Date.parse(value);
  // Alertmanager sends Go's zero time (0001-01-01) as the endsAt of a firing alert: no end yet.
  return Number.isNaN(ms) || ms <= 0 ? null : new Date(ms);
}

const pairs = (map: Readonly<Record<string, string>>): LabelView[] =>
  Object.keys(map)
    .sort()
    .map((name) => ({ name, value: map[name] ?? '' }));

/** What one record says by itself: whether the alert is still open depends on another record. */
export type AlertRecordView = Omit<AlertView, 'open'>;

/** The alert an Event records, or undefined for an Event that is no alert record. */
export function alertRecordView(event: IEvent): AlertRecordView | undefined {
  const record = readRecord(event);
  if (record === undefined) return undefined;
  const { alert } = record;
  const receivedAt = time(record.receivedAt);
  const newestFirst = String(MAX_TIME - (receivedAt?.getTime() ?? 0)).padStart(16, '0');
  return {
    nodeType: 'Alert',
    id: encodeGlobalId('Alert', record.cluster.namespace, record.name),
    recordName: record.name,
    namespace: record.cluster.namespace,
    clusterName: record.cluster.name,
    name: alert.labels.alertname ?? null,
    status: alert.status === 'resolved' ? 'RESOLVED' : 'FIRING',
    command: record.command ?? null,
    labels: pairs(alert.labels),
    annotations: pairs(alert.annotations),
    fingerprint: alert.fingerprint,
    startsAt: time(alert.startsAt) ?? new Date(0),
    endsAt: time(alert.endsAt),
    generatorURL: alert.generatorURL ?? null,
    receiver: alert.receiver ?? null,
    source: alert.via === 'prometheus' ? 'PROMETHEUS' : 'ALERTMANAGER',
    receivedAt,
    decidedAt: time(record.decidedAt),
    outcome: OUTCOMES[record.outcome],
    message: record.message,
    reasons: record.reasons.map((r) => ({ code: r.code, message: r.message })),
    changes: record.changes,
    generation: record.generation ?? null,
    dryRun: record.outcome === 'DryRun',
    decisions: record.decisions,
    cursorKey: `${newestFirst}/${record.name}`,
  };
}

/**
 * The record with whether its alert is open, given whether a record named so exists: a resolved
 * alert's record is the firing one's name with `-resolved` (record.ts `recordName`).
 */
export function alertView(record: AlertRecordView, recordExists: (name: string) => boolean): AlertView {
  return { ...record, open: record.status === 'FIRING' && !recordExists(`${record.recordName}-resolved`) };
}
