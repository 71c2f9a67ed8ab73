import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { Admin, alterUserScramCredentialsV0, kGetBootstrapConnection, type Connection } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { createTestCa, tlsSecretData, type TestCa } from '../support/certificates.js';
import { CLUSTER, clusterApi, NAMESPACE, nodeAddresses, storage, startOperationsWorld, type OperationsWorld } from './support/operationsSandbox.js';

/**
 * SASL listeners on the whole sandbox: an external NodePort sasl_ssl listener that kafkaplane
 * renders for SCRAM-SHA-512, and an external sasl_plaintext one whose PLAIN users the cluster's
 * readOnlyConfig names, as a Koperator user writes them. The SCRAM user is created as Kafka's
 * tools create one (AlterUserScramCredentials, over the internal listener); a real Kafka client
 * outside the cluster then authenticates at the advertised address.
 */
let world: OperationsWorld;
let ca: TestCa;
type Listeners = Record<string, Array<{ name: string; address: string }>>;
type Status = { status?: { state?: string; listenerStatuses?: { externalListeners?: Listeners } } };

const spec = kraftSpecInput({
  readOnlyConfig: [
    'listener.name.plain.sasl.enabled.mechanisms=PLAIN',
    'listener.name.plain.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_bob="bob-secret";',
  ].join('\n'),
  listenersConfig: {
    internalListeners: [
      { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
      { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
    ],
    externalListeners: [
      {
        type: 'sasl_ssl',
        name: 'scram',
        containerPort: 9094,
        accessMethod: 'NodePort',
        externalStartingPort: 31290,
        serverSSLCertSecret: { name: 'kafka-scram-tls' },
      },
      { type: 'sasl_plaintext', name: 'plain', containerPort: 9095, accessMethod: 'NodePort', externalStartingPort: 31390 },
    ],
  },
  brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
  brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'] } })),
});

const readStatus = async (): Promise<Status['status']> => ((await world.custom.getNamespacedCustomObject(clusterApi)) as Status).status;
const addressOf = async (listener: string): Promise<string> => ((await readStatus())?.listenerStatuses?.externalListeners?.[listener] ?? [])[0]?.address ?? '';

type Sasl = { mechanism: 'PLAIN' | 'SCRAM-SHA-512'; username: string; password: string };

/** The brokers a client bootstrapping from `address` is told about, after authenticating with `sasl`. */
async function brokersSeenFrom(address: string, sasl: Sasl | undefined, tls: boolean): Promise<number[]> {
  const admin = new Admin({
    clientId: 'outside',
    bootstrapBrokers: [address],
    retries: 0,
    connectTimeout: 5_000,
    requestTimeout: 5_000,
    ...(tls ? { tls: { ca: ca.cert } } : {}),
    ...(sasl ? { sasl } : {}),
  });
  try {
    const metadata = await admin.metadata({ topics: [], forceUpdate: true });
    return [...metadata.brokers.keys()].sort();
  } finally {
    await admin.close();
  }
}

/** The error's chain of causes, flattened: the library wraps the broker's answer. */
function causes(error: unknown): unknown[] {
  if (!(error instanceof Error)) return [error];
  const nested = 'errors' in error && Array.isArray(error.errors) ? (error.errors as unknown[]).flatMap(causes) : [];
  return [error, ...nested, ...(error.cause !== undefined ? causes(error.cause) : [])];
}

/** What the broker answered a refused client with: the error code and message of its response, if any. */
async function refusal(call: Promise<unknown>): Promise<{ code: number | undefined; message: string | undefined }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  for (const cause of causes(error)) {
    const response = (cause as { response?: { errorCode?: number; errorMessage?: string } }).response;
    if (response?.errorCode !== undefined && response.errorCode !== 0) return { code: response.errorCode, message: response.errorMessage };
  }
  return { code: undefined, message: undefined };
}

/** Creates a SCRAM-SHA-512 user as `kafka-configs.sh --alter --add-config 'SCRAM-SHA-512=[password=…]'` does, through a listener without SASL. */
async function addScramUser(name: string, password: string): Promise<void> {
  const bootstrap = world.sandbox.world.bootstrapServers()[`${NAMESPACE}/${CLUSTER}`]?.split(',') ?? [];
  const admin = new Admin({ clientId: 'kafka-configs', bootstrapBrokers: bootstrap, retries: 0 });
  try {
    const connection = await new Promise<Connection>((resolve, reject) =>
      admin[kGetBootstrapConnection]((error, c) => (error || !c ? reject(error ?? new Error('no connection')) : resolve(c))),
    );
    const salt = randomBytes(32);
    const answer = await alterUserScramCredentialsV0.api.async(
      connection,
      [],
      [{ name, mechanism: 2, iterations: 8192, salt, saltedPassword: pbkdf2Sync(password, salt, 8192, 64, 'sha512') }],
    );
    expect(answer.results).toEqual([{ user: name, errorCode: 0, errorMessage: null }]);
  } finally {
    await admin.close();
  }
}

beforeAll(async () => {
  world = await startOperationsWorld();
  ca = await createTestCa();
  const server = await ca.issue('kafka', ['127.0.0.1', ...nodeAddresses(world)]);
  await world.core.createNamespacedSecret({
    namespace: NAMESPACE,
    body: { metadata: { name: 'kafka-scram-tls' }, type: 'kubernetes.io/tls', data: tlsSecretData(server, ca.cert) },
  });
  await world.startOperator();
  await world.createCluster(spec);
  await vi.waitFor(async () => expect((await readStatus())?.state).toBe('ClusterRunning'), { timeout: 30_000, interval: 50 });
  await vi.waitFor(async () => expect(await addressOf('scram')).not.toBe(''), { timeout: 10_000, interval: 50 });
  await vi.waitFor(async () => expect(await addressOf('plain')).not.toBe(''), { timeout: 10_000, interval: 50 });
  await addScramUser('alice', 'alice-secret');
}, 60_000);
afterAll(async () => {
  await world.close();
});

describe('sasl_ssl listener with SCRAM-SHA-512', () => {
  it('lets a client in with the credentials created through the Admin API', async () => {
    expect(await brokersSeenFrom(await addressOf('scram'), { mechanism: 'SCRAM-SHA-512', username: 'alice', password: 'alice-secret' }, true)).toEqual([
      0, 1, 2,
    ]);
  });

  it("refuses a wrong password and an unknown user with Kafka's SASL_AUTHENTICATION_FAILED", async () => {
    const address = await addressOf('scram');
    for (const [username, password] of [
      ['alice', 'guess'],
      ['mallory', 'alice-secret'],
    ] as const) {
      expect(await refusal(brokersSeenFrom(address, { mechanism: 'SCRAM-SHA-512', username, password }, true))).toEqual({
        code: 58,
        message: 'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
      });
    }
  });

  it('refuses a client without SASL, and PLAIN, which this listener does not enable', async () => {
    const address = await addressOf('scram');
    // No answer at all: the broker reads nothing but the SASL exchange and closes the connection.
    expect(await refusal(brokersSeenFrom(address, undefined, true))).toEqual({ code: undefined, message: undefined });
    expect((await refusal(brokersSeenFrom(address, { mechanism: 'PLAIN', username: 'alice', password: 'alice-secret' }, true))).code).toBe(33);
  });

  it('renders the mechanism and its login module, and no secret, into the ConfigMap', () => {
    const configMap = world.sandbox.kube.api.store.get('/configmaps', NAMESPACE, `${CLUSTER}-config-0`);
    const properties = (configMap?.data as Record<string, string> | undefined)?.['broker-config'] ?? '';
    expect(properties).toContain('listener.name.scram.sasl.enabled.mechanisms=SCRAM-SHA-512');
    expect(properties).toContain('listener.name.scram.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;');
    expect(properties).not.toContain('alice');
  });
});

describe('sasl_plaintext listener with PLAIN users from readOnlyConfig', () => {
  it('lets the configured user in and refuses a wrong password with PlainSaslServer message', async () => {
    const address = await addressOf('plain');
    expect(await brokersSeenFrom(address, { mechanism: 'PLAIN', username: 'bob', password: 'bob-secret' }, false)).toEqual([0, 1, 2]);
    expect(await refusal(brokersSeenFrom(address, { mechanism: 'PLAIN', username: 'bob', password: 'guess' }, false))).toEqual({
      code: 58,
      message: 'Authentication failed: Invalid username or password',
    });
  });
});
