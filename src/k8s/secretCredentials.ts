import { ApiException, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { abortedBy } from './abortable.js';
import { ANNOTATION_CRUISE_CONTROL_CREDENTIALS, CREDENTIALS_KEYS } from '../domain/cruiseControlAccess.js';
import type { ClusterKey } from '../domain/labels.js';

export interface BasicCredentials {
  readonly user: string;
  readonly password: string;
}

/** A Secret that cannot give Cruise Control's credentials, with why in words a user can act on. */
export class CredentialsUnavailable extends Error {
  override readonly name = 'CredentialsUnavailable';
}

/** How long an answer is kept: a changed or newly created Secret is used within this long. */
const TTL_MS = 10_000;

/**
 * Reads the username and password kafkaplane sends to a cluster's Cruise Control from the Secret
 * its KafkaCluster names: one GET of that Secret (never a list or a watch of Secrets), kept for
 * 10 s. The values stay in memory only; they are never logged nor returned by the API.
 */
export class SecretCredentialsReader {
  readonly #api: CoreV1Api;
  readonly #answers = new LRUCache<string, { at: number; answer: Promise<BasicCredentials> }>({ max: 1000 });

  constructor(
    kubeConfig: KubeConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.#api = kubeConfig.makeApiClient(CoreV1Api);
  }

  read(cluster: ClusterKey, secretName: string, signal?: AbortSignal): Promise<BasicCredentials> {
    const key = `${cluster.namespace}/${secretName}`;
    const kept = this.#answers.get(key);
    if (kept !== undefined && this.now() - kept.at < TTL_MS) return kept.answer;
    const answer = this.#fetch(cluster, secretName, signal);
    this.#answers.set(key, { at: this.now(), answer });
    // A failure is kept too (a missing Secret is not asked for at every request), but not a cancel.
    answer.catch(() => {
      if (signal?.aborted) this.#answers.delete(key);
    });
    return answer;
  }

  async #fetch(cluster: ClusterKey, name: string, signal: AbortSignal | undefined): Promise<BasicCredentials> {
    const { namespace } = cluster;
    const named = `the Secret "${name}" (annotation ${ANNOTATION_CRUISE_CONTROL_CREDENTIALS} of the KafkaCluster) in the namespace "${namespace}"`;
    let data: Record<string, string>;
    try {
      data = (await this.#api.readNamespacedSecret({ name, namespace }, abortedBy(signal))).data ?? {};
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) throw new CredentialsUnavailable(`${named} does not exist`);
      if (err instanceof ApiException && err.code === 403) throw new CredentialsUnavailable(`kafkaplane may not read ${named}`);
      throw new CredentialsUnavailable(`${named} cannot be read: ${err instanceof ApiException ? `HTTP ${err.code}` : (err as Error).message}`);
    }
    const decoded = (key: string): string | undefined => (data[key] === undefined ? undefined : Buffer.from(data[key], 'base64').toString('utf8'));
    const user = decoded(CREDENTIALS_KEYS.username);
    const password = decoded(CREDENTIALS_KEYS.password);
    const missing = [
      user === undefined || user === '' ? CREDENTIALS_KEYS.username : undefined,
      password === undefined ? CREDENTIALS_KEYS.password : undefined,
    ].filter((k) => k !== undefined);
    if (missing.length > 0 || user === undefined || password === undefined)
      throw new CredentialsUnavailable(`${named} has no ${missing.map((k) => `"${k}"`).join(' or ')} key`);
    return { user, password };
  }
}
