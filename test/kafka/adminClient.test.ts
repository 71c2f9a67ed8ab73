import { createServer, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KafkaAdminClient, KafkaAdminError } from '../../src/kafka/index.js';
import { startBrokerServer } from '../../sandbox/kafka/brokerServer.js';
import { CLUSTER_ID, CONTROLLERS, GiB, startCluster } from '../sandbox/kafka/protocol/fixtures.js';
import { MemoryBackend } from '../sandbox/kafka/protocol/memoryBackend.js';

type Cluster = Awaited<ReturnType<typeof startCluster>>;

const fast = { retries: 1, backoffMs: 10, connectTimeoutMs: 1_000, requestTimeoutMs: 2_000, operationTimeoutMs: 5_000 };

async function refusal(promise: Promise<unknown>): Promise<KafkaAdminError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof KafkaAdminError)) throw new Error(`expected a KafkaAdminError, got ${String(error)}`);
  return error;
}

describe('Kafka admin client against the sandbox brokers', () => {
  let cluster: Cluster;
  let client: KafkaAdminClient;
  const requests: Array<{ apiKey: number; apiVersion: number }> = [];

  beforeEach(async () => {
    requests.length = 0;
    cluster = await startCluster((r) => requests.push(r));
    const port = cluster.servers.get(1)?.port;
    client = new KafkaAdminClient({ cluster: 'kafka/demo', bootstrapServers: [`127.0.0.1:${port}`] }, fast);
  });

  afterEach(async () => {
    await client.close();
    await cluster.close();
  });

  it('describes the cluster: id, a live broker as controller, and brokers with racks', async () => {
    const described = await client.describeCluster();
    // A KRaft broker names a random live broker as controller; the quorum names the real one.
    expect([1, 2, 3]).toContain(described.controllerId);
    expect(described).toEqual({
      clusterId: CLUSTER_ID,
      controllerId: described.controllerId,
      brokers: [1, 2, 3].map((id) => ({ id, host: '127.0.0.1', port: cluster.servers.get(id)?.port, rack: `zone-${id}` })),
    });
  });

  it('sets a dynamic config on broker 2 only and reads it back from broker 2', async () => {
    const readBack = await client.alterBrokerConfigs(2, { set: { 'log.cleaner.threads': '3' } });
    expect(readBack.find((e) => e.name === 'log.cleaner.threads')).toMatchObject({ value: '3', source: 'DYNAMIC_BROKER_CONFIG', readOnly: false });

    const broker2 = await client.describeBrokerConfigs(2);
    expect(broker2.find((e) => e.name === 'log.cleaner.threads')).toMatchObject({ value: '3', source: 'DYNAMIC_BROKER_CONFIG' });
    const broker1 = await client.describeBrokerConfigs(1);
    expect(broker1.find((e) => e.name === 'log.cleaner.threads')).toMatchObject({ value: '1', source: 'DEFAULT_CONFIG' });
    expect(cluster.backend.dynamicConfig(1).size).toBe(0);
  });

  it('confirms a change that Kafka prints in its canonical form', async () => {
    const readBack = await client.alterBrokerConfigs(2, {
      set: { 'log.cleaner.threads': ' +3 ', 'log.preallocate': 'TRUE', 'log.cleanup.policy': 'delete, compact' },
    });
    const values = Object.fromEntries(readBack.filter((e) => e.source === 'DYNAMIC_BROKER_CONFIG').map((e) => [e.name, e.value]));
    expect(values).toEqual({ 'log.cleaner.threads': '3', 'log.preallocate': 'true', 'log.cleanup.policy': 'delete,compact' });
  });

  it('carries long values intact', async () => {
    const overrides = Array.from({ length: 40 }, (_, i) => `client-${i}.example.com:25`).join(',');
    const readBack = await client.alterBrokerConfigs(3, { set: { 'max.connections.per.ip.overrides': overrides } });
    expect(readBack.find((e) => e.name === 'max.connections.per.ip.overrides')?.value).toBe(overrides);
  });

  it('removes a dynamic entry so the static value applies again', async () => {
    await client.alterBrokerConfigs(2, { set: { 'num.io.threads': '12' } });
    const readBack = await client.alterBrokerConfigs(2, { delete: ['num.io.threads'] });
    expect(readBack.find((e) => e.name === 'num.io.threads')).toMatchObject({ value: '8', source: 'STATIC_BROKER_CONFIG' });
    expect(cluster.backend.dynamicConfig(2).has('num.io.threads')).toBe(false);
  });

  it('keeps a broker dynamic config when its server restarts', async () => {
    await client.alterBrokerConfigs(2, { set: { 'log.cleaner.threads': '4' } });
    await cluster.servers.get(2)?.close();
    const restarted = await startBrokerServer({ host: '127.0.0.1', port: 0, brokerId: 2, backend: cluster.backend });
    cluster.servers.set(2, restarted);
    const registration = cluster.backend.registrations.get(2);
    if (!registration) throw new Error('broker 2 is not registered');
    cluster.backend.registrations.set(2, { ...registration, port: restarted.port });

    const entries = await client.describeBrokerConfigs(2);
    expect(entries.find((e) => e.name === 'log.cleaner.threads')).toMatchObject({ value: '4', source: 'DYNAMIC_BROKER_CONFIG' });
  });

  it('refuses a static-only key with Kafka error and message, once, changing nothing', async () => {
    const error = await refusal(client.alterBrokerConfigs(2, { set: { 'log.dirs': '/elsewhere', 'log.cleaner.threads': '2' } }));
    expect(error.code).toBe('KAFKA_ERROR_RESPONSE');
    expect(error.kafkaError).toEqual({
      code: 42,
      name: 'INVALID_REQUEST',
      serverMessage: 'Cannot update these configs dynamically: Set(log.dirs)',
      retriable: false,
    });
    expect(requests.filter((r) => r.apiKey === 44)).toHaveLength(1);
    expect(cluster.backend.dynamicConfig(2).size).toBe(0);
    const entries = await client.describeBrokerConfigs(2);
    expect(entries.find((e) => e.name === 'log.dirs')).toMatchObject({ value: '/kafka-logs/disk0/kafka', source: 'STATIC_BROKER_CONFIG', readOnly: true });
    expect(entries.find((e) => e.name === 'log.cleaner.threads')).toMatchObject({ value: '1', source: 'DEFAULT_CONFIG' });
  });

  it.each([
    ['num.io.threads', 'many', 'Invalid value many for configuration num.io.threads: Not a number of type INT'],
    ['log.cleaner.threads', '-1', 'Invalid value -1 for configuration log.cleaner.threads: Value must be at least 0'],
    ['log.message.timestamp.type', 'Now', 'Invalid value Now for configuration log.message.timestamp.type: String must be one of: CreateTime, LogAppendTime'],
    ['num.io.threads', '17', 'Invalid dynamic configuration'],
    [
      'ssl.keystore.location',
      '/k',
      'These security configs can be dynamically updated only per-listener using the listener prefix: Set(ssl.keystore.location)',
    ],
  ])('refuses %s=%s with Kafka message', async (name, value, message) => {
    const error = await refusal(client.alterBrokerConfigs(1, { set: { [name]: value } }));
    expect(error.kafkaError?.serverMessage).toBe(message);
    expect(cluster.backend.dynamicConfig(1).size).toBe(0);
  });

  it('sets the cluster-wide default after validating it, and every broker shows it as DYNAMIC_DEFAULT_BROKER_CONFIG', async () => {
    const readBack = await client.alterClusterDefaultConfigs({ set: { 'log.retention.ms': '3600000', 'min.insync.replicas': '2' } });
    expect(readBack.map((e) => [e.name, e.value, e.source])).toEqual([
      ['log.retention.ms', '3600000', 'DYNAMIC_DEFAULT_BROKER_CONFIG'],
      ['min.insync.replicas', '2', 'DYNAMIC_DEFAULT_BROKER_CONFIG'],
    ]);
    // validate-only, then the change
    expect(requests.filter((r) => r.apiKey === 44)).toHaveLength(2);
    expect(Object.fromEntries(cluster.backend.dynamicConfig(null))).toEqual({ 'log.retention.ms': '3600000', 'min.insync.replicas': '2' });
    expect((await client.describeBrokerConfigs(3)).find((e) => e.name === 'min.insync.replicas')).toMatchObject({
      value: '2',
      source: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
    });

    await client.alterClusterDefaultConfigs({ delete: ['log.retention.ms'] });
    expect((await client.describeClusterDefaultConfigs()).map((e) => e.name)).toEqual(['min.insync.replicas']);
  });

  it.each([
    ['log.dirs', '/elsewhere', 'Cannot update these configs dynamically: Set(log.dirs)'],
    ['ssl.client.auth', 'required', 'Cannot update these configs at default cluster level, broker id must be specified: Set(ssl.client.auth)'],
    ['min.insync.replicas', 'two', 'Invalid value two for configuration min.insync.replicas: Not a number of type INT'],
  ])('refuses %s=%s as the cluster default in the validation step, changing nothing', async (name, value, message) => {
    const error = await refusal(client.alterClusterDefaultConfigs({ set: { [name]: value, 'log.cleaner.threads': '2' } }));
    expect(error.kafkaError?.serverMessage).toBe(message);
    expect(requests.filter((r) => r.apiKey === 44)).toHaveLength(1);
    expect(cluster.backend.dynamicConfig(null).size).toBe(0);
  });

  it('reports each log dir with the usage the cluster holds, and follows a disk filling up', async () => {
    const before = await client.describeLogDirs([1, 2]);
    expect(before.get(1)?.map((d) => [d.path, d.usedBytes, d.totalBytes])).toEqual([
      ['/kafka-logs/disk0/kafka', 1000n, 10n * GiB],
      ['/kafka-logs/disk1/kafka', 0n, 20n * GiB],
    ]);
    expect(before.get(2)?.[0]?.replicas).toEqual([{ topic: 'orders', partition: 0, sizeBytes: 2000n, offsetLag: 0n, future: false }]);

    const dirs = cluster.backend.dirs.get(1) ?? [];
    const disk1 = dirs[1];
    if (!disk1) throw new Error('broker 1 has no second disk');
    dirs[1] = { ...disk1, usableBytes: 15n * GiB, replicas: [{ topic: 'orders', partition: 1, sizeBytes: 5n * GiB, offsetLag: 0n, future: false }] };
    const after = await client.describeLogDirs([1]);
    expect(after.get(1)?.[1]).toMatchObject({ usedBytes: 5n * GiB, usableBytes: 15n * GiB, error: null });
  });

  it('reports a failed log dir with KAFKA_STORAGE_ERROR', async () => {
    const dirs = cluster.backend.dirs.get(1) ?? [];
    const disk1 = dirs[1];
    if (!disk1) throw new Error('broker 1 has no second disk');
    dirs[1] = { ...disk1, offline: true };
    const described = await client.describeLogDirs([1]);
    expect(described.get(1)?.map((d) => d.error)).toEqual([null, 'KAFKA_STORAGE_ERROR']);
  });

  it('reads every partition with the brokers the metadata assigns it to', async () => {
    expect(await client.describePartitionReplicas()).toEqual([
      { topic: 'orders', partition: 0, replicas: [1, 2, 3] },
      { topic: 'orders', partition: 1, replicas: [2, 3, 1] },
    ]);
  });

  it('shows the controllers as the voters of the quorum and the brokers as observers', async () => {
    const quorum = await client.describeQuorum();
    expect(quorum.leaderId).toBe(CONTROLLERS[0]);
    expect(quorum.voters.map((v) => v.id)).toEqual(CONTROLLERS);
    expect(quorum.observers.map((o) => o.id)).toEqual([1, 2, 3]);
    expect(quorum.nodes.map((n) => n.id)).toEqual(CONTROLLERS);
  });

  it('unregisters a removed broker, and reports it not registered the second time', async () => {
    await cluster.servers.get(3)?.close();
    const registration = cluster.backend.registrations.get(3);
    if (!registration) throw new Error('broker 3 is not registered');
    cluster.backend.registrations.set(3, { ...registration, fenced: true });

    await expect(client.unregisterBroker(3)).resolves.toBe('unregistered');
    expect(cluster.backend.registrations.has(3)).toBe(false);
    await expect(client.unregisterBroker(3)).resolves.toBe('not-registered');
    expect((await client.describeCluster()).brokers.map((b) => b.id)).toEqual([1, 2]);
  });

  it('negotiates the newest versions both sides support through ApiVersions', async () => {
    await client.describeCluster();
    await client.describeBrokerConfigs(1);
    await client.describeLogDirs([1]);
    await client.describeQuorum();
    const used = new Map(requests.map((r) => [r.apiKey, r.apiVersion]));
    // ApiVersions v3, Metadata v12, DescribeConfigs v4, DescribeLogDirs v4, DescribeQuorum v2, DescribeCluster v1
    expect(Object.fromEntries(used)).toMatchObject({ 18: 3, 3: 12, 32: 4, 35: 4, 55: 2, 60: 1 });
  });

  it('retries a retriable Kafka error (NOT_CONTROLLER) and then succeeds', async () => {
    cluster.servers.get(1)?.injectFault({ apiKey: 64, times: 1, errorCode: 41, message: 'moved' });
    await expect(client.unregisterBroker(3)).resolves.toBe('unregistered');
    expect(requests.filter((r) => r.apiKey === 64)).toHaveLength(2);
    expect(cluster.backend.registrations.has(3)).toBe(false);
  });

  it('gives up on a retriable error after the allowed retries, naming the Kafka error', async () => {
    cluster.servers.get(1)?.injectFault({ apiKey: 55, times: 5, errorCode: 41 });
    const error = await refusal(client.describeQuorum());
    expect(error.code).toBe('KAFKA_ERROR_RESPONSE');
    expect(error.kafkaError).toMatchObject({ name: 'NOT_CONTROLLER', retriable: true });
    expect(requests.filter((r) => r.apiKey === 55)).toHaveLength(1 + fast.retries);
  });

  it('reconnects and retries when a broker drops the connection', async () => {
    await client.describeCluster();
    cluster.servers.get(1)?.injectFault({ apiKey: 55, times: 1, disconnect: true });
    const quorum = await client.describeQuorum();
    expect(quorum.leaderId).toBe(CONTROLLERS[0]);
  });

  it('fails with KAFKA_BROKER_NOT_FOUND for a broker the cluster does not have', async () => {
    const error = await refusal(client.describeBrokerConfigs(9));
    expect(error.code).toBe('KAFKA_BROKER_NOT_FOUND');
  });
});

