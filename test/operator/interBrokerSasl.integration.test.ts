import { Admin, alterUserScramCredentialsV0, describeUserScramCredentialsV0, kGetBootstrapConnection, type Connection } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { CLUSTER, clusterApi, NAMESPACE, storage, startOperationsWorld, type OperationsWorld } from './support/operationsSandbox.js';
import { appliesConfigAndDrainsABroker } from './support/securedClusterFlows.js';

/**
 * SASL on the inter-broker listener, on the whole sandbox: a KRaft cluster whose inter-broker
 * listener is sasl_plaintext comes up with the SCRAM users kafkaplane keeps in its Secret (the
 * brokers', its own and Cruise Control's), formatted into the metadata log with --add-scram;
 * kafkaplane and Cruise Control reach Kafka as their users and a drain runs through them; a real
 * Kafka client gets in only with a user's right password; a broker whose inter-broker password is
 * not the one Kafka holds never joins.
 */
let world: OperationsWorld;
type Status = { status?: { state?: string; brokersReady?: string } };

const SECRET = `${CLUSTER}-kafkaplane-scram`;
const spec = kraftSpecInput({
  listenersConfig: {
    internalListeners: [
      { type: 'sasl_plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
      { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
    ],
  },
  brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
  brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'] } })),
});

const statusOf = async (): Promise<string> => {
  const { status } = (await world.custom.getNamespacedCustomObject(clusterApi)) as Status;
  return `${status?.state ?? ''} ${status?.brokersReady ?? ''}`;
};

const password = async (key: string): Promise<string> =>
  Buffer.from((await world.core.readNamespacedSecret({ namespace: NAMESPACE, name: SECRET })).data?.[key] ?? '', 'base64').toString('utf8');

/** The brokers a real Kafka client on the inter-broker listener is told about once authenticated, or 'refused'. */
async function brokersSeen(username: string, secret: string): Promise<number[] | 'refused'> {
  const admin = new Admin({
    clientId: 'test',
    bootstrapBrokers: [`${CLUSTER}-0.${CLUSTER}-headless.${NAMESPACE}.svc.cluster.local:29092`],
    retries: 0,
    connectTimeout: 5_000,
    requestTimeout: 5_000,
    sasl: { mechanism: 'SCRAM-SHA-512', username, password: secret },
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

/** Runs `use` on a connection of a real Kafka client logged in as kafkaplane's admin user, as Kafka's tools connect. */
async function asAdmin<T>(use: (connection: Connection) => Promise<T>): Promise<T> {
  const admin = new Admin({
    clientId: 'kafka-configs',
    bootstrapBrokers: [`${CLUSTER}-0.${CLUSTER}-headless.${NAMESPACE}.svc.cluster.local:29092`],
    retries: 0,
    sasl: { mechanism: 'SCRAM-SHA-512', username: 'kafkaplane-admin', password: await password('admin-password') },
  });
  try {
    const connection = await new Promise<Connection>((resolve, reject) =>
      admin[kGetBootstrapConnection]((error, c) => (error || !c ? reject(error ?? new Error('no connection')) : resolve(c))),
    );
    return await use(connection);
  } finally {
    await admin.close().catch(() => undefined);
  }
}

const scramUsers = (): Promise<string[]> => asAdmin(async (c) => (await describeUserScramCredentialsV0.api.async(c, null)).results.map((r) => r.user).sort());

const podOf = async (brokerId: number) =>
  (await world.core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: `app=kafka,brokerId=${brokerId}` })).items[0];
const podLog = async (brokerId: number): Promise<string> => {
  const name = (await podOf(brokerId))?.metadata?.name;
  return name === undefined ? '' : world.core.readNamespacedPodLog({ namespace: NAMESPACE, name, container: 'kafka' }).catch(() => '');
};

beforeAll(async () => {
  world = await startOperationsWorld();
  // A credential deleted in Kafka changes nothing in Kubernetes: only the recheck finds it (default a minute).
  await world.startOperator({ scramRecheckMs: 2_000 });
}, 60_000);
afterAll(async () => {
  await world.close();
});

describe('SASL on the inter-broker listener', () => {
  it('brings up a cluster whose brokers, kafkaplane and Cruise Control are SCRAM users, and drains a broker through them', async () => {
    await world.custom.createNamespacedCustomObject({
      ...clusterApi,
      body: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: CLUSTER }, spec },
    });
    await expect.poll(statusOf, { timeout: 90_000, interval: 200 }).toBe('ClusterRunning 3/3');

    // The passwords live in a Secret the cluster owns, and nowhere else: not in a ConfigMap, not in a Pod spec.
    const secret = await world.core.readNamespacedSecret({ namespace: NAMESPACE, name: SECRET });
    expect(secret.metadata?.ownerReferences?.[0]?.kind).toBe('KafkaCluster');
    const passwords = await Promise.all(['inter-broker-password', 'admin-password', 'cruise-control-password'].map(password));
    expect(passwords.every((p) => p.length >= 16)).toBe(true);
    const configMaps = JSON.stringify((await world.core.listNamespacedConfigMap({ namespace: NAMESPACE })).items);
    const pods = JSON.stringify((await world.core.listNamespacedPod({ namespace: NAMESPACE })).items);
    for (const p of passwords) {
      expect(configMaps).not.toContain(p);
      expect(pods).not.toContain(p);
    }
    // The users Kafka holds are those of the Secret, with their passwords.
    const [interBroker = '', admin = ''] = passwords;
    expect(await brokersSeen('kafkaplane-admin', admin)).toEqual([0, 1, 2]);
    expect(await brokersSeen('kafkaplane-inter-broker', interBroker)).toEqual([0, 1, 2]);
    expect(await brokersSeen('kafkaplane-admin', `${admin}x`)).toBe('refused');
    expect(await brokersSeen('nobody', admin)).toBe('refused');

    // As its SCRAM users: kafkaplane applies a cluster-wide config, Cruise Control drains a broker.
    await appliesConfigAndDrainsABroker(world, statusOf);
  }, 400_000);

  it("gives Cruise Control's user back its credential when someone deletes it in Kafka", async () => {
    expect(await scramUsers()).toEqual(['kafkaplane-admin', 'kafkaplane-cruise-control', 'kafkaplane-inter-broker']);
    const answer = await asAdmin((c) => alterUserScramCredentialsV0.api.async(c, [{ name: 'kafkaplane-cruise-control', mechanism: 2 }], []));
    expect(answer.results).toEqual([{ user: 'kafkaplane-cruise-control', errorCode: 0, errorMessage: null }]);
    // The operator's next look at Kafka, with nothing changed in Kubernetes, sees it missing and upserts it from the Secret's password.
    await vi.waitFor(async () => expect(await scramUsers()).toContain('kafkaplane-cruise-control'), { timeout: 60_000, interval: 200 });
    expect(await brokersSeen('kafkaplane-cruise-control', await password('cruise-control-password'))).toEqual([0, 1, 2]);
  }, 120_000);

  it('keeps a Cruise Control whose password Kafka does not hold away from Kafka, and its log says so', async () => {
    await world.core.patchNamespacedSecret({
      namespace: NAMESPACE,
      name: SECRET,
      body: [{ op: 'replace', path: '/data/cruise-control-password', value: Buffer.from('not-the-password').toString('base64') }],
    });
    const ccPods = async () => (await world.core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: 'app=cruisecontrol' })).items;
    const before = new Set((await ccPods()).map((p) => p.metadata?.uid));
    // A Pod listed may be gone by the time it is deleted (one finishing its termination): that is fine.
    for (const pod of await ccPods())
      await world.core.deleteNamespacedPod({ namespace: NAMESPACE, name: pod.metadata?.name ?? '', gracePeriodSeconds: 0 }).catch((err: unknown) => {
        if ((err as { code?: number }).code !== 404) throw err;
      });
    const replacement = async () => (await ccPods()).find((p) => !before.has(p.metadata?.uid) && p.metadata?.deletionTimestamp === undefined);
    const log = async (): Promise<string> => {
      const name = (await replacement())?.metadata?.name;
      return name === undefined ? '' : world.core.readNamespacedPodLog({ namespace: NAMESPACE, name }).catch(() => '');
    };
    await vi.waitFor(
      async () =>
        expect(await log()).toContain(
          'failed authentication due to: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
        ),
      { timeout: 60_000, interval: 200 },
    );
    expect((await replacement())?.status?.conditions?.find((c) => c.type === 'Ready')?.status).not.toBe('True');
  }, 120_000);

  it('never lets in a broker whose inter-broker password is not the one Kafka holds, and its log says so', async () => {
    // The Secret's inter-broker password replaced by hand: Kafka still holds the first one's credential.
    await world.core.patchNamespacedSecret({
      namespace: NAMESPACE,
      name: SECRET,
      body: [{ op: 'replace', path: '/data/inter-broker-password', value: Buffer.from('not-the-password').toString('base64') }],
    });
    const before = (await podOf(2))?.metadata?.uid;
    await world.core.deleteNamespacedPod({ namespace: NAMESPACE, name: `${CLUSTER}-2`, gracePeriodSeconds: 0 }).catch(async () => {
      const name = (await podOf(2))?.metadata?.name ?? '';
      await world.core.deleteNamespacedPod({ namespace: NAMESPACE, name, gracePeriodSeconds: 0 });
    });
    await vi.waitFor(
      async () => {
        const pod = await podOf(2);
        expect(pod?.metadata?.uid).not.toBe(before);
        expect(await podLog(2)).toContain(
          'failed authentication due to: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
        );
      },
      { timeout: 90_000, interval: 200 },
    );
    expect((await podOf(2))?.status?.conditions?.find((c) => c.type === 'Ready')?.status).not.toBe('True');
  }, 200_000);
});
