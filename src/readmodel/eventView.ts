import type { IEvent } from 'kubernetes-models/v1/Event';
import { encodeGlobalId } from '../domain/globalId.js';

export const EVENT_TYPES = ['NORMAL', 'WARNING'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface ObjectReferenceView {
  kind: string;
  name: string;
}

export interface ClusterEventView {
  nodeType: 'ClusterEvent';
  id: string;
  name: string;
  namespace: string;
  type: EventType;
  reason: string;
  message: string;
  count: number;
  firstSeen: Date | null;
  lastSeen: Date | null;
  /** Who reported it (kafkaplane, the kubelet...). */
  reportedBy: string | null;
  involvedObject: ObjectReferenceView;
  /** Newest first: the key descends with the time last seen. */
  cursorKey: string;
}

const MAX_TIME = 8_640_000_000_000_000;

function time(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

export function eventView(event: IEvent): ClusterEventView | undefined {
  const name = event.metadata?.name;
  const namespace = event.metadata?.namespace;
  if (name === undefined || namespace === undefined) return undefined;
  const lastSeen = time(event.lastTimestamp) ?? time(event.eventTime) ?? time(event.metadata?.creationTimestamp);
  const firstSeen = time(event.firstTimestamp) ?? lastSeen;
  const newestFirst = String(MAX_TIME - (lastSeen?.getTime() ?? 0)).padStart(16, '0');
  return {
    nodeType: 'ClusterEvent',
    id: encodeGlobalId('ClusterEvent', namespace, name),
    name,
    namespace,
    type: event.type === 'Warning' ? 'WARNING' : 'NORMAL',
    reason: event.reason ?? '',
    message: event.message ?? '',
    count: event.count ?? 1,
    firstSeen,
    lastSeen,
    reportedBy: event.reportingComponent || event.source?.component || null,
    involvedObject: { kind: event.involvedObject.kind ?? '', name: event.involvedObject.name ?? '' },
    cursorKey: `${newestFirst}/${name}`,
  };
}
