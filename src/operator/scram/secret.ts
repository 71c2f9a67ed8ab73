import { randomBytes } from 'node:crypto';
import type { V1Secret } from '@kubernetes/client-node';
import { clusterLabels, ownerReference } from '../../domain/labels.js';
import { adminListenerUsesSasl, ALL_SCRAM_USERS, scramSecretName } from '../../domain/scramUsers.js';
import type { Action, KubeObject } from '../reconcile/actions.js';
import type { ClusterView } from '../reconcile/world.js';
import type { SecretReader } from '../pki/certificates.js';

/** What a pass knows of the Secret of kafkaplane's SCRAM users (domain/scramUsers.ts). */
export interface ScramSecret {
  /** The Secret to create, or to replace with the passwords it lacks; undefined when it is whole. */
  write: { object: KubeObject & { type: string; data: Record<string, string> }; replace: boolean } | undefined;
}

/**
 * A password kafka-storage's `--add-scram` can carry: its SCRAM parser splits the entry on `,`
 * and strips `"` (apache/kafka `ScramParser`), so only letters and digits are used; 32 of them
 * from 24 random bytes.
 */
function newPassword(): string {
  return randomBytes(24).toString('base64').replace(/[^A-Za-z0-9]/g, '').padEnd(32, '0').slice(0, 32);
}

/**
 * Reads the Secret by name (never cached: the informers hold no Secret) and, where it is missing or
 * lacks a password, makes one up front so that planning stays pure. A password already there is
 * never changed: Kafka holds its credential, and the brokers authenticate with it.
 */
export async function observeScramSecret(view: Pick<ClusterView, 'cluster' | 'spec'>, read: SecretReader, signal: AbortSignal): Promise<ScramSecret | undefined> {
  if (!adminListenerUsesSasl(view.spec)) return undefined;
  const { cluster } = view;
  const secret: V1Secret | undefined = await read(cluster.namespace, scramSecretName(cluster), signal);
  const data: Record<string, string> = { ...(secret?.data ?? {}) };
  const missing = ALL_SCRAM_USERS.filter((u) => (data[u.passwordKey] ?? '') === '');
  if (missing.length === 0) return { write: undefined };
  for (const user of missing) data[user.passwordKey] = Buffer.from(newPassword()).toString('base64');
  const metadata: KubeObject['metadata'] = {
    name: scramSecretName(cluster),
    namespace: cluster.namespace,
    labels: clusterLabels(cluster),
    ...(secret?.metadata?.resourceVersion !== undefined ? { resourceVersion: secret.metadata.resourceVersion } : {}),
  };
  // Owned by the KafkaCluster, as the certificates' Secrets are: deleting the cluster deletes it.
  (metadata as Record<string, unknown>).ownerReferences = [ownerReference(cluster)];
  return { write: { object: { apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', data }, replace: secret !== undefined } };
}

/** The Secret's write, before the Pods whose format and JAAS entries read it. */
export function scramSecretActions(scram: ScramSecret | undefined): Action[] {
  const write = scram?.write;
  if (write === undefined) return [];
  return [{ type: write.replace ? 'replace' : 'create', object: write.object, reason: 'ScramSecretWritten' }];
}
