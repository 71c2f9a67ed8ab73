import { z } from 'zod';

/**
 * The alert actions applied to a cluster, kept on the KafkaCluster itself in one annotation and
 * written in the same write as the spec change they made: a change and its record cannot be
 * separated by a crash, and both outlive the Events (which the API server expires, an hour by
 * default). It answers "was this alert acted on already?" and "when did this command last run?"
 * for every replica, without any memory of its own.
 */
export const ANNOTATION_ALERT_ACTIONS = 'kafkaplane.io/alert-actions';
/** Enough to cover any cooldown and the redeliveries of the alerts still firing. */
const KEPT = 20;

const entrySchema = z.object({ key: z.string(), command: z.string(), at: z.string() });
export type LedgerEntry = z.infer<typeof entrySchema>;

export function readLedger(annotations: Readonly<Record<string, string>> | undefined): LedgerEntry[] {
  const text = annotations?.[ANNOTATION_ALERT_ACTIONS];
  if (text === undefined) return [];
  try {
    const parsed = z.array(entrySchema).safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** The annotation with one more entry, the oldest dropped past the bound. */
export function appendToLedger(annotations: Readonly<Record<string, string>> | undefined, entry: LedgerEntry): Record<string, string> {
  const entries = [...readLedger(annotations), entry].slice(-KEPT);
  return { [ANNOTATION_ALERT_ACTIONS]: JSON.stringify(entries) };
}
