import type { Clock, ClockTimer } from '../clock.js';
import type { KubeApi } from '../kube/api.js';
import type { ResourceType } from '../kube/resources.js';
import type { StoreEvent, StoredObject } from '../kube/store.js';
import { CERT_MANAGER_GROUP } from './crds.js';
import { caPairProblem, issue, readHeld, type PrivateKeySpec } from './signing.js';

/**
 * cert-manager's controller, for the sandbox: the issuers controller (Ready of `selfSigned` and `ca`
 * Issuers and ClusterIssuers, cert-manager/cert-manager `pkg/controller/issuers/sync.go`,
 * `pkg/issuer/ca/setup.go`, `pkg/issuer/selfsigned/setup.go`) and the certificates controllers
 * (`pkg/controller/certificates/trigger`, `issuing`, `readiness`): a Certificate is issued into
 * its `spec.secretName` as a `kubernetes.io/tls` Secret (tls.crt, tls.key, ca.crt) when the Secret
 * does not exist, holds no certificate, no longer matches the spec, was issued by another
 * issuer, when its renewal time has come (`renewBefore`, else a third of `duration` before the
 * end), or when re-issuance is asked for (`cmctl renew`: an `Issuing` condition set by hand).
 * Issuance is direct: no CertificateRequest is kept (the CRD is installed for kubectl and clients).
 * Issuers of other types (ACME, Vault, external ones) are left without status, as cert-manager
 * leaves an issuer type it does not know.
 */

const CERTIFICATES = `${CERT_MANAGER_GROUP}/certificates`;
const ISSUERS = `${CERT_MANAGER_GROUP}/issuers`;
const CLUSTER_ISSUERS = `${CERT_MANAGER_GROUP}/clusterissuers`;
const SECRETS = '/secrets';
/** cert-manager's `--cluster-resource-namespace` default: where a ClusterIssuer's ca Secret is read. */
export const CLUSTER_RESOURCE_NAMESPACE = 'cert-manager';
/** cert-manager's default duration when a Certificate names none (`cmapi.DefaultCertificateDuration`, 90 days). */
const DEFAULT_DURATION_MS = 90 * 24 * 3600_000;

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

