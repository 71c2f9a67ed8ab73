import { z } from 'zod';
import type { ReceivedAlert } from '../domain/alertEvents.js';
import { labelsFingerprint } from './fingerprint.js';

const labelMap = z.record(z.string(), z.string());
const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an RFC 3339 time' });

/** Alertmanager's webhook_configs body, version 4 (alertmanager notify/webhook, template.Data). */
const alertmanagerWebhook = z.object({
  version: z.literal('4', { message: 'version must be "4"' }),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labelMap,
  commonLabels: labelMap,
  commonAnnotations: labelMap,
  externalURL: z.string(),
  alerts: z.array(
    z.object({
      status: z.enum(['firing', 'resolved']),
      labels: labelMap,
      annotations: labelMap.default({}),
      startsAt: timestamp,
      endsAt: timestamp.optional(),
      generatorURL: z.string().optional(),
      fingerprint: z
        .string()
        .regex(/^[0-9a-f]{16}$/, { message: 'must be 16 hex digits' })
        .optional(),
    }),
  ),
});

/** What Prometheus posts to an Alertmanager's /api/v2/alerts: an array of postable alerts. */
const prometheusAlerts = z.array(
  z.object({
    labels: labelMap.refine((l) => Object.keys(l).length > 0, { message: 'must hold at least one label' }),
    annotations: labelMap.default({}),
    startsAt: timestamp.optional(),
    endsAt: timestamp.optional(),
    generatorURL: z.string().optional(),
  }),
);

export type ParseResult = { ok: true; alerts: ReceivedAlert[] } | { ok: false; message: string };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}

export function parseAlertmanagerWebhook(body: unknown): ParseResult {
  const parsed = alertmanagerWebhook.safeParse(body);
  if (!parsed.success) return { ok: false, message: `not an Alertmanager webhook payload (version 4): ${describeIssues(parsed.error)}` };
  return {
    ok: true,
    alerts: parsed.data.alerts.map((a) => ({
      fingerprint: a.fingerprint ?? labelsFingerprint(a.labels),
      status: a.status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      generatorURL: a.generatorURL,
      via: 'alertmanager',
    })),
  };
}

/**
 * Prometheus sends no status: an alert whose endsAt has passed is resolved (Alertmanager's own
 * rule for postable alerts), and one without startsAt starts now.
 */
export function parsePrometheusAlerts(body: unknown, now: Date = new Date()): ParseResult {
  const parsed = prometheusAlerts.safeParse(body);
  if (!parsed.success) return { ok: false, message: `not a JSON array of Prometheus alerts: ${describeIssues(parsed.error)}` };
  return {
    ok: true,
    alerts: parsed.data.map((a) => ({
      fingerprint: labelsFingerprint(a.labels),
      status: a.endsAt !== undefined && Date.parse(a.endsAt) <= now.getTime() ? 'resolved' : 'firing',
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt ?? now.toISOString(),
      endsAt: a.endsAt,
      generatorURL: a.generatorURL,
      via: 'prometheus',
    })),
  };
}
