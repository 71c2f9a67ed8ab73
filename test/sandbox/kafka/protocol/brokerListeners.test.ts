import { afterEach, describe, expect, it } from 'vitest';
import { KafkaAdminClient } from '../../../../src/kafka/index.js';
import { BrokerListeners } from '../../../../sandbox/kafka/brokerServer.js';
import { CLUSTER_ID, CONTROLLERS } from './fixtures.js';
import { MemoryBackend } from './memoryBackend.js';

describe('BrokerListeners', () => {
  const backend = new MemoryBackend(CLUSTER_ID, CONTROLLERS);
  const listeners = new BrokerListeners({
    host: '127.0.0.1',
    backend,
    onPort: (id, port) => {
      if (port === null) {
        const registration = backend.registrations.get(id);
        if (registration) backend.registrations.set(id, { ...registration, fenced: true });
      } else {
        backend.addBroker({ id, host: '127.0.0.1', port, rack: null, fenced: false }, []);
      }
    },
  });

  afterEach(async () => {
    await listeners.close();
  });

  it('listens for the running brokers only, and a restarted broker keeps its dynamic config', async () => {
    await listeners.sync([1, 2]);
    const client = new KafkaAdminClient(
      { cluster: 'kafka/listeners', bootstrapServers: [`127.0.0.1:${listeners.server(1)?.port}`] },
      { retries: 1, backoffMs: 10 },
    );
    try {
      await client.alterBrokerConfigs(2, { set: { 'log.cleaner.threads': '2' } });
      await listeners.sync([1]);
      expect(listeners.server(2)).toBeUndefined();
      expect((await client.describeCluster()).brokers.map((b) => b.id)).toEqual([1]);

      await listeners.sync([1, 2]);
      const entries = await client.describeBrokerConfigs(2);
      expect(entries.find((e) => e.name === 'log.cleaner.threads')).toMatchObject({ value: '2', source: 'DYNAMIC_BROKER_CONFIG' });
    } finally {
      await client.close();
    }
  });
});
