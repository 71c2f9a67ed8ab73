import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin, alterUserScramCredentialsV0, describeUserScramCredentialsV0, kGetBootstrapConnection, type Connection } from '@platformatic/kafka';
import { KafkaAdminClient, KafkaAdminError } from '../../src/kafka/index.js';
import { startBrokerServer, type BrokerServer } from '../../sandbox/kafka/brokerServer.js';
import { CLUSTER_ID, CONTROLLERS } from '../sandbox/kafka/protocol/fixtures.js';
import { MemoryBackend } from '../sandbox/kafka/protocol/memoryBackend.js';
import { decode, loadDefinition, type Json } from '../sandbox/kafka/protocol/kafkaDefinitions.js';
import { RawKafkaConnection } from '../sandbox/kafka/protocol/rawClient.js';

const fast = { retries: 0, connectTimeoutMs: 1_000, requestTimeoutMs: 2_000, operationTimeoutMs: 4_000 };

/** A response body read by the published definition. */
const decoded = (apiName: string, version: number, body: Buffer): Record<string, Json> => decode(loadDefinition(`${apiName}Response`), version, body).value;

/** The admin client's failure, or undefined when the call succeeded. */
async function failureOf(call: Promise<unknown>): Promise<KafkaAdminError | undefined> {
  return call.then(
    () => undefined,
    (e: unknown) => {
      expect(e).toBeInstanceOf(KafkaAdminError);
      return e as KafkaAdminError;
    },
  );
}

describe('Kafka admin client over a SASL_PLAINTEXT listener with PLAIN', () => {
  let server: BrokerServer;
  const requests: number[] = [];

  beforeAll(async () => {
    const backend = new MemoryBackend(CLUSTER_ID, CONTROLLERS);
    server = await startBrokerServer({
      host: '127.0.0.1',
      port: 0,
      brokerId: 0,
      backend,
      sasl: { mechanisms: ['PLAIN'], plainUsers: new Map([['kafkaplane', 's3cret']]) },
      onRequest: (r) => requests.push(r.apiKey),
    });
    backend.addBroker({ id: 0, host: '127.0.0.1', port: server.port, rack: null, fenced: false }, []);
  });

  afterAll(async () => {
    await server.close();
  });

  const endpoint = (password: string) => ({
    cluster: 'kafka/sasl',
    bootstrapServers: [`127.0.0.1:${server.port}`],
    sasl: { mechanism: 'PLAIN' as const, username: 'kafkaplane', password },
  });

  it('authenticates with PLAIN, then talks to the broker', async () => {
    requests.length = 0;
    const client = new KafkaAdminClient(endpoint('s3cret'), fast);
    try {
      expect((await client.describeQuorum()).leaderId).toBe(CONTROLLERS[0]);
      expect(requests.slice(0, 3)).toEqual([18, 17, 36]);
    } finally {
      await client.close();
    }
  });

  it('fails with KAFKA_AUTHENTICATION_FAILED and Kafka message for a wrong password', async () => {
    const client = new KafkaAdminClient(endpoint('guess'), fast);
    try {
      const error = await failureOf(client.describeQuorum());
      expect(error?.code).toBe('KAFKA_AUTHENTICATION_FAILED');
      expect(error?.kafkaError?.serverMessage).toBe('Authentication failed: Invalid username or password');
    } finally {
      await client.close();
    }
  });

  it('closes a connection that skips authentication', async () => {
    const raw = await RawKafkaConnection.open(server.port);
    const sent = raw.send('DescribeCluster', 1, {}).then(
      () => 'answered',
      () => 'closed',
    );
    await expect(sent).resolves.toBe('closed');
    raw.close();
  });
});

/**
 * SCRAM-SHA-512 as a Kafka cluster serves it: the credential is created through the Admin API
 * (AlterUserScramCredentials, KIP-554) on a PLAINTEXT listener of the same cluster, then a client
 * authenticates with it on the SASL_PLAINTEXT listener (RFC 5802 / RFC 7677).
 */
