import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';
import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { createTestCa } from '../support/certificates.js';
import { CLUSTER, clusterApi, NAMESPACE, storage, startOperationsWorld, type OperationsWorld } from './support/operationsSandbox.js';

/**
 * Certificates kafkaplane issues itself (sslSecrets), on the whole sandbox: a CA it keeps in a
 * Secret, a server certificate per broker for an internal and an external ssl listener, and its
 * renewal with a short validity (the operator runs in real time, so 45 s renews after 30 s). Real
 * Kafka clients trust the CA read from its Secret.
 */
let world: OperationsWorld;
type Listeners = Record<string, Array<{ name: string; address: string }>>;
type Status = { status?: { state?: string; listenerStatuses?: { externalListeners?: Listeners } } };
const CA_SECRET = 'kafka-ca-certificate';

const spec = kraftSpecInput({
  listenersConfig: {
    internalListeners: [
      { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
      { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
      { type: 'ssl', name: 'tls-internal', containerPort: 29094, sslClientAuth: 'none' },
    ],
    externalListeners: [{ type: 'ssl', name: 'tls', containerPort: 9094, accessMethod: 'NodePort', externalStartingPort: 31290, sslClientAuth: 'none' }],
    sslSecrets: { tlsSecretName: CA_SECRET, create: true },
  },
  brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
  brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'] } })),
});

const readStatus = async (): Promise<Status['status']> => ((await world.custom.getNamespacedCustomObject(clusterApi)) as Status).status;
const externalAddresses = async (): Promise<string[]> => ((await readStatus())?.listenerStatuses?.externalListeners?.tls ?? []).map((s) => s.address);
const secretText = async (name: string, key: string): Promise<string> =>
  Buffer.from((await world.core.readNamespacedSecret({ namespace: NAMESPACE, name })).data?.[key] ?? '', 'base64').toString('utf8');
/** The CA a client is given: the ca.crt of the CA Secret. */
const caCert = (): Promise<string> => secretText(CA_SECRET, 'ca.crt');

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

/** The certificate a TLS handshake with `address` is answered with, verified against `ca` and the address' host. */
function servedCertificate(address: string, ca: string): Promise<PeerCertificate> {
  const [host = '', port = ''] = address.split(':');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port), ca, ...(isIP(host) === 0 ? { servername: host } : {}) }, () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      resolve(cert);
    });
    socket.on('error', reject);
  });
}

const fingerprintOf = (cert: PeerCertificate): string => cert.fingerprint256.replaceAll(':', '').toLowerCase();
/** The broker a served certificate belongs to: the one whose own Service it names. */
const brokerOf = (cert: PeerCertificate): number => Number(/DNS:kafka-(\d+)(,|$)/.exec(cert.subjectaltname ?? '')?.[1]);
/** Each broker's running Pod, by its uid: a restart gives another. */
const podUids = (): Map<number, string> =>
  new Map(
    world.sandbox.kube.api.store
      .list('/pods', NAMESPACE)
      .filter((p) => p.metadata.labels?.brokerId !== undefined && p.metadata.deletionTimestamp === undefined)
      .map((p) => [Number(p.metadata.labels?.brokerId), p.metadata.uid]),
  );

/** Every broker serves, to a new connection on its internal ssl listener, the certificate its Secret holds. */
async function expectServingIssuedCertificates(ca: string): Promise<void> {
  for (const id of [0, 1, 2]) {
    const cert = await servedCertificate(`${CLUSTER}-${id}.${CLUSTER}-headless.${NAMESPACE}.svc.cluster.local:29094`, ca);
    const issued = new X509Certificate(await secretText(`${CLUSTER}-${id}-server-certificate`, 'tls.crt'));
    expect(fingerprintOf(cert)).toBe(issued.fingerprint256.replaceAll(':', '').toLowerCase());
  }
}

beforeAll(async () => {
  world = await startOperationsWorld();
  await world.startOperator({ certificateValidity: { serverMs: 45_000, caMs: 3600_000 } });
  await world.createCluster(spec);
  await vi.waitFor(async () => expect((await readStatus())?.state).toBe('ClusterRunning'), { timeout: 30_000, interval: 50 });
  await vi.waitFor(async () => expect(await externalAddresses()).toHaveLength(3), { timeout: 10_000, interval: 50 });
}, 60_000);
afterAll(async () => {
  await world.close();
});

