import { describe, expect, it } from 'vitest';
import type { IEvent } from 'kubernetes-models/v1/Event';
import { appendToLedger, readLedger } from '../../src/alerts/ledger.js';
import type { ReceivedAlert } from '../../src/domain/alertEvents.js';
import { claimEvent, finishPatch, readRecord, reclaimable, recordName } from '../../src/alerts/record.js';

const alert: ReceivedAlert = {
  fingerprint: '1a2b3c4d5e6f7a8b',
  status: 'firing',
  labels: { alertname: 'RemainingDiskSpaceLow', namespace: 'kafka', persistentvolumeclaim: 'kafka-2-storage-0-abcde' },
  annotations: { command: 'resizePvc', incrementBy: '10Gi' },
  startsAt: '2026-11-25T07:00:00Z',
  endsAt: undefined,
  generatorURL: undefined,
  via: 'prometheus',
};
const claimedAt = new Date('2026-11-25T07:01:00Z');
const claim = () =>
  claimEvent({ cluster: { namespace: 'kafka', name: 'kafka', uid: 'u1' }, alert, receiver: undefined, identity: 'replica-a', now: claimedAt });
/** The Event as it reads back from the API server (JSON: Dates become strings). */
const stored = (event: unknown): IEvent => JSON.parse(JSON.stringify(event)) as IEvent;
const finished = (outcome: 'Acted' | 'Refused') => {
  const patch = finishPatch(alert, { outcome, message: 'm', now: new Date('2026-11-25T07:01:01Z') }) as { metadata: { annotations: Record<string, string> } };
  const event = stored(claim());
  return { ...event, metadata: { ...event.metadata, annotations: { ...event.metadata?.annotations, ...patch.metadata.annotations } } } as IEvent;
};

describe('alert records', () => {
  it('are named after the cluster, the fingerprint and startsAt, so one alert instance has one name', () => {
    expect(recordName('kafka', alert)).toBe('kafka.alert-1a2b3c4d5e6f7a8b-1795590000000');
    expect(recordName('kafka', { ...alert, status: 'resolved' })).toBe('kafka.alert-1a2b3c4d5e6f7a8b-1795590000000-resolved');
    expect(recordName('kafka', { ...alert, startsAt: '2026-11-25T09:00:00Z' })).not.toBe(recordName('kafka', alert));
  });

  it.each([
    ['a fresh claim', false, stored(claim()), 1_000],
    ['a claim older than the timeout (its replica died)', true, stored(claim()), 60_000],
    ['an alert acted on', false, finished('Acted'), 3_600_000],
    ['a refused alert (decided again on redelivery)', true, finished('Refused'), 1_000],
  ])('may be claimed again: %s → %s', (_case, expected, event, afterMs) => {
    expect(reclaimable(event, new Date(claimedAt.getTime() + afterMs), 60_000)).toBe(expected);
  });

  it('read back as the alert and its outcome', () => {
    expect(readRecord(finished('Acted'))).toMatchObject({
      name: 'kafka.alert-1a2b3c4d5e6f7a8b-1795590000000',
      cluster: { namespace: 'kafka', name: 'kafka' },
      alert: { fingerprint: '1a2b3c4d5e6f7a8b', labels: alert.labels, via: 'prometheus' },
      command: 'resizePvc',
      outcome: 'Acted',
      decisions: 1,
      receivedAt: '2026-11-25T07:01:00.000Z',
      decidedAt: '2026-11-25T07:01:01.000Z',
    });
  });
});

describe('the ledger of alert actions on the cluster', () => {
  it('keeps the last 20 entries', () => {
    let annotations: Record<string, string> = {};
    for (let i = 0; i < 25; i++)
      annotations = { ...annotations, ...appendToLedger(annotations, { key: `k${i}`, command: 'upScale', at: '2026-11-25T07:00:00Z' }) };
    expect(readLedger(annotations).map((e) => e.key)).toEqual(Array.from({ length: 20 }, (_, i) => `k${i + 5}`));
  });

  it('reads a damaged annotation as empty rather than failing', () => {
    expect(readLedger({ 'kafkaplane.io/alert-actions': '{oops' })).toEqual([]);
  });
});
