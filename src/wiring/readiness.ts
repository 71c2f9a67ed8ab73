import type { ReadinessCheck } from '../http/probes.js';
import type { KubernetesConnection } from '../k8s/connection.js';
import { kubernetesReachability } from '../k8s/reachability.js';
import type { BackgroundOperator } from './backgroundOperator.js';

/** What /readyz waits for: the API server answers, and the operator's caches have synced. */
export function readinessChecks(kubernetes: KubernetesConnection, operator: BackgroundOperator | undefined): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [];
  const reachable = kubernetesReachability(kubernetes);
  if (reachable) checks.push({ name: 'kubernetes', check: reachable });
  if (operator) {
    checks.push({
      name: 'caches',
      check: () => Promise.resolve(operator.running?.cache.synced === true ? undefined : 'the informer caches have not synced yet'),
    });
  }
  return checks;
}
