import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AppsV1Api, PatchStrategy, setHeaderOptions, type CoreV1Api, type CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/domain/globalId.js';
import { CruiseControlAccessDocument, RemoveBrokerDocument } from '../__generated__/graphql.js';
import { startDemoApiClients, type ApiSandbox } from '../support/apiSandbox.js';
import { opensslPresent, pkcs12Keystore, serverCertificate } from '../support/cruiseControlTls.js';
import { postGraphQL } from '../support/graphql.js';

/**
 * Cruise Control's REST API over HTTPS, set up by naming a Secret on the KafkaCluster (with basic
 * auth on too): the operator restarts Cruise Control serving the Secret's PKCS#12 keystore, and
 * kafkaplane verifies its certificate against the Secret's ca.crt and the Service's name.
 */
const NAMESPACE = 'kafka';
const TLS_SECRET = 'cc-tls';
const AUTH_SECRET = 'cc-auth';
const HOST = 'kafka-cruisecontrol-svc.kafka.svc.cluster.local';
const PATH = '/kafkacruisecontrol/state?json=true';
const KEYSTORE_PASSWORD = 'k3ystore-pass';
const clusterApi = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: NAMESPACE, plural: 'kafkaclusters', name: 'kafka' };
const clusterId = encodeGlobalId('KafkaCluster', NAMESPACE, 'kafka');

let api: ApiSandbox;
let url: string;
let core: CoreV1Api;
let custom: CustomObjectsApi;
let apps: AppsV1Api;
let tls: Awaited<ReturnType<typeof serverCertificate>>;
let keystore: Buffer;

const ADMIN = { Authorization: `Basic ${Buffer.from('kafkaplane:s3cret-adm1n').toString('base64')}` };

