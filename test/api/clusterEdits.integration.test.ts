import type { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeGlobalId } from '../../src/domain/globalId.js';
import {
  AddBrokersDocument,
  BrokerEventsDocument,
  AddBrokerVolumeDocument,
  RemoveBrokerDocument,
  RemoveBrokerVolumeDocument,
  ResizeBrokerVolumeDocument,
  RestartBrokerDocument,
  SetBrokerResourcesDocument,
} from '../__generated__/graphql.js';
import { startDemoApiClients, type ApiSandbox } from '../support/apiSandbox.js';
import { postGraphQL } from '../support/graphql.js';

let api: ApiSandbox;
let url: string;
let core: CoreV1Api;
let custom: CustomObjectsApi;
const clusterApi = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: 'kafka', plural: 'kafkaclusters', name: 'kafka' };
const clusterId = encodeGlobalId('KafkaCluster', 'kafka', 'kafka');
type ClusterObject = {
  metadata: { generation: number };
  status?: { state?: string };
  spec: { brokers: Array<{ id: number; brokerConfig?: { storageConfigs?: Array<{ mountPath: string }> } }> };
};
const readCluster = async () => (await custom.getNamespacedCustomObject(clusterApi)) as ClusterObject;
const brokerPods = async () =>
  new Map(
    (await core.listNamespacedPod({ namespace: 'kafka', labelSelector: 'app=kafka,kafka_cr=kafka' })).items
      .filter((p) => p.metadata?.deletionTimestamp === undefined)
      .map((p) => [Number(p.metadata?.labels?.brokerId), p]),
  );
const podUids = async () => new Map([...(await brokerPods())].map(([id, p]) => [id, p.metadata?.uid]));
const volumeState = async (brokerId: number, mountPath: string) =>
  (
    (await readCluster()).status as
      { brokersState?: Record<string, { gracefulActionState?: { volumeStates?: Record<string, { cruiseControlVolumeState: string }> } }> } | undefined
  )?.brokersState?.[String(brokerId)]?.gracefulActionState?.volumeStates?.[mountPath]?.cruiseControlVolumeState;
const eventsAbout = async (reason: string) =>
  (await core.listNamespacedEvent({ namespace: 'kafka', fieldSelector: `involvedObject.kind=KafkaCluster,reason=${reason}` })).items;

beforeAll(async () => {
  ({ api, url, core, custom } = await startDemoApiClients());
}, 90_000);
afterAll(async () => {
  await api.close();
});

