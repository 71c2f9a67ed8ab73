import { afterEach, describe, expect, it } from 'vitest';
import { KafkaAdminClient } from '../../../../src/kafka/index.js';
import { ManualClock } from '../../../../sandbox/clock.js';
import { BrokerListeners } from '../../../../sandbox/kafka/brokerServer.js';
import { KafkaClusterModel } from '../../../../sandbox/kafka/model/index.js';
import { modelBackend } from '../../../../sandbox/kafka/modelBackend.js';

const MB = 1024 * 1024;

describe('modelBackend', () => {
  const clock = new ManualClock();
  const model = new KafkaClusterModel({ clock, copyBytesPerSec: 10 * MB });
  for (const id of [1, 2, 3]) model.addBroker({ id, rack: `zone-${id}`, logDirs: [{ path: '/kafka-logs/disk0/kafka', capacityBytes: 1000 * MB }] });
  model.createTopic({ name: 'orders', partitions: 3, replicationFactor: 2, initialSizeBytes: 20 * MB });
  const listeners = new BrokerListeners({
    host: '127.0.0.1',
    backend: modelBackend(model),
    onPort: (id, port) => {
      if (port !== null) model.setEndpoint(id, '127.0.0.1', port);
    },
  });

  afterEach(async () => {
    await listeners.close();
  });

  it('serves the model over the Kafka protocol: brokers, fencing of a stopped broker, log dirs after a move', async () => {
    await listeners.sync([1, 2, 3]);
    const client = new KafkaAdminClient(
      { cluster: 'kafka/model', bootstrapServers: [`127.0.0.1:${listeners.server(1)?.port}`] },
      { retries: 1, backoffMs: 10 },
    );
    try {
      expect((await client.describeCluster()).brokers.map((b) => b.id).sort()).toEqual([1, 2, 3]);

      const p0 = model.partition('orders', 0);
      const target = [1, 2, 3].find((b) => !p0.replicas.some((r) => r.broker === b)) ?? -1;
      const from = p0.replicas[1]?.broker ?? -1;
      model.moveReplica({ topic: 'orders', partition: 0, fromBroker: from, toBroker: target });
      clock.advance(1000);
      const during = (await client.describeLogDirs([target])).get(target)?.[0];
      expect(during?.replicas.find((r) => r.topic === 'orders' && r.partition === 0)?.sizeBytes).toBe(BigInt(10 * MB));
      clock.advance(1000);
      const after = (await client.describeLogDirs([from])).get(from)?.[0];
      expect(after?.replicas.some((r) => r.topic === 'orders' && r.partition === 0)).toBe(false);

      // Files beside Kafka's logs take the filesystem's usable space, not the logs' size.
      const usable = async () => (await client.describeLogDirs([1])).get(1)?.[0]?.usableBytes ?? 0n;
      const clean = await usable();
      model.setLogDirForeignBytes(1, '/kafka-logs/disk0/kafka', 300 * MB);
      expect(await usable()).toBe(clean - BigInt(300 * MB));

      model.stopBroker(3);
      await listeners.sync([1, 2]);
      expect((await client.describeCluster()).brokers.map((b) => b.id).sort()).toEqual([1, 2]);
      await client.alterBrokerConfigs(2, { set: { 'log.cleaner.threads': '2' } });
      expect(model.dynamicConfig(2).get('log.cleaner.threads')).toBe('2');
    } finally {
      await client.close();
    }
  });
});