describe('Kafka admin client without a cluster', () => {
  it('fails with KAFKA_UNREACHABLE when no broker answers', async () => {
    const gone = await startBrokerServer({ host: '127.0.0.1', port: 0, brokerId: 1, backend: new MemoryBackend(CLUSTER_ID, CONTROLLERS) });
    await gone.close();
    const client = new KafkaAdminClient({ cluster: 'kafka/gone', bootstrapServers: [`127.0.0.1:${gone.port}`] }, fast);
    try {
      const error = await refusal(client.describeCluster());
      expect(error.code).toBe('KAFKA_UNREACHABLE');
      expect(error.message).toContain('kafka/gone');
    } finally {
      await client.close();
    }
  });

  it('fails with KAFKA_TIMEOUT when a broker accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const client = new KafkaAdminClient({ cluster: 'kafka/silent', bootstrapServers: [`127.0.0.1:${port}`] }, { ...fast, operationTimeoutMs: 300 });
    try {
      const error = await refusal(client.describeQuorum());
      expect(error.code).toBe('KAFKA_TIMEOUT');
    } finally {
      await client.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('Kafka admin client read-back', () => {
  it('fails with KAFKA_CONFIG_NOT_CONFIRMED when the broker accepts a change it does not show', async () => {
    class ForgetfulBackend extends MemoryBackend {
      override replaceDynamicConfig(): void {}
    }
    const backend = new ForgetfulBackend(CLUSTER_ID, CONTROLLERS);
    const server = await startBrokerServer({ host: '127.0.0.1', port: 0, brokerId: 1, backend });
    backend.addBroker({ id: 1, host: '127.0.0.1', port: server.port, rack: null, fenced: false }, []);
    const client = new KafkaAdminClient({ cluster: 'kafka/forgetful', bootstrapServers: [`127.0.0.1:${server.port}`] }, { ...fast, confirmTimeoutMs: 200 });
    try {
      const error = await refusal(client.alterBrokerConfigs(1, { set: { 'log.cleaner.threads': '2' } }));
      expect(error.code).toBe('KAFKA_CONFIG_NOT_CONFIRMED');
      expect(error.message).toContain('log.cleaner.threads');
    } finally {
      await client.close();
      await server.close();
    }
  });
});