interface CertificateSpec {
  secretName: string;
  commonName?: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  isCA?: boolean;
  usages?: string[];
  duration?: string;
  renewBefore?: string;
  issuerRef: { name: string; kind?: string; group?: string };
  privateKey?: PrivateKeySpec;
  secretTemplate?: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

/** A Go duration as metav1.Duration reads it (`8760h0m0s`, `90m`, `1h30m`), in ms; undefined when it does not parse. */
export function parseGoDuration(text: string): number | undefined {
  const units: Record<string, number> = { h: 3600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  if (!/^(\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$/.test(text)) return text === '0' ? 0 : undefined;
  let total = 0;
  for (const [, value = '', unit = ''] of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) total += Number(value) * (units[unit] ?? 0);
  return total;
}

const conditionOf = (object: StoredObject | undefined, type: string): Condition | undefined =>
  ((object?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === type);
const decode = (secret: StoredObject | undefined, key: string): string | undefined => {
  const value = (secret?.data as Record<string, string> | undefined)?.[key];
  return value !== undefined ? Buffer.from(value, 'base64').toString('utf8') : undefined;
};
const encode = (text: string): string => Buffer.from(text).toString('base64');

export class CertManagerController {
  private readonly dirty = new Set<string>();
  private readonly renewals = new Map<string, ClockTimer>();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly api: KubeApi,
    private readonly clock: Clock,
    private readonly stepMs = 5,
  ) {}

  start(): void {
    this.unsubscribe = this.api.store.subscribe((event) => this.onEvent(event));
    for (const c of this.api.store.list(CERTIFICATES)) this.mark(`cert/${c.metadata.namespace ?? ''}/${c.metadata.name}`);
    for (const i of this.api.store.list(ISSUERS)) this.mark(`issuer/${i.metadata.namespace ?? ''}/${i.metadata.name}`);
    for (const i of this.api.store.list(CLUSTER_ISSUERS)) this.mark(`clusterissuer//${i.metadata.name}`);
  }

  /** Stops hearing of changes and waits for the sync under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    for (const timer of this.renewals.values()) timer.cancel();
    await this.running;
  }

  /** Resolves once every change heard so far has been synced (for tests). */
  async settled(): Promise<void> {
    while (this.dirty.size > 0 || this.timer !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, this.stepMs));
      await this.running;
    }
    await this.running;
  }

  private r(plural: string): ResourceType {
    const group = plural === 'secrets' ? '' : CERT_MANAGER_GROUP;
    const found = this.api.resource(group, 'v1', plural);
    if (!found) throw new Error(`no resource ${plural}`);
    return found;
  }

  private onEvent(event: StoreEvent): void {
    const { namespace = '', name } = event.object.metadata;
    if (event.resource === CERTIFICATES) this.mark(`cert/${namespace}/${name}`);
    else if (event.resource === ISSUERS) {
      this.mark(`issuer/${namespace}/${name}`);
      for (const c of this.certificatesOf('Issuer', name, namespace)) this.mark(`cert/${namespace}/${c}`);
    } else if (event.resource === CLUSTER_ISSUERS) {
      this.mark(`clusterissuer//${name}`);
      for (const c of this.api.store.list(CERTIFICATES))
        if (this.refersTo(c, 'ClusterIssuer', name)) this.mark(`cert/${c.metadata.namespace ?? ''}/${c.metadata.name}`);
    } else if (event.resource === SECRETS) {
      // A CA Secret changes its issuers; a Secret a Certificate issues into, that Certificate.
      for (const i of this.api.store.list(ISSUERS, namespace)) if (caSecretOf(i) === name) this.mark(`issuer/${namespace}/${i.metadata.name}`);
      if (namespace === CLUSTER_RESOURCE_NAMESPACE)
        for (const i of this.api.store.list(CLUSTER_ISSUERS)) if (caSecretOf(i) === name) this.mark(`clusterissuer//${i.metadata.name}`);
      for (const c of this.api.store.list(CERTIFICATES, namespace))
        if ((c.spec as CertificateSpec | undefined)?.secretName === name) this.mark(`cert/${namespace}/${c.metadata.name}`);
    } else return;
    if (event.type === 'DELETED' && event.resource === CERTIFICATES) this.renewals.get(`${namespace}/${name}`)?.cancel();
  }

  private refersTo(cert: StoredObject, kind: string, name: string): boolean {
    const ref = (cert.spec as CertificateSpec | undefined)?.issuerRef;
    return ref?.name === name && (ref.kind ?? 'Issuer') === kind && (ref.group ?? CERT_MANAGER_GROUP) === CERT_MANAGER_GROUP;
  }

  private certificatesOf(kind: string, name: string, namespace: string): string[] {
    return this.api.store
      .list(CERTIFICATES, namespace)
      .filter((c) => this.refersTo(c, kind, name))
      .map((c) => c.metadata.name);
  }

  private mark(key: string): void {
    if (this.stopped) return;
    this.dirty.add(key);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.running = this.running.then(() => this.sync());
    }, this.stepMs);
  }

  private async sync(): Promise<void> {
    const keys = [...this.dirty].sort((a, b) => order(a) - order(b));
    this.dirty.clear();
    for (const key of keys) {
      if (this.stopped) return;
      const [kind = '', namespace = '', name = ''] = key.split('/');
      try {
        if (kind === 'cert') await this.syncCertificate(namespace, name);
        else this.syncIssuer(kind === 'issuer' ? namespace : undefined, name);
      } catch (err) {
        // A conflict with another writer: the change that caused it brings the object back.
        if ((err as { code?: number }).code !== 409) throw err;
        this.mark(key);
      }
    }
  }

  /** An issuer's Ready condition: why it can or cannot sign. */
  private issuerReadiness(issuer: StoredObject): Omit<Condition, 'type'> | undefined {
    const spec = (issuer.spec ?? {}) as { selfSigned?: object; ca?: { secretName?: string } };
    if (spec.selfSigned !== undefined) return { status: 'True', reason: 'IsReady', message: '' };
    if (spec.ca === undefined) return undefined;
    const namespace = issuer.metadata.namespace ?? CLUSTER_RESOURCE_NAMESPACE;
    const secretName = spec.ca.secretName ?? '';
    const secret = this.api.store.get(SECRETS, namespace, secretName);
    // pkg/issuer/ca/setup.go: errorGetKeyPair, messageErrorGetKeyPair; successKeyPairVerified, messageKeyPairVerified.
    if (secret === undefined)
      return { status: 'False', reason: 'ErrGetKeyPair', message: `Error getting keypair for CA issuer: secret "${secretName}" not found` };
    const problem = caPairProblem(decode(secret, 'tls.crt'), decode(secret, 'tls.key'));
    if (problem !== undefined) return { status: 'False', reason: 'ErrGetKeyPair', message: `Error getting keypair for CA issuer: ${problem}` };
    const held = readHeld(decode(secret, 'tls.crt') ?? '');
    if (held?.isCA !== true) return { status: 'False', reason: 'ErrInvalidKeyPair', message: 'Error getting keypair for CA issuer: certificate is not a CA' };
    return { status: 'True', reason: 'KeyPairVerified', message: 'Signing CA verified' };
  }

  private syncIssuer(namespace: string | undefined, name: string): void {
    const r = this.r(namespace === undefined ? 'clusterissuers' : 'issuers');
    const issuer = this.api.store.get(namespace === undefined ? CLUSTER_ISSUERS : ISSUERS, namespace, name);
    if (issuer === undefined) return;
    const ready = this.issuerReadiness(issuer);
    if (ready === undefined) return;
    this.writeConditions(r, issuer, [{ type: 'Ready', ...ready }], []);
  }

  /** The issuer a Certificate names, and whether it is Ready; undefined for another group's issuer. */
  private issuerOf(cert: StoredObject, spec: CertificateSpec): { issuer: StoredObject | undefined; kind: string } | undefined {
    if ((spec.issuerRef.group ?? CERT_MANAGER_GROUP) !== CERT_MANAGER_GROUP) return undefined;
    const kind = spec.issuerRef.kind ?? 'Issuer';
    const issuer =
      kind === 'ClusterIssuer'
        ? this.api.store.get(CLUSTER_ISSUERS, undefined, spec.issuerRef.name)
        : this.api.store.get(ISSUERS, cert.metadata.namespace, spec.issuerRef.name);
    return { issuer, kind };
  }

  /** Why the Certificate must be issued now (the trigger controller's reason and message), or undefined. */
  private dueBecause(cert: StoredObject, spec: CertificateSpec, secret: StoredObject | undefined, now: Date): { reason: string; message: string } | undefined {
    const manual = conditionOf(cert, 'Issuing');
    if (manual?.status === 'True') return { reason: manual.reason, message: manual.message };
    if (secret === undefined) return { reason: 'DoesNotExist', message: 'Issuing certificate as Secret does not exist' };
    const pem = decode(secret, 'tls.crt');
    if (pem === undefined || decode(secret, 'tls.key') === undefined)
      return { reason: 'MissingData', message: 'Issuing certificate as Secret does not contain a certificate' };
    const held = readHeld(pem);
    if (held === undefined) return { reason: 'InvalidCertificate', message: 'Issuing certificate as Secret contains an invalid certificate' };
    const annotations = secret.metadata.annotations ?? {};
    const kind = spec.issuerRef.kind ?? 'Issuer';
    if (annotations['cert-manager.io/issuer-name'] !== spec.issuerRef.name || (annotations['cert-manager.io/issuer-kind'] ?? 'Issuer') !== kind)
      return {
        reason: 'IncorrectIssuer',
        message: `Issuing certificate as Secret was previously issued by ${kind}.${CERT_MANAGER_GROUP}/${annotations['cert-manager.io/issuer-name'] ?? ''}`,
      };
    const changed: string[] = [];
    const same = (a: readonly string[], b: readonly string[]): boolean => [...a].sort().join(',') === [...b].sort().join(',');
    if ((spec.commonName ?? '') !== (held.commonName ?? '')) changed.push('spec.commonName');
    if (!same(spec.dnsNames ?? [], held.dnsNames)) changed.push('spec.dnsNames');
    if (!same(spec.ipAddresses ?? [], held.ipAddresses)) changed.push('spec.ipAddresses');
    if ((spec.isCA ?? false) !== held.isCA) changed.push('spec.isCA');
    if (changed.length > 0) return { reason: 'SecretMismatch', message: `Issuing certificate as Secret does not match the spec: [${changed.join(' ')}]` };
    if (held.notAfter <= now) return { reason: 'Expired', message: `Certificate expired on ${held.notAfter.toUTCString()}` };
    const renewal = this.renewalTime(spec, held.notBefore, held.notAfter);
    if (renewal <= now) return { reason: 'Renewing', message: `Renewing certificate as renewal was scheduled at ${renewal.toUTCString()}` };
    return undefined;
  }

  /** `renewBefore` before the end, else a third of the certificate's lifetime (pkg/util/pki RenewalTime). */
  private renewalTime(spec: CertificateSpec, notBefore: Date, notAfter: Date): Date {
    const lifetime = notAfter.getTime() - notBefore.getTime();
    const before = spec.renewBefore !== undefined ? (parseGoDuration(spec.renewBefore) ?? lifetime / 3) : lifetime / 3;
    return new Date(notAfter.getTime() - (before >= lifetime ? lifetime / 3 : before));
  }

  private async syncCertificate(namespace: string, name: string): Promise<void> {
    const cert = this.api.store.get(CERTIFICATES, namespace, name);
    if (cert === undefined) return;
    const spec = cert.spec as CertificateSpec;
    const secret = this.api.store.get(SECRETS, namespace, spec.secretName);
    const now = new Date(this.clock.now());
    const due = this.dueBecause(cert, spec, secret, now);
    const held = secret !== undefined ? readHeld(decode(secret, 'tls.crt') ?? '') : undefined;
    if (due === undefined) {
      if (held === undefined) return;
      this.writeConditions(
        this.r('certificates'),
        cert,
        [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired' }],
        ['Issuing'],
        {
          notBefore: iso(held.notBefore),
          notAfter: iso(held.notAfter),
          renewalTime: iso(this.renewalTime(spec, held.notBefore, held.notAfter)),
        },
      );
      this.scheduleRenewal(namespace, name, this.renewalTime(spec, held.notBefore, held.notAfter));
      return;
    }
    // The certificate held stays Ready while a renewal is under way; a missing or mismatched one is not.
    const stillGood = held !== undefined && held.notAfter > now && ['Renewing', 'ManuallyTriggered'].includes(due.reason);
    const ready: Condition = stillGood
      ? { type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired' }
      : { type: 'Ready', status: 'False', reason: due.reason, message: due.message };
    const issuing: Condition = { type: 'Issuing', status: 'True', reason: due.reason, message: due.message };
    const found = this.issuerOf(cert, spec);
    const issuerReady = found?.issuer !== undefined && conditionOf(found.issuer, 'Ready')?.status === 'True';
    if (found?.issuer === undefined || !issuerReady) {
      // The request waits for its issuer (certificaterequests: "Referenced issuer does not have a Ready status condition").
      this.writeConditions(this.r('certificates'), cert, [ready, issuing], []);
      return;
    }
    const signer = this.signerOf(found.issuer, found.kind, cert);
    if (signer === 'selfSigned' || signer !== undefined) {
      const durationMs = spec.duration !== undefined ? (parseGoDuration(spec.duration) ?? DEFAULT_DURATION_MS) : DEFAULT_DURATION_MS;
      const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
      const issued = await issue(
        {
          commonName: spec.commonName,
          dnsNames: spec.dnsNames ?? [],
          ipAddresses: spec.ipAddresses ?? [],
          isCA: spec.isCA ?? false,
          usages: spec.usages ?? [],
          notBefore,
          notAfter: new Date(notBefore.getTime() + durationMs),
        },
        spec.privateKey ?? {},
        signer === 'selfSigned' ? undefined : signer,
      );
      if (this.stopped) return;
      const caCert = signer === 'selfSigned' ? issued.cert : signer.cert;
      this.writeSecret(cert, spec, found.kind, { 'tls.crt': issued.cert, 'tls.key': issued.key, 'ca.crt': caCert ?? '' });
      const latest = this.api.store.get(CERTIFICATES, namespace, name);
      const revision = ((latest?.status as { revision?: number } | undefined)?.revision ?? 0) + 1;
      const heldNow = readHeld(issued.cert);
      if (latest === undefined || heldNow === undefined) return;
      const renewal = this.renewalTime(spec, heldNow.notBefore, heldNow.notAfter);
      this.writeConditions(
        this.r('certificates'),
        latest,
        [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired' }],
        ['Issuing'],
        {
          notBefore: iso(heldNow.notBefore),
          notAfter: iso(heldNow.notAfter),
          renewalTime: iso(renewal),
          revision,
        },
      );
      this.scheduleRenewal(namespace, name, renewal);
    }
  }

  /** What signs for the issuer: the Certificate's own new key (selfSigned) or the CA Secret's pair. */
  private signerOf(issuer: StoredObject, kind: string, cert: StoredObject): 'selfSigned' | { cert: string; key: string } | undefined {
    const spec = (issuer.spec ?? {}) as { selfSigned?: object; ca?: { secretName?: string } };
    if (spec.selfSigned !== undefined) return 'selfSigned';
    const namespace = kind === 'ClusterIssuer' ? CLUSTER_RESOURCE_NAMESPACE : cert.metadata.namespace;
    const secret = this.api.store.get(SECRETS, namespace, spec.ca?.secretName ?? '');
    const caCert = decode(secret, 'tls.crt');
    const caKey = decode(secret, 'tls.key');
    return caCert !== undefined && caKey !== undefined ? { cert: caCert, key: caKey } : undefined;
  }

  /** The issued Secret, with the annotations cert-manager writes (`pkg/controller/certificates/issuing/internal/secret.go`). */
  private writeSecret(cert: StoredObject, spec: CertificateSpec, issuerKind: string, data: Record<string, string>): void {
    const namespace = cert.metadata.namespace ?? '';
    const held = readHeld(data['tls.crt'] ?? '');
    const annotations = {
      ...spec.secretTemplate?.annotations,
      'cert-manager.io/certificate-name': cert.metadata.name,
      'cert-manager.io/issuer-name': spec.issuerRef.name,
      'cert-manager.io/issuer-kind': issuerKind,
      'cert-manager.io/issuer-group': spec.issuerRef.group ?? CERT_MANAGER_GROUP,
      'cert-manager.io/common-name': spec.commonName ?? '',
      'cert-manager.io/alt-names': (held?.dnsNames ?? []).join(','),
      'cert-manager.io/ip-sans': (held?.ipAddresses ?? []).join(','),
      'cert-manager.io/uri-sans': '',
    };
    const labels = { ...spec.secretTemplate?.labels, 'controller.cert-manager.io/fao': 'true' };
    const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, encode(v)]));
    const r = this.r('secrets');
    const existing = this.api.store.get(SECRETS, namespace, spec.secretName);
    if (existing === undefined) {
      this.api.create(r, namespace, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: spec.secretName, namespace, labels, annotations } as unknown as StoredObject['metadata'],
        type: 'kubernetes.io/tls',
        data: encoded,
      });
      return;
    }
    const next = structuredClone(existing);
    next.metadata.labels = { ...existing.metadata.labels, ...labels };
    next.metadata.annotations = { ...existing.metadata.annotations, ...annotations };
    next.data = { ...(existing.data as Record<string, string> | undefined), ...encoded };
    this.api.update(r, existing, next, undefined);
  }

  /** Sets conditions (keeping lastTransitionTime while the status holds) and status fields, writing only a change. */
  private writeConditions(r: ResourceType, object: StoredObject, set: Condition[], remove: string[], fields: Record<string, unknown> = {}): void {
    const status = (object.status ?? {}) as { conditions?: Condition[] } & Record<string, unknown>;
    const generation = object.metadata.generation;
    const before = status.conditions ?? [];
    const conditions = [
      ...before.filter((c) => !remove.includes(c.type) && !set.some((s) => s.type === c.type)),
      ...set.map((c) => {
        const old = before.find((b) => b.type === c.type);
        const since =
          old !== undefined && old.status === c.status ? old.lastTransitionTime : new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
        return { ...c, lastTransitionTime: since, ...(generation !== undefined ? { observedGeneration: generation } : {}) };
      }),
    ].sort((a, b) => a.type.localeCompare(b.type));
    const next = { ...status, ...fields, conditions };
    if (JSON.stringify(sortKeys(next)) === JSON.stringify(sortKeys(status))) return;
    this.api.update(r, object, { ...structuredClone(object), status: next }, 'status');
  }

  private scheduleRenewal(namespace: string, name: string, at: Date): void {
    const key = `${namespace}/${name}`;
    this.renewals.get(key)?.cancel();
    if (this.stopped) return;
    this.renewals.set(
      key,
      // A renewal further away than a timer can wait is looked at again then (Node's TIMEOUT_MAX).
      this.clock.setTimeout(() => this.mark(`cert/${key}`), Math.min(MAX_TIMER_MS, Math.max(0, at.getTime() - this.clock.now()))),
    );
  }
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const caSecretOf = (issuer: StoredObject): string | undefined => (issuer.spec as { ca?: { secretName?: string } } | undefined)?.ca?.secretName;
const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Issuers before Certificates, so a Certificate sees its issuer's Ready of the same round. */
const order = (key: string): number => (key.startsWith('cert/') ? 1 : 0);
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  return value;
}
