import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';

/**
 * Why a Cruise Control Deployment is not rolled out yet, or undefined once its newest Pod serves
 * alone: the Deployment controller saw the latest spec, every replica runs it, one is available,
 * and no Pod of an older template remains (the conditions `kubectl rollout status` waits for,
 * kubernetes/kubectl pkg/polymorphichelpers/rollout_status.go). A task sent before then may reach
 * the Cruise Control being replaced, which forgets it when it stops.
 */
export function cruiseControlRollingOut(deployment: IDeployment | undefined): string | undefined {
  if (deployment === undefined) return undefined;
  const generation = deployment.metadata?.generation ?? 0;
  const status = deployment.status ?? {};
  const wanted = deployment.spec?.replicas ?? 1;
  if ((status.observedGeneration ?? 0) < generation) return 'Cruise Control is being restarted with a new configuration';
  if ((status.updatedReplicas ?? 0) < wanted) return 'Cruise Control is being restarted with a new configuration';
  if ((status.replicas ?? 0) > (status.updatedReplicas ?? 0)) return 'the Cruise Control it replaces is still stopping';
  if ((status.availableReplicas ?? 0) < 1) return 'Cruise Control is not available yet';
  return undefined;
}
