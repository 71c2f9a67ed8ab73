import type { Action, BlockedStep } from '../reconcile/actions.js';
import type { ClusterCertificates } from './certificates.js';

/**
 * The writes of the certificates issued up front (certificates.ts): each Secret created, or
 * replaced over the resourceVersion read, through the executor like every other object, and for
 * a certificate issued anew an Event saying why and how the broker takes it (a reload or a
 * restart). The actions name the Secret only; its data never reaches an Event or a log line.
 */
export function certificateActions(certificates: ClusterCertificates | undefined): Action[] {
  return (certificates?.writes ?? []).flatMap((w): Action[] => [
    { type: w.replace ? 'replace' : 'create', object: w.object, ...(w.brokerId !== undefined ? { brokerId: w.brokerId } : {}), reason: w.reason },
    ...(w.replace && w.brokerId !== undefined
      ? [
          {
            type: 'recordEvent' as const,
            eventType: 'Normal' as const,
            reason: 'ServerCertificateRenewed',
            message: `broker ${w.brokerId}: server certificate issued anew (${w.why}); ${
              w.keepsPod === true ? 'the broker loads it without a restart once its Secret volume shows it' : 'the broker restarts to serve it'
            }`,
            brokerIds: [w.brokerId],
          },
        ]
      : []),
  ]);
}

/** How long a pass waits before it looks again at a broker asked to reload its certificate. */
export const RELOAD_CHECK_MS = 5_000;

/**
 * A broker serving another certificate than its Secret holds is asked to reload it (the kubelet
 * may not have updated its Secret volume yet: Kafka then keeps what it has, and the pass asks
 * again after RELOAD_CHECK_MS); one now serving the renewed certificate it was asked to take gets
 * the Event that says so.
 */
export function certificateReloadActions(certificates: ClusterCertificates | undefined): Action[] {
  const reload = certificates?.reload;
  if (certificates === undefined || reload === undefined) return [];
  const asks = [...certificates.served]
    .filter(([brokerId, served]) => certificates.current.has(brokerId) && served !== certificates.current.get(brokerId))
    .map(([brokerId]): Action => ({ type: 'reloadServerCertificate', brokerId, change: { set: reload.config }, reason: 'ServerCertificateReload' }));
  const told = certificates.reloaded.map((brokerId): Action => ({
    type: 'recordEvent',
    eventType: 'Normal',
    reason: 'ServerCertificateReloaded',
    message: `broker ${brokerId}: serves its renewed server certificate (${(certificates.current.get(brokerId) ?? '').slice(0, 16)}) on listener ${reload.listener}, reloaded without a restart`,
    brokerIds: [brokerId],
  }));
  return [...asks, ...told];
}

/** When the pass should look again: at the next renewal, or soon while a broker has yet to serve its renewed certificate. */
export function certificateWakeAt(certificates: ClusterCertificates | undefined, now: Date): Date | undefined {
  if (certificates === undefined) return undefined;
  const pending = [...certificates.served].some(([brokerId, served]) => certificates.current.has(brokerId) && served !== certificates.current.get(brokerId));
  const soon = pending ? new Date(now.getTime() + RELOAD_CHECK_MS) : undefined;
  if (soon === undefined || certificates.renewAt === undefined) return soon ?? certificates.renewAt;
  return soon < certificates.renewAt ? soon : certificates.renewAt;
}

/** A CA Secret that cannot be used: reported, and no certificate is issued. */
export function certificateProblems(certificates: ClusterCertificates | undefined): BlockedStep[] {
  const problem = certificates?.problem;
  return problem !== undefined ? [{ reason: 'CertificatesNotIssued', message: problem }] : [];
}
