import { CoreV1Api, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SERVER_CONNECTIONS, pooledKubeConfig } from '../../src/k8s/pooledKubeConfig.js';
import { startKubeSandbox, type KubeSandbox } from '../../sandbox/kube/index.js';
import { openSockets } from '../support/openSockets.js';

/**
 * The operator's connections to the API server, counted as the kernel sees them: requests reuse
 * a bounded pool, and watches, which hold theirs, never make a request wait.
 */
let sandbox: KubeSandbox;

beforeAll(async () => {
  sandbox = await startKubeSandbox({ https: true });
  await sandbox.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'pooled' } } });
});
afterAll(async () => {
  await sandbox.close();
});

const apiServer = (): string => `127.0.0.1:${new URL(sandbox.url).port}`;
const connectionsToApiServer = (): number => openSockets().filter((s) => s.state === 'ESTABLISHED' && s.remote === apiServer()).length;

describe('connections to the API server', () => {
  it('are reused from one request to the next, and a burst of requests opens no more than the pool holds', async () => {
    expect(new URL(sandbox.url).protocol).toBe('https:');
    const core = pooledKubeConfig(sandbox.kubeConfig).makeApiClient(CoreV1Api);
    const before = connectionsToApiServer();
    for (let i = 0; i < 20; i += 1) await core.listNamespacedConfigMap({ namespace: 'pooled' });
    // client-node's own KubeConfig opens a connection for each of these 20 (a new undici Agent per request).
    expect(connectionsToApiServer() - before).toBeLessThanOrEqual(2);

    const burst = Array.from({ length: 3 * API_SERVER_CONNECTIONS }, (_, i) =>
      core.createNamespacedConfigMap({ namespace: 'pooled', body: { metadata: { name: `burst-${i}` }, data: { i: String(i) } } }),
    );
    let most = 0;
    const counting = setInterval(() => (most = Math.max(most, connectionsToApiServer() - before)), 1);
    await Promise.all(burst);
    clearInterval(counting);
    expect(most).toBeGreaterThan(1);
    expect(connectionsToApiServer() - before).toBeLessThanOrEqual(API_SERVER_CONNECTIONS);
    expect(most).toBeLessThanOrEqual(API_SERVER_CONNECTIONS);
    expect((await core.listNamespacedConfigMap({ namespace: 'pooled' })).items.filter((c) => c.metadata?.name?.startsWith('burst-'))).toHaveLength(
      3 * API_SERVER_CONNECTIONS,
    );
  });

  it('serves requests while more watches run than the request pool holds', async () => {
    const kubeConfig = pooledKubeConfig(sandbox.kubeConfig);
    const watch = new Watch(kubeConfig);
    const seen = new Set<number>();
    const watches = await Promise.all(
      Array.from({ length: API_SERVER_CONNECTIONS + 4 }, (_, i) =>
        watch.watch(
          '/api/v1/namespaces/pooled/configmaps',
          { fieldSelector: `metadata.name=watched-${i}` },
          () => seen.add(i),
          () => undefined,
        ),
      ),
    );
    try {
      const core = kubeConfig.makeApiClient(CoreV1Api);
      await core.createNamespacedConfigMap({ namespace: 'pooled', body: { metadata: { name: 'watched-3' } } });
      await expect.poll(() => seen.has(3)).toBe(true);
      expect((await core.readNamespacedConfigMap({ namespace: 'pooled', name: 'watched-3' })).metadata?.name).toBe('watched-3');
    } finally {
      for (const w of watches) w.abort();
    }
  });
});
