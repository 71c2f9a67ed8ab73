import { AppsV1Api, PatchStrategy, setHeaderOptions, type CoreV1Api, type CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/domain/globalId.js';
import { CruiseControlAccessDocument, RemoveBrokerDocument } from '../__generated__/graphql.js';
import { startDemoApiClients, type ApiSandbox } from '../support/apiSandbox.js';
import { postGraphQL } from '../support/graphql.js';

/**
 * Cruise Control with HTTP Basic security (BasicSecurityProvider), set up by naming a Secret on
 * the KafkaCluster: the operator restarts Cruise Control with the Secret's credentials file, and
 * kafkaplane sends the Secret's username and password. Cruise Control itself refuses everyone else.
 */
const NAMESPACE = 'kafka';
const SECRET = 'cc-auth';
const SERVICE_URL = 'http://kafka-cruisecontrol-svc.kafka.svc.cluster.local:8090/kafkacruisecontrol';
const clusterApi = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: NAMESPACE, plural: 'kafkaclusters', name: 'kafka' };
const clusterId = encodeGlobalId('KafkaCluster', NAMESPACE, 'kafka');
const CREDENTIALS = 'kafkaplane: s3cret-adm1n,ADMIN\nportal: look-only,VIEWER\n';

let api: ApiSandbox;
let url: string;
let core: CoreV1Api;
let custom: CustomObjectsApi;
let apps: AppsV1Api;