describe('cluster edit mutations over HTTP', () => {
  it('refuses bad input with typed userErrors and writes nothing', async () => {
    const before = (await readCluster()).metadata.generation;
    const unknown = await postGraphQL(url, RemoveBrokerDocument, { input: { clusterId, brokerId: 42 } });
    expect(unknown.data?.removeBroker.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([['input.brokerId', 'NOT_FOUND']]);
    const stale = await postGraphQL(url, RemoveBrokerDocument, { input: { clusterId, brokerId: 5, expectedGeneration: before - 1 } });
    expect(stale.data?.removeBroker.userErrors.map((e) => e.code)).toEqual(['STALE_GENERATION']);
    const tooMany = await postGraphQL(url, AddBrokersDocument, { input: { clusterId, count: 0 } });
    expect(tooMany.data?.addBrokers.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([['input.count', 'INVALID_INPUT']]);
    const shrink = await postGraphQL(url, ResizeBrokerVolumeDocument, { input: { clusterId, brokerId: 2, mountPath: '/kafka-logs', size: '1Mi' } });
    expect(shrink.data?.resizeBrokerVolume.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([['input.size', 'VOLUME_SHRINK']]);
    const both = await postGraphQL(url, ResizeBrokerVolumeDocument, {
      input: { clusterId, brokerId: 2, mountPath: '/kafka-logs', size: '200Gi', incrementBy: '1Gi' },
    });
    expect(both.data?.resizeBrokerVolume.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);
    const badSize = await postGraphQL(url, AddBrokerVolumeDocument, {
      input: { clusterId, brokerId: 2, volume: { mountPath: '/kafka-logs-2', size: 'lots' } },
    });
    expect(badSize.data?.addBrokerVolume.userErrors.map((e) => e.code)).toEqual(['INVALID_SIZE']);
    expect((await readCluster()).metadata.generation).toBe(before);
  });

  it('previews with dryRun, then adds a disk to broker 2 alone in one write', async () => {
    const before = await readCluster();
    const input = { clusterId, brokerId: 2, volume: { mountPath: '/kafka-logs-2', size: '50Gi' }, expectedGeneration: before.metadata.generation };
    const preview = await postGraphQL(url, AddBrokerVolumeDocument, { input: { ...input, dryRun: true } });
    expect(preview.data?.addBrokerVolume).toMatchObject({ dryRun: true, userErrors: [] });
    expect(preview.data?.addBrokerVolume.changes.join(' ')).toContain('/kafka-logs-2');
    expect(preview.data?.addBrokerVolume.restartedBrokers).toEqual([2]);
    expect((await readCluster()).metadata.generation).toBe(before.metadata.generation);

    const done = await postGraphQL(url, AddBrokerVolumeDocument, { input });
    expect(done.data?.addBrokerVolume.userErrors).toEqual([]);
    expect(done.data?.addBrokerVolume.generation).toBe(before.metadata.generation + 1);
    expect(done.data?.addBrokerVolume.cluster?.generation).toBe(before.metadata.generation + 1);
    const after = await readCluster();
    expect(after.spec.brokers.filter((b) => b.brokerConfig?.storageConfigs?.some((s) => s.mountPath === '/kafka-logs-2')).map((b) => b.id)).toEqual([2]);
    await expect
      .poll(
        async () =>
          (await core.listNamespacedPersistentVolumeClaim({ namespace: 'kafka', labelSelector: 'brokerId=2' })).items
            .map((p) => p.metadata?.annotations?.mountPath)
            .sort(),
        { timeout: 30_000 },
      )
      .toEqual(['/kafka-logs', '/kafka-logs-2']);
  }, 60_000);

  it('removes the disk added to broker 2 through remove_disks, its PVC going only after', async () => {
    // The disk is first filled by a disk rebalance; a removal is refused while that runs.
    await expect.poll(() => volumeState(2, '/kafka-logs-2'), { timeout: 60_000, interval: 200 }).toBe('GracefulDiskRebalanceSucceeded');
    const groupDisk = await postGraphQL(url, RemoveBrokerVolumeDocument, { input: { clusterId, brokerId: 2, mountPath: '/kafka-logs' } });
    // Broker 2 is a controller too, and that disk holds its metadata log.
    expect(groupDisk.data?.removeBrokerVolume.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([
      ['input.mountPath', 'VOLUME_FROM_GROUP'],
      ['input.mountPath', 'BROKER_IS_CONTROLLER'],
    ]);

    const previewed = await postGraphQL(url, RemoveBrokerVolumeDocument, { input: { clusterId, brokerId: 2, mountPath: '/kafka-logs-2', dryRun: true } });
    expect(previewed.data?.removeBrokerVolume).toMatchObject({ dryRun: true, previewError: null, userErrors: [] });
    // remove_disks moves replicas between the disks of broker 2 only.
    expect(previewed.data?.removeBrokerVolume.preview?.intraBrokerReplicaMovements).toBeGreaterThan(0);
    const removed = await postGraphQL(url, RemoveBrokerVolumeDocument, { input: { clusterId, brokerId: 2, mountPath: '/kafka-logs-2' } });
    expect(removed.data?.removeBrokerVolume.userErrors).toEqual([]);
    // The payload carries the drain the operator started, for a script to follow.
    expect(removed.data?.removeBrokerVolume.operations).toEqual([
      expect.objectContaining({ type: 'REMOVE_DISKS', logDirs: [{ brokerId: 2, logDir: '/kafka-logs-2/kafka' }] }),
    ]);
    expect((await readCluster()).spec.brokers.find((b) => b.id === 2)?.brokerConfig?.storageConfigs ?? []).toEqual([]);
    const pvcPaths = async () =>
      (await core.listNamespacedPersistentVolumeClaim({ namespace: 'kafka', labelSelector: 'brokerId=2' })).items
        .map((p) => p.metadata?.annotations?.mountPath)
        .sort();
    // Still there right after the edit: nothing is deleted before Cruise Control drained it.
    expect(await pvcPaths()).toEqual(['/kafka-logs', '/kafka-logs-2']);
    // The drain's task is read from the Cruise Control that ran it: the capacity of a broker with one
    // disk less restarts Cruise Control once the drain is over, and a new one knows no earlier task.
    const removeDisksTasks = () =>
      api.sandbox.world
        .cruiseControl('kafka', 'kafka')
        ?.tasks.list()
        .filter((t) => t.requestUrl.includes('/remove_disks?') && t.requestUrl.includes('dryrun=false')) ?? [];
    let tasks = removeDisksTasks();
    await vi.waitFor(
      () => {
        tasks = removeDisksTasks();
        expect(tasks.length).toBeGreaterThan(0);
      },
      { timeout: 60_000, interval: 50 },
    );
    await expect.poll(pvcPaths, { timeout: 60_000, interval: 200 }).toEqual(['/kafka-logs']);
    expect(tasks).toHaveLength(1);
    expect(decodeURIComponent(tasks[0]?.requestUrl ?? '')).toContain('brokerid_and_logdirs=2-/kafka-logs-2/kafka');
    const events = await eventsAbout('RemoveBrokerVolumeRequested');
    expect(events.map((e) => e.message)).toEqual([expect.stringMatching(/remove \/kafka-logs-2 from broker 2 .*\(asked by anonymous \(auth disabled\)\)/)]);
  }, 120_000);

  it('gives broker 1 more CPU, restarting broker 1 alone, and refuses what no Node can hold', async () => {
    const before = await podUids();
    const tooBig = await postGraphQL(url, SetBrokerResourcesDocument, { input: { clusterId, brokerId: 1, requests: { cpu: '100' } } });
    expect(tooBig.data?.setBrokerResources.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([['input.requests', 'INSUFFICIENT_CAPACITY']]);
    const above = await postGraphQL(url, SetBrokerResourcesDocument, { input: { clusterId, brokerId: 1, requests: { cpu: '4' }, limits: { cpu: '3' } } });
    expect(above.data?.setBrokerResources.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);

    const done = await postGraphQL(url, SetBrokerResourcesDocument, {
      input: { clusterId, brokerId: 1, requests: { cpu: '3', memory: '6Gi' }, limits: { cpu: '4', memory: '8Gi' } },
    });
    expect(done.data?.setBrokerResources.userErrors).toEqual([]);
    expect(done.data?.setBrokerResources.changes).toContain('restart broker 1 to apply them');
    expect(done.data?.setBrokerResources.restartedBrokers).toEqual([1]);
    await expect
      .poll(async () => (await brokerPods()).get(1)?.spec?.containers.find((c) => c.name === 'kafka')?.resources, { timeout: 60_000, interval: 200 })
      .toMatchObject({ requests: { cpu: '3', memory: '6Gi' }, limits: { cpu: '4', memory: '8Gi' } });
    const after = await podUids();
    expect(after.get(1)).not.toBe(before.get(1));
    for (const id of [0, 3, 4, 5]) expect(after.get(id)).toBe(before.get(id));
  }, 90_000);

  it('restarts broker 4 alone on request, the spec unchanged, and says who asked', async () => {
    const before = await podUids();
    const generation = (await readCluster()).metadata.generation;
    const unknown = await postGraphQL(url, RestartBrokerDocument, { input: { clusterId, brokerId: 42 } });
    expect(unknown.data?.restartBroker.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    const stale = await postGraphQL(url, RestartBrokerDocument, { input: { clusterId, brokerId: 4, expectedGeneration: generation - 1 } });
    expect(stale.data?.restartBroker.userErrors.map((e) => e.code)).toEqual(['STALE_GENERATION']);
    const preview = await postGraphQL(url, RestartBrokerDocument, { input: { clusterId, brokerId: 4, dryRun: true, expectedGeneration: generation } });
    expect(preview.data?.restartBroker).toMatchObject({ dryRun: true, userErrors: [] });

    const asked = await postGraphQL(url, RestartBrokerDocument, { input: { clusterId, brokerId: 4 } });
    expect(asked.data?.restartBroker.userErrors).toEqual([]);
    expect(asked.data?.restartBroker.restartedBrokers).toEqual([4]);
    await expect.poll(async () => (await podUids()).get(4), { timeout: 60_000, interval: 200 }).not.toBe(before.get(4));
    await vi.waitFor(async () => expect((await brokerPods()).get(4)?.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True'), {
      timeout: 60_000,
      interval: 200,
    });
    const after = await podUids();
    for (const id of [0, 1, 3, 5]) expect(after.get(id)).toBe(before.get(id));
    expect((await readCluster()).metadata.generation).toBe(generation);
    // The new Pod carries the request it answered, so no second restart follows.
    const asking = ((await custom.getNamespacedCustomObject(clusterApi)) as { metadata: { annotations?: Record<string, string> } }).metadata.annotations?.[
      'restart.kafkaplane.io/broker-4'
    ];
    expect((await brokerPods()).get(4)?.metadata?.annotations?.['kafkaplane.io/restart-requested']).toBe(asking);
    expect((await eventsAbout('RestartBrokerRequested')).map((e) => e.message)).toEqual([expect.stringContaining('asked by anonymous (auth disabled)')]);

    // Broker 4's own history: the restart the operator made, and the scheduling of its new Pod, newest first.
    const history = async () =>
      (await postGraphQL(url, BrokerEventsDocument, { namespace: 'kafka', name: 'kafka', brokerId: 4 })).data?.cluster?.broker?.events.nodes ?? [];
    await expect
      .poll(async () => (await history()).map((e) => e.reason), { timeout: 10_000, interval: 100 })
      .toEqual(expect.arrayContaining(['BrokerRestartRequested', 'Killing', 'Scheduled', 'Started']));
    const events = await history();
    const newPod = (await brokerPods()).get(4)?.metadata?.name ?? '';
    expect(events.find((e) => e.reason === 'Scheduled' && e.involvedObject.name === newPod)).toBeDefined();
    // Its init containers start first, then kafka, each with its Event.
    expect(events.filter((e) => e.reason === 'Started' && e.involvedObject.name === newPod).map((e) => e.message)).toContain('Started container kafka');
    expect(events.find((e) => e.reason === 'Killing')?.involvedObject.name).not.toBe(newPod);
    // The Pod's name as the API server completed it, not the generateName asked for.
    expect(events.map((e) => e.message)).toContain(`created Pod ${newPod} for broker 4`);
    expect(
      events.every((e) =>
        e.involvedObject.kind === 'KafkaCluster' ? /\bbroker 4\b|brokerid=4\b|4-\//.test(e.message) : /^kafka-(config-)?4(-|$)/.test(e.involvedObject.name),
      ),
    ).toBe(true);
  }, 90_000);

  it('adds two brokers in one write, and removes one through the graceful drain', async () => {
    const added = await postGraphQL(url, AddBrokersDocument, { input: { clusterId, count: 2, brokerConfigGroup: 'default' } });
    expect(added.data?.addBrokers.userErrors).toEqual([]);
    expect(added.data?.addBrokers.cluster?.brokers.nodes.map((b) => b.brokerId)).toEqual(expect.arrayContaining([6, 7]));
    expect((await readCluster()).spec.brokers.map((b) => b.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    // A dry run shows Cruise Control's proposal for the drain; nothing is written. The new brokers'
    // capacity restarts Cruise Control, and until its monitor has windows again the preview says
    // so and asks to retry: a dry run writes nothing, so the test retries as a user would.
    const preview = () => postGraphQL(url, RemoveBrokerDocument, { input: { clusterId, brokerId: 3, dryRun: true } });
    let previewed = await preview();
    await vi.waitFor(
      async () => {
        if (previewed.data?.removeBroker.previewError?.includes('not collected enough metric windows yet') === true) previewed = await preview();
        expect(previewed.data?.removeBroker.previewError ?? null).toBeNull();
      },
      { timeout: 60_000, interval: 500 },
    );
    expect(previewed.data?.removeBroker).toMatchObject({ dryRun: true, previewError: null, restartedBrokers: [], userErrors: [] });
    expect(previewed.data?.removeBroker.preview?.replicaMovements).toBeGreaterThan(0);
    expect(previewed.data?.removeBroker.preview?.brokersAfter.find((b) => b.brokerId === 3)?.replicas).toBe(0);
    expect((await readCluster()).spec.brokers.map((b) => b.id)).toContain(3);

    const removed = await postGraphQL(url, RemoveBrokerDocument, { input: { clusterId, brokerId: 7 } });
    expect(removed.data?.removeBroker.userErrors).toEqual([]);
    expect((await readCluster()).spec.brokers.map((b) => b.id)).not.toContain(7);
  }, 120_000);
});
