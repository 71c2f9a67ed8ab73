import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaAdminPool } from '../../src/kafka/index.js';
import type { StoreEvent } from '../../sandbox/kube/index.js';
import { NAMESPACE, startOperationsWorld, storage, untilClusterServes, type OperationsWorld } from './support/operationsSandbox.js';

let world: OperationsWorld;
const pool = new KafkaAdminPool({ retries: 1, backoffMs: 20 });

beforeAll(async () => {
  world = await startOperationsWorld();
  await world.startOperator();
  await world.createCluster();
  await untilClusterServes(world);
}, 60_000);
afterAll(async () => {
  await pool.close();
  await world.close();
});

const admin = () => pool.get({ cluster: 'kafka/kafka', bootstrapServers: (world.sandbox.world.bootstrapServers()[`${NAMESPACE}/kafka`] ?? '').split(',') });
const voters = async () => (await admin().describeQuorum()).voters.map((v) => v.id).sort((a, b) => a - b);
const nodeObjects = (id: number) =>
  ['/pods', '/persistentvolumeclaims', '/configmaps', '/services'].flatMap((resource) =>
    world.sandbox.kube.api.store.list(resource, NAMESPACE).filter((o) => o.metadata.labels?.brokerId === String(id) && o.metadata.labels?.kafka_cr === 'kafka'),
  );
const events = async (reason: string) =>
  (await world.core.listNamespacedEvent({ namespace: NAMESPACE })).items.filter((e) => e.reason === reason).map((e) => e.message ?? '');

describe('KRaft controllers as nodes of a dynamic quorum', () => {
  it('makes a controller added to the spec a voter once it has caught up', async () => {
    expect(await voters()).toEqual([3, 4, 5]);
    await world.patchSpec([
      {
        op: 'add',
        path: '/spec/brokers/-',
        value: { id: 6, brokerConfig: { processRoles: ['controller'], storageConfigs: [storage('/kafka-logs', '10Gi')] } },
      },
    ]);
    // It formats with --no-initial-controllers and fetches the log as an observer first (the
    // sandbox's voters change only through AddRaftVoter, whose Event follows).
    await expect.poll(voters, { timeout: 60_000, interval: 100 }).toEqual([3, 4, 5, 6]);
    const quorum = await admin().describeQuorum();
    expect(quorum.voters.find((v) => v.id === 6)?.directoryId).toEqual(world.model().broker(6)?.metadataDirectoryId.toString('base64url'));
    expect(await events('ControllerPromoted')).toEqual([expect.stringContaining('controller 6 is now a voter of the KRaft quorum')]);
  }, 120_000);

  it('removes a controller from the voters before any of its objects goes', async () => {
    const votersAtDeletion: number[][] = [];
    const stop = world.sandbox.kube.api.store.subscribe((event: StoreEvent) => {
      const labels = event.object.metadata.labels;
      if (labels?.brokerId !== '6' || labels.kafka_cr !== 'kafka') return;
      const starting =
        event.type === 'DELETED' ||
        (event.type === 'MODIFIED' && event.object.metadata.deletionTimestamp !== undefined && event.previous?.metadata.deletionTimestamp === undefined);
      if (starting)
        votersAtDeletion.push(
          world
            .model()
            .quorum.voters()
            .map((v) => v.id),
        );
    });
    try {
      await world.patchSpec([{ op: 'remove', path: '/spec/brokers/6' }]);
      await expect.poll(() => nodeObjects(6).length, { timeout: 60_000, interval: 50 }).toBe(0);
      expect(await voters()).toEqual([3, 4, 5]);
      expect(votersAtDeletion.length).toBeGreaterThan(0);
      expect(votersAtDeletion.filter((ids) => ids.includes(6))).toEqual([]);
      expect(await events('ControllerDemoted')).toEqual([expect.stringContaining('controller 6 is no longer a voter')]);
    } finally {
      stop();
    }
  }, 120_000);

  it('refuses to remove more controllers than the quorum can lose, and changes nothing', async () => {
    const before = [4, 5].map((id) =>
      nodeObjects(id)
        .map((o) => o.metadata.uid)
        .sort(),
    );
    await world.patchSpec([
      { op: 'remove', path: '/spec/brokers/5' },
      { op: 'remove', path: '/spec/brokers/4' },
    ]);
    const blocked = async () =>
      ((await world.readCluster()).status as { conditions?: Array<{ type: string; message: string }> } | undefined)?.conditions?.find(
        (c) => c.type === 'StepBlocked',
      )?.message ?? '';
    await expect
      .poll(blocked, { timeout: 30_000, interval: 50 })
      .toMatch(/cannot remove controller 4: 1 controller\(s\) in the spec would not be a majority of the 3 controllers/);
    await expect.poll(() => events('ControllerRemovalRefused'), { timeout: 10_000, interval: 50 }).not.toEqual([]);
    expect(await voters()).toEqual([3, 4, 5]);
    expect(
      [4, 5].map((id) =>
        nodeObjects(id)
          .map((o) => o.metadata.uid)
          .sort(),
      ),
    ).toEqual(before);
    expect(
      nodeObjects(4)
        .concat(nodeObjects(5))
        .filter((o) => o.metadata.deletionTimestamp !== undefined),
    ).toEqual([]);
  }, 60_000);
});
