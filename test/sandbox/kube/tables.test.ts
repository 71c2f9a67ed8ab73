import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCrds } from '../../../src/k8s/installCrds.js';
import { createLogger } from '../../../src/logging.js';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';

let sandbox: KubeSandbox;
let core: CoreV1Api;

beforeAll(async () => {
  sandbox = await startKubeSandbox();
  core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'tables' } } });
});
afterAll(async () => {
  await sandbox.close();
});

// What kubectl get sends.
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

interface Table {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion?: string };
  columnDefinitions: Array<{ name: string; type: string; format: string; priority: number }> | null;
  rows: Array<{ cells: unknown[]; object?: { kind: string; apiVersion: string; metadata: { name: string }; data?: unknown } }>;
}

async function get(path: string, accept = TABLE_ACCEPT): Promise<{ status: number; body: Table & { message?: string } }> {
  const response = await fetch(`${sandbox.url}${path}`, { headers: { Authorization: `Bearer ${sandbox.token}`, Accept: accept } });
  return { status: response.status, body: (await response.json()) as Table & { message?: string } };
}

describe('Table output', () => {
  it('lists ConfigMaps as the printer does (Name, Data, Age) with PartialObjectMetadata rows', async () => {
    await core.createNamespacedConfigMap({ namespace: 'tables', body: { metadata: { name: 'two-keys' }, data: { a: '1', b: '2' } } });
    const { status, body } = await get('/api/v1/namespaces/tables/configmaps');
    expect(status).toBe(200);
    expect(body.kind).toBe('Table');
    expect(body.apiVersion).toBe('meta.k8s.io/v1');
    expect(body.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(body.columnDefinitions?.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Data', 'integer', '', 0],
      ['Age', 'string', '', 0],
    ]);
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]?.cells).toEqual(['two-keys', 2, expect.stringMatching(/^\d+s$/)]);
    expect(body.rows[0]?.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'two-keys', namespace: 'tables' },
    });
    expect(body.rows[0]?.object?.data).toBeUndefined();
  });

  it('includes the whole object, or none, when asked, and refuses an unknown includeObject', async () => {
    const whole = await get('/api/v1/namespaces/tables/configmaps/two-keys?includeObject=Object');
    expect(whole.body.rows[0]?.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', data: { a: '1', b: '2' } });
    const none = await get('/api/v1/namespaces/tables/configmaps?includeObject=None');
    expect(none.body.rows[0]?.object).toBeUndefined();
    const bad = await get('/api/v1/namespaces/tables/configmaps?includeObject=Everything');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('unrecognized includeObject value: "Everything"');
    // A client that does not ask for a Table gets the list.
    expect((await get('/api/v1/namespaces/tables/configmaps', 'application/json')).body.kind).toBe('ConfigMapList');
  });

  it('prints Pods with Ready, Status, Restarts and Age, and IP and Node as wide columns', async () => {
    await core.createNamespacedPod({
      namespace: 'tables',
      body: {
        metadata: { name: 'kafka-0' },
        spec: {
          containers: [
            // Images the sandbox's registry has: another would fail to pull (sandbox/kube/images.ts).
            { name: 'kafka', image: 'apache/kafka:4.1.0' },
            { name: 'sidecar', image: 'envoyproxy/envoy:v1.31-latest' },
          ],
        },
      },
    });
    await expect.poll(async () => (await core.readNamespacedPod({ name: 'kafka-0', namespace: 'tables' })).status?.phase, { timeout: 5_000 }).toBe('Running');
    const { body } = await get('/api/v1/namespaces/tables/pods/kafka-0');
    expect(body.columnDefinitions?.filter((c) => c.priority === 0).map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(body.columnDefinitions?.filter((c) => c.priority === 1).map((c) => c.name)).toEqual(['IP', 'Node', 'Nominated Node', 'Readiness Gates']);
    expect(body.rows[0]?.cells).toEqual([
      'kafka-0',
      '2/2',
      'Running',
      '0',
      expect.stringMatching(/^\d+s$/),
      expect.stringMatching(/^10\.244\./),
      expect.stringMatching(/^sandbox-node-\d$/),
      '<none>',
      '<none>',
    ]);
    // Paused, the kubelet does not finish the deletion while we look.
    sandbox.kubelet.pause();
    try {
      await core.deleteNamespacedPod({ name: 'kafka-0', namespace: 'tables', gracePeriodSeconds: 30 });
      expect((await get('/api/v1/namespaces/tables/pods/kafka-0')).body.rows[0]?.cells[2]).toBe('Terminating');
    } finally {
      sandbox.kubelet.resume();
    }
  });

  it("prints custom resources with their CRD's additionalPrinterColumns, JSONPath values typed as the column says", async () => {
    await installCrds(sandbox.kubeConfig, createLogger({ logLevel: 'silent', logFormat: 'json' }), { timeoutMs: 5_000 });
    const custom = sandbox.kubeConfig.makeApiClient(CustomObjectsApi);
    const group = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: 'tables', plural: 'kafkaclusters' };
    await custom.createNamespacedCustomObject({
      ...group,
      body: {
        apiVersion: 'kafka.banzaicloud.io/v1beta1',
        kind: 'KafkaCluster',
        metadata: { name: 'kafka' },
        spec: {
          headlessServiceEnabled: true,
          oneBrokerPerNode: false,
          rollingUpgradeConfig: { failureThreshold: 1 },
          cruiseControlConfig: {},
          brokers: [{ id: 0 }],
          listenersConfig: { internalListeners: [] },
        },
      },
    });
    await custom.patchNamespacedCustomObjectStatus(
      { ...group, name: 'kafka', body: { status: { state: 'ClusterRunning', brokersReady: '3/3', rollingUpgradeStatus: { errorCount: 2, lastSuccess: '' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const { body } = await get('/apis/kafka.banzaicloud.io/v1beta1/namespaces/tables/kafkaclusters');
    expect(body.columnDefinitions?.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['State', 'string', 0],
      ['Brokers', 'string', 0],
      ['Age', 'date', 0],
      ['Last upgrade', 'string', 1],
      ['Upgrade errors', 'integer', 1],
      ['Alerts', 'integer', 1],
    ]);
    // A date column is printed as an age; a missing value is null.
    expect(body.rows[0]?.cells).toEqual(['kafka', 'ClusterRunning', '3/3', expect.stringMatching(/^\d+s$/), '', 2, null]);
  });

  it('streams a watch as Tables: column definitions in the first event only', async () => {
    const controller = new AbortController();
    const response = await fetch(`${sandbox.url}/api/v1/namespaces/tables/configmaps?watch=true`, {
      headers: { Authorization: `Bearer ${sandbox.token}`, Accept: TABLE_ACCEPT },
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
    if (!reader) throw new Error('no body');
    let buffered = '';
    const events: Array<{ type: string; object: Table }> = [];
    await core.createNamespacedConfigMap({ namespace: 'tables', body: { metadata: { name: 'watched' } } });
    while (events.length < 2) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += new TextDecoder().decode(value);
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line !== '') events.push(JSON.parse(line) as { type: string; object: Table });
    }
    controller.abort();
    expect(events.map((e) => [e.type, e.object.kind, e.object.rows[0]?.cells[0]])).toEqual([
      ['ADDED', 'Table', 'two-keys'],
      ['ADDED', 'Table', 'watched'],
    ]);
    expect(events[0]?.object.columnDefinitions?.map((c) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(events[1]?.object.columnDefinitions).toBeNull();
  });
});
