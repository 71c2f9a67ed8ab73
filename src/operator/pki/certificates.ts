import { isIP } from 'node:net';
import { ApiException, CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import { abortedBy } from '../../k8s/abortable.js';
import { brokerExternalEndpoints } from '../../domain/externalAccess.js';
import {
  brokerCertificateNames,
  brokerCertificateSecretName,
  caCommonName,
  caSecretName,
  commonName,
  generatesCertificates,
  importsCa,
  issuedByCertManager,
} from '../../domain/generatedCertificates.js';
import { brokerHost, controllerListener, rolesOf } from '../../domain/serverProperties.js';
import { clientCertificateCommonName, issuedClientCertificateSecretName, issuesClientCertificate } from '../../domain/clientCertificate.js';
import { brokerLabels, clusterLabels, ownerReference, type ClusterRef } from '../../domain/labels.js';
import type { KubeObject } from '../reconcile/actions.js';
import type { ClusterView } from '../reconcile/world.js';
import { ISSUED_KEYSTORE_KEY } from '../../domain/listenerTls.js';
import { isPodReady } from '../../domain/observedCluster.js';
import type { ServedCertificateProbe } from '../../kafka/servedCertificate.js';
import { certificateReload, reloadableRevision, type CertificateReload } from './reload.js';
import { caProblem, issuedBy, issueServerCertificate, newCa, readCertificate, type KeyAndCertificate } from './x509.js';

/** How long what kafkaplane issues is valid, and how much of it passes before a certificate is renewed. */
export interface CertificateValidity {
  /** A broker's server certificate (default 365 days). */
  serverMs: number;
  /** The cluster's CA (default ten years); it is not renewed. */
  caMs: number;
}

export const DEFAULT_VALIDITY: CertificateValidity = { serverMs: 365 * 24 * 3600_000, caMs: 10 * 365 * 24 * 3600_000 };

/**
 * A certificate is renewed once two thirds of its validity have passed: a third is left to roll
 * every broker onto the new one (cert-manager's default renewBefore is also a third of the duration).
 */
export const RENEW_AT_FRACTION = 2 / 3;

/** A Secret to write this pass: the Secret object, with the resourceVersion read when it replaces one. */
export interface SecretWrite {
  object: KubeObject & { type: string; data: Record<string, string> };
  replace: boolean;
  brokerId?: number;
  /** Why it is written: `CACreated`, or `ServerCertificateIssued` with what made it due. */
  reason: 'CACreated' | 'ServerCertificateIssued' | 'ClientCertificateIssued';
  why: string;
  /** A renewed broker certificate the broker reloads: its Pod's revision stays (reload.ts). */
  keepsPod?: boolean;
}

/** What a pass knows of the certificates kafkaplane issues for a cluster, with those it issued up front. */
export interface ClusterCertificates {
  /** Secrets to create or replace, in order: the CA first. */
  writes: SecretWrite[];
  /**
   * What each broker's Pod carries of its certificate (restarting it when it changes): the
   * certificate's fingerprint, or, when renewals are reloaded (`reload`), only what a reload cannot change.
   */
  revisions: Map<number, string>;
  /** Each broker's certificate as its Secret holds it after this pass's writes (full SHA-256 fingerprint). */
  current: Map<number, string>;
  /** How renewed certificates reach the brokers without a restart; undefined when they restart. */
  reload: CertificateReload | undefined;
  /**
   * With `reload`, the certificate each broker serves, by a handshake, for brokers whose Ready Pod
   * started before their certificate was issued (one started since read it at start).
   */
  served: Map<number, string>;
  /** Brokers seen serving their renewed certificate for the first time since they were asked to reload it. */
  reloaded: number[];
  /** When the first certificate is due for renewal: the pass looks again then. */
  renewAt: Date | undefined;
  /** Why nothing could be issued (a CA Secret that holds no usable CA); the brokers wait. */
  problem: string | undefined;
}

/** Reads the cluster's certificate Secrets: by name, undefined when there is none. */
export type SecretReader = (namespace: string, name: string, signal: AbortSignal) => Promise<V1Secret | undefined>;

/** The Secrets are read from the API each pass, never cached: the informers hold no key material. */
export function apiSecretReader(kubeConfig: KubeConfig): SecretReader {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return async (namespace, name, signal) => {
    try {
      return await core.readNamespacedSecret({ namespace, name }, abortedBy(signal));
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) return undefined;
      throw err;
    }
  };
}

