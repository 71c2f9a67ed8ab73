import { VersionApi } from '@kubernetes/client-node';
import type { KubernetesConnection } from './connection.js';

/** Why the API server cannot be reached, or undefined when it answers. */
export type ReachabilityCheck = (signal: AbortSignal) => Promise<string | undefined>;

/** Whether the API server answers GET /version; none without a Kubernetes connection. */
export function kubernetesReachability(connection: KubernetesConnection): ReachabilityCheck | undefined {
  const kc = connection.kubeConfig;
  if (kc === undefined) return undefined;
  const api = kc.makeApiClient(VersionApi);
  return async (signal) => {
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(new Error('timed out')), { once: true });
    });
    try {
      await Promise.race([api.getCode(), aborted]);
      return undefined;
    } catch (err) {
      return `Kubernetes API server ${connection.apiServerUrl ?? ''} unreachable: ${(err as Error).message}`;
    }
  };
}
