import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaAdminClient, KafkaAdminError } from '../../src/kafka/index.js';
import { startBrokerServer, type BrokerServer } from '../../sandbox/kafka/brokerServer.js';
import { CLUSTER_ID, CONTROLLERS } from '../sandbox/kafka/protocol/fixtures.js';
import { MemoryBackend } from '../sandbox/kafka/protocol/memoryBackend.js';

const fast = { retries: 0, connectTimeoutMs: 1_000, requestTimeoutMs: 2_000, operationTimeoutMs: 4_000 };

describe('Kafka admin client over an SSL listener', () => {
  let server: BrokerServer;
  let cert: string;

  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: 'kafka-0' }], {
      keyType: 'ec',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    cert = pems.cert;
    const backend = new MemoryBackend(CLUSTER_ID, CONTROLLERS);
    server = await startBrokerServer({ host: '127.0.0.1', port: 0, brokerId: 0, backend, tls: { key: pems.private, cert: pems.cert } });
    backend.addBroker({ id: 0, host: '127.0.0.1', port: server.port, rack: null, fenced: false }, []);
  });

  afterAll(async () => {
    await server.close();
  });

  it('talks to the broker when given the listener CA', async () => {
    const client = new KafkaAdminClient({ cluster: 'kafka/ssl', bootstrapServers: [`127.0.0.1:${server.port}`], tls: { ca: cert } }, fast);
    try {
      expect((await client.describeCluster()).brokers.map((b) => b.id)).toEqual([0]);
    } finally {
      await client.close();
    }
  });

  it('refuses a broker whose certificate it cannot verify, as unreachable', async () => {
    const other = await generate([{ name: 'commonName', value: 'someone-else' }], { keyType: 'ec' });
    const client = new KafkaAdminClient({ cluster: 'kafka/ssl', bootstrapServers: [`127.0.0.1:${server.port}`], tls: { ca: other.cert } }, fast);
    try {
      const error = await client.describeCluster().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(KafkaAdminError);
      expect((error as KafkaAdminError).code).toBe('KAFKA_UNREACHABLE');
    } finally {
      await client.close();
    }
  });
});
