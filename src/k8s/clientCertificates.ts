import { ApiException, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { abortedBy } from './abortable.js';
import type { ClusterKey } from '../domain/labels.js';

/** A client certificate as a TLS client takes it: PEM certificate, key and the CA it trusts. */
export interface ClientCertificate {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

/** A Secret that cannot give the client certificate, with why. */
export class ClientCertificateUnavailable extends Error {
  override readonly name = 'ClientCertificateUnavailable';
}

/** How long an answer is kept: a renewed certificate is used within this long. */
const TTL_MS = 10_000;

/**
 * Reads the client certificate kafkaplane presents on an ssl inter-broker listener
 * (clientSSLCertSecret, or the one it issues: domain/clientCertificate.ts) from its Secret: one
 * GET by name (never a list or a watch of Secrets), kept 10 s in memory. The key is never logged,
 * written anywhere or returned by the API.
 */
export class ClientCertificateReader {
  readonly #api: CoreV1Api;
  readonly #answers = new LRUCache<string, { at: number; answer: Promise<ClientCertificate> }>({ max: 1000 });

  constructor(
    kubeConfig: KubeConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.#api = kubeConfig.makeApiClient(CoreV1Api);
  }

  read(cluster: ClusterKey, secretName: string, signal?: AbortSignal): Promise<ClientCertificate> {
    const key = `${cluster.namespace}/${secretName}`;
    const kept = this.#answers.get(key);
    if (kept !== undefined && this.now() - kept.at < TTL_MS) return kept.answer;
    const answer = this.#fetch(cluster.namespace, secretName, signal);
    this.#answers.set(key, { at: this.now(), answer });
    // A failure is not kept: the Secret kafkaplane issues may appear in the next pass.
    answer.catch(() => this.#answers.delete(key));
    return answer;
  }

  async #fetch(namespace: string, name: string, signal: AbortSignal | undefined): Promise<ClientCertificate> {
    const named = `the client certificate Secret "${name}" in the namespace "${namespace}"`;
    let data: Record<string, string>;
    try {
      data = (await this.#api.readNamespacedSecret({ name, namespace }, abortedBy(signal))).data ?? {};
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) throw new ClientCertificateUnavailable(`${named} does not exist`);
      throw new ClientCertificateUnavailable(`${named} cannot be read: ${err instanceof ApiException ? `HTTP ${err.code}` : (err as Error).message}`);
    }
    const decoded = (key: string): string => Buffer.from(data[key] ?? '', 'base64').toString('utf8');
    const missing = ['tls.crt', 'tls.key', 'ca.crt'].filter((k) => decoded(k) === '');
    if (missing.length > 0) throw new ClientCertificateUnavailable(`${named} has no ${missing.map((k) => `"${k}"`).join(', ')} key`);
    return { cert: decoded('tls.crt'), key: decoded('tls.key'), ca: decoded('ca.crt') };
  }
}
