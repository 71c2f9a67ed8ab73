import type { IEvent } from 'kubernetes-models/v1/Event';
import { describe, expect, it } from 'vitest';
import type { ReceivedAlert } from '../../src/domain/alertEvents.js';
import { claimEvent, finishPatch, type Finish } from '../../src/alerts/record.js';
import { alertRecordView, alertView } from '../../src/readmodel/alertView.js';

const firing: ReceivedAlert = {
  fingerprint: '1a2b3c4d5e6f7a8b',
  status: 'firing',
  labels: { namespace: 'kafka', alertname: 'VolumeAlmostFull', persistentvolumeclaim: 'kafka-1-storage-0-abcde' },
  annotations: { incrementBy: '10Gi', command: 'resizePvc' },
  startsAt: '2026-11-25T07:00:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: undefined,
  via: 'alertmanager',
};

/** The record of an alert as the cache holds it (JSON), claimed and, if given, decided. */
function record(alert: ReceivedAlert, finish?: Omit<Finish, 'now'>): IEvent {
  const claimed = JSON.parse(
    JSON.stringify(
      claimEvent({
        cluster: { namespace: 'kafka', name: 'kafka', uid: 'u' },
        alert,
        receiver: 'kafkaplane',
        identity: 'a',
        now: new Date('2026-11-25T07:01:00.123Z'),
      }),
    ),
  ) as IEvent;
  if (finish === undefined) return claimed;
  const patch = finishPatch(alert, { ...finish, now: new Date('2026-11-25T07:01:01Z') }) as {
    metadata: { annotations: Record<string, string> };
    type: string;
    reason: string;
    message: string;
  };
  return {
    ...claimed,
    type: patch.type,
    reason: patch.reason,
    message: patch.message,
    metadata: { ...claimed.metadata, annotations: { ...claimed.metadata?.annotations, ...patch.metadata.annotations } },
  };
}

const view = (event: IEvent, existing: string[] = []) => {
  const base = alertRecordView(event);
  if (base === undefined) throw new Error('not an alert record');
  return alertView(base, (name) => existing.includes(name));
};

describe('the Alert view of an alert record', () => {
  it('reads the alert, the outcome and the action, labels and annotations by name, with a zero endsAt as none', () => {
    const acted = view(
      record(firing, {
        outcome: 'Acted',
        message: 'grow /kafka-logs of broker 1 from 100Gi to 110Gi (generation 3)',
        changes: ['grow /kafka-logs of broker 1 from 100Gi to 110Gi'],
        generation: 3,
      }),
    );
    expect(acted).toMatchObject({
      nodeType: 'Alert',
      recordName: 'kafka.alert-1a2b3c4d5e6f7a8b-1795590000000',
      clusterName: 'kafka',
      name: 'VolumeAlmostFull',
      status: 'FIRING',
      open: true,
      command: 'resizePvc',
      labels: [
        { name: 'alertname', value: 'VolumeAlmostFull' },
        { name: 'namespace', value: 'kafka' },
        { name: 'persistentvolumeclaim', value: 'kafka-1-storage-0-abcde' },
      ],
      annotations: [
        { name: 'command', value: 'resizePvc' },
        { name: 'incrementBy', value: '10Gi' },
      ],
      startsAt: new Date('2026-11-25T07:00:00Z'),
      endsAt: null,
      receiver: 'kafkaplane',
      source: 'ALERTMANAGER',
      // To the millisecond, though an Event's firstTimestamp keeps seconds.
      receivedAt: new Date('2026-11-25T07:01:00.123Z'),
      decidedAt: new Date('2026-11-25T07:01:01Z'),
      outcome: 'ACTED',
      changes: ['grow /kafka-logs of broker 1 from 100Gi to 110Gi'],
      generation: 3,
      dryRun: false,
      decisions: 1,
    });
  });

  it.each([
    ['Pending', undefined, 'PENDING', false],
    ['DryRun', { outcome: 'DryRun', message: 'would grow', changes: ['grow'] }, 'DRY_RUN', true],
    ['Refused', { outcome: 'Refused', message: 'refused', reasons: [{ code: 'COOLDOWN', message: 'too soon' }] }, 'REFUSED', false],
    ['Ignored', { outcome: 'Ignored', message: 'no command' }, 'IGNORED', false],
  ] as const)('maps the outcome %s to %s', (_name, finish, outcome, dryRun) => {
    const alert = view(record(firing, finish as Omit<Finish, 'now'> | undefined));
    expect({ outcome: alert.outcome, dryRun: alert.dryRun }).toEqual({ outcome, dryRun });
  });

  it('keeps the reasons of a refusal', () => {
    expect(view(record(firing, { outcome: 'Refused', message: 'refused', reasons: [{ code: 'COOLDOWN', message: 'too soon' }] })).reasons).toEqual([
      { code: 'COOLDOWN', message: 'too soon' },
    ]);
  });

  it('is open while firing and its resolution has not been recorded; a resolved alert is never open', () => {
    const event = record(firing, { outcome: 'Acted', message: 'm' });
    expect(view(event).open).toBe(true);
    expect(view(event, ['kafka.alert-1a2b3c4d5e6f7a8b-1795590000000-resolved']).open).toBe(false);
    // Another firing of the same alert (a new startsAt) does not close this one.
    expect(view(event, ['kafka.alert-1a2b3c4d5e6f7a8b-1795593600000-resolved']).open).toBe(true);
    const resolved = view(record({ ...firing, status: 'resolved', endsAt: '2026-11-25T08:00:00Z' }, { outcome: 'Resolved', message: 'm' }));
    expect(resolved).toMatchObject({ status: 'RESOLVED', open: false, outcome: 'RESOLVED', endsAt: new Date('2026-11-25T08:00:00Z') });
  });

  it('is nothing for an Event that is no alert record', () => {
    expect(
      alertRecordView({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'x', namespace: 'kafka' },
        involvedObject: { kind: 'KafkaCluster', name: 'kafka' },
      }),
    ).toBeUndefined();
  });
});
