import { X509Certificate } from 'node:crypto';
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type V1Secret } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { installCertManager, type CertManager } from '../../../sandbox/certmanager/index.js';
import { ManualClock } from '../../../sandbox/clock.js';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';

/**
 * The sandbox's cert-manager over the Kubernetes API, as a user drives cert-manager: Issuers and
 * Certificates in, Secrets and status conditions out. Its clock is a manual one, so renewal is
 * reached by moving time, not by waiting.
 */
const NAMESPACE = 'certs';
let kube: KubeSandbox;
let certManager: CertManager;
let core: CoreV1Api;
let custom: CustomObjectsApi;
const clock = new ManualClock(Date.now());

type Condition = { type: string; status: string; reason: string; message: string };
type Status = { conditions?: Condition[]; notBefore?: string; notAfter?: string; renewalTime?: string; revision?: number };
const api = (plural: string) => ({ group: 'cert-manager.io', version: 'v1', namespace: NAMESPACE, plural });

const create = (kind: 'Issuer' | 'Certificate', name: string, spec: object) =>
  custom.createNamespacedCustomObject({
    ...api(kind === 'Issuer' ? 'issuers' : 'certificates'),
    body: { apiVersion: 'cert-manager.io/v1', kind, metadata: { name, namespace: NAMESPACE }, spec },
  });
const statusOf = async (kind: 'Issuer' | 'Certificate', name: string): Promise<Status> =>
  ((await custom.getNamespacedCustomObject({ ...api(kind === 'Issuer' ? 'issuers' : 'certificates'), name })) as { status?: Status }).status ?? {};
const ready = async (kind: 'Issuer' | 'Certificate', name: string): Promise<Condition | undefined> =>
  (await statusOf(kind, name)).conditions?.find((c) => c.type === 'Ready');
const secret = (name: string): Promise<V1Secret> => core.readNamespacedSecret({ namespace: NAMESPACE, name });
const text = (s: V1Secret, key: string): string => Buffer.from(s.data?.[key] ?? '', 'base64').toString('utf8');
const until = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

