import type { CoreV1Event } from '@kubernetes/client-node';
import type { IEvent } from 'kubernetes-models/v1/Event';
import { readLedger } from '../../../src/alerts/ledger.js';
import { readRecord } from '../../../src/alerts/record.js';
import { kraftSpecInput } from '../../support/clusterSpecs.js';
import { clusterApi, NAMESPACE, storage } from '../../operator/support/operationsSandbox.js';
import type { FlowWorld } from '../../operator/support/killAtEveryWrite.js';

/** Alert actions as flows of the kill-at-every-write harness: what they share. */

/** Brokers 0 to n-1, the last of them the one KRaft controller: the others hold data only, as an alert may pick them. */
export const smallSpec = (brokers: number) =>
  kraftSpecInput({
    brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
    brokers: Array.from({ length: brokers }, (_, id) => ({
      id,
      brokerConfigGroup: 'default',
      brokerConfig: { processRoles: id === brokers - 1 ? ['broker', 'controller'] : ['broker'] },
    })),
  });

/** One alert start for every delivery of a run: Alertmanager sends the same alert again, under the same fingerprint and start. */
export const STARTS_AT = '2026-01-01T00:00:00.000Z';

export const stored = async (world: FlowWorld) =>
  (await world.custom.getNamespacedCustomObject(clusterApi)) as { metadata: { annotations?: Record<string, string> }; spec: unknown };

/** The alert records of the cluster (the Events that claim an alert and say what came of it) of one alertname. */
export async function recordsOf(world: FlowWorld, alertname: string) {
  const events = await world.core.listNamespacedEvent({ namespace: NAMESPACE, labelSelector: 'kafkaplane.io/alert-command' });
  return events.items.flatMap((e: CoreV1Event) => {
    const record = readRecord(e as unknown as IEvent);
    return record?.alert.labels.alertname === alertname ? [record] : [];
  });
}

/**
 * What must hold of an alert carried out once: one record, Acted, and one ledger entry; a
 * restart in between must not leave it Pending, refuse it, or act on it a second time.
 */
export async function actedOnce(world: FlowWorld, alertname: string): Promise<string | undefined> {
  const records = await recordsOf(world, alertname);
  const ledger = readLedger((await stored(world)).metadata.annotations);
  const outcomes = records.map((r) => r.outcome).join(', ');
  if (records.length !== 1 || records[0]?.outcome !== 'Acted') return `alert records: [${outcomes}]`;
  if (ledger.length !== 1) return `${ledger.length} ledger entries`;
  return undefined;
}

export const pvcsOf = (world: FlowWorld, brokerId: number) =>
  world.sandbox.kube.api.store
    .list('/persistentvolumeclaims', NAMESPACE)
    .filter((p) => p.metadata.labels?.kafka_cr === 'kafka' && p.metadata.labels.brokerId === String(brokerId));