/** A GET at the Service's name as curl would send it (the sandbox's cluster DNS is installed in this process by the server). */
function get(scheme: 'http' | 'https', options: { ca?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const send = scheme === 'https' ? httpsRequest : httpRequest;
    const req = send(`${scheme}://${HOST}:8090${PATH}`, { headers: options.headers ?? {}, ...(options.ca !== undefined ? { ca: options.ca } : {}) }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function writeSecret(name: string, data: Record<string, string>): Promise<void> {
  await core.deleteNamespacedSecret({ namespace: NAMESPACE, name }).catch(() => undefined);
  await core.createNamespacedSecret({ namespace: NAMESPACE, body: { metadata: { name }, type: 'Opaque', data } });
}
const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');
const tlsSecretData = (ca: string): Record<string, string> => ({
  'keystore.p12': keystore.toString('base64'),
  'keystore.password': b64(KEYSTORE_PASSWORD),
  'ca.crt': b64(ca),
});

const access = async () => (await postGraphQL(url, CruiseControlAccessDocument, { namespace: NAMESPACE, name: 'kafka' })).data?.cluster;
const removal = async () => (await access())?.operations.nodes.find((o) => o.type === 'REMOVE_BROKER');

describe.skipIf(!opensslPresent)("Cruise Control's REST API over HTTPS, from a Secret the KafkaCluster names", () => {
  beforeAll(async () => {
    ({ api, url, core, custom } = await startDemoApiClients());
    apps = api.sandbox.kube.kubeConfig.makeApiClient(AppsV1Api);
    tls = await serverCertificate([HOST, 'kafka-cruisecontrol-svc.kafka.svc', 'kafka-cruisecontrol-svc.kafka', 'kafka-cruisecontrol-svc']);
    keystore = pkcs12Keystore(tls.server, KEYSTORE_PASSWORD);
    await writeSecret(TLS_SECRET, tlsSecretData(tls.ca.cert));
    await writeSecret(AUTH_SECRET, { username: b64('kafkaplane'), password: b64('s3cret-adm1n'), credentials: b64('kafkaplane: s3cret-adm1n,ADMIN\n') });
    await custom.patchNamespacedCustomObject(
      {
        ...clusterApi,
        body: { metadata: { annotations: { 'kafkaplane.io/cruise-control-tls': TLS_SECRET, 'kafkaplane.io/cruise-control-credentials': AUTH_SECRET } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  it('restarts Cruise Control serving HTTPS from the mounted keystore, its password kept out of the ConfigMap', async () => {
    await expect
      .poll(async () => (await get('https', { ca: tls.ca.cert, headers: ADMIN }).catch(() => ({ status: 0 }))).status, { timeout: 60_000, interval: 200 })
      .toBe(200);
    const deployment = await apps.readNamespacedDeployment({ namespace: NAMESPACE, name: 'kafka-cruisecontrol' });
    const pod = deployment.spec?.template.spec;
    expect(pod?.volumes?.find((v) => v.secret?.secretName === TLS_SECRET)).toBeDefined();
    expect(pod?.containers[0]?.volumeMounts?.find((m) => m.mountPath === '/opt/cruise-control/tls')?.readOnly).toBe(true);
    expect(pod?.containers[0]?.ports?.[0]?.name).toBe('https');
    const config = await core.readNamespacedConfigMap({ namespace: NAMESPACE, name: 'kafka-cruisecontrol-config' });
    const properties = config.data?.['cruisecontrol.properties'] ?? '';
    for (const line of [
      'webserver.ssl.enable=true',
      'webserver.ssl.keystore.location=/opt/cruise-control/tls/keystore.p12',
      'webserver.ssl.keystore.type=PKCS12',
      'webserver.ssl.keystore.password=${dir:/opt/cruise-control/tls:keystore.password}',
      'webserver.ssl.key.password=${dir:/opt/cruise-control/tls:keystore.password}',
      'webserver.ssl.protocol=TLS',
      'config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider',
    ])
      expect(properties).toContain(line);
    expect(JSON.stringify(config.data)).not.toContain(KEYSTORE_PASSWORD);
  }, 90_000);

  it('answers nothing to plain HTTP on its port, refuses a client that does not trust its CA, and still asks for credentials', async () => {
    // Jetty's TLS connector closes a connection whose first bytes are not a TLS handshake: no HTTP answer at all.
    await expect(get('http', { headers: ADMIN })).rejects.toThrow();
    // Without the CA, the certificate does not verify against the system's roots.
    await expect(get('https', { headers: ADMIN })).rejects.toThrow(/certificate/i);
    expect((await get('https', { ca: tls.ca.cert })).status).toBe(401);
  });

  it('is read through the API over HTTPS with the Secret of credentials', async () => {
    await expect.poll(async () => (await access())?.cruiseControl, { timeout: 30_000, interval: 200 }).toMatchObject({ reachable: true, error: null });
  });

  it('holds a drain while the CA does not verify the certificate, sends nothing, and carries it out once the Secret is fixed', async () => {
    const other = await serverCertificate([HOST]);
    await writeSecret(TLS_SECRET, tlsSecretData(other.ca.cert));
    // The server keeps what it read of the Secret for a few seconds: the API says when it sees the change.
    await expect
      .poll(async () => (await access())?.cruiseControl, { timeout: 30_000, interval: 200 })
      .toMatchObject({ reachable: false, error: expect.stringContaining("Cruise Control's certificate was refused") as unknown });
    const removed = await postGraphQL(url, RemoveBrokerDocument, { input: { clusterId, brokerId: 5 } });
    expect(removed.data?.removeBroker.userErrors).toEqual([]);
    await expect.poll(async () => (await removal())?.message ?? '', { timeout: 60_000, interval: 200 }).toContain("Cruise Control's certificate was refused");
    expect((await removal())?.state).toBe('PENDING');
    expect(
      api.sandbox.world
        .cruiseControl(NAMESPACE, 'kafka')
        ?.tasks.list()
        .some((t) => t.requestUrl.includes('remove_broker')),
    ).toBe(false);

    await writeSecret(TLS_SECRET, tlsSecretData(tls.ca.cert));
    await expect.poll(async () => (await removal())?.state, { timeout: 120_000, interval: 200 }).toBe('COMPLETED');
    await expect
      .poll(async () => (await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: 'app=kafka,kafka_cr=kafka,brokerId=5' })).items.length, {
        timeout: 120_000,
        interval: 200,
      })
      .toBe(0);
  }, 300_000);

  it('calls a cruiseControlEndpoint with an https:// scheme, verified against the CA of the TLS Secret', async () => {
    const patch = (body: object) => custom.patchNamespacedCustomObject({ ...clusterApi, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    const status = async () => (await access())?.cruiseControl;
    // With an endpoint of its own the cluster's Cruise Control is the user's: the operator leaves its Deployment as it is, serving TLS.
    await patch({ spec: { cruiseControlConfig: { cruiseControlEndpoint: `https://${HOST}:8090` } } });
    // Without the TLS Secret an https endpoint is still called over TLS, trusted only as the system's roots say: this CA is not one of them.
    await patch({ metadata: { annotations: { 'kafkaplane.io/cruise-control-tls': null } } });
    await expect.poll(status, { timeout: 30_000, interval: 200 }).toMatchObject({
      reachable: false,
      error: expect.stringContaining("Cruise Control's certificate was refused (UNABLE_TO_VERIFY_LEAF_SIGNATURE") as unknown,
    });
    // A Secret that does not exist: the reason names it, and nothing is sent.
    await patch({ metadata: { annotations: { 'kafkaplane.io/cruise-control-tls': 'cc-tls-missing' } } });
    await expect.poll(status, { timeout: 30_000, interval: 200 }).toMatchObject({
      reachable: false,
      error: expect.stringContaining(
        'the Secret "cc-tls-missing" (annotation kafkaplane.io/cruise-control-tls of the KafkaCluster) in the namespace "kafka" does not exist',
      ) as unknown,
    });
    // With the Secret named again, its ca.crt verifies the endpoint's certificate.
    await patch({ metadata: { annotations: { 'kafkaplane.io/cruise-control-tls': TLS_SECRET } } });
    await expect.poll(status, { timeout: 30_000, interval: 200 }).toMatchObject({ reachable: true, error: null });
  }, 120_000);

  it("stops at start with Java's and Jetty's words when the keystore's password is wrong or the keystore is missing", async () => {
    let old: string | undefined;
    const restartWith = async (data: Record<string, string>): Promise<void> => {
      await writeSecret(TLS_SECRET, data);
      const [pod] = (await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: 'app=cruisecontrol' })).items;
      old = pod?.metadata?.uid;
      await core.deleteNamespacedPod({ namespace: NAMESPACE, name: pod?.metadata?.name ?? '' });
    };
    const log = async (): Promise<string> => {
      const pods = (await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: 'app=cruisecontrol' })).items.filter((p) => p.metadata?.uid !== old);
      const name = pods[0]?.metadata?.name;
      return name === undefined ? '' : await core.readNamespacedPodLog({ namespace: NAMESPACE, name, container: 'cruisecontrol' }).catch(() => '');
    };
    await restartWith({ ...tlsSecretData(tls.ca.cert), 'keystore.password': b64('not-the-password') });
    await expect.poll(log, { timeout: 60_000, interval: 200 }).toContain('Exception in thread "main" java.io.IOException: keystore password was incorrect');
    const { 'keystore.p12': _keystore, ...withoutKeystore } = tlsSecretData(tls.ca.cert);
    await restartWith(withoutKeystore);
    await expect
      .poll(log, { timeout: 60_000, interval: 200 })
      .toContain('Exception in thread "main" java.lang.IllegalStateException: /opt/cruise-control/tls/keystore.p12 is not a valid keystore');
  }, 120_000);
});
