import { AppsV1Api, CoreV1Api, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CRUISE_CONTROL_IMAGE } from '../../src/domain/images.js';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startDemoApiSandbox, type ApiSandbox } from '../support/apiSandbox.js';
import { Kubectl, kubectlPresent } from '../support/kubectl.js';

/**
 * Cruise Control as Koperator deploys it (adobe/koperator pkg/resources/cruisecontrol: a
 * Deployment, its ConfigMap and a Service), applied here as a user could with kubectl, on a
 * sandbox that starts no Cruise Control by itself: it runs only while its Pod runs.
 */
const NAMESPACE = 'kafka';
const LABELS = { app: 'cruisecontrol', kafka_cr: 'kafka' };
const SERVICE_URL = 'http://kafka-cruisecontrol-svc.kafka.svc.cluster.local:8090/kafkacruisecontrol';
const BOOTSTRAP = [0, 1, 2, 3, 4, 5].map((id) => `kafka-${id}.kafka-headless.kafka.svc.cluster.local:29092`).join(',');

const properties = (bootstrap = BOOTSTRAP): string =>
  [
    `bootstrap.servers=${bootstrap}`,
    'capacity.config.file=/opt/cruise-control/config/capacity.json',
    'cluster.configs.file=/opt/cruise-control/config/clusterConfigs.json',
    'webserver.http.port=8090',
    'webserver.api.urlprefix=/kafkacruisecontrol/*',
    'partition.metrics.window.ms=60000',
    'num.partition.metrics.windows=1',
    'webserver.request.maxBlockTimeMs=20',
  ].join('\n');
const capacity = (ids: number[]): string =>
  JSON.stringify({
    brokerCapacities: ids.map((id) => ({
      brokerId: String(id),
      capacity: { DISK: { '/kafka-logs/kafka': '100000' }, CPU: '100', NW_IN: '125000', NW_OUT: '125000' },
    })),
  });

const podTemplate = (configMap: string, labels: Record<string, string>): NonNullable<V1Deployment['spec']>['template'] => ({
  metadata: { labels },
  spec: {
    containers: [
      {
        name: 'cruisecontrol',
        image: DEFAULT_CRUISE_CONTROL_IMAGE,
        ports: [{ name: 'http', containerPort: 8090 }],
        readinessProbe: { httpGet: { path: '/kafkacruisecontrol/state', port: 8090 } },
        volumeMounts: [{ name: 'cruisecontrol-config', mountPath: '/opt/cruise-control/config' }],
      },
    ],
    volumes: [{ name: 'cruisecontrol-config', configMap: { name: configMap } }],
    terminationGracePeriodSeconds: 1,
  },
});

let api: ApiSandbox;
let core: CoreV1Api;
let apps: AppsV1Api;

async function configMap(name: string, data: Record<string, string>): Promise<void> {
  await core.deleteNamespacedConfigMap({ namespace: NAMESPACE, name }).catch(() => undefined);
  await core.createNamespacedConfigMap({ namespace: NAMESPACE, body: { metadata: { name, labels: LABELS }, data } });
}

async function deployCruiseControl(): Promise<void> {
  await apps.createNamespacedDeployment({
    namespace: NAMESPACE,
    body: {
      metadata: { name: 'kafka-cruisecontrol', labels: LABELS },
      spec: { replicas: 1, selector: { matchLabels: LABELS }, template: podTemplate('kafka-cruisecontrol-config', LABELS) },
    },
  });
}

async function pods(selector: string): Promise<V1Pod[]> {
  return (await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: selector })).items.filter((p) => p.metadata?.deletionTimestamp === undefined);
}

const ready = (pod: V1Pod | undefined): boolean => pod?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
const logsOf = async (name: string): Promise<string> => core.readNamespacedPodLog({ namespace: NAMESPACE, name, container: 'cruisecontrol' });

/** GET on Cruise Control at its Service name, as the server reaches it (through the sandbox's cluster DNS, installed by the server in this process). */
const ask = async (path: string): Promise<{ status: number; body: string }> => {
  const response = await fetch(`${SERVICE_URL}/${path}`);
  return { status: response.status, body: await response.text() };
};

