import { X509Certificate } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Admin } from '@platformatic/kafka';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { createTestCa } from '../support/certificates.js';
import { Kubectl, kubectlPresent } from '../support/kubectl.js';
import { CLUSTER, clusterApi, NAMESPACE, storage, startOperationsWorld, type OperationsWorld } from './support/operationsSandbox.js';

/**
 * Certificates cert-manager issues (sslSecrets.pkiBackend: cert-manager), on the whole sandbox with
 * its cert-manager installed: kafkaplane keeps a self-signed issuer, the CA Certificate, a CA issuer
 * and a Certificate per broker; cert-manager writes the Secrets the listeners are served from.
 * Real Kafka clients trust the CA cert-manager issued; a Certificate issued anew (`cmctl renew`)
 * rolls its broker onto it. Without cert-manager's CRDs, the cluster says so and starts no broker.
 */
const CA_SECRET = 'kafka-ca-certificate';
type Listeners = Record<string, Array<{ name: string; address: string }>>;
type Status = { status?: { state?: string; listenerStatuses?: { externalListeners?: Listeners } } };

const spec = kraftSpecInput({
  listenersConfig: {
    internalListeners: [
      { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
      { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
      { type: 'ssl', name: 'tls-internal', containerPort: 29094, sslClientAuth: 'none' },
    ],
    externalListeners: [{ type: 'ssl', name: 'tls', containerPort: 9094, accessMethod: 'NodePort', externalStartingPort: 31390, sslClientAuth: 'none' }],
    sslSecrets: { tlsSecretName: CA_SECRET, create: true, pkiBackend: 'cert-manager' },
  },
  brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
  brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'] } })),
});

const readStatus = async (world: OperationsWorld): Promise<Status['status']> => ((await world.custom.getNamespacedCustomObject(clusterApi)) as Status).status;
const secretText = async (world: OperationsWorld, name: string, key: string): Promise<string> =>
  Buffer.from((await world.core.readNamespacedSecret({ namespace: NAMESPACE, name })).data?.[key] ?? '', 'base64').toString('utf8');
const fingerprint = (pem: string): string => new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase();
const podAnnotation = (world: OperationsWorld, brokerId: number): string | undefined =>
  world.sandbox.kube.api.store
    .list('/pods', NAMESPACE)
    .find((p) => p.metadata.labels?.brokerId === String(brokerId) && p.metadata.deletionTimestamp === undefined)?.metadata.annotations?.[
    'kafkaplane.io/server-certificate'
  ];

/** The brokers a Kafka client bootstrapping from `address` over TLS is told about, trusting only `ca`. */
async function brokersSeenFrom(address: string, ca: string): Promise<number[]> {
  const admin = new Admin({ clientId: 'outside', bootstrapBrokers: [address], retries: 0, connectTimeout: 5_000, requestTimeout: 5_000, tls: { ca } });
  try {
    const metadata = await admin.metadata({ topics: [], forceUpdate: true });
    return [...metadata.brokers.keys()].sort();
  } finally {
    await admin.close();
  }
}

describe('certificates cert-manager issues (sslSecrets.pkiBackend: cert-manager)', () => {
  let world: OperationsWorld;
  let kubectl: Kubectl;

  beforeAll(async () => {
    world = await startOperationsWorld({ certManager: true });
    kubectl = new Kubectl(join(world.sandbox.dir, 'kubeconfig'), mkdtempSync(join(tmpdir(), 'kubectl-cache-')));
    await world.startOperator({ certManagerRecheckMs: 2_000 });
    await world.createCluster(spec);
    await vi.waitFor(async () => expect((await readStatus(world))?.state).toBe('ClusterRunning'), { timeout: 60_000, interval: 100 });
    await vi.waitFor(async () => expect((await readStatus(world))?.listenerStatuses?.externalListeners?.tls ?? []).toHaveLength(3), {
      timeout: 10_000,
      interval: 50,
    });
  }, 90_000);
  afterAll(async () => {
    await world.close();
  });

  it.skipIf(!kubectlPresent)('keeps the issuers and one Certificate per broker, which kubectl lists Ready', async () => {
    const rows = (await kubectl.out('get', 'certificates', '-n', NAMESPACE)).trim().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+READY\s+SECRET\s+AGE$/);
    expect(rows.slice(1).map((r) => r.split(/\s+/).slice(0, 3))).toEqual([
      [`${CLUSTER}-0-server-certificate`, 'True', `${CLUSTER}-0-server-certificate`],
      [`${CLUSTER}-1-server-certificate`, 'True', `${CLUSTER}-1-server-certificate`],
      [`${CLUSTER}-2-server-certificate`, 'True', `${CLUSTER}-2-server-certificate`],
      [`${CLUSTER}-ca-certificate`, 'True', CA_SECRET],
    ]);
    const issuers = (await kubectl.out('get', 'issuers', '-n', NAMESPACE, '-o', 'name')).trim().split('\n');
    expect(issuers).toEqual([`issuer.cert-manager.io/${CLUSTER}-issuer`, `issuer.cert-manager.io/${CLUSTER}-self-signer`]);
    const certificate = JSON.parse(await kubectl.out('get', 'certificate', `${CLUSTER}-1-server-certificate`, '-n', NAMESPACE, '-o', 'json')) as {
      metadata: { ownerReferences?: Array<{ kind: string; name: string }> };
      spec: { dnsNames: string[]; issuerRef: object; usages: string[] };
    };
    expect(certificate.metadata.ownerReferences?.map((o) => `${o.kind}/${o.name}`)).toEqual([`KafkaCluster/${CLUSTER}`]);
    expect(certificate.spec.issuerRef).toEqual({ name: `${CLUSTER}-issuer`, kind: 'Issuer', group: 'cert-manager.io' });
    expect(certificate.spec.dnsNames).toContain(`${CLUSTER}-1.${CLUSTER}-headless.${NAMESPACE}.svc.cluster.local`);
    expect(certificate.spec.usages).toEqual(['digital signature', 'server auth', 'client auth']);
  });

  it('serves the listeners from the Secrets cert-manager wrote, which a client trusting its CA accepts', async () => {
    const ca = await secretText(world, CA_SECRET, 'ca.crt');
    expect(new X509Certificate(ca).ca).toBe(true);
    const served = await secretText(world, `${CLUSTER}-0-server-certificate`, 'tls.crt');
    expect(new X509Certificate(served).verify(new X509Certificate(ca).publicKey)).toBe(true);
    const addresses = ((await readStatus(world))?.listenerStatuses?.externalListeners?.tls ?? []).map((s) => s.address);
    expect(await brokersSeenFrom(addresses[0] ?? '', ca)).toEqual([0, 1, 2]);
    expect(await brokersSeenFrom(`${CLUSTER}-2.${CLUSTER}-headless.${NAMESPACE}.svc.cluster.local:29094`, ca)).toEqual([0, 1, 2]);
    // Each broker runs with the certificate its Secret holds.
    for (const id of [0, 1, 2])
      expect(podAnnotation(world, id)).toBe(fingerprint(await secretText(world, `${CLUSTER}-${id}-server-certificate`, 'tls.crt')).slice(0, 16));
  });

  it('rolls a broker onto the certificate cert-manager issued anew (as `cmctl renew` asks for one)', async () => {
    const name = `${CLUSTER}-1-server-certificate`;
    const before = await secretText(world, name, 'tls.crt');
    const certificates = { group: 'cert-manager.io', version: 'v1', namespace: NAMESPACE, plural: 'certificates', name };
    const current = (await world.custom.getNamespacedCustomObject(certificates)) as { status: { conditions: object[] } };
    await world.custom.patchNamespacedCustomObjectStatus(
      {
        ...certificates,
        body: {
          status: {
            conditions: [
              ...current.status.conditions,
              { type: 'Issuing', status: 'True', reason: 'ManuallyTriggered', message: 'Certificate re-issuance manually triggered' },
            ],
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await vi.waitFor(async () => expect(await secretText(world, name, 'tls.crt')).not.toBe(before), { timeout: 20_000, interval: 100 });
    const renewed = fingerprint(await secretText(world, name, 'tls.crt'));
    await vi.waitFor(
      async () => {
        expect(podAnnotation(world, 1)).toBe(renewed.slice(0, 16));
        expect((await readStatus(world))?.state).toBe('ClusterRunning');
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(
      await brokersSeenFrom(`${CLUSTER}-1.${CLUSTER}-headless.${NAMESPACE}.svc.cluster.local:29094`, await secretText(world, CA_SECRET, 'ca.crt')),
    ).toEqual([0, 1, 2]);
  }, 90_000);

  it("issues kafkaplane's client certificate on an ssl inter-broker listener as a Certificate, which the brokers require", async () => {
    const namespace = 'strict';
    await world.core.createNamespace({ body: { metadata: { name: namespace } } });
    await world.custom.createNamespacedCustomObject({
      ...clusterApi,
      namespace,
      body: {
        apiVersion: 'kafka.banzaicloud.io/v1beta1',
        kind: 'KafkaCluster',
        metadata: { name: CLUSTER },
        spec: kraftSpecInput({
          listenersConfig: {
            internalListeners: [
              { type: 'ssl', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true, sslClientAuth: 'required' },
              { type: 'ssl', name: 'controller', containerPort: 29093, usedForControllerCommunication: true, sslClientAuth: 'required' },
            ],
            sslSecrets: { tlsSecretName: '', create: true, pkiBackend: 'cert-manager' },
          },
          brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
          brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'] } })),
        }),
      },
    });
    const state = async (): Promise<string | undefined> =>
      ((await world.custom.getNamespacedCustomObject({ ...clusterApi, namespace })) as Status).status?.state;
    await vi.waitFor(async () => expect(await state()).toBe('ClusterRunning'), { timeout: 90_000, interval: 200 });
    const text = async (name: string, key: string): Promise<string> =>
      Buffer.from((await world.core.readNamespacedSecret({ namespace, name })).data?.[key] ?? '', 'base64').toString('utf8');
    const client = await world.core.readNamespacedSecret({ namespace, name: `${CLUSTER}-crd-controller` });
    expect(client.metadata?.annotations?.['cert-manager.io/certificate-name']).toBe(`${CLUSTER}-crd-controller`);
    expect(new X509Certificate(await text(`${CLUSTER}-crd-controller`, 'tls.crt')).subject).toBe(`CN=${CLUSTER}-controller.${namespace}.mgt.cluster.local`);
    // The CA under Koperator's name, since tlsSecretName is empty.
    const ca = await text(`${CLUSTER}-ca-certificate`, 'ca.crt');
    const admin = new Admin({
      clientId: 'with-client-certificate',
      bootstrapBrokers: [`${CLUSTER}-0.${CLUSTER}-headless.${namespace}.svc.cluster.local:29092`],
      retries: 0,
      connectTimeout: 5_000,
      requestTimeout: 5_000,
      tls: { ca, cert: await text(`${CLUSTER}-crd-controller`, 'tls.crt'), key: await text(`${CLUSTER}-crd-controller`, 'tls.key') },
    });
    try {
      expect([...(await admin.metadata({ topics: [], forceUpdate: true })).brokers.keys()].sort()).toEqual([0, 1, 2]);
    } finally {
      await admin.close();
    }
  }, 120_000);
  it("has the brokers' certificates signed by the user's Issuer (issuerRef), waiting while it cannot sign", async () => {
    const namespace = 'corp';
    await world.core.createNamespace({ body: { metadata: { name: namespace } } });
    await world.custom.createNamespacedCustomObject({
      group: 'cert-manager.io',
      version: 'v1',
      namespace,
      plural: 'issuers',
      body: { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'corp-ca' }, spec: { ca: { secretName: 'corp-ca' } } },
    });
    await world.custom.createNamespacedCustomObject({
      ...clusterApi,
      namespace,
      body: {
        apiVersion: 'kafka.banzaicloud.io/v1beta1',
        kind: 'KafkaCluster',
        metadata: { name: CLUSTER },
        spec: kraftSpecInput({
          listenersConfig: {
            internalListeners: [
              { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
              { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
              { type: 'ssl', name: 'tls-internal', containerPort: 29094, sslClientAuth: 'none' },
            ],
            sslSecrets: { tlsSecretName: '', pkiBackend: 'cert-manager', issuerRef: { name: 'corp-ca', kind: 'Issuer' } },
          },
          brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
          brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'] } })),
        }),
      },
    });
    // The Issuer's CA Secret is missing: cert-manager's own words, and no broker starts.
    await vi.waitFor(
      async () => {
        const events = (await world.core.listNamespacedEvent({ namespace })).items;
        expect(events.find((e) => e.reason === 'IssuerNotReady')?.message).toBe(
          'Issuer corp-ca named by sslSecrets.issuerRef is not Ready: ErrGetKeyPair: Error getting keypair for CA issuer: secret "corp-ca" not found',
        );
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(world.sandbox.kube.api.store.list('/pods', namespace)).toEqual([]);
    // kafkaplane set up no issuer of its own.
    expect(world.sandbox.kube.api.store.list('cert-manager.io/issuers', namespace).map((i) => i.metadata.name)).toEqual(['corp-ca']);

    const corp = await createTestCa('corp-ca');
    const b64 = (text: string): string => Buffer.from(text).toString('base64');
    await world.core.createNamespacedSecret({
      namespace,
      body: { metadata: { name: 'corp-ca' }, type: 'kubernetes.io/tls', data: { 'tls.crt': b64(corp.cert), 'tls.key': b64(corp.key) } },
    });
    const state = async (): Promise<string | undefined> =>
      ((await world.custom.getNamespacedCustomObject({ ...clusterApi, namespace })) as Status).status?.state;
    await vi.waitFor(async () => expect(await state()).toBe('ClusterRunning'), { timeout: 90_000, interval: 200 });
    expect(await brokersSeenFrom(`${CLUSTER}-1.${CLUSTER}-headless.${namespace}.svc.cluster.local:29094`, corp.cert)).toEqual([0, 1, 2]);
  }, 120_000);
});

describe('sslSecrets.pkiBackend: cert-manager without cert-manager installed', () => {
  let world: OperationsWorld;
  beforeAll(async () => {
    world = await startOperationsWorld();
    await world.startOperator({ certManagerRecheckMs: 2_000 });
    await world.createCluster(spec);
  }, 30_000);
  afterAll(async () => {
    await world.close();
  });

  it('says that cert-manager is not installed and starts no broker', async () => {
    await vi.waitFor(
      async () => {
        const events = (await world.core.listNamespacedEvent({ namespace: NAMESPACE })).items;
        expect(events.find((e) => e.reason === 'CertManagerNotInstalled')?.message).toBe(
          "sslSecrets.pkiBackend is cert-manager, but cert-manager's CRDs are not installed (the API server serves no cert-manager.io/v1): install cert-manager, or remove pkiBackend to have kafkaplane issue the brokers' certificates itself",
        );
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(world.sandbox.kube.api.store.list('/pods', NAMESPACE).filter((p) => p.metadata.labels?.app === 'kafka')).toEqual([]);
  });
});
