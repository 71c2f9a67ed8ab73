import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSandboxFiles } from '../../../sandbox/files.js';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';

let sandbox: KubeSandbox;
let dir: string;
const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kube-sandbox-https-'));
  sandbox = await startKubeSandbox({ https: true, serviceAccountPathPrefix: join(dir, 'pod') });
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
  for (const [key, value] of [
    ['KUBERNETES_SERVICE_HOST', saved.host],
    ['KUBERNETES_SERVICE_PORT', saved.port],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('the sandbox API server over HTTPS', () => {
  it('serves HTTPS with a certificate of its own CA, which the returned KubeConfig trusts', async () => {
    expect(sandbox.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.caCert).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toContain('kube-system');
    // A client that does not know the CA refuses the server.
    await expect(fetch(`${sandbox.url}/version`)).rejects.toThrow();
  });

  it('lets the in-cluster path (loadFromCluster) reach it through the service-account files', async () => {
    const saDir = sandbox.inCluster?.serviceAccountDir ?? '';
    expect(saDir).toBe(join(dir, 'pod', 'var/run/secrets/kubernetes.io/serviceaccount'));
    expect(await readFile(join(saDir, 'token'), 'utf8')).toBe(sandbox.token);
    expect(await readFile(join(saDir, 'namespace'), 'utf8')).toBe('default');
    process.env.KUBERNETES_SERVICE_HOST = sandbox.inCluster?.host ?? '';
    process.env.KUBERNETES_SERVICE_PORT = sandbox.inCluster?.port ?? '';
    const kc = new KubeConfig();
    kc.loadFromCluster(join(dir, 'pod'));
    expect(kc.getCurrentCluster()?.server).toBe(sandbox.url);
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe('default');
    const core = kc.makeApiClient(CoreV1Api);
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'in-cluster' } } });
    expect(created.metadata?.uid).toBeDefined();
    // The token file is what authenticates it: a wrong one is refused with 401.
    const wrong = new KubeConfig();
    wrong.loadFromOptions({
      clusters: [{ name: 'c', server: sandbox.url, caData: Buffer.from(sandbox.caCert ?? '').toString('base64') }],
      users: [{ name: 'u', token: 'not-the-token' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    await expect(wrong.makeApiClient(CoreV1Api).listNamespace()).rejects.toMatchObject({ code: 401 });
  });

  it('streams watches over TLS', async () => {
    const events: string[] = [];
    const controller = await new Watch(sandbox.kubeConfig).watch(
      '/api/v1/namespaces/default/configmaps',
      {},
      (type, object: { metadata?: { name?: string } }) => events.push(`${type} ${object.metadata?.name ?? ''}`),
      () => undefined,
    );
    await sandbox.kubeConfig.makeApiClient(CoreV1Api).createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'over-tls' } } });
    const deadline = Date.now() + 5_000;
    while (!events.includes('ADDED over-tls') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect(events).toContain('ADDED over-tls');
  });

  it.skipIf(!existsSync('/usr/bin/kubectl'))(
    'is reachable by kubectl with the CA in a kubeconfig from writeSandboxFiles (skipped without /usr/bin/kubectl)',
    async () => {
      const { kubeconfigPath } = await writeSandboxFiles(
        join(dir, 'files'),
        { server: sandbox.url, token: sandbox.token, certificateAuthority: sandbox.caCert ?? '' },
        { kubernetes: sandbox.url, cruiseControl: {}, kafka: {} },
      );
      const out = await new Promise<string>((resolve, reject) => {
        execFile(
          '/usr/bin/kubectl',
          ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'cache'), '--request-timeout=10s', 'get', 'namespaces', '-o', 'name'],
          { timeout: 30_000 },
          (err, stdout, stderr) => {
            if (err) reject(new Error(stderr || err.message));
            else resolve(stdout);
          },
        );
      });
      expect(out.split('\n')).toContain('namespace/kube-system');
    },
  );
});
