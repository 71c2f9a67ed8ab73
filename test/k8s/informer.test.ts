import { CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResilientInformer } from '../../src/k8s/informer.js';
import { KINDS } from '../../src/k8s/kinds.js';
import { createLogger } from '../../src/logging.js';
import { startKubeSandbox, type KubeSandbox } from '../../sandbox/kube/index.js';

let sandbox: KubeSandbox;
let informer: ResilientInformer<V1ConfigMap>;
let core: CoreV1Api;

beforeAll(async () => {
  sandbox = await startKubeSandbox();
  core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'kafka' } } });
  await core.createNamespacedConfigMap({ namespace: 'kafka', body: { metadata: { name: 'before' } } });
  informer = new ResilientInformer<V1ConfigMap>(sandbox.kubeConfig, KINDS.configMap, {
    namespaces: ['kafka'],
    restartBaseMs: 10,
    logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
  });
  await informer.start();
});
afterAll(async () => {
  await informer.stop();
  await sandbox.close();
});

const names = () =>
  informer
    .list('kafka')
    .map((c) => c.metadata?.name)
    .sort();

describe('the informer cache', () => {
  it('lists first, then follows changes from the watch', async () => {
    expect(informer.synced).toBe(true);
    expect(names()).toEqual(['before']);
    await core.createNamespacedConfigMap({ namespace: 'kafka', body: { metadata: { name: 'after' } } });
    await expect.poll(names).toEqual(['after', 'before']);
  });

  it('holds listed and watched objects in the same form: timestamps as the API server writes them', async () => {
    const listed = informer.list('kafka').find((c) => c.metadata?.name === 'before');
    await core.createNamespacedConfigMap({ namespace: 'kafka', body: { metadata: { name: 'watched' } } });
    await expect.poll(names).toContain('watched');
    const watched = informer.list('kafka').find((c) => c.metadata?.name === 'watched');
    for (const object of [listed, watched]) expect(object?.metadata?.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it.each(['clean', 'reset', 'expire'] as const)('survives a watch that ends (%s) and sees what changed meanwhile', async (how) => {
    sandbox.endWatches(how);
    const name = `while-${how}`;
    await core.createNamespacedConfigMap({ namespace: 'kafka', body: { metadata: { name } } });
    await expect.poll(() => names().includes(name), { timeout: 10_000 }).toBe(true);
    await core.deleteNamespacedConfigMap({ name, namespace: 'kafka' });
    await expect.poll(() => names().includes(name), { timeout: 10_000 }).toBe(false);
  });

  it('restarts after the API server failed its list', async () => {
    sandbox.faults.inject({ method: 'GET', path: '/configmaps', times: 2, error: { code: 500 } });
    sandbox.endWatches('reset');
    await core.createNamespacedConfigMap({ namespace: 'kafka', body: { metadata: { name: 'after-500' } } });
    await expect.poll(() => names().includes('after-500'), { timeout: 10_000 }).toBe(true);
  });
});
