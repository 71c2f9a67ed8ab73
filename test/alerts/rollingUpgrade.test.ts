import type { IEvent } from 'kubernetes-models/v1/Event';
import { describe, expect, it } from 'vitest';
import type { ReceivedAlert } from '../../src/domain/alertEvents.js';
import { claimEvent } from '../../src/alerts/record.js';
import { firingRollingUpgradeAlerts } from '../../src/domain/rollingUpgradeAlerts.js';

const alert = (alertname: string, labels: Record<string, string>, status: 'firing' | 'resolved' = 'firing', cluster = 'kafka'): IEvent =>
  JSON.parse(
    JSON.stringify(
      claimEvent({
        cluster: { namespace: 'kafka', name: cluster, uid: undefined },
        alert: {
          fingerprint: `fp-${alertname}`,
          status,
          labels: { alertname, ...labels },
          annotations: {},
          startsAt: '2026-11-25T07:00:00Z',
          endsAt: undefined,
          generatorURL: undefined,
          via: 'alertmanager',
        } satisfies ReceivedAlert,
        receiver: undefined,
        identity: 'a',
        now: new Date('2026-11-25T07:01:00Z'),
      }),
    ),
  ) as IEvent;

const other: IEvent = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'kafka.pod-restarted', namespace: 'kafka' },
  involvedObject: { kind: 'KafkaCluster', name: 'kafka' },
  reason: 'x',
};

describe('alerts labelled rollingupgrade firing on a cluster (Koperator: they hold a rolling upgrade)', () => {
  it.each([
    ['none recorded', [other], []],
    ['one firing, whatever the value of the label', [alert('UnderReplicated', { rollingupgrade: '' }), other], ['UnderReplicated']],
    [
      'two firing, by name',
      [alert('OfflinePartitions', { rollingupgrade: 'true' }), alert('BrokerDown', { rollingupgrade: 'true' })],
      ['BrokerDown', 'OfflinePartitions'],
    ],
    ['firing without the label', [alert('DiskLow', { severity: 'warning' })], []],
    [
      'one whose resolution has been recorded',
      [alert('UnderReplicated', { rollingupgrade: '' }), alert('UnderReplicated', { rollingupgrade: '' }, 'resolved')],
      [],
    ],
    ['one of another cluster', [alert('UnderReplicated', { rollingupgrade: '' }, 'firing', 'other')], []],
  ])('%s', (_case, events, expected) => {
    expect(firingRollingUpgradeAlerts(events, 'kafka')).toEqual(expected);
  });
});
