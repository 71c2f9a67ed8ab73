import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KafkaAdminPool } from '../../src/kafka/index.js';
import { startCluster } from '../sandbox/kafka/protocol/fixtures.js';

describe('KafkaAdminPool', () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let pool: KafkaAdminPool;

  beforeEach(async () => {
    cluster = await startCluster();
    pool = new KafkaAdminPool({ retries: 0, operationTimeoutMs: 5_000 });
  });

  afterEach(async () => {
    await pool.close();
    await cluster.close();
  });

  const endpoint = (port: number | undefined) => ({ cluster: 'kafka/demo', bootstrapServers: [`127.0.0.1:${port}`] });

  it('hands out one client per cluster, whose connections every call reuses', async () => {
    const broker1 = cluster.servers.get(1);
    const client = pool.get(endpoint(broker1?.port));
    expect(pool.get(endpoint(broker1?.port))).toBe(client);
    await client.describeCluster();
    await client.describeBrokerConfigs(1);
    const afterFirstCalls = broker1?.acceptedConnections;
    expect(afterFirstCalls).toBeGreaterThan(0);
    for (let i = 0; i < 5; i += 1) {
      await pool.get(endpoint(broker1?.port)).describeBrokerConfigs(1);
      await pool.get(endpoint(broker1?.port)).describeQuorum();
    }
    expect(broker1?.acceptedConnections).toBe(afterFirstCalls);
  });

  it('replaces the client of a cluster whose endpoint changed', async () => {
    const first = pool.get(endpoint(cluster.servers.get(1)?.port));
    const second = pool.get(endpoint(cluster.servers.get(2)?.port));
    expect(second).not.toBe(first);
    expect((await second.describeCluster()).brokers).toHaveLength(3);
  });
});
