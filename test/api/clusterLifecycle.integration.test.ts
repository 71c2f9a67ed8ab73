import type { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { encodeGlobalId } from '../../src/domain/globalId.js';
import { ClusterStateDocument, CreateClusterDocument, DeleteClusterDocument } from '../__generated__/graphql.js';
import { startDemoApiClients, type ApiSandbox } from '../support/apiSandbox.js';
import { postGraphQL } from '../support/graphql.js';

let api: ApiSandbox;
let url: string;
let core: CoreV1Api;
let custom: CustomObjectsApi;
const clustersApi = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: 'kafka', plural: 'kafkaclusters' };
const clusterNames = async () =>
  ((await custom.listNamespacedCustomObject(clustersApi)) as { items: Array<{ metadata: { name: string } }> }).items.map((c) => c.metadata.name).sort();
const podsOf = async (cluster: string) => (await core.listNamespacedPod({ namespace: 'kafka', labelSelector: `app=kafka,kafka_cr=${cluster}` })).items.length;
const pvcsOf = async (cluster: string) =>
  (await core.listNamespacedPersistentVolumeClaim({ namespace: 'kafka', labelSelector: `kafka_cr=${cluster}` })).items.length;
const deleteEvents = async (cluster: string) =>
  (await core.listNamespacedEvent({ namespace: 'kafka', fieldSelector: `involvedObject.name=${cluster},reason=ClusterDeleteRequested` })).items.map(
    (e) => e.message,
  );
const small = { namespace: 'kafka', name: 'small', brokers: 1, controllers: 1, storage: { mountPath: '/kafka-logs', size: '10Gi' } };

beforeAll(async () => {
  ({ api, url, core, custom } = await startDemoApiClients());
}, 90_000);
afterAll(async () => {
  await api.close();
});

describe('creating and deleting clusters over HTTP', () => {
  it('refuses bad input with userErrors, creating nothing', async () => {
    const bad = await postGraphQL(url, CreateClusterDocument, {
      input: { ...small, name: 'Small_1', controllers: 2, storage: { mountPath: '/kafka-logs', size: 'big', storageClass: 'gold' } },
    });
    expect(bad.data?.createCluster.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([
      ['input.name', 'INVALID_INPUT'],
      ['input.controllers', 'INVALID_INPUT'],
      ['input.storage.size', 'INVALID_SIZE'],
      ['input.storage.storageClass', 'NOT_FOUND'],
    ]);
    const noNamespace = await postGraphQL(url, CreateClusterDocument, { input: { ...small, namespace: 'nowhere' } });
    expect(noNamespace.data?.createCluster.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([['input.namespace', 'NOT_FOUND']]);
    const taken = await postGraphQL(url, CreateClusterDocument, { input: { ...small, name: 'kafka' } });
    expect(taken.data?.createCluster.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([['input.name', 'ALREADY_EXISTS']]);
    expect(await clusterNames()).toEqual(['kafka']);
  });

  it('returns the manifest on a dry run, then creates the cluster, which the operator brings up', async () => {
    const preview = await postGraphQL(url, CreateClusterDocument, { input: { ...small, dryRun: true } });
    expect(preview.data?.createCluster).toMatchObject({ cluster: null, dryRun: true, userErrors: [] });
    const manifest = parseYaml(preview.data?.createCluster.manifest ?? '') as { kind: string; spec: { kRaft: boolean; brokers: unknown[] } };
    expect(manifest).toMatchObject({ kind: 'KafkaCluster', metadata: { name: 'small', namespace: 'kafka' }, spec: { kRaft: true } });
    expect(manifest.spec.brokers).toEqual([{ id: 0, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'] } }]);
    expect(await clusterNames()).toEqual(['kafka']);

    const created = await postGraphQL(url, CreateClusterDocument, { input: small });
    expect(created.data?.createCluster.userErrors).toEqual([]);
    expect(created.data?.createCluster.cluster).toMatchObject({ id: encodeGlobalId('KafkaCluster', 'kafka', 'small'), name: 'small', generation: 1 });
    expect(created.data?.createCluster.manifest).toBe(preview.data?.createCluster.manifest);
    const state = async () => (await postGraphQL(url, ClusterStateDocument, { namespace: 'kafka', name: 'small' })).data?.cluster;
    await expect.poll(state, { timeout: 60_000, interval: 200 }).toMatchObject({ state: 'RUNNING', brokers: { nodes: [{ brokerId: 0, state: 'RUNNING' }] } });
    const events = (await core.listNamespacedEvent({ namespace: 'kafka', fieldSelector: 'involvedObject.name=small,reason=ClusterCreateRequested' })).items;
    expect(events.map((e) => e.message)).toEqual([expect.stringContaining('asked by anonymous (auth disabled)')]);
  }, 90_000);

  it('refuses to delete a cluster whose brokers hold topics, deletes an empty one, and a full one only when forced', async () => {
    const demoId = encodeGlobalId('KafkaCluster', 'kafka', 'kafka');
    const refused = await postGraphQL(url, DeleteClusterDocument, { input: { clusterId: demoId } });
    expect(refused.data?.deleteCluster.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([['input.force', 'CLUSTER_HOLDS_DATA']]);
    expect(refused.data?.deleteCluster.dataHeld?.topics).toEqual(['audit-log', 'clickstream', 'orders', 'payments']);
    expect(refused.data?.deleteCluster.dataHeld?.bytes).toBeGreaterThan(0);
    const forcedPreview = await postGraphQL(url, DeleteClusterDocument, { input: { clusterId: demoId, force: true, dryRun: true } });
    expect(forcedPreview.data?.deleteCluster).toMatchObject({ deletedClusterId: demoId, dryRun: true, userErrors: [] });
    expect(await clusterNames()).toEqual(['kafka', 'small']);
    expect(await deleteEvents('kafka')).toEqual([]);

    // The new cluster holds only Kafka's own topics: it goes without force.
    const empty = await postGraphQL(url, DeleteClusterDocument, { input: { clusterId: encodeGlobalId('KafkaCluster', 'kafka', 'small') } });
    expect(empty.data?.deleteCluster).toMatchObject({
      deletedClusterId: encodeGlobalId('KafkaCluster', 'kafka', 'small'),
      dataHeld: { topics: [], replicas: 0 },
      userErrors: [],
    });
    await expect.poll(clusterNames, { timeout: 30_000, interval: 100 }).toEqual(['kafka']);
    // The garbage collector removes what the cluster owned.
    await expect.poll(async () => [await podsOf('small'), await pvcsOf('small')], { timeout: 30_000, interval: 100 }).toEqual([0, 0]);
    expect(await podsOf('kafka')).toBe(6);

    const forced = await postGraphQL(url, DeleteClusterDocument, { input: { clusterId: demoId, force: true } });
    expect(forced.data?.deleteCluster).toMatchObject({ deletedClusterId: demoId, dataHeld: null, userErrors: [] });
    await expect.poll(clusterNames, { timeout: 30_000, interval: 100 }).toEqual([]);
    expect(await deleteEvents('kafka')).toEqual([
      expect.stringMatching(/^KafkaCluster deleted \(forced, whatever its brokers hold\).*\(asked by anonymous \(auth disabled\)\)$/),
    ]);
    const gone = await postGraphQL(url, DeleteClusterDocument, { input: { clusterId: demoId } });
    expect(gone.data?.deleteCluster.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  }, 90_000);
});
