import { describe, expect, it } from 'vitest';
import { labelsFingerprint } from '../../src/alerts/fingerprint.js';
import { parseAlertmanagerWebhook, parsePrometheusAlerts } from '../../src/alerts/payload.js';

describe('alert fingerprints', () => {
  it("equal Prometheus' label-set fingerprints (prometheus/common signature tests)", () => {
    expect(labelsFingerprint({})).toBe('cbf29ce484222325');
    expect(labelsFingerprint({ name: 'garland, briggs', fear: 'love is not enough' })).toBe(5799056148416392346n.toString(16));
  });

  it('do not depend on label order', () => {
    expect(labelsFingerprint({ a: '1', b: '2' })).toBe(labelsFingerprint({ b: '2', a: '1' }));
    expect(labelsFingerprint({ a: '1', b: '2' })).not.toBe(labelsFingerprint({ a: '12' }));
  });
});

const webhook = {
  version: '4',
  groupKey: '{}:{alertname="RemainingDiskSpaceLow"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'kafkaplane',
  groupLabels: { alertname: 'RemainingDiskSpaceLow' },
  commonLabels: { alertname: 'RemainingDiskSpaceLow' },
  commonAnnotations: { command: 'resizePvc' },
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'RemainingDiskSpaceLow', persistentvolumeclaim: 'kafka-2-storage-0-abcde', namespace: 'kafka' },
      annotations: { command: 'resizePvc', incrementBy: '10Gi' },
      startsAt: '2026-11-25T07:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: '1a2b3c4d5e6f7a8b',
    },
  ],
};

describe('payload parsing', () => {
  it('reads an Alertmanager v4 webhook body', () => {
    const result = parseAlertmanagerWebhook(webhook);
    expect(result).toEqual({
      ok: true,
      alerts: [
        expect.objectContaining({
          fingerprint: '1a2b3c4d5e6f7a8b',
          status: 'firing',
          via: 'alertmanager',
          annotations: { command: 'resizePvc', incrementBy: '10Gi' },
        }),
      ],
    });
  });

  it.each([
    [{ ...webhook, version: '3' }, 'version: version must be "4"'],
    [{ ...webhook, alerts: [{ ...webhook.alerts[0], startsAt: 'yesterday' }] }, 'alerts.0.startsAt: must be an RFC 3339 time'],
    [[], 'body:'],
  ])('names what is wrong in a bad webhook body (%#)', (body, message) => {
    const result = parseAlertmanagerWebhook(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it("reads Prometheus' alert array, deriving status and fingerprint", () => {
    const now = new Date('2026-11-25T07:10:00Z');
    const labels = { alertname: 'PartitionCountHigh', kafka_cr: 'kafka', namespace: 'kafka' };
    const result = parsePrometheusAlerts(
      [
        { labels, annotations: { command: 'upScale' }, startsAt: '2026-11-25T07:00:00Z', endsAt: '2026-11-25T07:20:00Z' },
        { labels: { ...labels, alertname: 'Old' }, endsAt: '2026-11-25T07:05:00Z' },
      ],
      now,
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.alerts.map((a) => a.status)).toEqual(['firing', 'resolved']);
    expect(result.alerts[0]?.fingerprint).toBe(labelsFingerprint(labels));
    expect(result.alerts[1]?.startsAt).toBe(now.toISOString());
  });

  it('refuses a Prometheus alert without labels', () => {
    const result = parsePrometheusAlerts([{ labels: {} }]);
    expect(result).toEqual({ ok: false, message: 'not a JSON array of Prometheus alerts: 0.labels: must hold at least one label' });
  });
});
