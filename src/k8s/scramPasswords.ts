import { ApiException, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { abortedBy } from './abortable.js';
import type { ClusterKey } from '../domain/labels.js';

/** How long an answer is kept. */
const TTL_MS = 10_000;

/**
 * Reads one password of kafkaplane's SCRAM users from their Secret (domain/scramUsers.ts), or the CA
 * certificate a sasl_ssl inter-broker listener's certificates lead to (domain/interBrokerCa.ts), as
 * the client certificate is read: one GET by name, kept 10 s in memory, never logged or returned
 * by the API. A failure says why and is not kept: the operator creates the Secret in its next pass.
 */
export class ScramPasswordReader {
  readonly #api: CoreV1Api;
  readonly #answers = new LRUCache<string, { at: number; answer: Promise<Record<string, string>> }>({ max: 1000 });

  constructor(
    kubeConfig: KubeConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.#api = kubeConfig.makeApiClient(CoreV1Api);
  }

  async read(cluster: ClusterKey, secretName: string, key: string, signal?: AbortSignal): Promise<string> {
    const cacheKey = `${cluster.namespace}/${secretName}`;
    let kept = this.#answers.get(cacheKey);
    if (kept === undefined || this.now() - kept.at >= TTL_MS) {
      kept = { at: this.now(), answer: this.#fetch(cluster.namespace, secretName, signal) };
      this.#answers.set(cacheKey, kept);
      kept.answer.catch(() => this.#answers.delete(cacheKey));
    }
    const value = (await kept.answer)[key];
    if (value === undefined || value === '') throw new Error(`the Secret "${secretName}" in the namespace "${cluster.namespace}" has no "${key}" key`);
    return Buffer.from(value, 'base64').toString('utf8');
  }

  async #fetch(namespace: string, name: string, signal: AbortSignal | undefined): Promise<Record<string, string>> {
    try {
      return (await this.#api.readNamespacedSecret({ name, namespace }, abortedBy(signal))).data ?? {};
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) throw new Error(`the Secret "${name}" in the namespace "${namespace}" does not exist`);
      throw new Error(
        `the Secret "${name}" in the namespace "${namespace}" cannot be read: ${err instanceof ApiException ? `HTTP ${err.code}` : (err as Error).message}`,
      );
    }
  }
}