beforeAll(async () => {
  kube = await startKubeSandbox({ port: 0 });
  certManager = installCertManager(kube.api, clock);
  core = kube.kubeConfig.makeApiClient(CoreV1Api);
  custom = kube.kubeConfig.makeApiClient(CustomObjectsApi);
  await core.createNamespace({ body: { metadata: { name: NAMESPACE } } });
  // A CA of its own, as the cert-manager documentation's "bootstrapping a CA issuer" does.
  await create('Issuer', 'self-signer', { selfSigned: {} });
  await create('Certificate', 'ca', {
    isCA: true,
    commonName: 'sandbox-ca',
    secretName: 'ca',
    duration: '8760h',
    privateKey: { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8' },
    issuerRef: { name: 'self-signer', kind: 'Issuer', group: 'cert-manager.io' },
  });
  await create('Issuer', 'ca-issuer', { ca: { secretName: 'ca' } });
});
afterAll(async () => {
  await certManager.close();
  await kube.close();
});

describe("the sandbox's cert-manager", () => {
  it('makes a selfSigned Issuer Ready and issues a CA Certificate into a kubernetes.io/tls Secret', async () => {
    await until(async () => expect(await ready('Issuer', 'self-signer')).toMatchObject({ status: 'True', reason: 'IsReady' }));
    await until(async () =>
      expect(await ready('Certificate', 'ca')).toMatchObject({ status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired' }),
    );
    const ca = await secret('ca');
    expect(ca.type).toBe('kubernetes.io/tls');
    expect(Object.keys(ca.data ?? {}).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    expect(text(ca, 'tls.key')).toContain('BEGIN PRIVATE KEY');
    // Self-signed: the certificate is its own CA.
    expect(text(ca, 'ca.crt')).toBe(text(ca, 'tls.crt'));
    const cert = new X509Certificate(text(ca, 'tls.crt'));
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe('CN=sandbox-ca');
    expect(ca.metadata?.annotations).toMatchObject({
      'cert-manager.io/certificate-name': 'ca',
      'cert-manager.io/issuer-name': 'self-signer',
      'cert-manager.io/issuer-kind': 'Issuer',
    });
    // A third of the 8760 h before the end (cert-manager's default renewBefore).
    const status = await statusOf('Certificate', 'ca');
    expect(Date.parse(status.notAfter ?? '') - Date.parse(status.renewalTime ?? '')).toBe((8760 / 3) * 3600_000);
    expect(status.revision).toBe(1);
  });

  it("signs a Certificate from a ca Issuer's Secret, with the names and usages it asks for", async () => {
    await until(async () =>
      expect(await ready('Issuer', 'ca-issuer')).toMatchObject({ status: 'True', reason: 'KeyPairVerified', message: 'Signing CA verified' }),
    );
    await create('Certificate', 'server', {
      secretName: 'server-tls',
      commonName: 'server.certs.svc',
      dnsNames: ['server.certs.svc', 'server'],
      ipAddresses: ['127.0.0.1'],
      usages: ['server auth', 'client auth'],
      privateKey: { algorithm: 'ECDSA', size: 256 },
      issuerRef: { name: 'ca-issuer' },
    });
    await until(async () => expect((await ready('Certificate', 'server'))?.status).toBe('True'));
    const issued = await secret('server-tls');
    const caPem = text(await secret('ca'), 'tls.crt');
    const caCert = new X509Certificate(caPem);
    const cert = new X509Certificate(text(issued, 'tls.crt'));
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(text(issued, 'ca.crt')).toBe(caPem);
    expect(cert.subjectAltName).toBe('DNS:server.certs.svc, DNS:server, IP Address:127.0.0.1');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    // PKCS#1 is cert-manager's default encoding: SEC 1 for an EC key.
    expect(text(issued, 'tls.key')).toContain('BEGIN EC PRIVATE KEY');
  });

  it('keeps an Issuer whose CA Secret is missing not Ready, and its Certificates waiting, until the Secret exists', async () => {
    await create('Issuer', 'missing-ca', { ca: { secretName: 'not-yet' } });
    await create('Certificate', 'waiting', {
      secretName: 'waiting-tls',
      dnsNames: ['waiting'],
      issuerRef: { name: 'missing-ca' },
      privateKey: { algorithm: 'ECDSA' },
    });
    await until(async () =>
      expect(await ready('Issuer', 'missing-ca')).toMatchObject({
        status: 'False',
        reason: 'ErrGetKeyPair',
        message: 'Error getting keypair for CA issuer: secret "not-yet" not found',
      }),
    );
    await until(async () =>
      expect(await ready('Certificate', 'waiting')).toMatchObject({
        status: 'False',
        reason: 'DoesNotExist',
        message: 'Issuing certificate as Secret does not exist',
      }),
    );
    await expect(secret('waiting-tls')).rejects.toMatchObject({ code: 404 });
    // The CA arrives (a copy of the one above): the Issuer becomes Ready and the Certificate is issued.
    const ca = await secret('ca');
    await core.createNamespacedSecret({ namespace: NAMESPACE, body: { metadata: { name: 'not-yet' }, type: 'kubernetes.io/tls', data: ca.data ?? {} } });
    await until(async () => expect((await ready('Issuer', 'missing-ca'))?.reason).toBe('KeyPairVerified'));
    await until(async () => expect((await ready('Certificate', 'waiting'))?.status).toBe('True'));
    expect(new X509Certificate(text(await secret('waiting-tls'), 'tls.crt')).subjectAltName).toBe('DNS:waiting');
  });

  it("refuses through cert-manager's webhook a Certificate whose duration or renewBefore cert-manager refuses, and stores nothing", async () => {
    const refusal = async (name: string, times: { duration?: string; renewBefore?: string }) => {
      const error: unknown = await create('Certificate', name, {
        secretName: `${name}-tls`,
        dnsNames: [name],
        issuerRef: { name: 'ca-issuer' },
        ...times,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      const { code, body } = error as { code?: number; body?: string };
      return { code, message: (JSON.parse(body ?? '{}') as { message?: string }).message };
    };
    expect(await refusal('half-hour', { duration: '30m' })).toEqual({
      code: 403,
      message:
        'admission webhook "webhook.cert-manager.io" denied the request: spec.duration: Invalid value: 30m0s: certificate duration must be greater than 1h0m0s',
    });
    expect(await refusal('renews-too-late', { duration: '2h', renewBefore: '2h' })).toEqual({
      code: 403,
      message:
        'admission webhook "webhook.cert-manager.io" denied the request: spec.renewBefore: Invalid value: 2h0m0s: certificate duration 2h0m0s must be greater than renewBefore 2h0m0s',
    });
    expect(await refusal('both', { duration: '10m', renewBefore: '1m' })).toEqual({
      code: 403,
      message:
        'admission webhook "webhook.cert-manager.io" denied the request: [spec.duration: Invalid value: 10m0s: certificate duration must be greater than 1h0m0s, spec.renewBefore: Invalid value: 1m0s: certificate renewBefore must be greater than 5m0s]',
    });
    expect(await refusal('unreadable', { duration: 'a day' })).toEqual({
      code: 400,
      message: 'admission webhook "webhook.cert-manager.io" denied the request: time: invalid duration "a day"',
    });
    const names = ((await custom.listNamespacedCustomObject(api('certificates'))) as { items: Array<{ metadata: { name: string } }> }).items.map(
      (c) => c.metadata.name,
    );
    expect(names).not.toContain('half-hour');
    expect(names).not.toContain('renews-too-late');
  });

  it('renews a Certificate at its renewal time, into the same Secret, with a new revision', async () => {
    await create('Certificate', 'short', {
      secretName: 'short-tls',
      dnsNames: ['short'],
      duration: '3h',
      renewBefore: '1h',
      issuerRef: { name: 'ca-issuer' },
      privateKey: { algorithm: 'ECDSA' },
    });
    await until(async () => expect((await statusOf('Certificate', 'short')).revision).toBe(1));
    const first = await statusOf('Certificate', 'short');
    const before = text(await secret('short-tls'), 'tls.crt');
    expect(Date.parse(first.renewalTime ?? '')).toBe(Date.parse(first.notAfter ?? '') - 3600_000);
    // Not yet: an hour before renewal nothing changes.
    clock.advance(3600_000);
    await certManager.controller.settled();
    expect((await statusOf('Certificate', 'short')).revision).toBe(1);
    clock.advance(3600_000 + 1000);
    await until(async () => expect((await statusOf('Certificate', 'short')).revision).toBe(2));
    const renewed = await statusOf('Certificate', 'short');
    expect(text(await secret('short-tls'), 'tls.crt')).not.toBe(before);
    expect(Date.parse(renewed.notBefore ?? '')).toBeGreaterThan(Date.parse(first.notBefore ?? ''));
    expect(renewed.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'Ready' });
    expect(renewed.conditions?.find((c) => c.type === 'Issuing')).toBeUndefined();
  });

  it('issues again when asked to, as `cmctl renew` asks (an Issuing condition), and when the Secret is deleted', async () => {
    const before = text(await secret('server-tls'), 'tls.crt');
    const status = await statusOf('Certificate', 'server');
    await custom.patchNamespacedCustomObjectStatus(
      {
        ...api('certificates'),
        name: 'server',
        body: {
          status: {
            ...status,
            conditions: [
              ...(status.conditions ?? []),
              { type: 'Issuing', status: 'True', reason: 'ManuallyTriggered', message: 'Certificate re-issuance manually triggered' },
            ],
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await until(async () => expect((await statusOf('Certificate', 'server')).revision).toBe(2));
    expect(text(await secret('server-tls'), 'tls.crt')).not.toBe(before);
    await core.deleteNamespacedSecret({ namespace: NAMESPACE, name: 'server-tls' });
    await until(async () => expect((await statusOf('Certificate', 'server')).revision).toBe(3));
    expect(text(await secret('server-tls'), 'tls.crt')).toContain('BEGIN CERTIFICATE');
  });

  it('is listed by kubectl-style tables with its Ready column', () => {
    const crd = kube.api.resource('cert-manager.io', 'v1', 'certificates');
    expect(crd?.printerColumns?.map((c) => c.name)).toEqual(['Ready', 'Secret', 'Issuer', 'Status', 'Age']);
  });
});
