import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CruiseControlClient } from '../../src/cruisecontrol/index.js';
import { KafkaAdminPool } from '../../src/kafka/index.js';
import { previewTask } from '../../src/operator/operations/preview.js';
import { gracefulTask } from '../../src/domain/operationRecord.js';
import type { StoreEvent } from '../../sandbox/kube/index.js';
import {
  NAMESPACE,
  operationApi,
  replicasByBroker,
  startOperationsWorld,
  storage,
  untilClusterServes,
  settledCruiseControl,
  type OperationsWorld,
} from './support/operationsSandbox.js';

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

type Operation = {
  metadata: { name: string };
  status?: { currentTask?: { operation?: string; state?: string; id?: string; parameters?: Record<string, string> }; progress?: { phase?: string } };
};
const operations = async (): Promise<Operation[]> => ((await world.custom.listNamespacedCustomObject(operationApi)) as { items: Operation[] }).items;
const sentTasks = (endpoint: string) =>
  world.sandbox.world
    .cruiseControl(NAMESPACE, 'kafka')
    ?.tasks.list()
    .filter((t) => t.requestUrl.includes(`/${endpoint}?`)) ?? [];
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
    const starting =
      event.type === 'DELETED' ||
      (event.type === 'MODIFIED' && event.object.metadata.deletionTimestamp !== undefined && event.previous?.metadata.deletionTimestamp === undefined);
    if (starting) deleted.push({ resource: event.resource, replicasLeft: replicasByBroker(world.model()).get(id) ?? 0 });
  });
  return { deleted, stop };
}

