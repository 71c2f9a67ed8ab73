import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';

let server: ServerProcess | undefined;
afterEach(async () => {
  server?.kill('SIGKILL');
  await server?.exited;
  server = undefined;
});

const webhook = {
  version: '4',
  groupKey: '{}:{alertname="PartitionCountHigh"}',
  status: 'firing',
  receiver: 'kafkaplane',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'PartitionCountHigh', kafka_cr: 'kafka', namespace: 'kafka' },
      annotations: { command: 'upScale' },
      startsAt: '2026-11-25T07:00:00Z',
      fingerprint: '0123456789abcdef',
    },
  ],
};

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const received = (s: ServerProcess) => s.logs.filter((l) => l.msg === 'alert received');

describe('alert endpoints', () => {
  it('are off (404) when no credential is configured', async () => {
    server = await startServerProcess();
    expect((await post(`${server.url}/alertmanager`, webhook)).status).toBe(404);
    expect((await post(`${server.url}/api/v2/alerts`, [])).status).toBe(404);
  });

  it('take an Alertmanager webhook with the bearer token, and refuse anything else with 401 and no effect', async () => {
    const running = await startServerProcess([], { ALERTMANAGER_WEBHOOK_TOKEN: 's3cret' });
    server = running;
    const url = `${server.url}/alertmanager`;
    const missing = await post(url, webhook);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect((await post(url, webhook, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post(url, webhook, { authorization: `Basic ${Buffer.from('a:s3cret').toString('base64')}` })).status).toBe(401);
    expect(received(server)).toHaveLength(0);

    const ok = await post(url, webhook, { authorization: 'Bearer s3cret' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'success', received: 1 });
    await expect.poll(() => received(running).length).toBe(1);
    expect(received(server)[0]).toMatchObject({
      alertname: 'PartitionCountHigh',
      fingerprint: '0123456789abcdef',
      command: 'upScale',
      via: 'alertmanager',
      receiver: 'kafkaplane',
    });
  });

  it('answers 400 with a clear message to malformed JSON and wrong shapes, recording nothing', async () => {
    server = await startServerProcess([], { ALERTMANAGER_WEBHOOK_TOKEN: 't' });
    const auth = { authorization: 'Bearer t' };
    const malformed = await post(`${server.url}/alertmanager`, '{"version": "4",', auth);
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/^malformed JSON/);
    const wrongShape = await post(`${server.url}/alertmanager`, { ...webhook, alerts: 'none' }, auth);
    expect(wrongShape.status).toBe(400);
    expect(((await wrongShape.json()) as { error: string }).error).toContain('alerts:');
    const notArray = await post(`${server.url}/api/v2/alerts`, webhook, auth);
    expect(notArray.status).toBe(400);
    expect(((await notArray.json()) as { error: string }).error).toContain('not a JSON array of Prometheus alerts');
    const tooLarge = await post(`${server.url}/api/v2/alerts`, [{ labels: { a: 'x'.repeat(2_000_000) } }], auth);
    expect(tooLarge.status).toBe(413);
    expect(received(server)).toHaveLength(0);
  });

  it("take Prometheus's alert array with basic auth, on the main port and on --alerts-port", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkaplane-alerts-'));
    const file = join(dir, 'basic');
    writeFileSync(file, 'prometheus:pa:ss\n');
    const running = await startServerProcess(['--alertmanager-basic-auth-file', file, '--alerts-port', '0']);
    server = running;
    const alertsPort = server.logs.find((l) => l.msg === 'alerts port listening')?.port;
    expect(typeof alertsPort).toBe('number');
    const auth = { authorization: `Basic ${Buffer.from('prometheus:pa:ss').toString('base64')}` };
    const alerts = [{ labels: { alertname: 'PartitionCountLow', kafka_cr: 'kafka', namespace: 'kafka' }, annotations: { command: 'downScale' } }];

    expect((await post(`${server.url}/api/v2/alerts`, alerts, auth)).status).toBe(200);
    expect((await post(`http://127.0.0.1:${String(alertsPort)}/api/v2/alerts`, alerts, auth)).status).toBe(200);
    expect((await post(`http://127.0.0.1:${String(alertsPort)}/api/v2/alerts`, alerts)).status).toBe(401);
    await expect.poll(() => received(running).length).toBe(2);
    expect(received(server).every((l) => l.via === 'prometheus' && l.command === 'downScale')).toBe(true);
  });

  it('refuses to start when the token file cannot be read', async () => {
    await expect(startServerProcess(['--alertmanager-token-file', '/nonexistent/token'])).rejects.toThrow(
      '--alertmanager-token-file: cannot read /nonexistent/token: no such file',
    );
  });
});

describe('alert endpoints on the embedded sandbox', () => {
  it('take alerts without credentials, as the log says, and act on them: an addPvc alert adds a disk to broker 2 of the demo cluster', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kafkaplane-alerts-')), 'sandbox');
    const running = await startServerProcess(['--sandbox', 'true', '--sandbox-dir', dir]);
    server = running;
    expect(running.logs.some((l) => l.msg === 'alert endpoints accept alerts without credentials (embedded sandbox)')).toBe(true);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(join(dir, 'kubeconfig'));
    const custom = kubeConfig.makeApiClient(CustomObjectsApi);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const cluster = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: 'kafka', plural: 'kafkaclusters', name: 'kafka' };
    type Demo = {
      metadata: { generation: number };
      spec: { brokers: Array<{ id: number; brokerConfig?: { storageConfigs?: Array<{ mountPath: string }> } }> };
      status?: { state?: string; observedGeneration?: number };
    };
    const read = async () => (await custom.getNamespacedCustomObject(cluster)) as Demo;
    await vi.waitFor(
      async () => {
        const demo = await read();
        expect([demo.status?.state, demo.status?.observedGeneration]).toEqual(['ClusterRunning', demo.metadata.generation]);
      },
      { timeout: 30_000, interval: 100 },
    );
    const claims = await core.listNamespacedPersistentVolumeClaim({ namespace: 'kafka', labelSelector: 'brokerId=2' });
    const pvc = claims.items[0]?.metadata?.name ?? '';

    const alerts = [
      {
        labels: { alertname: 'RemainingDiskSpaceLow', namespace: 'kafka', persistentvolumeclaim: pvc },
        annotations: { command: 'addPvc', mountPathPrefix: '/kafka-logs', diskSize: '20Gi' },
        startsAt: new Date().toISOString(),
      },
    ];
    await vi.waitFor(async () => expect((await post(`${running.url}/api/v2/alerts`, alerts)).status).toBe(200), { timeout: 20_000, interval: 100 });
    await expect
      .poll(async () => (await read()).spec.brokers.find((b) => b.id === 2)?.brokerConfig?.storageConfigs?.map((s) => s.mountPath), {
        timeout: 10_000,
        interval: 100,
      })
      .toEqual([expect.stringMatching(/^\/kafka-logs-[a-z0-9]{6}$/)]);
    await expect
      .poll(() => running.logs.find((l) => l.msg === 'alert acted'), { timeout: 10_000, interval: 100 })
      .toMatchObject({ command: 'addPvc', cluster: 'kafka', namespace: 'kafka', outcome: 'Acted' });
  }, 90_000);
});
