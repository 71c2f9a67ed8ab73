import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, type V1Container, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { DEFAULT_JMX_EXPORTER_IMAGE, DEFAULT_METRICS_REPORTER_IMAGE } from '../../src/domain/images.js';
import { DEFAULT_KAFKA_JMX_EXPORTER_CONFIG } from '../../src/operator/broker/monitoring.js';
import { Kubectl, kubectlPresent } from '../support/kubectl.js';

let sandbox: Sandbox;
let core: CoreV1Api;
let kubectl: Kubectl;

const NS = 'images';
const CLUSTER_ID = 'q1Sh-9_ISia_zwGINzRvyQ';
const REPORTER = 'com.linkedin.kafka.cruisecontrol.metricsreporter.CruiseControlMetricsReporter';
const configMount = { name: 'broker-config', mountPath: '/config' };
const extensions = { name: 'extensions', mountPath: '/opt/kafka/libs/extensions' };
const jmxJar = { name: 'jmx-jarfile', mountPath: '/opt/jmx-exporter/' };

const properties = (id: number): string =>
  `node.id=${id}\nprocess.roles=broker,controller\ncontroller.quorum.bootstrap.servers=kafka-${id}:29093\nlog.dirs=/kafka-logs/kafka\nmetric.reporters=${REPORTER}\n`;

const format = (id: number): V1Container => ({
  name: 'format-storage',
  image: 'apache/kafka:4.1.0',
  command: [
    '/opt/kafka/bin/kafka-storage.sh',
    'format',
    '--cluster-id',
    CLUSTER_ID,
    '--config',
    '/config/broker-config',
    '--ignore-formatted',
    '--initial-controllers',
    `${id}@kafka-${id}:29093:${'A'.repeat(21)}w`,
  ],
  volumeMounts: [configMount],
});
const reporterCopy: V1Container = {
  name: 'cruise-control-reporter',
  image: DEFAULT_METRICS_REPORTER_IMAGE,
  command: [
    '/bin/sh',
    '-cex',
    'cp -v /opt/cruise-control/cruise-control/build/dependant-libs/cruise-control-metrics-reporter.jar /opt/kafka/libs/extensions/cruise-control-metrics-reporter.jar',
  ],
  volumeMounts: [extensions],
};

