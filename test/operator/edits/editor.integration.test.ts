import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, StorageV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installCrds } from '../../../src/k8s/installCrds.js';
import { MemoryObjectCache, type CustomResource } from '../../../src/k8s/objectCache.js';
import { createLogger } from '../../../src/logging.js';
import { addBroker, addBrokerVolume, ClusterEditor, editError } from '../../../src/operator/edits/index.js';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';
import { kraftSpecInput } from '../../support/clusterSpecs.js';
import { volume } from './fixtures.js';

const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });
const clusterApi = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: 'kafka', plural: 'kafkaclusters', name: 'kafka' };
const ref = { namespace: 'kafka', name: 'kafka' };
let sandbox: KubeSandbox;
let custom: CustomObjectsApi;
let cache: MemoryObjectCache;
let editor: ClusterEditor;

const read = async () =>
  (await custom.getNamespacedCustomObject(clusterApi)) as CustomResource & {
    spec: { brokers: Array<{ id: number; brokerConfig?: { storageConfigs?: unknown[] } }>; rollingUpgradeConfig: Record<string, unknown> };
  };
const patchSpec = (patch: unknown[]) =>
  custom.patchNamespacedCustomObject({ ...clusterApi, body: patch }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
/** The cache as an informer would hold it now. */
const syncCache = async () => cache.put('KafkaCluster', await read());

beforeAll(async () => {
  sandbox = await startKubeSandbox();
  custom = sandbox.kubeConfig.makeApiClient(CustomObjectsApi);
  await installCrds(sandbox.kubeConfig, logger);
  await sandbox.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'kafka' } } });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await custom.deleteNamespacedCustomObject(clusterApi).catch(() => undefined);
  const spec = kraftSpecInput({
    brokerConfigGroups: { default: { storageConfigs: [volume('/kafka-logs')] } },
    brokers: [0, 1, 2, 3].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: id >= 1 ? ['broker', 'controller'] : ['broker'] } })),
  });
  await custom.createNamespacedCustomObject({
    ...clusterApi,
    body: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: 'kafka' }, spec },
  });
  cache = new MemoryObjectCache();
  editor = new ClusterEditor({ kubeConfig: sandbox.kubeConfig, cache, logger });
  await syncCache();
  // The StorageClasses an informer holds: a volume added without a class gets the default one.
  for (const sc of (await sandbox.kubeConfig.makeApiClient(StorageV1Api).listStorageClass()).items)
    cache.put('StorageClass', { ...sc, apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' } as Parameters<typeof cache.put<'StorageClass'>>[1]);
});

describe('the edits service', () => {
  it('writes the spec once, only what the edit changed, with the annotations asked for, and returns the new generation', async () => {
    const before = await read();
    const result = await editor.apply(ref, addBroker({ brokerConfigGroup: 'default' }), { annotations: () => ({ 'kafkaplane.io/test': 'yes' }) });
    expect(result).toMatchObject({
      ok: true,
      dryRun: false,
      generation: (before.metadata?.generation ?? 0) + 1,
      changes: ['add broker 4 from brokerConfigGroup default'],
    });
    const after = await read();
    expect(after.spec.brokers.map((b) => b.id)).toEqual([0, 1, 2, 3, 4]);
    expect(after.metadata?.annotations?.['kafkaplane.io/test']).toBe('yes');
    // Defaults the schema fills in are not written into the stored spec.
    expect(after.spec.rollingUpgradeConfig).toEqual({ failureThreshold: 1 });
  });

  it('in a dry run, answers what would change and writes nothing', async () => {
    const before = await read();
    const result = await editor.apply(ref, addBrokerVolume({ brokerId: 2, mountPath: '/extra', size: '10Gi' }), {
      dryRun: true,
      annotations: () => ({ 'kafkaplane.io/test': 'yes' }),
    });
    expect(result).toMatchObject({ ok: true, dryRun: true, generation: before.metadata?.generation, changes: ['add a 10Gi volume at /extra to broker 2'] });
    expect(await read()).toEqual(before);
  });

  it('plans again against the cluster as it is when it changed since the cache saw it, keeping the other change', async () => {
    await patchSpec([{ op: 'add', path: '/spec/brokers/-', value: { id: 9, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker'] } } }]);
    const result = await editor.apply(ref, addBroker({ brokerConfigGroup: 'default' }));
    // Planned on the stale cache it would have been broker 4; after the 409 it is max+1 of the real spec.
    expect(result).toMatchObject({ ok: true, changes: ['add broker 10 from brokerConfigGroup default'] });
    expect((await read()).spec.brokers.map((b) => b.id)).toEqual([0, 1, 2, 3, 9, 10]);
  });

  it('refuses, changing nothing, when the change made meanwhile makes the edit invalid', async () => {
    await patchSpec([{ op: 'remove', path: '/spec/brokers/2' }]);
    const before = await read();
    const result = await editor.apply(ref, addBrokerVolume({ brokerId: 2, mountPath: '/extra', size: '10Gi' }));
    expect(result).toEqual({ ok: false, errors: [{ field: ['brokerId'], code: 'NOT_FOUND', message: 'broker 2 is not in spec.brokers' }] });
    expect(await read()).toEqual(before);
  });

  it('checks its precondition against the cluster read for each attempt', async () => {
    await patchSpec([{ op: 'add', path: '/metadata/annotations', value: { blocked: 'true' } }]);
    const seen: Array<string | undefined> = [];
    const result = await editor.apply(ref, addBroker({ brokerConfigGroup: 'default' }), {
      precondition: (object) => {
        seen.push(object.metadata?.annotations?.blocked);
        return object.metadata?.annotations?.blocked === 'true' ? [editError([], 'OPERATION_IN_PROGRESS', 'blocked')] : [];
      },
    });
    expect(seen).toEqual([undefined, 'true']);
    expect(result).toEqual({ ok: false, errors: [{ field: [], code: 'OPERATION_IN_PROGRESS', message: 'blocked' }] });
    expect((await read()).spec.brokers).toHaveLength(4);
  });

  it('gives up with CONFLICT when the cluster changed under every attempt', async () => {
    // One attempt, planned on a cache that missed a change: its write gets 409 and none is left.
    await patchSpec([{ op: 'add', path: '/metadata/labels', value: { touched: 'yes' } }]);
    const once = new ClusterEditor({ kubeConfig: sandbox.kubeConfig, cache, logger, attempts: 1 });
    const result = await once.apply(ref, addBroker({ brokerConfigGroup: 'default' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.code)).toEqual(['CONFLICT']);
    expect((await read()).spec.brokers).toHaveLength(4);
  });
});
