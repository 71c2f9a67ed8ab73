import { startBrokerServer, type BrokerServer, type BrokerServerOptions } from '../../../../sandbox/kafka/brokerServer.js';
import { MemoryBackend } from './memoryBackend.js';

export const CLUSTER_ID = 'MkU3OEVBNTcwNTJENDM2Qg';
export const CONTROLLERS = [3000, 3001, 3002];

export const GiB = 1024n ** 3n;

/**
 * Three brokers (1, 2, 3) of one cluster, each with its own server on 127.0.0.1, two log dirs
 * on broker 1, a topic "orders" with two partitions, and three KRaft controllers.
 */
export async function startCluster(
  onRequest?: BrokerServerOptions['onRequest'],
): Promise<{ backend: MemoryBackend; servers: Map<number, BrokerServer>; close: () => Promise<void> }> {
  const backend = new MemoryBackend(CLUSTER_ID, CONTROLLERS);
  const servers = new Map<number, BrokerServer>();
  for (const id of [1, 2, 3]) {
    const server = await startBrokerServer({ host: '127.0.0.1', port: 0, brokerId: id, backend, ...(onRequest ? { onRequest } : {}) });
    servers.set(id, server);
    backend.addBroker(
      { id, host: '127.0.0.1', port: server.port, rack: `zone-${id}`, fenced: false },
      [
        {
          path: `/kafka-logs/disk0/kafka`,
          offline: false,
          totalBytes: 10n * GiB,
          usableBytes: 10n * GiB - BigInt(id) * 1000n,
          replicas: [{ topic: 'orders', partition: 0, sizeBytes: BigInt(id) * 1000n, offsetLag: 0n, future: false }],
        },
        ...(id === 1 ? [{ path: '/kafka-logs/disk1/kafka', offline: false, totalBytes: 20n * GiB, usableBytes: 20n * GiB, replicas: [] }] : []),
      ],
      { 'node.id': String(id), 'log.dirs': '/kafka-logs/disk0/kafka', 'process.roles': 'broker', 'num.io.threads': '8' },
    );
  }
  backend.topicList = [
    {
      name: 'orders',
      id: Buffer.alloc(16, 7),
      internal: false,
      partitions: [
        { index: 0, leader: 1, leaderEpoch: 4, replicas: [1, 2, 3], isr: [1, 2, 3], offlineReplicas: [] },
        { index: 1, leader: 2, leaderEpoch: 2, replicas: [2, 3, 1], isr: [2, 3], offlineReplicas: [] },
      ],
    },
  ];
  return {
    backend,
    servers,
    close: async () => {
      await Promise.all([...servers.values()].map((s) => s.close()));
    },
  };
}
