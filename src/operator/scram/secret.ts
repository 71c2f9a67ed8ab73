import { pbkdf2Sync, randomBytes } from 'node:crypto';
import type { KafkaAdminClient } from '../../kafka/index.js';
import type { ScramUpsertion } from '../../kafka/adminClient.js';
import type { V1Secret } from '@kubernetes/client-node';
import { clusterLabels, ownerReference } from '../../domain/labels.js';
import { adminListenerUsesSasl, ALL_SCRAM_USERS, INTER_BROKER_SASL_MECHANISM, scramSecretName } from '../../domain/scramUsers.js';
import type { Action, KubeObject } from '../reconcile/actions.js';
import type { ClusterView } from '../reconcile/world.js';
import type { SecretReader } from '../pki/certificates.js';

/** What a pass knows of the Secret of kafkaplane's SCRAM users (domain/scramUsers.ts). */
export interface ScramSecret {
  /** The Secret to create, or to replace with the passwords it lacks; undefined when it is whole. */
  write: { object: KubeObject & { type: string; data: Record<string, string> }; replace: boolean } | undefined;
  /** The users Kafka holds no SCRAM-SHA-512 credential for, with the credential to give each back. */
  restore: ScramUpsertion[];
  /**
   * When to ask Kafka again: a credential deleted in Kafka changes nothing Kubernetes reports, so a
   * quiet cluster would otherwise never look.
   */
  recheckAt: Date;
}

/** How long a quiet cluster with kafkaplane's SCRAM users goes before Kafka is asked whether it still holds them. */
export const DEFAULT_SCRAM_RECHECK_MS = 60_000;

/** Kafka's default iterations for a new SCRAM credential (ScramFormatter, kafka-configs.sh). */
const ITERATIONS = 4096;

/** A user's credential from its password, derived up front as the Admin client derives it (salt, Hi(password, salt, i)). */
function upsertion(user: string, password: string): ScramUpsertion {
  const salt = randomBytes(32);
  return { user, mechanism: INTER_BROKER_SASL_MECHANISM, iterations: ITERATIONS, salt, saltedPassword: pbkdf2Sync(password, salt, ITERATIONS, 64, 'sha512') };
}

/**
 * A password kafka-storage's `--add-scram` can carry: its SCRAM parser splits the entry on `,`
 * and strips `"` (apache/kafka `ScramParser`), so only letters and digits are used; 32 of them
 * from 24 random bytes.
 */
function newPassword(): string {
  return randomBytes(24)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .padEnd(32, '0')
    .slice(0, 32);
}

/**
 * Reads the Secret by name (never cached: the informers hold no Secret) and, where it is missing or
 * lacks a password, makes one up front so that planning stays pure. A password already there is
 * never changed: Kafka holds its credential, and the brokers authenticate with it.
 */
export async function observeScramSecret(
  view: Pick<ClusterView, 'cluster' | 'spec' | 'now'>,
  read: SecretReader,
  signal: AbortSignal,
  admin?: KafkaAdminClient,
  recheckMs = DEFAULT_SCRAM_RECHECK_MS,
): Promise<ScramSecret | undefined> {
  if (!adminListenerUsesSasl(view.spec)) return undefined;
  const { cluster } = view;
  const recheckAt = new Date(view.now.getTime() + recheckMs);
  const secret: V1Secret | undefined = await read(cluster.namespace, scramSecretName(cluster), signal);
  const data: Record<string, string> = { ...(secret?.data ?? {}) };
  const missing = ALL_SCRAM_USERS.filter((u) => (data[u.passwordKey] ?? '') === '');
  if (missing.length === 0) return { write: undefined, restore: await toRestore(data, admin, signal), recheckAt };
  for (const user of missing) data[user.passwordKey] = Buffer.from(newPassword()).toString('base64');
  // Owned by the KafkaCluster, as the certificates' Secrets are: deleting the cluster deletes it.
  const metadata = {
    name: scramSecretName(cluster),
    namespace: cluster.namespace,
    labels: clusterLabels(cluster),
    ownerReferences: [ownerReference(cluster)],
    ...(secret?.metadata?.resourceVersion !== undefined ? { resourceVersion: secret.metadata.resourceVersion } : {}),
  } as KubeObject['metadata'];
  return { write: { object: { apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', data }, replace: secret !== undefined }, restore: [], recheckAt };
}

/**
 * The users whose credential Kafka lost (deleted through AlterUserScramCredentials, by hand or a
 * tool), given back from the Secret's password. kafkaplane asks as its admin user, so that user's
 * own credential can be given back only over a connection it made before (Kafka checks a login
 * once per connection). Nothing when Kafka cannot be asked this pass.
 */
async function toRestore(data: Record<string, string>, admin: KafkaAdminClient | undefined, signal: AbortSignal): Promise<ScramUpsertion[]> {
  if (admin === undefined) return [];
  let held: Map<string, string[]>;
  try {
    held = await admin.describeScramUsers(signal);
  } catch {
    return [];
  }
  return ALL_SCRAM_USERS.filter((u) => held.get(u.username)?.includes(INTER_BROKER_SASL_MECHANISM) !== true).map((u) =>
    upsertion(u.username, Buffer.from(data[u.passwordKey] ?? '', 'base64').toString('utf8')),
  );
}

/** The Secret's write, before the Pods whose format and JAAS entries read it. */
export function scramSecretActions(scram: ScramSecret | undefined): Action[] {
  const write = scram?.write;
  const restore = scram?.restore ?? [];
  return [
    ...(write !== undefined ? [{ type: write.replace ? ('replace' as const) : ('create' as const), object: write.object, reason: 'ScramSecretWritten' }] : []),
    ...(restore.length > 0 ? [{ type: 'upsertScramCredentials' as const, upsertions: restore, reason: 'ScramCredentialsRestored' as const }] : []),
  ];
}
