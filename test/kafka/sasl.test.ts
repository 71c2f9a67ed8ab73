import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaAdminClient, KafkaAdminError } from '../../src/kafka/index.js';
import { startBrokerServer, type BrokerServer } from '../../sandbox/kafka/brokerServer.js';
import { CLUSTER_ID, CONTROLLERS } from '../sandbox/kafka/protocol/fixtures.js';
import { MemoryBackend } from '../sandbox/kafka/protocol/memoryBackend.js';
import { RawKafkaConnection } from '../sandbox/kafka/protocol/rawClient.js';

const fast = { retries: 0, connectTimeoutMs: 1_000, requestTimeoutMs: 2_000, operationTimeoutMs: 4_000 };

describe('Kafka admin client over a SASL_PLAINTEXT listener', () => {
  let server: BrokerServer;
  const requests: number[] = [];

  beforeAll(async () => {
    const backend = new MemoryBackend(CLUSTER_ID, CONTROLLERS);
    server = await startBrokerServer({
      host: '127.0.0.1',
      port: 0,
      brokerId: 0,
      backend,
      saslPlainUsers: new Map([['kafkaplane', 's3cret']]),
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
      const error = await client.describeQuorum().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(KafkaAdminError);
      expect((error as KafkaAdminError).code).toBe('KAFKA_AUTHENTICATION_FAILED');
      expect((error as KafkaAdminError).kafkaError?.serverMessage).toBe('Authentication failed: Invalid username or password');
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
