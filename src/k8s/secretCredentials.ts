import { X509Certificate } from 'node:crypto';
import { ApiException, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { abortedBy } from './abortable.js';
import { ANNOTATION_CRUISE_CONTROL_CREDENTIALS, ANNOTATION_CRUISE_CONTROL_TLS, CREDENTIALS_KEYS, TLS_KEYS } from '../domain/cruiseControlAccess.js';
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
 * Reads what kafkaplane needs to call a cluster's Cruise Control from the Secrets its KafkaCluster
 * names: the username and password it sends, and the CA it verifies Cruise Control's HTTPS
 * certificate against. One GET of each Secret (never a list or a watch of Secrets), kept for
 * 10 s. The values stay in memory only; they are never logged nor returned by the API.
 */
export class SecretCredentialsReader {
  readonly #api: CoreV1Api;
  readonly #answers = new LRUCache<string, { at: number; answer: Promise<BasicCredentials> }>({ max: 1000 });
  readonly #cas = new LRUCache<string, { at: number; answer: Promise<string> }>({ max: 1000 });

  constructor(
    kubeConfig: KubeConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.#api = kubeConfig.makeApiClient(CoreV1Api);
  }

  read(cluster: ClusterKey, secretName: string, signal?: AbortSignal): Promise<BasicCredentials> {
    return kept(this.#answers, `${cluster.namespace}/${secretName}`, this.now, signal, () => this.#fetch(cluster, secretName, signal));
  }

  /** The PEM `ca.crt` of the Secret of Cruise Control's HTTPS, checked to hold at least one certificate. */
  readTrustedCa(cluster: ClusterKey, secretName: string, signal?: AbortSignal): Promise<string> {
    return kept(this.#cas, `${cluster.namespace}/${secretName}`, this.now, signal, () => this.#fetchCa(cluster, secretName, signal));
  }

  async #secretData(
    cluster: ClusterKey,
    name: string,
    annotation: string,
    signal: AbortSignal | undefined,
  ): Promise<{ named: string; data: Record<string, string> }> {
    const { namespace } = cluster;
    const named = `the Secret "${name}" (annotation ${annotation} of the KafkaCluster) in the namespace "${namespace}"`;
    try {
      return { named, data: (await this.#api.readNamespacedSecret({ name, namespace }, abortedBy(signal))).data ?? {} };
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) throw new CredentialsUnavailable(`${named} does not exist`);
      if (err instanceof ApiException && err.code === 403) throw new CredentialsUnavailable(`kafkaplane may not read ${named}`);
      throw new CredentialsUnavailable(`${named} cannot be read: ${err instanceof ApiException ? `HTTP ${err.code}` : (err as Error).message}`);
    }
  }

  async #fetchCa(cluster: ClusterKey, name: string, signal: AbortSignal | undefined): Promise<string> {
    const { named, data } = await this.#secretData(cluster, name, ANNOTATION_CRUISE_CONTROL_TLS, signal);
    const encoded = data[TLS_KEYS.ca];
    if (encoded === undefined) throw new CredentialsUnavailable(`${named} has no "${TLS_KEYS.ca}" key`);
    const pem = Buffer.from(encoded, 'base64').toString('utf8');
    const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    try {
      if (blocks.length === 0) throw new Error('no PEM certificate');
      for (const block of blocks) new X509Certificate(block);
    } catch (err) {
      throw new CredentialsUnavailable(`"${TLS_KEYS.ca}" of ${named} is not a PEM certificate: ${(err as Error).message}`);
    }
    return pem;
  }

  async #fetch(cluster: ClusterKey, name: string, signal: AbortSignal | undefined): Promise<BasicCredentials> {
    const { named, data } = await this.#secretData(cluster, name, ANNOTATION_CRUISE_CONTROL_CREDENTIALS, signal);
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

/** An answer kept TTL_MS; a failure is kept too (a missing Secret is not asked for at every request), but not a cancel. */
function kept<T>(
  cache: LRUCache<string, { at: number; answer: Promise<T> }>,
  key: string,
  now: () => number,
  signal: AbortSignal | undefined,
  fetch: () => Promise<T>,
): Promise<T> {
  const found = cache.get(key);
  if (found !== undefined && now() - found.at < TTL_MS) return found.answer;
  const answer = fetch();
  cache.set(key, { at: now(), answer });
  answer.catch(() => {
    if (signal?.aborted) cache.delete(key);
  });
  return answer;
}