const decode = (secret: V1Secret | undefined, key: string): string | undefined => {
  const value = secret?.data?.[key];
  return value !== undefined ? Buffer.from(value, 'base64').toString('utf8') : undefined;
};
const encode = (text: string): string => Buffer.from(text).toString('base64');

/**
 * The nodes that need a certificate kafkaplane issues: those with the broker role when a listener
 * other than the controller one is issued for, and every node when the controller listener is
 * (controllers serve it, and every node connects to it with its certificate).
 */
export function certifiedBrokers(view: Pick<ClusterView, 'spec'>): number[] {
  const { spec } = view;
  const issued = [...spec.listenersConfig.internalListeners, ...(spec.listenersConfig.externalListeners ?? [])].filter(
    (l) => (l.type === 'ssl' || l.type === 'sasl_ssl') && (l.serverSSLCertSecret?.name ?? '') === '',
  );
  const controller = controllerListener(spec);
  const everyNode = issued.some((l) => l === controller);
  const brokers = issued.some((l) => l !== controller);
  return spec.brokers.filter((b) => everyNode || (brokers && rolesOf(spec, b).includes('broker'))).map((b) => b.id);
}

/** Whether a listener of the spec is served with a certificate kafkaplane issues. */
export function needsGeneratedCertificates(view: Pick<ClusterView, 'spec'>): boolean {
  const { listenersConfig } = view.spec;
  // With pkiBackend: cert-manager, cert-manager issues them (certManager.ts).
  if (!generatesCertificates(view.spec) || issuedByCertManager(view.spec)) return false;
  if (issuesClientCertificate(view.spec)) return true;
  return [...listenersConfig.internalListeners, ...(listenersConfig.externalListeners ?? [])].some(
    (l) => (l.type === 'ssl' || l.type === 'sasl_ssl') && (l.serverSSLCertSecret?.name ?? '') === '',
  );
}

/**
 * The cluster's CA and each broker's server certificate as they should be now: read from their
 * Secrets, and issued up front where one is missing, signed by another CA, names other hosts than
 * the broker has, or is due for renewal, so that planning stays pure. The CA is created only when
 * its Secret does not exist: a Secret of that name that holds no CA is never overwritten.
 */