describe('certificates kafkaplane issues (sslSecrets)', () => {
  it("serves the external listener with the broker's certificate, which a client trusting the CA of the CA Secret accepts", async () => {
    const ca = await caCert();
    expect(ca).toContain('BEGIN CERTIFICATE');
    const [address = ''] = await externalAddresses();
    expect(await brokersSeenFrom(address, ca)).toEqual([0, 1, 2]);
    // A client trusting another CA refuses the brokers.
    await expect(brokersSeenFrom(address, (await createTestCa('another-ca')).cert)).rejects.toThrow();
  });

  it("names the broker's Pod, the cluster's Services and its external address in its certificate", async () => {
    const ca = await caCert();
    const addresses = await externalAddresses();
    for (const address of addresses) {
      const cert = await servedCertificate(address, ca);
      const names = (cert.subjectaltname ?? '').split(', ');
      const [host] = address.split(':');
      expect(names).toContain(`IP Address:${host ?? ''}`);
      const id = brokerOf(cert);
      expect(names).toEqual(
        expect.arrayContaining([
          `DNS:${CLUSTER}-${id}.${CLUSTER}-headless.${NAMESPACE}.svc.cluster.local`,
          `DNS:${CLUSTER}-headless.${NAMESPACE}.svc.cluster.local`,
          `DNS:${CLUSTER}-headless.${NAMESPACE}.svc`,
          `DNS:${CLUSTER}-headless`,
          `DNS:${CLUSTER}-${id}.${NAMESPACE}.svc.cluster.local`,
        ]),
      );
    }
    // Inside the cluster, a client reaches the internal listener at the broker's headless name and checks it.
    expect(await brokersSeenFrom(`${CLUSTER}-0.${CLUSTER}-headless.${NAMESPACE}.svc.cluster.local:29094`, ca)).toEqual([0, 1, 2]);
  });

  it('keeps key material in Secrets only: mounted into the Pod, never in the ConfigMap, the status or an Event', async () => {
    const pods = world.sandbox.kube.api.store.list('/pods', NAMESPACE).filter((p) => p.metadata.labels?.brokerId === '1');
    const volumes = (pods[0]?.spec as { volumes?: Array<{ secret?: { secretName: string } }> }).volumes ?? [];
    expect(volumes.flatMap((v) => (v.secret ? [v.secret.secretName] : []))).toEqual([`${CLUSTER}-1-server-certificate`, `${CLUSTER}-1-server-certificate`]);
    expect(await secretText(`${CLUSTER}-1-server-certificate`, 'tls.key')).toContain('BEGIN PRIVATE KEY');
    const configMap = world.sandbox.kube.api.store.get('/configmaps', NAMESPACE, `${CLUSTER}-config-1`);
    const events = (await world.core.listNamespacedEvent({ namespace: NAMESPACE })).items;
    for (const object of [configMap, await readStatus(), events]) expect(JSON.stringify(object ?? {})).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
    expect(events.map((e) => e.message)).toContain(`created Secret ${CLUSTER}-1-server-certificate for broker 1`);
  });

  it('renews a certificate before it expires and the brokers serve it without a restart; a client keeps working across it', async () => {
    const ca = await caCert();
    const [address = ''] = await externalAddresses();
    const before = fingerprintOf(await servedCertificate(address, ca));
    const pods = podUids();
    const issuedBefore = await secretText(`${CLUSTER}-0-server-certificate`, 'tls.crt');
    // One client connected before the renewal keeps its connection; new connections get the new certificate.
    const client = new Admin({ clientId: 'across', bootstrapBrokers: [address], retries: 0, connectTimeout: 5_000, requestTimeout: 5_000, tls: { ca } });
    try {
      expect([...(await client.metadata({ topics: [], forceUpdate: true })).brokers.keys()].sort()).toEqual([0, 1, 2]);
      // Renewed after two thirds of 45 s; the kubelet updates the Secret volume, Kafka reloads it.
      await vi.waitFor(async () => expect(await secretText(`${CLUSTER}-0-server-certificate`, 'tls.crt')).not.toBe(issuedBefore), {
        timeout: 60_000,
        interval: 200,
      });
      await vi.waitFor(
        async () => {
          expect(fingerprintOf(await servedCertificate(address, ca))).not.toBe(before);
          await expectServingIssuedCertificates(ca);
        },
        { timeout: 60_000, interval: 200 },
      );
      expect(podUids()).toEqual(pods);
      expect([...(await client.metadata({ topics: [], forceUpdate: true })).brokers.keys()].sort()).toEqual([0, 1, 2]);
    } finally {
      await client.close();
    }
    expect(await brokersSeenFrom(address, await caCert())).toEqual([0, 1, 2]);
    await vi.waitFor(
      async () => {
        const events = (await world.core.listNamespacedEvent({ namespace: NAMESPACE })).items;
        expect(events.find((e) => e.reason === 'ServerCertificateRenewed')?.message).toMatch(
          /^broker \d: server certificate issued anew \(renewal: two thirds of its validity passed \(it expires .*\)\); the broker loads it without a restart once its Secret volume shows it$/,
        );
        expect(events.filter((e) => e.reason === 'ServerCertificateReloaded').map((e) => e.message)).toContainEqual(
          expect.stringMatching(/^broker \d: serves its renewed server certificate \([0-9a-f]{16}\) on listener TLS-INTERNAL, reloaded without a restart$/),
        );
        expect(events.some((e) => e.reason === 'BrokerRestarted' || /restarting broker/.test(e.message ?? ''))).toBe(false);
      },
      { timeout: 20_000, interval: 200 },
    );
    expect(podUids()).toEqual(pods);
  }, 130_000);

  it('issues a certificate anew when the host a broker advertises outside changes, and restarts the brokers onto it', async () => {
    const pods = podUids();
    // With hostnameOverride, a NodePort listener advertises <cluster>-<id>-<listener>.<namespace><override> (Koperator's naming).
    await world.patchSpec([{ op: 'add', path: '/spec/listenersConfig/externalListeners/0/hostnameOverride', value: '.example.test' }]);
    const host = `${CLUSTER}-1-tls.${NAMESPACE}.example.test`;
    // The Secret, then the Event telling why, then the roll.
    await vi.waitFor(
      async () => {
        const names = new X509Certificate(await secretText(`${CLUSTER}-1-server-certificate`, 'tls.crt')).subjectAltName?.split(', ') ?? [];
        expect(names).toContain(`DNS:${host}`);
        expect(names.some((n) => n.startsWith('IP Address:'))).toBe(false);
        const events = (await world.core.listNamespacedEvent({ namespace: NAMESPACE })).items;
        expect(events.map((e) => e.message)).toContain(
          `broker 1: server certificate issued anew (the broker's names changed (${host})); the broker restarts to serve it`,
        );
      },
      { timeout: 20_000, interval: 100 },
    );
    await vi.waitFor(
      async () => {
        expect((await readStatus())?.state).toBe('ClusterRunning');
        await expectServingIssuedCertificates(await caCert());
        expect(podUids().get(1)).not.toBe(pods.get(1));
      },
      { timeout: 60_000, interval: 200 },
    );
  }, 90_000);

  it('never overwrites a Secret named as the CA that holds no CA: it says so, and the brokers keep their certificates', async () => {
    // A server certificate is no CA: its certificate says CA:FALSE.
    const notACa = `${CLUSTER}-2-server-certificate`;
    const before = await secretText(notACa, 'tls.crt');
    const pods = world.sandbox.kube.api.store
      .list('/pods', NAMESPACE)
      .map((p) => p.metadata.name)
      .sort();
    await world.patchSpec([{ op: 'replace', path: '/spec/listenersConfig/sslSecrets/tlsSecretName', value: notACa }]);
    await vi.waitFor(
      async () => {
        const events = (await world.core.listNamespacedEvent({ namespace: NAMESPACE })).items;
        expect(events.find((e) => e.reason === 'CertificatesNotIssued')?.message).toBe(
          `the Secret ${notACa} named by sslSecrets.tlsSecretName cannot be the cluster's CA: its certificate is not a CA certificate (basicConstraints CA:FALSE); delete it to let kafkaplane create one`,
        );
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(await secretText(notACa, 'tls.crt')).toBe(before);
    expect(
      world.sandbox.kube.api.store
        .list('/pods', NAMESPACE)
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(pods);
  });

  it('issues from a CA the user provides (caCert and caKey in tlsSecretName, without create), and rolls the brokers onto it', async () => {
    const pods = podUids();
    const own = await createTestCa('own-ca');
    const b64 = (text: string): string => Buffer.from(text).toString('base64');
    await world.core.createNamespacedSecret({
      namespace: NAMESPACE,
      body: { metadata: { name: 'own-ca' }, data: { caCert: b64(own.cert), caKey: b64(own.key) } },
    });
    await world.patchSpec([{ op: 'replace', path: '/spec/listenersConfig/sslSecrets', value: { tlsSecretName: 'own-ca' } }]);
    await vi.waitFor(async () => expect(await secretText(`${CLUSTER}-0-server-certificate`, 'ca.crt')).toBe(own.cert), { timeout: 20_000, interval: 100 });
    await vi.waitFor(
      async () => {
        expect((await readStatus())?.state).toBe('ClusterRunning');
        await expectServingIssuedCertificates(own.cert);
        for (const [id, uid] of pods) expect(podUids().get(id)).not.toBe(uid);
      },
      { timeout: 60_000, interval: 200 },
    );
    // The user's CA Secret is read, never written.
    expect(Object.keys((await world.core.readNamespacedSecret({ namespace: NAMESPACE, name: 'own-ca' })).data ?? {}).sort()).toEqual(['caCert', 'caKey']);
    expect(await brokersSeenFrom(`${CLUSTER}-2.${CLUSTER}-headless.${NAMESPACE}.svc.cluster.local:29094`, own.cert)).toEqual([0, 1, 2]);
  }, 90_000);
});
