import type { Action, BlockedStep } from '../reconcile/actions.js';
import type { ClusterCertificates } from './certificates.js';

/**
 * The writes of the certificates issued up front (certificates.ts): each Secret created, or
 * replaced over the resourceVersion read, through the executor like every other object, and for
 * a certificate issued anew an Event saying why (its broker restarts for it). The actions name the
 * Secret only; its data never reaches an Event or a log line.
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
            message: `broker ${w.brokerId}: server certificate issued anew (${w.why}); the broker restarts to serve it`,
            brokerIds: [w.brokerId],
          },
        ]
      : []),
  ]);
}

/** A CA Secret that cannot be used: reported, and no certificate is issued. */
export function certificateProblems(certificates: ClusterCertificates | undefined): BlockedStep[] {
  const problem = certificates?.problem;
  return problem !== undefined ? [{ reason: 'CertificatesNotIssued', message: problem }] : [];
}
