import type { IContainerStatus } from 'kubernetes-models/v1/ContainerStatus';
import type { IPod } from 'kubernetes-models/v1/Pod';

/** The kubelet's waiting reasons for a container that pulls or starts in vain (pkg/kubelet/images/types.go, kuberuntime). */
const PULL_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

/**
 * Why a Pod cannot start, from what its kubelet reports: an image it cannot pull, or a container
 * that keeps exiting. Words that do not change from one back-off to the next, so that the
 * status message (and its Event) stays the same while the Pod stays stuck. Undefined when the
 * Pod is not stuck (still starting, or running).
 */
export function podStartProblem(pod: IPod | undefined): string | undefined {
  const statuses: Array<{ status: IContainerStatus; init: boolean }> = [
    ...(pod?.status?.initContainerStatuses ?? []).map((status) => ({ status, init: true })),
    ...(pod?.status?.containerStatuses ?? []).map((status) => ({ status, init: false })),
  ];
  for (const { status, init } of statuses) {
    const what = `${init ? 'init container' : 'container'} ${status.name}`;
    const waiting = status.state?.waiting?.reason;
    if (waiting !== undefined && PULL_FAILURES.has(waiting)) return `${what} cannot pull its image "${status.image}"`;
    if (
      waiting === 'CrashLoopBackOff' ||
      (pod?.status?.phase === 'Failed' && status.state?.terminated !== undefined && status.state.terminated.exitCode !== 0)
    ) {
      const ended = status.state?.terminated ?? status.lastState?.terminated;
      return `${what} exits${ended !== undefined ? ` with code ${ended.exitCode}` : ''} (its log tells why: kubectl logs -c ${status.name})`;
    }
  }
  return undefined;
}
