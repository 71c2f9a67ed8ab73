import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaAdminPool } from '../../src/kafka/index.js';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';

const hasKubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let server: ServerProcess;
const dir = join(mkdtempSync(join(tmpdir(), 'kafkaplane-embedded-')), 'sandbox');
const kubectl = (...args: string[]): string => execFileSync('kubectl', ['--kubeconfig', join(dir, 'kubeconfig'), ...args], { encoding: 'utf8' });

beforeAll(async () => {
  server = await startServerProcess(['--sandbox', 'true', '--sandbox-dir', dir, '--sandbox-cert-manager', 'true']);
});
afterAll(async () => {
  server.kill('SIGTERM');
  expect(await server.exited).toEqual({ code: 0, signal: null });
});

describe('npm start with no kubeconfig', () => {
  it('runs on the embedded sandbox and says so', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ serverInfo { kubernetes { mode apiServerUrl } } }' }),
    });
    const body = (await response.json()) as { data: { serverInfo: { kubernetes: { mode: string; apiServerUrl: string } } } };
    expect(body.data.serverInfo.kubernetes.mode).toBe('SANDBOX');
    const endpoints = () => JSON.parse(readFileSync(join(dir, 'endpoints.json'), 'utf8')) as { kubernetes: string; kafkaplane?: string };
    expect(endpoints().kubernetes).toBe(body.data.serverInfo.kubernetes.apiServerUrl);
    // The server's own address is added once it listens.
    await expect.poll(() => endpoints().kafkaplane, { timeout: 5_000 }).toBe(`${server.url}/graphql`);
    await expect.poll(async () => (await fetch(`${server.url}/readyz`)).status, { timeout: 10_000 }).toBe(200);
  });

  it('brings up the demo cluster: 6 broker Pods Ready, a Cruise Control and Kafka ports listed in endpoints.json', async () => {
    const endpoints = () =>
      JSON.parse(readFileSync(join(dir, 'endpoints.json'), 'utf8')) as { cruiseControl: Record<string, string>; kafka: Record<string, string> };
    await expect.poll(() => (endpoints().kafka['kafka/kafka'] ?? '').split(',').filter((a) => a !== '').length, { timeout: 20_000 }).toBe(6);
    // Cruise Control is the operator's: it runs once the metrics topic exists and its Pod started.
    await expect.poll(() => endpoints().cruiseControl['kafka/kafka'], { timeout: 30_000 }).toBeDefined();
    const state = await fetch(`${endpoints().cruiseControl['kafka/kafka'] ?? ''}/state?json=true`);
    expect(state.status).toBe(200);
    expect(((await state.json()) as { ExecutorState: { state: string } }).ExecutorState.state).toBe('NO_TASK_IN_PROGRESS');
  });

  it.runIf(hasKubectl)('can be looked at with kubectl: the cluster Running with 6/6 brokers', async () => {
    await expect
      .poll(() => kubectl('get', 'kafkacluster', 'kafka', '-n', 'kafka', '-o', 'jsonpath={.status.state} {.status.brokersReady}'), { timeout: 20_000 })
      .toBe('ClusterRunning 6/6');
    const nodes = kubectl('get', 'pods', '-n', 'kafka', '-l', 'app=kafka', '-o', 'jsonpath={.items[*].spec.nodeName}').split(' ');
    expect(new Set(nodes).size).toBe(3);
  });

  it.runIf(hasKubectl)('installs cert-manager when asked to (--sandbox-cert-manager): its CRDs and a controller that issues', async () => {
    expect(kubectl('get', 'crd', 'certificates.cert-manager.io', 'issuers.cert-manager.io', '-o', 'name').trim().split('\n')).toEqual([
      'customresourcedefinition.apiextensions.k8s.io/certificates.cert-manager.io',
      'customresourcedefinition.apiextensions.k8s.io/issuers.cert-manager.io',
    ]);
    const manifest = join(dir, '..', 'self-signed.yaml');
    writeFileSync(
      manifest,
      [
        'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: self-signer, namespace: default}\nspec: {selfSigned: {}}',
        'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: hello, namespace: default}\nspec: {secretName: hello-tls, dnsNames: [hello], issuerRef: {name: self-signer}}',
      ].join('\n---\n'),
    );
    kubectl('apply', '-f', manifest);
    await expect
      .poll(() => kubectl('get', 'certificate', 'hello', '-n', 'default', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'), {
        timeout: 20_000,
      })
      .toBe('True');
    expect(kubectl('get', 'secret', 'hello-tls', '-n', 'default', '-o', 'jsonpath={.type}')).toBe('kubernetes.io/tls');
  });

  it('applies a per-broker dynamic config to broker 2 alone, through Kafka, without restarting anything', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(join(dir, 'kubeconfig'));
    const core = kc.makeApiClient(CoreV1Api);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const podNames = async () => (await core.listNamespacedPod({ namespace: 'kafka', labelSelector: 'app=kafka' })).items.map((p) => p.metadata?.name).sort();
    await expect.poll(async () => (await podNames()).length, { timeout: 20_000 }).toBe(6);
    const before = await podNames();
    const cluster = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: 'kafka', plural: 'kafkaclusters', name: 'kafka' };
    const current = (await custom.getNamespacedCustomObject(cluster)) as { spec: { brokers: Array<{ id: number; brokerConfig?: Record<string, unknown> }> } };
    const brokers = current.spec.brokers.map((b) => (b.id === 2 ? { ...b, brokerConfig: { ...b.brokerConfig, config: 'log.cleaner.threads=3' } } : b));
    await custom.patchNamespacedCustomObject({ ...cluster, body: { spec: { brokers } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));

    const endpoints = JSON.parse(readFileSync(join(dir, 'endpoints.json'), 'utf8')) as { kafka: Record<string, string> };
    const pool = new KafkaAdminPool();
    try {
      const admin = pool.get({ cluster: 'kafka/kafka', bootstrapServers: (endpoints.kafka['kafka/kafka'] ?? '').split(',') });
      const value = async (broker: number) =>
        (await admin.describeBrokerConfigs(broker)).find((e) => e.name === 'log.cleaner.threads' && e.source === 'DYNAMIC_BROKER_CONFIG')?.value;
      await expect.poll(() => value(2), { timeout: 20_000 }).toBe('3');
      expect(await value(1)).toBeUndefined();
    } finally {
      await pool.close();
    }
    const status = (await custom.getNamespacedCustomObject(cluster)) as { status: { brokersState: Record<string, { perBrokerConfigurationState?: string }> } };
    expect(status.status.brokersState['2']?.perBrokerConfigurationState).toBe('PerBrokerConfigInSync');
    expect(await podNames()).toEqual(before);
  });
});
