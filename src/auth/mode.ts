import type { Config } from '../config.js';
import type { KubernetesConnection } from '../k8s/connection.js';
import type { Logger } from '../logging.js';

/**
 * Authentication is on whenever the server fronts a real cluster; off only on the embedded
 * sandbox (a one-command try-out) or with no Kubernetes at all, unless said otherwise. Turning
 * it off against a real cluster is allowed, and warned about at every start.
 */
export function authMode(config: Pick<Config, 'auth'>, kubernetes: Pick<KubernetesConnection, 'mode'>, logger: Logger): 'kubernetes' | 'none' {
  const real = kubernetes.mode !== 'SANDBOX' && kubernetes.mode !== 'NONE';
  const mode = config.auth ?? (real ? 'kubernetes' : 'none');
  if (mode === 'none' && real) logger.warn('--auth none on a real cluster: anyone who reaches this port may do anything the server may');
  if (mode === 'kubernetes' && kubernetes.mode === 'NONE')
    throw new Error('--auth kubernetes needs a Kubernetes API server to review tokens, and there is none');
  return mode;
}
