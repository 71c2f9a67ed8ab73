import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiSandbox, type ApiSandbox } from '../support/apiSandbox.js';
import { Kubectl, kubectlPresent } from '../support/kubectl.js';

const NAMESPACE = 'sample';
const api = { group: 'kafka.banzaicloud.io', version: 'v1beta1', plural: 'kafkaclusters', namespace: NAMESPACE };
type Status = { status?: { state?: string; brokersReady?: string } };

let sandbox: ApiSandbox;
let kubectl: Kubectl;

beforeAll(async () => {
  sandbox = await startApiSandbox();
  kubectl = new Kubectl(join(sandbox.sandbox.dir, 'kubeconfig'), mkdtempSync(join(tmpdir(), 'kafkaplane-kubectl-')));
}, 60_000);
afterAll(async () => {
  await sandbox.server.stop();
  await sandbox.sandbox.close();
});

describe.runIf(kubectlPresent)("Koperator's KRaft sample, applied with kubectl on the whole sandbox", () => {
  it('comes up with the Cruise Control the operator deploys, which adds a broker and then drains it before it goes', async () => {
    const config = sandbox.sandbox.kube.kubeConfig;
    const custom = config.makeApiClient(CustomObjectsApi);
    const core = config.makeApiClient(CoreV1Api);
    const apps = config.makeApiClient(AppsV1Api);
    await kubectl.out('create', 'namespace', NAMESPACE);
    await kubectl.out('apply', '-n', NAMESPACE, '-f', 'test/k8s/crd/samples/kraft/simplekafkacluster_kraft.yaml');
    const status = async () => {
      const { status } = (await custom.getNamespacedCustomObject({ ...api, name: 'kafka' })) as Status;
      return `${status?.state ?? ''} ${status?.brokersReady ?? ''}`;
    };
    await expect.poll(status, { timeout: 60_000, interval: 200 }).toBe('ClusterRunning 6/6');

    // Cruise Control is the operator's: its Deployment, ConfigMap and Service, owned by the KafkaCluster, and a process in its Pod.
    await expect
      .poll(
        async () => (await apps.readNamespacedDeployment({ namespace: NAMESPACE, name: 'kafka-cruisecontrol' }).catch(() => undefined))?.status?.readyReplicas,
        {
          timeout: 60_000,
          interval: 200,
        },
      )
      .toBe(1);
    const owned = await apps.readNamespacedDeployment({ namespace: NAMESPACE, name: 'kafka-cruisecontrol' });
    expect(owned.metadata?.ownerReferences?.map((o) => o.kind)).toEqual(['KafkaCluster']);
    expect((await core.readNamespacedConfigMap({ namespace: NAMESPACE, name: 'kafka-cruisecontrol-config' })).data?.['capacity.json']).toContain(
      '"brokerId": "100"',
    );
    expect((await core.readNamespacedService({ namespace: NAMESPACE, name: 'kafka-cruisecontrol-svc' })).spec?.ports?.[0]?.port).toBe(8090);
    const tasks = (endpoint: string) =>
      sandbox.sandbox.world
        .cruiseControl(NAMESPACE, 'kafka')
        ?.tasks.list()
        .filter((t) => t.requestUrl.includes(`/${endpoint}?`)).length ?? 0;

    // A fourth broker, added with kubectl, is filled by Cruise Control's add_broker.
    await kubectl.out(
      'patch',
      'kafkacluster',
      'kafka',
      '-n',
      NAMESPACE,
      '--type=json',
      '-p',
      '[{"op":"add","path":"/spec/brokers/-","value":{"id":103,"brokerConfigGroup":"broker"}}]',
    );
    await expect.poll(status, { timeout: 90_000, interval: 200 }).toBe('ClusterRunning 7/7');
    await expect.poll(() => tasks('add_broker'), { timeout: 90_000, interval: 200 }).toBeGreaterThan(0);

    // Removed from the spec, it is drained through that Cruise Control before its Pod and volumes go.
    const pods = async () => (await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: 'app=kafka,brokerId=103' })).items.length;
    await expect.poll(pods, { timeout: 30_000, interval: 200 }).toBe(1);
    await kubectl.out('patch', 'kafkacluster', 'kafka', '-n', NAMESPACE, '--type=json', '-p', '[{"op":"remove","path":"/spec/brokers/6"}]');
    await expect.poll(() => tasks('remove_broker'), { timeout: 90_000, interval: 200 }).toBe(1);
    await expect.poll(pods, { timeout: 90_000, interval: 200 }).toBe(0);
    const replicas =
      sandbox.sandbox.world
        .model(NAMESPACE, 'kafka')
        ?.partitions()
        .flatMap((p) => p.replicas.map((r) => r.broker)) ?? [];
    expect(replicas.length).toBeGreaterThan(0);
    expect(replicas).not.toContain(103);
  }, 300_000);
});
