import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterConditionsDocument } from '../__generated__/graphql.js';
import { DEFAULT_JMX_EXPORTER_IMAGE, DEFAULT_METRICS_REPORTER_IMAGE } from '../../src/domain/images.js';
import { startApiSandbox, type ApiSandbox } from '../support/apiSandbox.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { postGraphQL } from '../support/graphql.js';

let api: ApiSandbox;
let url: string;
let core: CoreV1Api;
let custom: CustomObjectsApi;
const NS = 'images';
const clusters = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: NS, plural: 'kafkaclusters' };
const MISSING = 'registry.example.com/no-such-reporter:1.0';

const pods = async (cluster: string): Promise<V1Pod[]> =>
  (await core.listNamespacedPod({ namespace: NS, labelSelector: `app=kafka,kafka_cr=${cluster}` })).items.filter((p) => p.metadata?.deletionTimestamp == null);
const conditions = async (name: string) => (await postGraphQL(url, ClusterConditionsDocument, { namespace: NS, name })).data?.cluster;

async function createCluster(name: string, overrides: Record<string, unknown> = {}): Promise<void> {
  const spec = kraftSpecInput({
    brokerConfigGroups: { default: { storageConfigs: [{ mountPath: '/kafka-logs', pvcSpec: { resources: { requests: { storage: '10Gi' } } } }] } },
    brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: id === 0 ? ['broker', 'controller'] : ['broker'] } })),
    ...overrides,
  });
  await custom.createNamespacedCustomObject({
    ...clusters,
    body: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name }, spec },
  });
}

beforeAll(async () => {
  api = await startApiSandbox();
  url = api.server.url;
  core = api.sandbox.kube.kubeConfig.makeApiClient(CoreV1Api);
  custom = api.sandbox.kube.kubeConfig.makeApiClient(CustomObjectsApi);
  await core.createNamespace({ body: { metadata: { name: NS } } });
  // The server installs the CRDs as it starts.
  const installed = (): Promise<boolean> =>
    custom.listNamespacedCustomObject(clusters).then(
      () => true,
      () => false,
    );
  for (let tries = 0; !(await installed()); tries++) {
    if (tries > 300) throw new Error('the CRDs were not installed');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 90_000);
afterAll(async () => {
  await api.close();
});

describe('broker Pods load the metrics reporter and the JMX exporter from their images', () => {
  it('starts a cluster that names no image: the default images hold the reporter jar and the javaagent', async () => {
    await createCluster('plain');
    await expect.poll(async () => (await conditions('plain'))?.state, { timeout: 60_000 }).toBe('RUNNING');
    const pod = (await pods('plain'))[0];
    const inits = Object.fromEntries((pod?.spec?.initContainers ?? []).map((c) => [c.name, c.image]));
    expect(inits).toMatchObject({ 'cruise-control-reporter': DEFAULT_METRICS_REPORTER_IMAGE, 'jmx-exporter': DEFAULT_JMX_EXPORTER_IMAGE });
    expect(pod?.status?.initContainerStatuses?.map((s) => s.state?.terminated?.reason)).toEqual(pod?.spec?.initContainers?.map(() => 'Completed'));
    const jmx = await core.readNamespacedConfigMap({ name: 'plain-kafka-jmx-exporter', namespace: NS });
    expect(jmx.data?.['config.yaml']).toContain('rules:');
  }, 90_000);

  it('stops the rolling restart at the first broker whose reporter image cannot be pulled, and says why in the status', async () => {
    await createCluster('roll');
    await expect.poll(async () => (await conditions('roll'))?.state, { timeout: 60_000 }).toBe('RUNNING');
    const before = new Set((await pods('roll')).map((p) => p.metadata?.name));
    await custom.patchNamespacedCustomObject(
      { ...clusters, name: 'roll', body: { spec: { clusterMetricsReporterImage: MISSING } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    // One broker's new Pod waits on its image; the others keep running their old Pods.
    await expect
      .poll(
        async () =>
          (await pods('roll'))
            .flatMap((p) => p.status?.initContainerStatuses ?? [])
            .some((s) => s.name === 'cruise-control-reporter' && ['ErrImagePull', 'ImagePullBackOff'].includes(s.state?.waiting?.reason ?? '')),
        { timeout: 60_000 },
      )
      .toBe(true);
    const stuck = (await pods('roll')).filter((p) => !before.has(p.metadata?.name));
    expect(stuck).toHaveLength(1);
    expect(stuck[0]?.status?.phase).toBe('Pending');
    const events = (await core.listNamespacedEvent({ namespace: NS, fieldSelector: `involvedObject.name=${stuck[0]?.metadata?.name ?? ''}` })).items;
    expect(events.map((e) => e.message)).toContain(`Back-off pulling image "${MISSING}"`);
    const id = stuck[0]?.metadata?.labels?.brokerId ?? '';
    await expect
      .poll(async () => (await conditions('roll'))?.conditions.find((c) => c.type === 'StepBlocked'), { timeout: 30_000 })
      .toMatchObject({
        status: 'True',
        reason: 'BrokerPodNotStarting',
        message: expect.stringContaining(`broker ${id} cannot start: init container cruise-control-reporter cannot pull its image "${MISSING}"`) as string,
      });
    // The roll waits there: nobody else was restarted.
    expect((await pods('roll')).filter((p) => !before.has(p.metadata?.name))).toHaveLength(1);
    expect((await conditions('roll'))?.state).toBe('ROLLING_UPGRADING');
  }, 120_000);
  it('fails a broker Pod whose reporter image lacks the jar (restartPolicy Never, as Koperator), and says why', async () => {
    // An image that exists but holds no reporter jar: the copy fails, so Kafka would not find the class.
    await createCluster('nojar', { clusterMetricsReporterImage: DEFAULT_JMX_EXPORTER_IMAGE });
    await expect
      .poll(
        async () =>
          (await pods('nojar')).some((p) =>
            (p.status?.initContainerStatuses ?? []).some((s) => s.name === 'cruise-control-reporter' && s.state?.terminated?.exitCode === 1),
          ),
        { timeout: 60_000 },
      )
      .toBe(true);
    await expect
      .poll(async () => (await conditions('nojar'))?.conditions.find((c) => c.type === 'StepBlocked')?.message, { timeout: 30_000 })
      .toMatch(/^broker \d cannot start: init container cruise-control-reporter exits with code 1/);
  }, 120_000);
});
