import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeGlobalId } from '../../src/schema/globalId.js';
import { AddBrokersDocument, AddBrokerVolumeDocument, RemoveBrokerDocument, ResizeBrokerVolumeDocument } from '../__generated__/graphql.js';
import { startApiSandbox, type ApiSandbox } from '../support/apiSandbox.js';
import { postGraphQL } from '../support/graphql.js';

let api: ApiSandbox;
let url: string;
let core: CoreV1Api;
let custom: CustomObjectsApi;
const clusterApi = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: 'kafka', plural: 'kafkaclusters', name: 'kafka' };
const clusterId = encodeGlobalId('KafkaCluster', 'kafka', 'kafka');
type ClusterObject = { metadata: { generation: number }; status?: { state?: string }; spec: { brokers: Array<{ id: number; brokerConfig?: { storageConfigs?: Array<{ mountPath: string }> } }> } };
const readCluster = async () => (await custom.getNamespacedCustomObject(clusterApi)) as ClusterObject;

beforeAll(async () => {
  api = await startApiSandbox();
  url = api.server.url;
  core = api.sandbox.kube.kubeConfig.makeApiClient(CoreV1Api);
  custom = api.sandbox.kube.kubeConfig.makeApiClient(CustomObjectsApi);
  const { applyDemoCluster } = await import('../../src/sandbox/demoCluster.js');
  await vi.waitFor(() => applyDemoCluster(api.sandbox.kube.kubeConfig), { timeout: 30_000, interval: 100 });
  await vi.waitFor(async () => expect((await readCluster()).status?.state).toBe('ClusterRunning'), { timeout: 60_000, interval: 100 });
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
    expect(shrink.data?.resizeBrokerVolume.userErrors.map((e) => e.code)).toEqual(['VOLUME_SHRINK']);
    const both = await postGraphQL(url, ResizeBrokerVolumeDocument, { input: { clusterId, brokerId: 2, mountPath: '/kafka-logs', size: '200Gi', incrementBy: '1Gi' } });
    expect(both.data?.resizeBrokerVolume.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);
    const badSize = await postGraphQL(url, AddBrokerVolumeDocument, { input: { clusterId, brokerId: 2, volume: { mountPath: '/kafka-logs-2', size: 'lots' } } });
    expect(badSize.data?.addBrokerVolume.userErrors.map((e) => e.code)).toEqual(['INVALID_SIZE']);
    expect((await readCluster()).metadata.generation).toBe(before);
  });

  it('previews with dryRun, then adds a disk to broker 2 alone in one write', async () => {
    const before = await readCluster();
    const input = { clusterId, brokerId: 2, volume: { mountPath: '/kafka-logs-2', size: '50Gi' }, expectedGeneration: before.metadata.generation };
    const preview = await postGraphQL(url, AddBrokerVolumeDocument, { input: { ...input, dryRun: true } });
    expect(preview.data?.addBrokerVolume).toMatchObject({ dryRun: true, userErrors: [] });
    expect(preview.data?.addBrokerVolume.changes.join(' ')).toContain('/kafka-logs-2');
    expect((await readCluster()).metadata.generation).toBe(before.metadata.generation);

    const done = await postGraphQL(url, AddBrokerVolumeDocument, { input });
    expect(done.data?.addBrokerVolume.userErrors).toEqual([]);
    expect(done.data?.addBrokerVolume.generation).toBe(before.metadata.generation + 1);
    expect(done.data?.addBrokerVolume.cluster?.generation).toBe(before.metadata.generation + 1);
    const after = await readCluster();
    expect(after.spec.brokers.filter((b) => b.brokerConfig?.storageConfigs?.some((s) => s.mountPath === '/kafka-logs-2')).map((b) => b.id)).toEqual([2]);
    await expect.poll(async () => (await core.listNamespacedPersistentVolumeClaim({ namespace: 'kafka', labelSelector: 'brokerId=2' })).items.map((p) => p.metadata?.annotations?.mountPath).sort(), { timeout: 30_000 }).toEqual([
      '/kafka-logs',
      '/kafka-logs-2',
    ]);
  }, 60_000);

  it('adds two brokers in one write, and removes one through the graceful drain', async () => {
    const added = await postGraphQL(url, AddBrokersDocument, { input: { clusterId, count: 2, brokerConfigGroup: 'default' } });
    expect(added.data?.addBrokers.userErrors).toEqual([]);
    expect(added.data?.addBrokers.cluster?.brokers.nodes.map((b) => b.brokerId)).toEqual(expect.arrayContaining([6, 7]));
    expect((await readCluster()).spec.brokers.map((b) => b.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    const removed = await postGraphQL(url, RemoveBrokerDocument, { input: { clusterId, brokerId: 7 } });
    expect(removed.data?.removeBroker.userErrors).toEqual([]);
    expect((await readCluster()).spec.brokers.map((b) => b.id)).not.toContain(7);
  }, 60_000);
});
