import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { createTestCa, tlsSecretData, type IssuedCertificate, type TestCa } from '../support/certificates.js';
import { CLUSTER, clusterApi, NAMESPACE, nodeAddresses, storage, startOperationsWorld, type OperationsWorld } from './support/operationsSandbox.js';

/**
 * TLS listeners with the user's own certificates, on the whole sandbox: an external NodePort
 * listener that requires a client certificate, and an internal one that requests it. A real Kafka
 * client outside the cluster connects to the advertised address with a certificate of the CA.
 */
let world: OperationsWorld;
let ca: TestCa;
let client: IssuedCertificate;
type Listeners = Record<string, Array<{ name: string; address: string }>>;
type Status = { status?: { state?: string; listenerStatuses?: { externalListeners?: Listeners } } };

const spec = kraftSpecInput({
  listenersConfig: {
    internalListeners: [
      { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
      { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
      { type: 'ssl', name: 'tls-internal', containerPort: 29094, serverSSLCertSecret: { name: 'kafka-internal-tls' }, sslClientAuth: 'requested' },
    ],
    externalListeners: [
      {
        type: 'ssl',
        name: 'tls',
        containerPort: 9094,
        accessMethod: 'NodePort',
        externalStartingPort: 31190,
        serverSSLCertSecret: { name: 'kafka-external-tls' },
        sslClientAuth: 'required',
      },
    ],
  },
  brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
  brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'] } })),
});

const readStatus = async (): Promise<Status['status']> => ((await world.custom.getNamespacedCustomObject(clusterApi)) as Status).status;
const externalAddresses = async (): Promise<string[]> => ((await readStatus())?.listenerStatuses?.externalListeners?.tls ?? []).map((s) => s.address);

/** The brokers a client bootstrapping from `address` over TLS is told about. */
async function brokersSeenFrom(address: string, certificate: IssuedCertificate | undefined): Promise<number[]> {
  const admin = new Admin({
    clientId: 'outside',
    bootstrapBrokers: [address],
    retries: 0,
    connectTimeout: 5_000,
    requestTimeout: 5_000,
    tls: { ca: ca.cert, ...(certificate !== undefined ? { cert: certificate.cert, key: certificate.key } : {}) },
  });
  try {
    const metadata = await admin.metadata({ topics: [], forceUpdate: true });
    return [...metadata.brokers.keys()].sort();
  } finally {
    await admin.close();
  }
}

beforeAll(async () => {
  world = await startOperationsWorld();
  ca = await createTestCa();
  // The server certificate names every node's external address, where the NodePort listener is reached.
  const server = await ca.issue('kafka', ['127.0.0.1', ...nodeAddresses(world), `*.${CLUSTER}-headless.${NAMESPACE}.svc.cluster.local`]);
  client = await ca.issue('outside-client');
  for (const name of ['kafka-external-tls', 'kafka-internal-tls']) {
    await world.core.createNamespacedSecret({
      namespace: NAMESPACE,
      body: { metadata: { name }, type: 'kubernetes.io/tls', data: tlsSecretData(server, ca.cert) },
    });
  }
  await world.startOperator();
  await world.createCluster(spec);
  await vi.waitFor(async () => expect((await readStatus())?.state).toBe('ClusterRunning'), { timeout: 30_000, interval: 50 });
  await vi.waitFor(async () => expect(await externalAddresses()).toHaveLength(3), { timeout: 10_000, interval: 50 });
}, 60_000);
afterAll(async () => {
  await world.close();
});

describe('ssl listeners with certificates from the user', () => {
  it('serves the external listener over TLS to a client with a certificate of the CA, and refuses one without or from another CA', async () => {
    const [address] = await externalAddresses();
    expect(await brokersSeenFrom(address ?? '', client)).toEqual([0, 1, 2]);
    await expect(brokersSeenFrom(address ?? '', undefined)).rejects.toThrow();
    const stranger = await (await createTestCa('another-ca')).issue('stranger');
    await expect(brokersSeenFrom(address ?? '', stranger)).rejects.toThrow();
  });

  it('mounts the Secret into the broker Pod and keeps key material out of the ConfigMap', () => {
    const pods = world.sandbox.kube.api.store.list('/pods', NAMESPACE).filter((p) => p.metadata.labels?.brokerId === '0');
    const volumes = (pods[0]?.spec as { volumes?: Array<{ name: string; secret?: { secretName: string } }> }).volumes ?? [];
    expect(volumes.flatMap((v) => (v.secret ? [v.secret.secretName] : [])).sort()).toEqual(['kafka-external-tls', 'kafka-internal-tls']);
    const configMap = world.sandbox.kube.api.store.get('/configmaps', NAMESPACE, `${CLUSTER}-config-0`);
    const properties = (configMap?.data as Record<string, string> | undefined)?.['broker-config'] ?? '';
    expect(properties).toContain('listener.name.tls.ssl.keystore.type=PEM');
    expect(properties).toContain('listener.name.tls.ssl.client.auth=required');
    expect(properties).toContain('listener.name.tls-internal.ssl.client.auth=requested');
    expect(properties).toMatch(/^listener\.security\.protocol\.map=.*TLS\\:SSL$/m);
    expect(properties).not.toContain('PRIVATE KEY');
    expect(properties).not.toContain('CERTIFICATE');
  });
});
