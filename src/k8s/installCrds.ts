import { ApiException, KubernetesObjectApi, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { customResourceDefinitions } from './crd/index.js';
import type { Logger } from '../logging.js';

interface CrdStatus {
  status?: { conditions?: Array<{ type: string; status: string }> };
}

/**
 * Creates our CRDs, or replaces them with this version's schema, then waits until the API
 * server reports each Established (before that, its resources are not served).
 */
export async function installCrds(kubeConfig: KubeConfig, logger: Logger, options: { timeoutMs?: number } = {}): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  for (const crd of customResourceDefinitions()) {
    const object = crd as unknown as KubernetesObject;
    const header = { apiVersion: crd.apiVersion, kind: crd.kind, metadata: { name: crd.metadata.name } };
    try {
      const existing = await api.read(header);
      await api.replace(
        { ...object, metadata: { ...object.metadata, resourceVersion: existing.metadata?.resourceVersion } },
        undefined,
        undefined,
        'kafkaplane',
      );
      logger.info({ crd: crd.metadata.name }, 'CRD updated');
    } catch (err) {
      if (!(err instanceof ApiException) || err.code !== 404) throw err;
      await api.create(object, undefined, undefined, 'kafkaplane');
      logger.info({ crd: crd.metadata.name }, 'CRD installed');
    }
  }
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (const crd of customResourceDefinitions()) {
    for (;;) {
      const header = { apiVersion: crd.apiVersion, kind: crd.kind, metadata: { name: crd.metadata.name } };
      const current = await api.read<KubernetesObject & CrdStatus>(header);
      if (current.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata.name} was not Established within ${options.timeoutMs ?? 30_000} ms`);
      await sleep(100);
    }
  }
}