/** A broker Pod as the operator makes it, with the init containers and environment a test chooses. */
async function brokerPod(
  id: number,
  options: { inits?: V1Container[]; env?: Array<{ name: string; value: string }>; image?: string; jmxRules?: string },
): Promise<void> {
  await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: `kafka-config-${id}` }, data: { 'broker-config': properties(id) } } });
  // The exporter's rules mounted where KAFKA_OPTS names them, its port declared and annotated for Prometheus, as the operator does.
  const jmx = options.jmxRules;
  if (jmx !== undefined) await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: `jmx-${id}` }, data: { 'config.yaml': jmx } } });
  const body: V1Pod = {
    metadata: {
      name: `kafka-${id}`,
      labels: { app: 'kafka', kafka_cr: `kafka${id}`, brokerId: String(id) },
      ...(jmx !== undefined ? { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9020' } } : {}),
    },
    spec: {
      initContainers: [format(id), ...(options.inits ?? [])],
      containers: [
        {
          name: 'kafka',
          image: options.image ?? 'apache/kafka:4.1.0',
          command: ['/opt/kafka/bin/kafka-server-start.sh', '/config/broker-config'],
          env: options.env ?? [],
          volumeMounts: [configMount, extensions, jmxJar, ...(jmx !== undefined ? [{ name: 'jmx-config', mountPath: '/etc/jmx-exporter/' }] : [])],
          ...(jmx !== undefined ? { ports: [{ name: 'metrics', containerPort: 9020 }] } : {}),
        },
      ],
      volumes: [
        { name: 'broker-config', configMap: { name: `kafka-config-${id}` } },
        { name: 'extensions', emptyDir: {} },
        { name: 'jmx-jarfile', emptyDir: {} },
        ...(jmx !== undefined ? [{ name: 'jmx-config', configMap: { name: `jmx-${id}` } }] : []),
      ],
      terminationGracePeriodSeconds: 1,
    },
  };
  await core.createNamespacedPod({ namespace: NS, body });
}

const podOf = (name: string): Promise<V1Pod> => core.readNamespacedPod({ name, namespace: NS });
const eventsOf = async (name: string): Promise<string[]> =>
  (await core.listNamespacedEvent({ namespace: NS, fieldSelector: `involvedObject.name=${name}` })).items.map((e) => e.message ?? '');

describe.skipIf(!kubectlPresent)('the sandbox kubelet starts containers by what their images hold', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkaplane-images-'));
    sandbox = await startSandbox({ dir });
    core = sandbox.kube.kubeConfig.makeApiClient(CoreV1Api);
    kubectl = new Kubectl(join(sandbox.dir, 'kubeconfig'), join(dir, 'cache'));
    await core.createNamespace({ body: { metadata: { name: NS } } });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('fails to pull an image no registry has, with the kubelet Events, and keeps the Pod Pending', async () => {
    await core.createNamespacedPod({
      namespace: NS,
      body: { metadata: { name: 'ghost' }, spec: { containers: [{ name: 'app', image: 'example.org/ghost:1.0' }] } },
    });
    await expect.poll(async () => (await eventsOf('ghost')).some((m) => m.startsWith('Back-off pulling image')), { timeout: 20_000 }).toBe(true);
    const events = await eventsOf('ghost');
    expect(events).toContain(
      'Failed to pull image "example.org/ghost:1.0": rpc error: code = NotFound desc = failed to pull and unpack image "example.org/ghost:1.0": ' +
        'failed to resolve reference "example.org/ghost:1.0": example.org/ghost:1.0: not found',
    );
    expect(events).toContain('Back-off pulling image "example.org/ghost:1.0"');
    expect(events).toContain('Error: ErrImagePull');
    const pod = await podOf('ghost');
    expect(pod.status?.phase).toBe('Pending');
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(pod.status?.containerStatuses?.[0]?.state?.waiting?.reason);
    await expect
      .poll(async () => (await kubectl.out('get', 'pod', 'ghost', '-n', NS, '--no-headers')).split(/\s+/)[2], { timeout: 20_000 })
      .toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
  });

  it('keeps a Pod whose Secret volume names no Secret from starting, with FailedMount, until the Secret exists', async () => {
    await core.createNamespacedPod({
      namespace: NS,
      body: {
        metadata: { name: 'needs-secret' },
        spec: {
          containers: [{ name: 'app', image: 'apache/kafka:4.1.0', volumeMounts: [{ name: 'certs', mountPath: '/certs', readOnly: true }] }],
          volumes: [{ name: 'certs', secret: { secretName: 'later' } }],
        },
      },
    });
    await expect.poll(() => eventsOf('needs-secret'), { timeout: 20_000 }).toContain('MountVolume.SetUp failed for volume "certs" : secret "later" not found');
    expect((await podOf('needs-secret')).status?.phase).toBe('Pending');
    await core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 'later' }, stringData: { 'ca.crt': 'x' } } });
    await expect.poll(async () => (await podOf('needs-secret')).status?.phase, { timeout: 20_000 }).toBe('Running');
  });

  it("crash-loops a broker whose metric reporter is not on its class path, with Kafka's error in its log", async () => {
    await brokerPod(1, {});
    await expect.poll(async () => (await podOf('kafka-1')).status?.containerStatuses?.[0]?.restartCount ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const status = (await podOf('kafka-1')).status?.containerStatuses?.[0];
    expect(status?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(status?.ready).toBe(false);
    const log = await kubectl.out('logs', 'kafka-1', '-n', NS, '-c', 'kafka', '--previous');
    expect(log).toContain(`org.apache.kafka.common.KafkaException: ${REPORTER} ClassNotFoundException exception occurred`);
  });

  it('starts the broker once an init container copies the reporter jar into the CLASSPATH directory', async () => {
    await brokerPod(2, { inits: [reporterCopy], env: [{ name: 'CLASSPATH', value: '/opt/kafka/libs/extensions/*' }] });
    expect(await kubectl.out('wait', '--for=condition=Ready', 'pod/kafka-2', '-n', NS, '--timeout=30s')).toBe('pod/kafka-2 condition met\n');
    expect(await kubectl.out('logs', 'kafka-2', '-n', NS, '-c', 'cruise-control-reporter')).toContain(
      "'/opt/cruise-control/cruise-control/build/dependant-libs/cruise-control-metrics-reporter.jar' -> '/opt/kafka/libs/extensions/cruise-control-metrics-reporter.jar'",
    );
  });

  it('keeps the reporter off the class path when CLASSPATH does not name its directory', async () => {
    await brokerPod(3, { inits: [reporterCopy] });
    await expect.poll(async () => (await podOf('kafka-3')).status?.containerStatuses?.[0]?.restartCount ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  });

  it('fails an init container whose cp source is not in its image, and crash-loops it', async () => {
    const wrongJar: V1Container = {
      name: 'jmx-exporter',
      image: DEFAULT_JMX_EXPORTER_IMAGE,
      command: ['cp', '/nope.jar', '/opt/jmx-exporter/jmx_prometheus.jar'],
      volumeMounts: [jmxJar],
    };
    await brokerPod(4, { inits: [wrongJar] });
    await expect
      .poll(async () => (await podOf('kafka-4')).status?.initContainerStatuses?.find((s) => s.name === 'jmx-exporter')?.restartCount ?? 0, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(1);
    const pod = await podOf('kafka-4');
    expect(pod.status?.phase).toBe('Pending');
    expect(await kubectl.out('logs', 'kafka-4', '-n', NS, '-c', 'jmx-exporter', '--previous')).toContain(
      "cp: can't stat '/nope.jar': No such file or directory",
    );
  });

  it('fails the JVM when the javaagent jar in KAFKA_OPTS is not there, and starts it when copied in', async () => {
    const env = [
      { name: 'CLASSPATH', value: '/opt/kafka/libs/extensions/*' },
      { name: 'KAFKA_OPTS', value: '-javaagent:/opt/jmx-exporter/jmx_prometheus.jar=9020:/etc/jmx-exporter/config.yaml' },
    ];
    await brokerPod(5, { inits: [reporterCopy], env });
    await expect.poll(async () => (await podOf('kafka-5')).status?.containerStatuses?.[0]?.restartCount ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    expect(await kubectl.out('logs', 'kafka-5', '-n', NS, '-c', 'kafka', '--previous')).toContain(
      'Error opening zip file or JAR manifest missing : /opt/jmx-exporter/jmx_prometheus.jar',
    );
    const jmx: V1Container = {
      name: 'jmx-exporter',
      image: DEFAULT_JMX_EXPORTER_IMAGE,
      command: ['cp', '/jmx_prometheus_javaagent.jar', '/opt/jmx-exporter/jmx_prometheus.jar'],
      volumeMounts: [jmxJar],
    };
    await brokerPod(6, { inits: [reporterCopy, jmx], env });
    expect(await kubectl.out('wait', '--for=condition=Ready', 'pod/kafka-6', '-n', NS, '--timeout=30s')).toBe('pod/kafka-6 condition met\n');
  });

  it("serves the JMX exporter's metrics on the agent's port at the Pod's address, listed in the file_sd file; rules that do not parse stop the JVM", async () => {
    const env = [
      { name: 'CLASSPATH', value: '/opt/kafka/libs/extensions/*' },
      { name: 'KAFKA_OPTS', value: '-javaagent:/opt/jmx-exporter/jmx_prometheus.jar=9020:/etc/jmx-exporter/config.yaml' },
    ];
    const jmx: V1Container = {
      name: 'jmx-exporter',
      image: DEFAULT_JMX_EXPORTER_IMAGE,
      command: ['cp', '/jmx_prometheus_javaagent.jar', '/opt/jmx-exporter/jmx_prometheus.jar'],
      volumeMounts: [jmxJar],
    };
    await brokerPod(7, { inits: [reporterCopy, jmx], env, jmxRules: DEFAULT_KAFKA_JMX_EXPORTER_CONFIG });
    expect(await kubectl.out('wait', '--for=condition=Ready', 'pod/kafka-7', '-n', NS, '--timeout=30s')).toBe('pod/kafka-7 condition met\n');
    const targetsFile = join(sandbox.scrapeTargetsDir, 'kafka.json');
    const target = async () =>
      (JSON.parse(await readFile(targetsFile, 'utf8')) as Array<{ targets: string[]; labels: Record<string, string> }>).find((t) => t.labels.pod === 'kafka-7');
    await expect.poll(target, { timeout: 10_000 }).toEqual({
      targets: [`${sandbox.network.standInOf((await podOf('kafka-7')).status?.podIP ?? '')}:9020`],
      labels: { namespace: NS, pod: 'kafka-7', kafka_cr: 'kafka7', brokerId: '7' },
    });
    const exposition = await (await fetch(`http://${(await target())?.targets[0]}/metrics`)).text();
    expect(exposition).toContain('# TYPE kafka_server_replicamanager_underreplicatedpartitions gauge');
    expect(exposition).toMatch(/^kafka_server_replicamanager_partitioncount \d+\.0$/m);

    await brokerPod(8, { inits: [reporterCopy, jmx], env, jmxRules: 'rules:\n  - pattern: "(unclosed"\n' });
    await expect.poll(async () => (await podOf('kafka-8')).status?.containerStatuses?.[0]?.restartCount ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    expect(await kubectl.out('logs', 'kafka-8', '-n', NS, '-c', 'kafka', '--previous')).toContain('Invalid pattern (unclosed');
  });
});