describe('SASL/SCRAM-SHA-512 on a SASL_PLAINTEXT listener, with credentials in the cluster metadata', () => {
  const backend = new MemoryBackend(CLUSTER_ID, CONTROLLERS);
  let plaintext: BrokerServer;
  let scram: BrokerServer;

  beforeAll(async () => {
    plaintext = await startBrokerServer({ host: '127.0.0.1', port: 0, brokerId: 0, backend });
    scram = await startBrokerServer({
      host: '127.0.0.1',
      port: 0,
      brokerId: 0,
      backend,
      sasl: { mechanisms: ['SCRAM-SHA-512'], scram: backend.scramCredentials() },
    });
    backend.addBroker({ id: 0, host: '127.0.0.1', port: plaintext.port, rack: null, fenced: false }, []);
    // What kafka-configs.sh --alter --add-config 'SCRAM-SHA-512=[password=alice-secret]' sends: the salted password, never the password.
    const admin = new Admin({ clientId: 'setup', bootstrapBrokers: [`127.0.0.1:${plaintext.port}`], retries: 0 });
    try {
      const connection = await new Promise<Connection>((resolve, reject) =>
        admin[kGetBootstrapConnection]((error, c) => (error || !c ? reject(error ?? new Error('no connection')) : resolve(c))),
      );
      const salt = randomBytes(32);
      const result = await alterUserScramCredentialsV0.api.async(
        connection,
        [],
        [{ name: 'alice', mechanism: 2, iterations: 4096, salt, saltedPassword: pbkdf2Sync('alice-secret', salt, 4096, 64, 'sha512') }],
      );
      expect(result.results).toEqual([{ user: 'alice', errorCode: 0, errorMessage: null }]);
      // kafka-configs.sh --describe --entity-type users: the mechanism and iterations, nothing secret.
      const described = await describeUserScramCredentialsV0.api.async(connection, []);
      expect(described.results).toEqual([{ user: 'alice', errorCode: 0, errorMessage: null, credentialInfos: [{ mechanism: 2, iterations: 4096 }] }]);
    } finally {
      await admin.close();
    }
  });

  afterAll(async () => {
    await scram.close();
    await plaintext.close();
  });

  const client = (username: string, password: string) =>
    new KafkaAdminClient(
      { cluster: 'kafka/scram', bootstrapServers: [`127.0.0.1:${scram.port}`], sasl: { mechanism: 'SCRAM-SHA-512', username, password } },
      fast,
    );

  it('authenticates a user whose credential was created through AlterUserScramCredentials', async () => {
    const alice = client('alice', 'alice-secret');
    try {
      expect((await alice.describeCluster()).clusterId).toBe(CLUSTER_ID);
    } finally {
      await alice.close();
    }
  });

  it('refuses a wrong password and an unknown user with the same message, as Kafka hides which it was', async () => {
    for (const [user, password] of [
      ['alice', 'guess'],
      ['mallory', 'alice-secret'],
    ] as const) {
      const wrong = client(user, password);
      try {
        const error = await failureOf(wrong.describeCluster());
        expect(error?.code).toBe('KAFKA_AUTHENTICATION_FAILED');
        expect(error?.kafkaError).toMatchObject({
          code: 58,
          serverMessage: 'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
        });
      } finally {
        await wrong.close();
      }
    }
  });

  it('refuses a mechanism the listener does not enable, naming the ones it does, then closes', async () => {
    const raw = await RawKafkaConnection.open(scram.port);
    const handshake = await raw.send('SaslHandshake', 1, { Mechanism: 'PLAIN' });
    expect(decoded('SaslHandshake', 1, handshake.body)).toEqual({ ErrorCode: 33, Mechanisms: ['SCRAM-SHA-512'] });
    await expect(raw.send('ApiVersions', 3, { ClientSoftwareName: 'test', ClientSoftwareVersion: '1' })).rejects.toThrow('closed');
    raw.close();
  });

  it('answers a request sent in the middle of the exchange with ILLEGAL_SASL_STATE, then closes', async () => {
    const raw = await RawKafkaConnection.open(scram.port);
    await raw.send('SaslHandshake', 1, { Mechanism: 'SCRAM-SHA-512' });
    const early = await raw.send('DescribeCluster', 1, { IncludeClusterAuthorizedOperations: false, EndpointType: 1 });
    expect(decoded('DescribeCluster', 1, early.body)).toMatchObject({
      ErrorCode: 34,
      ErrorMessage: 'Unexpected Kafka request of type DESCRIBE_CLUSTER during SASL authentication.',
    });
    await expect(raw.send('ApiVersions', 3, { ClientSoftwareName: 'test', ClientSoftwareVersion: '1' })).rejects.toThrow('closed');
    raw.close();
  });

  it('refuses a client without SASL by closing the connection', async () => {
    const raw = await RawKafkaConnection.open(scram.port);
    await expect(raw.send('Metadata', 12, { Topics: null, AllowAutoTopicCreation: false, IncludeTopicAuthorizedOperations: false })).rejects.toThrow('closed');
    raw.close();
  });
});