describe('graceful operations through Cruise Control', () => {
  it('removes broker 1 only after Cruise Control drained it, with one remove_broker task, every partition fully replicated throughout', async () => {
    expect(replicasByBroker(world.model()).get(1)).toBeGreaterThan(50);
    const deletions = watchDeletions(1);
    await world.patchSpec([{ op: 'remove', path: '/spec/brokers/1' }]);

    await expect
      .poll(async () => (await world.readCluster()).status?.brokersState?.['1']?.gracefulActionState?.cruiseControlState, { timeout: 10_000, interval: 20 })
      .toMatch(/GracefulDownscale(Scheduled|Running)/);
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

    // Kafka itself no longer knows broker 1; the KRaft quorum is still its three controllers.
    const admin = new KafkaAdminPool().get({
      cluster: 'kafka/kafka',
      bootstrapServers: (world.sandbox.world.bootstrapServers()[`${NAMESPACE}/kafka`] ?? '').split(','),
    });
    try {
      expect((await admin.describeCluster()).brokers.map((b) => b.id).sort()).toEqual([0, 2, 3, 4, 5]);
      expect((await admin.describeQuorum()).voters.map((v) => v.id).sort()).toEqual([3, 4, 5]);
    } finally {
      await admin.close();
    }
  }, 90_000);

  it('moves load onto two added brokers with one add_broker task', async () => {
    await world.patchSpec([
      { op: 'add', path: '/spec/brokers/-', value: { id: 6, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker'] } } },
      { op: 'add', path: '/spec/brokers/-', value: { id: 7, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker'] } } },
    ]);
    await expect
      .poll(async () => (await world.readCluster()).status?.brokersState?.['6']?.gracefulActionState?.cruiseControlState, { timeout: 20_000, interval: 50 })
      .toBe('GracefulUpscaleRequired');
    await expect
      .poll(
        async () => {
          const state = (await world.readCluster()).status?.brokersState;
          return [state?.['6']?.gracefulActionState?.cruiseControlState, state?.['7']?.gracefulActionState?.cruiseControlState];
        },
        { timeout: 60_000, interval: 50 },
      )
      .toEqual(['GracefulUpscaleSucceeded', 'GracefulUpscaleSucceeded']);

    const counts = replicasByBroker(world.model());
    expect(counts.get(6)).toBeGreaterThan(20);
    expect(counts.get(7)).toBeGreaterThan(20);
    const adds = sentTasks('add_broker');
    expect(adds).toHaveLength(1);
    expect(adds[0]?.requestUrl).toContain('brokerid=6,7');
    expect(world.violations).toEqual([]);
  }, 90_000);

  it('fills a disk added to broker 3, then empties it before its PVC goes', async () => {
    const spec = (await world.custom.getNamespacedCustomObject({
      group: 'kafka.banzaicloud.io',
      version: 'v1beta1',
      namespace: NAMESPACE,
      plural: 'kafkaclusters',
      name: 'kafka',
    })) as { spec: { brokers: Array<{ id: number }> } };
    const index = spec.spec.brokers.findIndex((b) => b.id === 3);
    const extraDir = '/kafka-extra/kafka';
    const inExtra = () =>
      world
        .model()
        .logDirContents(3)
        .find((d) => d.path === extraDir)?.replicas.length ?? -1;
    await world.patchSpec([{ op: 'add', path: `/spec/brokers/${index}/brokerConfig/storageConfigs`, value: [storage('/kafka-extra')] }]);

    await expect.poll(inExtra, { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    await expect
      .poll(
        async () => (await world.readCluster()).status?.brokersState?.['3']?.gracefulActionState?.volumeStates?.['/kafka-extra']?.cruiseControlVolumeState,
        { timeout: 60_000, interval: 50 },
      )
      .toBe('GracefulDiskRebalanceSucceeded');
    expect(sentTasks('rebalance')).toHaveLength(1);
    expect(sentTasks('rebalance')[0]?.requestUrl).toContain('rebalance_disk=true');
    const filled = inExtra();
    expect(filled).toBeGreaterThan(0);

    const extraPvc = () =>
      world.sandbox.kube.api.store
        .list('/persistentvolumeclaims', NAMESPACE)
        .filter((p) => p.metadata.labels?.brokerId === '3' && p.metadata.annotations?.mountPath === '/kafka-extra');
    const pvcGone: number[] = [];
    const stop = world.sandbox.kube.api.store.subscribe((event: StoreEvent) => {
      if (
        event.resource === '/persistentvolumeclaims' &&
        event.object.metadata.annotations?.mountPath === '/kafka-extra' &&
        (event.type === 'DELETED' || event.object.metadata.deletionTimestamp !== undefined)
      ) {
        pvcGone.push(
          world
            .model()
            .logDirContents(3)
            .find((d) => d.path === extraDir)?.replicas.length ?? 0,
        );
      }
    });
    await world.patchSpec([{ op: 'remove', path: `/spec/brokers/${index}/brokerConfig/storageConfigs` }]);
    await expect.poll(() => extraPvc().length, { timeout: 60_000, interval: 50 }).toBe(0);
    stop();

    expect(sentTasks('remove_disks')).toHaveLength(1);
    expect(pvcGone.length).toBeGreaterThan(0);
    expect(pvcGone.every((n) => n === 0)).toBe(true);
    await expect
      .poll(
        () =>
          world
            .model()
            .broker(3)
            ?.logDirs.map((d) => d.path),
        { timeout: 20_000, interval: 50 },
      )
      .toEqual(['/kafka-logs/kafka']);
    await expect
      .poll(async () => (await world.readCluster()).status?.brokersState?.['3']?.gracefulActionState?.volumeStates, { timeout: 20_000, interval: 50 })
      .toBeUndefined();
    expect(world.violations.filter((v) => !v.includes('offline replicas'))).toEqual([]);
  }, 120_000);

  it('retries a drain that ended CompletedWithError, waits out a Cruise Control that is down, and then removes broker 2', async () => {
    // The Cruise Control restarted after the disk added before; the faults go to the one that runs now.
    const cc = await settledCruiseControl(world);
    cc?.faults.failNextExecution();
    const before = sentTasks('remove_broker').length;
    const deletions = watchDeletions(2);
    const spec = (await world.custom.getNamespacedCustomObject({
      group: 'kafka.banzaicloud.io',
      version: 'v1beta1',
      namespace: NAMESPACE,
      plural: 'kafkaclusters',
      name: 'kafka',
    })) as { spec: { brokers: Array<{ id: number }> } };
    await world.patchSpec([{ op: 'remove', path: `/spec/brokers/${spec.spec.brokers.findIndex((b) => b.id === 2)}` }]);

    // The first attempt fails; while its retry waits, Cruise Control goes away for a while.
    await expect
      .poll(async () => (await operations()).find((o) => o.status?.currentTask?.parameters?.brokerid === '2')?.status?.currentTask?.state, {
        timeout: 30_000,
        interval: 20,
      })
      .toBe('CompletedWithError');
    if (cc) cc.faults.unavailable = true;
    await expect
      .poll(async () => (await world.readCluster()).status?.brokersState?.['2']?.gracefulActionState?.cruiseControlState, { timeout: 10_000, interval: 50 })
      .toBe('GracefulDownscaleCompletedWithError');
    expect(brokerObjects(2).length).toBeGreaterThan(0);
    if (cc) cc.faults.unavailable = false;

    await expect.poll(() => brokerObjects(2).length, { timeout: 60_000, interval: 50 }).toBe(0);
    deletions.stop();
    const removal = (await operations()).find((o) => o.status?.currentTask?.parameters?.brokerid === '2') as Operation & {
      status: { retryCount?: number; failedTasks?: unknown[] };
    };
    expect(removal.status.retryCount).toBe(1);
    expect(removal.status.failedTasks).toHaveLength(1);
    expect(sentTasks('remove_broker').length - before).toBe(2);
    expect(deletions.deleted.every((d) => d.replicasLeft === 0)).toBe(true);
    expect(world.violations.filter((v) => !v.includes('offline replicas'))).toEqual([]);
  }, 120_000);

  it('previews a removal without changing anything', async () => {
    // The disk removed before restarted Cruise Control: it previews once it has its windows back.
    await settledCruiseControl(world);
    const cc = new CruiseControlClient({ url: world.sandbox.world.cruiseControlUrls()[`${NAMESPACE}/kafka`] ?? '' });
    const replicasBefore = replicasByBroker(world.model()).get(3);
    const executionsBefore = world.sandbox.world
      .cruiseControl(NAMESPACE, 'kafka')
      ?.tasks.list()
      .filter((t) => t.requestUrl.includes('dryrun=false')).length;
    const preview = await previewTask(cc, gracefulTask('remove_broker', [3]));
    expect(preview?.replicaMovements).toBeGreaterThan(0);
    expect(preview?.dataToMoveMB).toBeGreaterThan(0);
    expect(preview?.brokersAfter.find((b) => b.brokerId === 3)?.replicas).toBe(0);
    expect(replicasByBroker(world.model()).get(3)).toBe(replicasBefore);
    expect(
      world.sandbox.world
        .cruiseControl(NAMESPACE, 'kafka')
        ?.tasks.list()
        .filter((t) => t.requestUrl.includes('dryrun=false')).length,
    ).toBe(executionsBefore);
  }, 30_000);

  it('stops a running execution, pausing its operation so that a retry does not undo the stop', async () => {
    // Broker 2's removal restarts Cruise Control with its new capacity: a task sent to the one it replaces would be lost.
    await settledCruiseControl(world);
    // A drain of broker 0 asked by hand, throttled to one partition move at a time, so it runs long.
    const name = 'kafka-removebroker-manual';
    await world.custom.createNamespacedCustomObject({
      ...operationApi,
      body: {
        apiVersion: 'kafka.banzaicloud.io/v1alpha1',
        kind: 'CruiseControlOperation',
        metadata: { name, labels: { app: 'kafka', kafka_cr: 'kafka' } },
        spec: { errorPolicy: 'retry' },
      },
    });
    await world.custom.patchNamespacedCustomObjectStatus(
      {
        ...operationApi,
        name,
        body: {
          status: {
            currentTask: {
              operation: 'remove_broker',
              parameters: { brokerid: '0', max_partition_movements_in_cluster: '1', concurrent_partition_movements_per_broker: '1' },
            },
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const state = async (n: string) => (await operations()).find((o) => o.metadata.name === n)?.status?.currentTask?.state;
    await expect.poll(() => state(name), { timeout: 30_000, interval: 20 }).toBe('InExecution');
    await world.custom.createNamespacedCustomObject({
      ...operationApi,
      body: {
        apiVersion: 'kafka.banzaicloud.io/v1alpha1',
        kind: 'CruiseControlOperation',
        metadata: { name: 'kafka-stop-manual', labels: { app: 'kafka', kafka_cr: 'kafka' } },
        spec: { errorPolicy: 'retry' },
      },
    });
    await world.custom.patchNamespacedCustomObjectStatus(
      { ...operationApi, name: 'kafka-stop-manual', body: { status: { currentTask: { operation: 'stop_proposal_execution' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );

    await expect.poll(() => state('kafka-stop-manual'), { timeout: 10_000, interval: 20 }).toBe('Completed');
    await expect.poll(() => state(name), { timeout: 10_000, interval: 20 }).toBe('CompletedWithError');
    const stopped = (await world.custom.getNamespacedCustomObject({ ...operationApi, name })) as { metadata: { labels?: Record<string, string> } };
    expect(stopped.metadata.labels?.pause).toBe('true');
    expect(world.sandbox.world.cruiseControl(NAMESPACE, 'kafka')?.executor.state).toBe('NO_TASK_IN_PROGRESS');
    expect(replicasByBroker(world.model()).get(0)).toBeGreaterThan(0);
    expect(sentTasks('remove_broker').filter((t) => t.requestUrl.includes('brokerid=0'))).toHaveLength(1);
  }, 60_000);

  it('deletes a finished operation once its ttlSecondsAfterFinished has passed', async () => {
    const name = 'kafka-rebalance-ttl';
    const before = sentTasks('rebalance').length;
    await world.custom.createNamespacedCustomObject({
      ...operationApi,
      body: {
        apiVersion: 'kafka.banzaicloud.io/v1alpha1',
        kind: 'CruiseControlOperation',
        metadata: { name, labels: { app: 'kafka', kafka_cr: 'kafka' } },
        spec: { errorPolicy: 'retry', ttlSecondsAfterFinished: 0 },
      },
    });
    await world.custom.patchNamespacedCustomObjectStatus(
      { ...operationApi, name, body: { status: { currentTask: { operation: 'rebalance', parameters: {} } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await expect.poll(() => sentTasks('rebalance').length, { timeout: 30_000, interval: 20 }).toBe(before + 1);
    await expect.poll(async () => (await operations()).some((o) => o.metadata.name === name), { timeout: 30_000, interval: 50 }).toBe(false);
  }, 60_000);
});
