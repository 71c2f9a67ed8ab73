import type { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/domain/globalId.js';
import { AddBrokersDocument, ClusterQuorumDocument, RemoveBrokerDocument } from '../__generated__/graphql.js';
import { startDemoApiClients, type ApiSandbox } from '../support/apiSandbox.js';
import { postGraphQL } from '../support/graphql.js';

let api: ApiSandbox;
let url: string;
let core: CoreV1Api;
const clusterId = encodeGlobalId('KafkaCluster', 'kafka', 'kafka');

beforeAll(async () => {
  ({ api, url, core } = await startDemoApiClients());
}, 90_000);
afterAll(async () => {
  await api.close();
});

const quorum = async () => {
  const result = await postGraphQL(url, ClusterQuorumDocument, { id: clusterId });
  const node = result.data?.node;
  if (node?.__typename !== 'KafkaCluster') throw new Error(`no cluster: ${JSON.stringify(result.errors)}`);
  return node.quorum;
};
const voterIds = async () => (await quorum()).voters.map((v) => v.nodeId).sort((a, b) => a - b);
const nodeObjects = async (id: number) =>
  (await core.listNamespacedPersistentVolumeClaim({ namespace: 'kafka', labelSelector: `app=kafka,kafka_cr=kafka,brokerId=${id}` })).items.length;

describe('the KRaft quorum over GraphQL', () => {
  it('reports the voters and observers as Kafka does, with their lag', async () => {
    const q = await quorum();
    expect(q).toMatchObject({ reachable: true, controllers: [{ brokerId: 0 }, { brokerId: 1 }, { brokerId: 2 }] });
    expect(q.voters.map((v) => v.nodeId)).toEqual([0, 1, 2]);
    expect(q.observers.map((o) => o.nodeId).sort()).toEqual([3, 4, 5]);
    for (const replica of [...q.voters, ...q.observers]) {
      expect(replica.directoryId).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(replica.lag).toBe(0);
      expect(replica.lastCaughtUpTimestamp).not.toBeNull();
    }
  });

  it('adds a controller with addBrokers: it becomes a voter; removeBroker takes it out of the voters, then its disks go', async () => {
    const added = await postGraphQL(url, AddBrokersDocument, {
      input: { clusterId, count: 1, processRoles: ['CONTROLLER'], storage: { mountPath: '/kafka-logs', size: '10Gi' } },
    });
    expect(added.data?.addBrokers.userErrors).toEqual([]);
    expect(added.data?.addBrokers.changes).toEqual(['add broker 6 from its own config (/kafka-logs) with roles controller']);
    await expect.poll(voterIds, { timeout: 60_000, interval: 100 }).toEqual([0, 1, 2, 6]);
    expect((await quorum()).observers.map((o) => o.nodeId)).not.toContain(6);

    const removed = await postGraphQL(url, RemoveBrokerDocument, { input: { clusterId, brokerId: 6 } });
    expect(removed.data?.removeBroker.userErrors).toEqual([]);
    await expect.poll(() => nodeObjects(6), { timeout: 60_000, interval: 100 }).toBe(0);
    // What the API shows is Kafka's answer of a moment ago (the read model keeps it briefly).
    await expect.poll(voterIds, { timeout: 30_000, interval: 100 }).toEqual([0, 1, 2]);
  }, 150_000);
});