async function graphQL(query: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${api.server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return ((await response.json()) as { data: Record<string, unknown> }).data;
}

beforeAll(async () => {
  // The cluster names its Cruise Control's endpoint, so the operator deploys none: this test runs its own.
  api = await startDemoApiSandbox([], {}, { cruiseControlEndpoint: 'kafka-cruisecontrol-svc.kafka.svc.cluster.local:8090' });
  core = api.sandbox.kube.kubeConfig.makeApiClient(CoreV1Api);
  apps = api.sandbox.kube.kubeConfig.makeApiClient(AppsV1Api);
  await configMap('kafka-cruisecontrol-config', {
    'cruisecontrol.properties': properties(),
    'capacity.json': capacity([-1]),
    'clusterConfigs.json': '{}',
    'log4j.properties': 'rootLogger.level=INFO',
  });
  await core.createNamespacedService({
    namespace: NAMESPACE,
    body: {
      metadata: { name: 'kafka-cruisecontrol-svc', labels: LABELS },
      spec: { selector: LABELS, ports: [{ name: 'cc', port: 8090, targetPort: 8090, protocol: 'TCP' }] },
    },
  });
}, 120_000);
afterAll(async () => {
  await api.close();
});

describe('Cruise Control runs from its Pod', () => {
  it('is not there before its Pod: the Service refuses connections and the server sees it unreachable', async () => {
    expect(api.sandbox.world.cruiseControl(NAMESPACE, 'kafka')).toBeUndefined();
    await expect(ask('state?json=true')).rejects.toThrow();
    const data = (await graphQL('{ cluster(name: "kafka", namespace: "kafka") { cruiseControl { reachable } } }')) as {
      cluster: { cruiseControl: { reachable: boolean } };
    };
    expect(data.cluster.cruiseControl.reachable).toBe(false);
  });

  it('starts with its Pod, configured from the mounted files, and serves the cluster its bootstrap.servers reach', async () => {
    await deployCruiseControl();
    await expect.poll(async () => ready((await pods('app=cruisecontrol'))[0]), { timeout: 60_000, interval: 200 }).toBe(true);
    const [pod] = await pods('app=cruisecontrol');
    const logs = await logsOf(pod?.metadata?.name ?? '');
    expect(logs).toContain('Starting Kafka Cruise Control...');
    expect(logs).toContain('Kafka Cruise Control started.');
    expect(logs).toContain('webserver.request.maxBlockTimeMs = 20');
    if (kubectlPresent) {
      const kubectl = new Kubectl(join(api.sandbox.dir, 'kubeconfig'), mkdtempSync(join(tmpdir(), 'kafkaplane-kubectl-')));
      const result = await kubectl.run('logs', '-n', NAMESPACE, 'deploy/kafka-cruisecontrol');
      expect(result.stdout).toContain('Kafka Cruise Control started.');
    }
    // Its metric window is the one its properties name (a minute of sandbox time), so load comes soon.
    await expect.poll(async () => (await ask('load?json=true')).status, { timeout: 30_000, interval: 200 }).toBe(200);
    expect(api.sandbox.world.cruiseControl(NAMESPACE, 'kafka')?.monitor.windowMs).toBe(60_000);
    expect(api.sandbox.world.cruiseControlUrls()['kafka/kafka']).toBe(api.sandbox.world.cruiseControl(NAMESPACE, 'kafka')?.url);
    await expect
      .poll(
        async () =>
          (
            (await graphQL('{ cluster(name: "kafka", namespace: "kafka") { cruiseControl { reachable executorState } } }')) as {
              cluster: { cruiseControl: { reachable: boolean; executorState: string | null } };
            }
          ).cluster.cruiseControl,
        { timeout: 30_000, interval: 500 },
      )
      .toEqual({ reachable: true, executorState: 'NO_TASK_IN_PROGRESS' });
  });

  it('goes with its Deployment (connections refused) and comes back with a new Pod, without the old user tasks', async () => {
    const before = JSON.parse((await ask('user_tasks?json=true')).body) as { userTasks: Array<{ UserTaskId: string }> };
    expect(before.userTasks.length).toBeGreaterThan(0);
    const oldId = before.userTasks[0]?.UserTaskId ?? '';
    await apps.deleteNamespacedDeployment({ namespace: NAMESPACE, name: 'kafka-cruisecontrol', propagationPolicy: 'Foreground' });
    await expect.poll(async () => (await pods('app=cruisecontrol')).length, { timeout: 30_000, interval: 200 }).toBe(0);
    await expect.poll(() => api.sandbox.world.cruiseControl(NAMESPACE, 'kafka'), { timeout: 30_000, interval: 200 }).toBeUndefined();
    await expect(ask('state?json=true')).rejects.toThrow();

    await deployCruiseControl();
    await expect.poll(async () => ready((await pods('app=cruisecontrol'))[0]), { timeout: 60_000, interval: 200 }).toBe(true);
    await expect.poll(async () => (await ask('state?json=true')).status, { timeout: 30_000, interval: 200 }).toBe(200);
    const after = JSON.parse((await ask('user_tasks?json=true')).body) as { userTasks: Array<{ RequestURL: string }> };
    expect(after.userTasks.some((t) => t.RequestURL.includes('/load'))).toBe(false);
    // Asked by id, a task of the Cruise Control before is filtered out like any unknown id: no error.
    const byId = await ask(`user_tasks?json=true&user_task_ids=${oldId}`);
    expect(byId.status).toBe(200);
    expect((JSON.parse(byId.body) as { userTasks: unknown[] }).userTasks).toEqual([]);
  });

  it('refuses a cluster model when capacity.json lacks a broker and has no default entry, with Cruise Control words', async () => {
    await apps.deleteNamespacedDeployment({ namespace: NAMESPACE, name: 'kafka-cruisecontrol', propagationPolicy: 'Foreground' });
    await expect.poll(async () => (await pods('app=cruisecontrol')).length, { timeout: 30_000, interval: 200 }).toBe(0);
    await configMap('kafka-cruisecontrol-config', { 'cruisecontrol.properties': properties(), 'capacity.json': capacity([0, 1, 2]) });
    await deployCruiseControl();
    await expect.poll(async () => ready((await pods('app=cruisecontrol'))[0]), { timeout: 60_000, interval: 200 }).toBe(true);
    await expect
      .poll(async () => (await ask('load?json=true')).body, { timeout: 30_000, interval: 200 })
      .toContain('BrokerCapacityResolutionException: Unable to resolve capacity of broker 3.');
    const load = await ask('load?json=true');
    expect(load.status).toBe(500);
    expect(load.body).toContain("adding missing broker's capacity in file /opt/cruise-control/config/capacity.json");
  });

  it('dies at start without its capacity file, and says why in its log', async () => {
    await configMap('broken-cc-config', { 'cruisecontrol.properties': properties() });
    const labels = { app: 'cruisecontrol', kafka_cr: 'broken' };
    await core.createNamespacedPod({
      namespace: NAMESPACE,
      body: { metadata: { name: 'broken-cc', labels }, spec: podTemplate('broken-cc-config', labels).spec },
    });
    await expect
      .poll(() => logsOf('broken-cc'), { timeout: 30_000, interval: 200 })
      .toContain('java.io.FileNotFoundException: /opt/cruise-control/config/capacity.json (No such file or directory)');
    const pod = await core.readNamespacedPod({ namespace: NAMESPACE, name: 'broken-cc' });
    expect(ready(pod)).toBe(false);
    expect(pod.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode ?? pod.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(1);
  });

  it('stays unready while bootstrap.servers reach no broker, logging what the Kafka client logs', async () => {
    await configMap('lost-cc-config', {
      'cruisecontrol.properties': properties('kafka-all-broker.nowhere.svc.cluster.local:29092'),
      'capacity.json': capacity([-1]),
    });
    const labels = { app: 'cruisecontrol', kafka_cr: 'lost' };
    await core.createNamespacedPod({ namespace: NAMESPACE, body: { metadata: { name: 'lost-cc', labels }, spec: podTemplate('lost-cc-config', labels).spec } });
    await expect
      .poll(() => logsOf('lost-cc'), { timeout: 30_000, interval: 200 })
      .toContain(
        "Couldn't resolve server kafka-all-broker.nowhere.svc.cluster.local:29092 from bootstrap.servers as DNS resolution failed for kafka-all-broker.nowhere.svc.cluster.local",
      );
    expect(ready(await core.readNamespacedPod({ namespace: NAMESPACE, name: 'lost-cc' }))).toBe(false);
    expect((await pods('app=cruisecontrol')).filter((p) => p.metadata?.labels?.kafka_cr === 'lost')).toHaveLength(1);
  });
});
