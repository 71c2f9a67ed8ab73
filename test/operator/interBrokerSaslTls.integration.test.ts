import { AppsV1Api } from '@kubernetes/client-node';
import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { createTestCa } from '../support/certificates.js';
import { CLUSTER, clusterApi, NAMESPACE, storage, startOperationsWorld, type OperationsWorld } from './support/operationsSandbox.js';
import { appliesConfigAndDrainsABroker } from './support/securedClusterFlows.js';

/**
 * A sasl_ssl inter-broker listener, on the whole sandbox, with certificates kafkaplane issues
 * (sslSecrets create: true): the brokers log in to each other with SCRAM over TLS, kafkaplane and
 * Cruise Control trust the cluster's CA and log in as their SCRAM users, and a drain runs through
 * them; a real Kafka client gets in only over TLS trusting that CA, and only with a right password;
 * a Cruise Control given another CA to trust never reaches Kafka.
 */
let world: OperationsWorld;
type Status = { status?: { state?: string; brokersReady?: string } };

const CA_SECRET = 'kafka-ca-certificate';
const SCRAM_SECRET = `${CLUSTER}-kafkaplane-scram`;
const spec = kraftSpecInput({
  listenersConfig: {
    internalListeners: [
      { type: 'sasl_ssl', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
      { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
    ],
    sslSecrets: { tlsSecretName: CA_SECRET, create: true },
  },
  brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
  brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'] } })),
});

const statusOf = async (): Promise<string> => {
  const { status } = (await world.custom.getNamespacedCustomObject(clusterApi)) as Status;
  return `${status?.state ?? ''} ${status?.brokersReady ?? ''}`;
};

const secretText = async (name: string, key: string): Promise<string> =>
  Buffer.from((await world.core.readNamespacedSecret({ namespace: NAMESPACE, name })).data?.[key] ?? '', 'base64').toString('utf8');

/** The brokers a real Kafka client on the inter-broker listener is told about once in, or 'refused'. */
async function brokersSeen(login: { username: string; password: string }, tls: { ca: string } | undefined): Promise<number[] | 'refused'> {
  const admin = new Admin({
    clientId: 'test',
    bootstrapBrokers: [`${CLUSTER}-0.${CLUSTER}-headless.${NAMESPACE}.svc.cluster.local:29092`],
    retries: 0,
    connectTimeout: 5_000,
    requestTimeout: 5_000,
    sasl: { mechanism: 'SCRAM-SHA-512', ...login },
    ...(tls !== undefined ? { tls } : {}),
  });
  try {
    const metadata = await admin.metadata({ topics: [], forceUpdate: true });
    return [...metadata.brokers.keys()].sort();
  } catch {
    return 'refused';
  } finally {
    await admin.close().catch(() => undefined);
  }
}

beforeAll(async () => {
  world = await startOperationsWorld();
  await world.startOperator();
}, 60_000);
afterAll(async () => {
  await world.close();
});

describe('SASL over TLS on the inter-broker listener', () => {
  it("brings up a cluster whose brokers, kafkaplane and Cruise Control log in with SCRAM over TLS trusting the cluster's CA, and drains a broker through them", async () => {
    await world.custom.createNamespacedCustomObject({
      ...clusterApi,
      body: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: CLUSTER }, spec },
    });
    await expect.poll(statusOf, { timeout: 90_000, interval: 200 }).toBe('ClusterRunning 3/3');

    // Cruise Control, deployed once kafkaplane's admin client has made its metrics topic, speaks SASL_SSL
    // trusting the CA from a Secret volume of that one key: no key material in a ConfigMap or its Pod.
    const apps = world.sandbox.kube.kubeConfig.makeApiClient(AppsV1Api);
    const deployment = await vi.waitFor(() => apps.readNamespacedDeployment({ namespace: NAMESPACE, name: `${CLUSTER}-cruisecontrol` }), {
      timeout: 60_000,
      interval: 200,
    });
    const truststore = deployment.spec?.template.spec?.volumes?.find((v) => v.secret?.secretName === CA_SECRET);
    expect(truststore?.secret?.items).toEqual([{ key: 'ca.crt', path: 'ca.crt' }]);
    const ccConfig = await world.core.readNamespacedConfigMap({ namespace: NAMESPACE, name: `${CLUSTER}-cruisecontrol-config` });
    expect(ccConfig.data?.['cruisecontrol.properties']).toMatch(/^security\.protocol=SASL_SSL$/m);
    expect(ccConfig.data?.['cruisecontrol.properties']).not.toMatch(/^ssl\.keystore/m);
    const configMaps = (await world.core.listNamespacedConfigMap({ namespace: NAMESPACE })).items;
    expect(configMaps.some((c) => Object.values(c.data ?? {}).some((v) => v.includes('PRIVATE KEY') || v.includes('BEGIN CERTIFICATE')))).toBe(false);

    // A real client gets in over TLS trusting the cluster's CA with a right password; not with a wrong one, another CA, or no TLS.
    const ca = await secretText(CA_SECRET, 'ca.crt');
    const admin = { username: 'kafkaplane-admin', password: await secretText(SCRAM_SECRET, 'admin-password') };
    expect(await brokersSeen(admin, { ca })).toEqual([0, 1, 2]);
    expect(await brokersSeen({ ...admin, password: `${admin.password}x` }, { ca })).toBe('refused');
    expect(await brokersSeen(admin, { ca: (await createTestCa('stranger')).cert })).toBe('refused');
    expect(await brokersSeen(admin, undefined)).toBe('refused');

    // Over TLS as its SCRAM users: kafkaplane applies a cluster-wide config, Cruise Control drains a broker.
    await appliesConfigAndDrainsABroker(world, statusOf);
  }, 400_000);

  it("keeps a Cruise Control that does not trust the brokers' CA away from Kafka, and its log says why", async () => {
    // The CA Secret's certificate replaced by hand with another CA's: what Cruise Control is given to trust no longer leads to the brokers'.
    const stranger = (await createTestCa('stranger')).cert;
    await world.core.patchNamespacedSecret({
      namespace: NAMESPACE,
      name: CA_SECRET,
      body: [{ op: 'replace', path: '/data/ca.crt', value: Buffer.from(stranger).toString('base64') }],
    });
    const ccPods = async () => (await world.core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: 'app=cruisecontrol' })).items;
    const before = new Set((await ccPods()).map((p) => p.metadata?.uid));
    for (const pod of await ccPods()) await world.core.deleteNamespacedPod({ namespace: NAMESPACE, name: pod.metadata?.name ?? '', gracePeriodSeconds: 0 });
    const replacement = async () => (await ccPods()).find((p) => !before.has(p.metadata?.uid) && p.metadata?.deletionTimestamp === undefined);
    const log = async (): Promise<string> => {
      const name = (await replacement())?.metadata?.name;
      return name === undefined ? '' : world.core.readNamespacedPodLog({ namespace: NAMESPACE, name }).catch(() => '');
    };
    await vi.waitFor(async () => expect(await log()).toContain('PKIX path building failed'), { timeout: 60_000, interval: 200 });
    expect((await replacement())?.status?.conditions?.find((c) => c.type === 'Ready')?.status).not.toBe('True');
  }, 120_000);
});