export async function observeCertificates(
  view: ClusterView,
  read: SecretReader,
  validity: CertificateValidity,
  signal: AbortSignal,
  probe?: ServedCertificateProbe,
): Promise<ClusterCertificates | undefined> {
  if (!needsGeneratedCertificates(view)) return undefined;
  const { cluster, spec, now } = view;
  const reload = certificateReload(spec, cluster.name);
  const result: ClusterCertificates = {
    writes: [],
    revisions: new Map(),
    current: new Map(),
    reload,
    served: new Map(),
    reloaded: [],
    renewAt: undefined,
    problem: undefined,
  };
  const caName = caSecretName(cluster, spec);
  const caSecret = await read(cluster.namespace, caName, signal);
  const imported = importsCa(spec);
  // Without a usable CA nothing is issued, and each broker keeps the certificate it has (no restart).
  let ca: KeyAndCertificate | undefined;
  if (caSecret === undefined && imported) {
    result.problem = `the Secret ${caName} named by sslSecrets.tlsSecretName does not exist: without create: true it must hold the CA to issue from (caCert and caKey, PEM)`;
  } else if (caSecret === undefined) {
    ca = await newCa(caCommonName(cluster), now, validity.caMs);
    result.writes.push({
      object: secretObject(cluster, caName, clusterLabels(cluster), { 'ca.crt': ca.cert, 'tls.crt': ca.cert, 'tls.key': ca.key }),
      replace: false,
      reason: 'CACreated',
      why: `the CA of the brokers' certificates (${caCommonName(cluster)})`,
    });
  } else {
    // Koperator's keys of an imported CA (api/v1alpha1 CACertKey, CAPrivateKeyKey), else a kubernetes.io/tls CA.
    const [certKey, keyKey] = imported ? ['caCert', 'caKey'] : ['tls.crt', 'tls.key'];
    const cert = decode(caSecret, certKey);
    const key = decode(caSecret, keyKey);
    const expiry = cert !== undefined ? readCertificate(cert)?.notAfter : undefined;
    const problem =
      cert === undefined || key === undefined
        ? `it holds no ${certKey} and ${keyKey}`
        : (caProblem({ cert, key }) ??
          (expiry !== undefined && expiry <= now ? `it expired on ${expiry.toISOString()} (kafkaplane does not renew the CA)` : undefined));
    if (problem !== undefined || cert === undefined || key === undefined) {
      const instead = imported ? 'put a CA certificate and its key there' : 'delete it to let kafkaplane create one';
      result.problem = `the Secret ${caName} named by sslSecrets.tlsSecretName cannot be the cluster's CA: ${problem ?? ''}; ${instead}`;
    } else ca = { cert, key };
  }
  const caFacts = ca !== undefined ? readCertificate(ca.cert) : undefined;
  for (const brokerId of certifiedBrokers(view)) {
    const broker = spec.brokers.find((b) => b.id === brokerId);
    if (broker === undefined) continue;
    const hosts = [...brokerExternalEndpoints(cluster, spec, broker, view.externalFacts).values()].map((e) => e.host);
    const names = brokerCertificateNames(cluster, spec, brokerId, hosts);
    const name = brokerCertificateSecretName(cluster, brokerId);
    const secret = await read(cluster.namespace, name, signal);
    const due =
      ca !== undefined
        ? (dueBecause(secret, ca.cert, names, now) ??
          (decode(secret, ISSUED_KEYSTORE_KEY) === undefined ? `its Secret holds no ${ISSUED_KEYSTORE_KEY}, the keystore the broker reads` : undefined))
        : undefined;
    let cert = decode(secret, 'tls.crt');
    let caCert = decode(secret, 'ca.crt');
    const held = cert !== undefined ? readCertificate(cert) : undefined;
    if (ca !== undefined && due !== undefined) {
      // Never past the CA's own end.
      const left = (caFacts?.notAfter.getTime() ?? Infinity) - now.getTime();
      const issued = await issueServerCertificate(
        ca,
        commonName(brokerHost(cluster.name, cluster.namespace, spec, brokerId)),
        names,
        now,
        Math.min(validity.serverMs, left),
      );
      cert = issued.cert;
      caCert = ca.cert;
      const object = secretObject(cluster, name, brokerLabels(cluster, brokerId), {
        'tls.crt': issued.cert,
        'tls.key': issued.key,
        'ca.crt': ca.cert,
        [ISSUED_KEYSTORE_KEY]: `${issued.key.trimEnd()}\n${issued.cert.trimEnd()}\n`,
      });
      const resourceVersion = secret?.metadata?.resourceVersion;
      if (secret !== undefined && object.metadata !== undefined && resourceVersion !== undefined) object.metadata.resourceVersion = resourceVersion;
      // A Secret's type cannot change: one made by hand as Opaque keeps its type.
      if (secret?.type !== undefined) object.type = secret.type;
      const renewed = readCertificate(issued.cert);
      const keepsPod =
        reload !== undefined &&
        held !== undefined &&
        renewed !== undefined &&
        decode(secret, ISSUED_KEYSTORE_KEY) !== undefined &&
        reloadableRevision(held, decode(secret, 'ca.crt')) === reloadableRevision(renewed, ca.cert);
      result.writes.push({ object, replace: secret !== undefined, brokerId, reason: 'ServerCertificateIssued', why: due, keepsPod });
    }
    const facts = cert !== undefined ? readCertificate(cert) : undefined;
    if (facts === undefined) continue;
    result.revisions.set(brokerId, reload !== undefined ? reloadableRevision(facts, caCert) : facts.fingerprint.slice(0, 16));
    result.current.set(brokerId, facts.fingerprint);
    const pod = view.observed.brokers.get(brokerId)?.pod;
    const podStarted = new Date(pod?.metadata?.creationTimestamp ?? Date.now());
    if (reload !== undefined && probe !== undefined && isPodReady(pod) && podStarted <= facts.notBefore) {
      const served = await probe(brokerHost(cluster.name, cluster.namespace, spec, brokerId), reload.port, signal);
      if (served !== undefined) result.served.set(brokerId, served);
    }
    // Nothing can be renewed without a CA: no time to wake up for.
    if (ca === undefined) continue;
    const renewAt = renewalTime(facts.notBefore, facts.notAfter);
    if (result.renewAt === undefined || renewAt < result.renewAt) result.renewAt = renewAt;
  }
  if (ca !== undefined && issuesClientCertificate(spec)) await issueClientCertificate(view, read, ca, validity, result, signal);
  return result;
}

