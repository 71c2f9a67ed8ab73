import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreEvent } from '../../src/sandbox/kube/index.js';
import { NAMESPACE, operationApi, replicasByBroker, startOperationsWorld, storage, untilClusterServes, type OperationsWorld } from './support/operationsSandbox.js';

let world: OperationsWorld;

beforeAll(async () => {
  world = await startOperationsWorld();
  await world.startOperator();
  await world.createCluster();
  await untilClusterServes(world);
  world.watchInvariants();
}, 60_000);
afterAll(async () => {
  await world.close();
});

type Operation = { metadata: { name: string }; status?: { currentTask?: { operation?: string; state?: string; id?: string; parameters?: Record<string, string> }; progress?: { phase?: string } } };
const operations = async (): Promise<Operation[]> => ((await world.custom.listNamespacedCustomObject(operationApi)) as { items: Operation[] }).items;
const sentTasks = (endpoint: string) => world.sandbox.world.cruiseControl(NAMESPACE, 'kafka')?.tasks.list().filter((t) => t.requestUrl.includes(`/${endpoint}?`)) ?? [];
const brokerObjects = (id: number) =>
  ['/pods', '/persistentvolumeclaims', '/configmaps', '/services'].flatMap((resource) =>
    world.sandbox.kube.api.store.list(resource, NAMESPACE).filter((o) => o.metadata.labels?.brokerId === String(id) && o.metadata.labels?.kafka_cr === 'kafka'),
  );

/** Deletions of a broker's objects, with the replicas Kafka still had on it at that moment. */
function watchDeletions(id: number): { deleted: Array<{ resource: string; replicasLeft: number }>; stop: () => void } {
  const deleted: Array<{ resource: string; replicasLeft: number }> = [];
  const stop = world.sandbox.kube.api.store.subscribe((event: StoreEvent) => {
    const labels = event.object.metadata.labels;
    if (labels?.brokerId !== String(id) || labels.kafka_cr !== 'kafka') return;
    const starting = event.type === 'DELETED' || (event.type === 'MODIFIED' && event.object.metadata.deletionTimestamp !== undefined && event.previous?.metadata.deletionTimestamp === undefined);
    if (starting) deleted.push({ resource: event.resource, replicasLeft: replicasByBroker(world.model()).get(id) ?? 0 });
  });
  return { deleted, stop };
}

