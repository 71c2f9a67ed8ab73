import type { Action, BlockedStep } from '../reconcile/actions.js';
import type { ClusterCertificates } from './certificates.js';

/**
 * The writes of the certificates issued up front (certificates.ts): each Secret created, or
 * replaced over the resourceVersion read, through the executor like every other object. The
 * action names the Secret only; its data never reaches an Event or a log line.
 */
export function certificateActions(certificates: ClusterCertificates | undefined): Action[] {
  return (certificates?.writes ?? []).map((w) => ({
    type: w.replace ? 'replace' : 'create',
    object: w.object,
    ...(w.brokerId !== undefined ? { brokerId: w.brokerId } : {}),
    reason: w.reason,
  }));
}

/** A CA Secret that cannot be used: reported, and no certificate is issued. */
export function certificateProblems(certificates: ClusterCertificates | undefined): BlockedStep[] {
  const problem = certificates?.problem;
  return problem !== undefined ? [{ reason: 'CertificatesNotIssued', message: problem }] : [];
}