/**
 * The client certificate kafkaplane's admin client and Cruise Control present on the ssl
 * inter-broker listener (clientCertificate.ts), issued and renewed like a broker's. A renewed one
 * restarts nothing: kafkaplane reads it at its next connection, Cruise Control at its next start.
 */
async function issueClientCertificate(
  view: ClusterView,
  read: SecretReader,
  ca: KeyAndCertificate,
  validity: CertificateValidity,
  result: ClusterCertificates,
  signal: AbortSignal,
): Promise<void> {
  const { cluster, spec, now } = view;
  const name = issuedClientCertificateSecretName(cluster);
  const common = clientCertificateCommonName(cluster, spec);
  const secret = await read(cluster.namespace, name, signal);
  const due = dueBecause(secret, ca.cert, [common], now);
  const held = decode(secret, 'tls.crt');
  const facts = held !== undefined ? readCertificate(held) : undefined;
  if (due === undefined && facts !== undefined) {
    const renewAt = renewalTime(facts.notBefore, facts.notAfter);
    if (result.renewAt === undefined || renewAt < result.renewAt) result.renewAt = renewAt;
    return;
  }
  const left = (readCertificate(ca.cert)?.notAfter.getTime() ?? Infinity) - now.getTime();
  const issued = await issueServerCertificate(ca, common, [common], now, Math.min(validity.serverMs, left));
  const object = secretObject(cluster, name, clusterLabels(cluster), { 'tls.crt': issued.cert, 'tls.key': issued.key, 'ca.crt': ca.cert });
  const resourceVersion = secret?.metadata?.resourceVersion;
  if (secret !== undefined && object.metadata !== undefined && resourceVersion !== undefined) object.metadata.resourceVersion = resourceVersion;
  if (secret?.type !== undefined) object.type = secret.type;
  result.writes.push({
    object,
    replace: secret !== undefined,
    reason: 'ClientCertificateIssued',
    why: secret === undefined ? 'a new client certificate' : (due ?? 'its Secret holds no readable tls.crt'),
  });
}

export function renewalTime(notBefore: Date, notAfter: Date): Date {
  return new Date(notBefore.getTime() + (notAfter.getTime() - notBefore.getTime()) * RENEW_AT_FRACTION);
}

/** Why a broker's certificate must be issued anew, or undefined while it stays. */
function dueBecause(secret: V1Secret | undefined, caCert: string, names: readonly string[], now: Date): string | undefined {
  if (secret === undefined) return 'a new broker certificate';
  const cert = decode(secret, 'tls.crt');
  const facts = cert !== undefined && decode(secret, 'tls.key') !== undefined ? readCertificate(cert) : undefined;
  if (cert === undefined || facts === undefined) return 'its Secret holds no readable tls.crt and tls.key';
  if (!issuedBy(cert, caCert) || decode(secret, 'ca.crt') !== caCert) return "it was signed by another CA than the cluster's";
  const wanted = [...new Set(names.map(sameForm))].sort();
  const held = [...new Set(facts.names.map(sameForm))].sort();
  if (wanted.length !== held.length || wanted.some((n, i) => n !== held[i]))
    return `the broker's names changed (${wanted.filter((n) => !held.includes(n)).join(', ') || 'fewer names'})`;
  if (now >= renewalTime(facts.notBefore, facts.notAfter)) return `renewal: two thirds of its validity passed (it expires ${facts.notAfter.toISOString()})`;
  return undefined;
}

/** A name as a certificate comparison needs it: DNS names are case-blind, an IPv6 address has many spellings. */
function sameForm(name: string): string {
  return isIP(name) === 6 ? new URL(`http://[${name}]`).hostname.slice(1, -1) : name.toLowerCase();
}

function secretObject(cluster: ClusterRef, name: string, labels: Record<string, string>, data: Record<string, string>): SecretWrite['object'] {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: cluster.namespace, labels, ownerReferences: [ownerReference(cluster)] } as KubeObject['metadata'],
    type: 'kubernetes.io/tls',
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, encode(v)])),
  };
}