describe('graceful operations through Cruise Control', () => {
  it('removes broker 1 only after Cruise Control drained it, with one remove_broker task, every partition fully replicated throughout', async () => {
    expect(replicasByBroker(world.model()).get(1)).toBeGreaterThan(50);
    const deletions = watchDeletions(1);
    await world.patchSpec([{ op: 'remove', path: '/spec/brokers/1' }]);

    await expect.poll(async () => (await world.readCluster()).status?.brokersState?.['1']?.gracefulActionState?.cruiseControlState, { timeout: 10_000, interval: 20 }).toMatch(/GracefulDownscale(Scheduled|Running)/);
    await expect.poll(() => brokerObjects(1).length, { timeout: 60_000, interval: 50 }).toBe(0);
    await expect.poll(async () => (await world.readCluster()).status?.brokersState?.['1'], { timeout: 10_000, interval: 50 }).toBeUndefined();
    deletions.stop();

    expect(replicasByBroker(world.model()).get(1) ?? 0).toBe(0);
    expect(deletions.deleted.map((d) => d.resource)).toEqual(expect.arrayContaining(['/pods', '/persistentvolumeclaims', '/configmaps', '/services']));
    expect(deletions.deleted.every((d) => d.replicasLeft === 0)).toBe(true);
    const pvcDeletions = deletions.deleted.filter((d) => d.resource === '/persistentvolumeclaims');
    expect(pvcDeletions.length).toBeGreaterThan(0);
    expect(sentTasks('remove_broker')).toHaveLength(1);
    const [removal] = (await operations()).filter((o) => o.status?.currentTask?.operation === 'remove_broker');
    expect(removal?.status?.currentTask).toMatchObject({ state: 'Completed', parameters: { brokerid: '1' } });
    expect(removal?.status?.progress?.phase).toBe('Completed');
    expect(world.violations).toEqual([]);
  }, 90_000);

  it('moves load onto two added brokers with one add_broker task', async () => {
    await world.patchSpec([
      { op: 'add', path: '/spec/brokers/-', value: { id: 6, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker'] } } },
      { op: 'add', path: '/spec/brokers/-', value: { id: 7, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker'] } } },
    ]);
    await expect.poll(async () => (await world.readCluster()).status?.brokersState?.['6']?.gracefulActionState?.cruiseControlState, { timeout: 20_000, interval: 50 }).toBe('GracefulUpscaleRequired');
    await expect.poll(async () => {
      const state = (await world.readCluster()).status?.brokersState;
      return [state?.['6']?.gracefulActionState?.cruiseControlState, state?.['7']?.gracefulActionState?.cruiseControlState];
    }, { timeout: 60_000, interval: 50 }).toEqual(['GracefulUpscaleSucceeded', 'GracefulUpscaleSucceeded']);

    const counts = replicasByBroker(world.model());
    expect(counts.get(6)).toBeGreaterThan(20);
    expect(counts.get(7)).toBeGreaterThan(20);
    const adds = sentTasks('add_broker');
    expect(adds).toHaveLength(1);
    expect(adds[0]?.requestUrl).toContain('brokerid=6,7');
    expect(world.violations).toEqual([]);
  }, 90_000);

  it('fills a disk added to broker 3, then empties it before its PVC goes', async () => {
    const spec = (await world.custom.getNamespacedCustomObject({ group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: NAMESPACE, plural: 'kafkaclusters', name: 'kafka' })) as { spec: { brokers: Array<{ id: number }> } };
    const index = spec.spec.brokers.findIndex((b) => b.id === 3);
    const extraDir = '/kafka-extra/kafka';
    const inExtra = () => world.model().logDirContents(3).find((d) => d.path === extraDir)?.replicas.length ?? -1;
    await world.patchSpec([{ op: 'add', path: `/spec/brokers/${index}/brokerConfig/storageConfigs`, value: [storage('/kafka-extra')] }]);

    await expect.poll(inExtra, { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    await expect.poll(async () => (await world.readCluster()).status?.brokersState?.['3']?.gracefulActionState?.volumeStates?.['/kafka-extra']?.cruiseControlVolumeState, { timeout: 60_000, interval: 50 }).toBe('GracefulDiskRebalanceSucceeded');
    expect(sentTasks('rebalance')).toHaveLength(1);
    expect(sentTasks('rebalance')[0]?.requestUrl).toContain('rebalance_disk=true');
    const filled = inExtra();
    expect(filled).toBeGreaterThan(0);

    const extraPvc = () => world.sandbox.kube.api.store.list('/persistentvolumeclaims', NAMESPACE).filter((p) => p.metadata.labels?.brokerId === '3' && p.metadata.annotations?.mountPath === '/kafka-extra');
    const pvcGone: number[] = [];
    const stop = world.sandbox.kube.api.store.subscribe((event: StoreEvent) => {
      if (event.resource === '/persistentvolumeclaims' && event.object.metadata.annotations?.mountPath === '/kafka-extra' && (event.type === 'DELETED' || event.object.metadata.deletionTimestamp !== undefined)) {
        pvcGone.push(world.model().logDirContents(3).find((d) => d.path === extraDir)?.replicas.length ?? 0);
      }
    });
    await world.patchSpec([{ op: 'remove', path: `/spec/brokers/${index}/brokerConfig/storageConfigs` }]);
    await expect.poll(() => extraPvc().length, { timeout: 60_000, interval: 50 }).toBe(0);
    stop();

    expect(sentTasks('remove_disks')).toHaveLength(1);
    expect(pvcGone.length).toBeGreaterThan(0);
    expect(pvcGone.every((n) => n === 0)).toBe(true);
    await expect.poll(() => world.model().broker(3)?.logDirs.map((d) => d.path), { timeout: 20_000, interval: 50 }).toEqual(['/kafka-logs/kafka']);
    await expect.poll(async () => (await world.readCluster()).status?.brokersState?.['3']?.gracefulActionState?.volumeStates, { timeout: 20_000, interval: 50 }).toBeUndefined();
    expect(world.violations.filter((v) => !v.includes('offline replicas'))).toEqual([]);
  }, 120_000);
});
