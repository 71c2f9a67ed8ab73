/**
 * What every layer may read of an alert's record (an Event on its KafkaCluster, written by the
 * alert handler): the label that marks it and the alert it holds. The operator reads them to
 * count the alerts that hold a rolling upgrade; the alert handler owns the rest of the record.
 */
import { z } from 'zod';

/** One alert as kafkaplane handles it, whichever way it arrived. */
export interface ReceivedAlert {
  fingerprint: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string | undefined;
  generatorURL: string | undefined;
  /** `alertmanager` (webhook_configs) or `prometheus` (pushed as to an Alertmanager). */
  via: 'alertmanager' | 'prometheus';
}

/** Marks an Event as an alert record; its value is the command (`none` without one). */
export const LABEL_ALERT_COMMAND = 'kafkaplane.io/alert-command';
/** On an alert record: the alert it holds, as JSON. */
export const ANNOTATION_ALERT = 'kafkaplane.io/alert';

interface Annotated {
  metadata?: { annotations?: Record<string, string> | undefined } | undefined;
}

const storedAlert = z.object({
  fingerprint: z.string(),
  status: z.enum(['firing', 'resolved']),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  via: z.enum(['alertmanager', 'prometheus']),
  receiver: z.string().optional(),
});
/** The alert a record holds (to finish it after a crash), or undefined for any other Event. */
export function storedAlertOf(event: Annotated): (ReceivedAlert & { receiver?: string | undefined }) | undefined {
  const parsed = storedAlert.safeParse(parseJson(event.metadata?.annotations?.[ANNOTATION_ALERT]));
  if (!parsed.success) return undefined;
  return { ...parsed.data, endsAt: parsed.data.endsAt, generatorURL: parsed.data.generatorURL };
}

export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
