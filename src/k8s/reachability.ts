import { VersionApi } from '@kubernetes/client-node';
import type { ReadinessCheck } from '../http/probes.js';
import type { KubernetesConnection } from './connection.js';

/** Readiness: the API server answers GET /version. */
export function kubernetesReachable(connection: KubernetesConnection): ReadinessCheck | undefined {
  const kc = connection.kubeConfig;
  if (kc === undefined) return undefined;
  const api = kc.makeApiClient(VersionApi);
  return {
    name: 'kubernetes',
    async check(signal) {
      const aborted = new Promise<never>((_, reject) => {
        signal.addEventListener('abort', () => reject(new Error('timed out')), { once: true });
      });
      try {
        await Promise.race([api.getCode(), aborted]);
        return undefined;
      } catch (err) {
        return `Kubernetes API server ${connection.apiServerUrl ?? ''} unreachable: ${(err as Error).message}`;
      }
    },
  };
}