const basic = (user: string, password: string): Record<string, string> => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
/** Cruise Control at its Service name, as the server reaches it (the sandbox's cluster DNS, installed by the server in this process). */
const ask = async (method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${SERVICE_URL}/${path}`, { method, headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
};

async function writeSecret(data: Record<string, string>): Promise<void> {
  await core.deleteNamespacedSecret({ namespace: NAMESPACE, name: SECRET }).catch(() => undefined);
  await core.createNamespacedSecret({ namespace: NAMESPACE, body: { metadata: { name: SECRET }, type: 'Opaque', stringData: data } });
}

const access = async () => (await postGraphQL(url, CruiseControlAccessDocument, { namespace: NAMESPACE, name: 'kafka' })).data?.cluster;
const removal = async () => (await access())?.operations.nodes.find((o) => o.type === 'REMOVE_BROKER');

beforeAll(async () => {
  ({ api, url, core, custom } = await startDemoApiClients());
  apps = api.sandbox.kube.kubeConfig.makeApiClient(AppsV1Api);
  await writeSecret({ username: 'kafkaplane', password: 's3cret-adm1n', credentials: CREDENTIALS });
  await custom.patchNamespacedCustomObject(
    { ...clusterApi, body: { metadata: { annotations: { 'kafkaplane.io/cruise-control-credentials': SECRET } } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}, 120_000);
afterAll(async () => {
  await api.close();
});

describe('Cruise Control basic auth, from a Secret the KafkaCluster names', () => {
  it('restarts Cruise Control with the Secret mounted and security on, the passwords kept out of its ConfigMap', async () => {
    // The restarted Cruise Control answers a request without credentials as Jetty does.
    await expect.poll(async () => (await ask('GET', 'state?json=true')).status, { timeout: 60_000, interval: 200 }).toBe(401);
    const deployment = await apps.readNamespacedDeployment({ namespace: NAMESPACE, name: 'kafka-cruisecontrol' });
    const pod = deployment.spec?.template.spec;
    expect(pod?.volumes?.find((v) => v.secret !== undefined)?.secret?.secretName).toBe(SECRET);
    expect(pod?.containers[0]?.volumeMounts?.find((m) => m.mountPath === '/opt/cruise-control/auth')?.readOnly).toBe(true);
    // The kubelet's probe sends no credentials: it checks the port.
    expect(pod?.containers[0]?.readinessProbe?.tcpSocket?.port).toBe(8090);
    const config = await core.readNamespacedConfigMap({ namespace: NAMESPACE, name: 'kafka-cruisecontrol-config' });
    const properties = config.data?.['cruisecontrol.properties'] ?? '';
    expect(properties).toContain('webserver.security.enable=true');
    expect(properties).toContain('webserver.security.provider=com.linkedin.kafka.cruisecontrol.servlet.security.BasicSecurityProvider');
    expect(properties).toContain('webserver.auth.credentials.file=/opt/cruise-control/auth/credentials');
    expect(JSON.stringify(config.data)).not.toContain('s3cret');
  }, 90_000);

  it('refuses others with 401 and its challenge, and a VIEWER that asks for an execution with 403', async () => {
    const none = await ask('GET', 'state?json=true');
    expect(none.headers.get('www-authenticate')).toBe('basic realm="DefaultLoginService"');
    expect(none.body).toContain('HTTP ERROR 401 Unauthorized');
    expect((await ask('GET', 'state?json=true', basic('kafkaplane', 'wrong'))).status).toBe(401);
    expect((await ask('GET', 'kafka_cluster_state?json=true', basic('portal', 'look-only'))).status).toBe(200);
    const viewerPost = await ask('POST', 'rebalance?dryrun=false&json=true', basic('portal', 'look-only'));
    expect(viewerPost.status).toBe(403);
    expect(viewerPost.body).toContain('HTTP ERROR 403 !role');
    expect((await ask('GET', 'state?json=true', basic('kafkaplane', 's3cret-adm1n'))).status).toBe(200);
  });

  it("reads Cruise Control through the API with the Secret's credentials", async () => {
    await expect.poll(async () => (await access())?.cruiseControl, { timeout: 30_000, interval: 200 }).toMatchObject({ reachable: true, error: null });
  });

  it('holds a drain with a clear reason while the Secret is missing or wrong, and carries it out once fixed', async () => {
    await core.deleteNamespacedSecret({ namespace: NAMESPACE, name: SECRET });
    // The server keeps what it read of the Secret for a few seconds: the API says when it sees it gone.
    const missing = `the Secret "${SECRET}" (annotation kafkaplane.io/cruise-control-credentials of the KafkaCluster) in the namespace "kafka" does not exist`;
    await expect
      .poll(async () => (await access())?.cruiseControl, { timeout: 30_000, interval: 200 })
      .toMatchObject({
        reachable: false,
        error: expect.stringContaining(missing) as unknown,
      });
    const removed = await postGraphQL(url, RemoveBrokerDocument, { input: { clusterId, brokerId: 5 } });
    expect(removed.data?.removeBroker.userErrors).toEqual([]);
    await expect.poll(async () => (await removal())?.message ?? '', { timeout: 60_000, interval: 200 }).toContain(missing);
    expect((await removal())?.state).toBe('PENDING');

    // A password Cruise Control's file does not hold: its 401, and still nothing sent.
    await writeSecret({ username: 'kafkaplane', password: 'not-the-one', credentials: CREDENTIALS });
    await expect.poll(async () => (await removal())?.message ?? '', { timeout: 60_000, interval: 200 }).toContain('Cruise Control rejected the credentials');
    expect((await removal())?.message).toContain('HTTP ERROR 401 Unauthorized');
    expect(
      api.sandbox.world
        .cruiseControl(NAMESPACE, 'kafka')
        ?.tasks.list()
        .some((t) => t.requestUrl.includes('remove_broker')),
    ).toBe(false);

    await writeSecret({ username: 'kafkaplane', password: 's3cret-adm1n', credentials: CREDENTIALS });
    await expect.poll(async () => (await removal())?.state, { timeout: 120_000, interval: 200 }).toBe('COMPLETED');
    await expect
      .poll(async () => (await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: 'app=kafka,kafka_cr=kafka,brokerId=5' })).items.length, {
        timeout: 120_000,
        interval: 200,
      })
      .toBe(0);
  }, 300_000);
});
