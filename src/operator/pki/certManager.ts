import { ApiException, ApisApi, CustomObjectsApi, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import { abortedBy } from '../../k8s/abortable.js';
import { brokerExternalEndpoints } from '../../domain/externalAccess.js';
import { brokerCertificateNames, brokerCertificateSecretName, issuedByCertManager } from '../../domain/generatedCertificates.js';
import { issuesClientCertificate } from '../../domain/clientCertificate.js';
import type { Action, BlockedStep } from '../reconcile/actions.js';
import type { ClusterView } from '../reconcile/world.js';
import { certifiedBrokers, type CertificateValidity, type SecretReader } from './certificates.js';
import { brokerCertificate, caObjects, CERT_MANAGER_GROUP, clientCertificate, type CertManagerObject } from './certManagerObjects.js';
import { readCertificate } from './x509.js';

/**
 * The brokers' certificates when cert-manager issues them (`sslSecrets.pkiBackend: cert-manager`),
 * read up front like kafkaplane's own (certificates.ts) so that planning stays pure: whether
 * cert-manager's CRDs are installed, the Issuers and Certificates kafkaplane keeps
 * (certManagerObjects.ts) as they are, and the Secrets cert-manager wrote. A Certificate missing
 * or with another spec is written through the executor like every other object; a broker runs
 * with the certificate its Secret holds (its fingerprint is the Pod's revision, so a certificate
 * cert-manager renewed rolls the broker as kafkaplane's own renewal does), and a broker whose
 * Secret holds none yet is not started.
 */

/** How often a pass looks again at Certificates that are not Ready (cert-manager is not watched). */
export const NOT_READY_RECHECK_MS = 2_000;
/** How often, at the longest, a pass looks again for a certificate cert-manager issued outside its schedule (`cmctl renew`, a new CA). */
export const DEFAULT_CERT_MANAGER_RECHECK_MS = 60_000;

/** Reads cert-manager's objects: whether its API is served, and one Issuer or Certificate by name. */
export interface CertManagerReader {
  installed(signal: AbortSignal): Promise<boolean>;
  read(plural: 'issuers' | 'certificates', namespace: string, name: string, signal: AbortSignal): Promise<CertManagerState | undefined>;
}

/** A cert-manager object as read: its spec, resourceVersion and Ready condition. */
export interface CertManagerState {
  metadata?: { resourceVersion?: string; generation?: number };
  spec?: Record<string, unknown>;
  status?: { conditions?: Array<{ type: string; status: string; reason?: string; message?: string; observedGeneration?: number }>; renewalTime?: string };
}

/** Discovery says whether cert-manager.io/v1 is served (its CRDs installed); objects are read by name, never cached. */
export function apiCertManagerReader(kubeConfig: KubeConfig): CertManagerReader {
  const apis = kubeConfig.makeApiClient(ApisApi);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  return {
    installed: async (signal) => {
      const groups = await apis.getAPIVersions(abortedBy(signal));
      return groups.groups.some((g) => g.name === CERT_MANAGER_GROUP && g.versions.some((v) => v.version === 'v1'));
    },
    read: async (plural, namespace, name, signal) => {
      try {
        return (await custom.getNamespacedCustomObject(
          { group: CERT_MANAGER_GROUP, version: 'v1', namespace, plural, name },
          abortedBy(signal),
        )) as CertManagerState;
      } catch (err) {
        if (err instanceof ApiException && err.code === 404) return undefined;
        throw err;
      }
    },
  };
}

/** What a pass knows of the certificates cert-manager issues for a cluster. */
export interface CertManagerCertificates {
  /** Issuers and Certificates to create or update, issuers first. */
  writes: Action[];
  /** The fingerprint of the certificate each broker's Secret holds: the revision its Pod runs with. */
  revisions: Map<number, string>;
  /** Brokers whose Secret holds no certificate yet: their Pods are not created. */
  waiting: Set<number>;
  /** What cannot go on without a person: cert-manager missing, an Issuer kafkaplane keeps not Ready. */
  blocked: BlockedStep[];
  /** What cert-manager has yet to do: Certificates not Ready (a broker whose Secret holds none is not started meanwhile). */
  pending: string[];
  /** When to look again: a Certificate not Ready yet, the next renewal, or the longest interval. */
  wakeAt: Date;
}

const decode = (secret: V1Secret | undefined, key: string): string | undefined => {
  const value = secret?.data?.[key];
  return value !== undefined ? Buffer.from(value, 'base64').toString('utf8') : undefined;
};

/** JSON with sorted keys: the specs are compared as values. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  return JSON.stringify(sort(value));
}

const readyOf = (state: CertManagerState | undefined) => state?.status?.conditions?.find((c) => c.type === 'Ready');

export async function observeCertManager(
  view: ClusterView,
  readers: { certManager: CertManagerReader; secret: SecretReader },
  validity: CertificateValidity,
  recheckMs: number,
  signal: AbortSignal,
): Promise<CertManagerCertificates | undefined> {
  const { cluster, spec, now } = view;
  if (!issuedByCertManager(spec)) return undefined;
  const brokers = certifiedBrokers(view);
  const client = issuesClientCertificate(spec);
  if (brokers.length === 0 && !client) return undefined;
  const result: CertManagerCertificates = {
    writes: [],
    revisions: new Map(),
    waiting: new Set(),
    blocked: [],
    pending: [],
    wakeAt: new Date(now.getTime() + recheckMs),
  };
  const lookSoon = (): void => {
    const soon = new Date(now.getTime() + NOT_READY_RECHECK_MS);
    if (soon < result.wakeAt) result.wakeAt = soon;
  };

  // Each broker runs with what its Secret holds, whatever cert-manager's state: a broker is never restarted for it.
  for (const brokerId of brokers) {
    const secret = await readers.secret(cluster.namespace, brokerCertificateSecretName(cluster, brokerId), signal);
    const held = decode(secret, 'tls.crt');
    const facts = held !== undefined && decode(secret, 'tls.key') !== undefined ? readCertificate(held) : undefined;
    if (facts !== undefined) result.revisions.set(brokerId, facts.fingerprint.slice(0, 16));
    else result.waiting.add(brokerId);
  }

  if (!(await readers.certManager.installed(signal))) {
    result.blocked.push({
      reason: 'CertManagerNotInstalled',
      message:
        "sslSecrets.pkiBackend is cert-manager, but cert-manager's CRDs are not installed (the API server serves no cert-manager.io/v1): install cert-manager, or remove pkiBackend to have kafkaplane issue the brokers' certificates itself",
    });
    return result;
  }

  const wanted: Array<{ object: CertManagerObject; brokerId?: number }> = [
    ...caObjects(cluster, spec, validity.caMs).map((object) => ({ object })),
    ...brokers.flatMap((brokerId) => {
      const broker = spec.brokers.find((b) => b.id === brokerId);
      if (broker === undefined) return [];
      const hosts = [...brokerExternalEndpoints(cluster, spec, broker, view.externalFacts).values()].map((e) => e.host);
      return [{ object: brokerCertificate(cluster, spec, brokerId, brokerCertificateNames(cluster, spec, brokerId, hosts), validity.serverMs), brokerId }];
    }),
    ...(client ? [{ object: clientCertificate(cluster, spec, validity.serverMs) }] : []),
  ];
  // The user's Issuer (issuerRef) is read too, so that one that cannot sign is reported; a ClusterIssuer is not (a namespaced role cannot read it).
  const ref = spec.listenersConfig.sslSecrets?.issuerRef;
  if (ref !== undefined && (ref.kind ?? 'Issuer') === 'Issuer' && (ref.group ?? CERT_MANAGER_GROUP) === CERT_MANAGER_GROUP) {
    const ready = readyOf(await readers.certManager.read('issuers', cluster.namespace, ref.name, signal));
    if (ready?.status !== 'True') {
      const why = ready === undefined ? 'it does not exist or cert-manager has not reported on it' : `${ready.reason ?? ''}: ${ready.message ?? ''}`;
      result.blocked.push({ reason: 'IssuerNotReady', message: `Issuer ${ref.name} named by sslSecrets.issuerRef is not Ready: ${why}` });
      lookSoon();
    }
  }
  for (const { object, brokerId } of wanted) {
    const plural = object.kind === 'Issuer' ? 'issuers' : 'certificates';
    const found = await readers.certManager.read(plural, cluster.namespace, object.metadata.name, signal);
    const forBroker = brokerId !== undefined ? { brokerId } : {};
    // A broker not started yet waits for the certificate it should have: started on another, it would restart at once.
    const awaited = (): void => void (brokerId !== undefined && result.waiting.add(brokerId));
    if (found === undefined) {
      result.writes.push({ type: 'create', object, ...forBroker, reason: object.kind === 'Issuer' ? 'IssuerCreated' : 'CertificateCreated' });
      awaited();
      lookSoon();
      continue;
    }
    if (canonical(found.spec) !== canonical(object.spec)) {
      const resourceVersion = found.metadata?.resourceVersion;
      const replaced = { ...object, metadata: { ...object.metadata, ...(resourceVersion !== undefined ? { resourceVersion } : {}) } };
      result.writes.push({ type: 'replace', object: replaced, ...forBroker, reason: object.kind === 'Issuer' ? 'IssuerUpdated' : 'CertificateUpdated' });
      awaited();
      lookSoon();
      continue;
    }
    const ready = readyOf(found);
    const current = ready?.observedGeneration === undefined || ready.observedGeneration === found.metadata?.generation;
    if (ready?.status !== 'True' || !current) {
      const why = ready?.message !== undefined && ready.message !== '' ? `${ready.reason ?? ''}: ${ready.message}` : 'cert-manager has not reported on it yet';
      // An Issuer of kafkaplane's that cannot sign needs a person (its CA Secret); a Certificate being issued, only time.
      if (object.kind === 'Issuer') result.blocked.push({ reason: 'IssuerNotReady', message: `Issuer ${object.metadata.name} is not Ready: ${why}` });
      else result.pending.push(`Certificate ${object.metadata.name} is not Ready yet (${why})`);
      awaited();
      lookSoon();
      continue;
    }
    // A renewal rewrites the Secret: the pass after it rolls the broker onto the new certificate.
    const renewal = found.status?.renewalTime !== undefined ? new Date(Date.parse(found.status.renewalTime) + 1_000) : undefined;
    if (renewal !== undefined && renewal > now && renewal < result.wakeAt) result.wakeAt = renewal;
  }
  if (result.waiting.size > 0) lookSoon();
  return result;
}
