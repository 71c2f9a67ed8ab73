import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';

let sandbox: Sandbox;
let core: CoreV1Api;

beforeAll(async () => {
  // No operator here: the sandbox's own Cruise Control stands in for the one it would deploy.
  sandbox = await startSandbox({ dir: mkdtempSync(join(tmpdir(), 'kafkaplane-world-')), autoCruiseControl: true });
  core = sandbox.kube.kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'kafka' } } });
});
afterAll(async () => {
  await sandbox.close();
});

const properties = (id: number, extra = ''): string =>
  `node.id=${id}\nprocess.roles=broker,controller\ncontroller.quorum.bootstrap.servers=kafka-0:29093\nlog.dirs=/kafka-logs/kafka\nbroker.rack=zone-a\n${extra}`;

const CLUSTER_ID = 'q1Sh-9_ISia_zwGINzRvyQ';
const mounts = [{ name: 'broker-config', mountPath: '/config' }];
/** The containers the operator gives a broker Pod: storage formatted first, then Kafka on the mounted config. */
const formatStorage = (...quorum: string[]) => ({
  name: 'format-storage',
  image: 'apache/kafka:4.1.0',
  command: ['/opt/kafka/bin/kafka-storage.sh', 'format', '--cluster-id', CLUSTER_ID, '--config', '/config/broker-config', '--ignore-formatted', ...quorum],
  volumeMounts: mounts,
});
const kafkaContainer = {
  name: 'kafka',
  image: 'apache/kafka:4.1.0',
  command: ['/opt/kafka/bin/kafka-server-start.sh', '/config/broker-config'],
  volumeMounts: mounts,
};

async function brokerPod(
  id: number,
  config: string,
  containers: Pick<NonNullable<V1Pod['spec']>, 'initContainers' | 'containers'> = {
    initContainers: [formatStorage('--initial-controllers', `0@kafka-0:29093:${'A'.repeat(21)}w`)],
    containers: [kafkaContainer],
  },
  name = `kafka-${id}`,
): Promise<void> {
  await core
    .createNamespacedConfigMap({ namespace: 'kafka', body: { metadata: { name: `kafka-config-${id}` }, data: { 'broker-config': config } } })
    .catch(() => undefined);
  const pod: V1Pod = {
    metadata: { name, labels: { app: 'kafka', kafka_cr: 'kafka', brokerId: String(id) } },
    spec: {
      ...containers,
      volumes: [{ name: 'broker-config', configMap: { name: `kafka-config-${id}` } }],
      terminationGracePeriodSeconds: 1,
    },
  };
  await core.createNamespacedPod({ namespace: 'kafka', body: pod });
}

const ready = async (name: string) => (await core.readNamespacedPod({ name, namespace: 'kafka' })).status?.conditions?.find((c) => c.type === 'Ready')?.status;

describe('the Kafka world behind broker Pods', () => {
  it('starts a broker of the model from the config a Pod mounts, and only then is the Pod Ready', async () => {
    await brokerPod(0, properties(0));
    await expect.poll(() => ready('kafka-0'), { timeout: 5_000 }).toBe('True');
    const broker = sandbox.world.model('kafka', 'kafka')?.broker(0);
    expect(broker).toMatchObject({ running: true, rack: 'zone-a', roles: ['broker', 'controller'] });
    expect(broker?.logDirs.map((d) => d.path)).toEqual(['/kafka-logs/kafka']);
    expect(sandbox.endpoints().kafka['kafka/kafka']).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(sandbox.endpoints().cruiseControl['kafka/kafka']).toMatch(/\/kafkacruisecontrol$/);
  });

  it('gives a broker whose config Kafka would refuse a Pod that runs but never gets Ready', async () => {
    await brokerPod(1, properties(7));
    await expect.poll(async () => (await core.readNamespacedPod({ name: 'kafka-1', namespace: 'kafka' })).status?.phase, { timeout: 5_000 }).toBe('Running');
    expect(await ready('kafka-1')).toBe('False');
    expect([...sandbox.world.failures.values()]).toEqual(['node.id 7 does not match broker 1']);
    expect(sandbox.world.model('kafka', 'kafka')?.broker(1)).toBeUndefined();
  });

  it('stops the broker when its Pod goes, keeping its data for when it comes back', async () => {
    await core.deleteNamespacedPod({ name: 'kafka-0', namespace: 'kafka' });
    await expect.poll(() => sandbox.world.model('kafka', 'kafka')?.broker(0)?.running, { timeout: 5_000 }).toBe(false);
    await brokerPod(0, properties(0), undefined, 'kafka-0-again');
    await expect.poll(() => ready('kafka-0-again'), { timeout: 5_000 }).toBe('True');
    expect(sandbox.world.model('kafka', 'kafka')?.broker(0)?.running).toBe(true);
  });

  it.each([
    [
      'Kafka is not started on the mounted config',
      11,
      { initContainers: [formatStorage('--no-initial-controllers')], containers: [{ name: 'kafka', image: 'apache/kafka:4.1.0', volumeMounts: mounts }] },
      'the kafka container does not run kafka-server-start.sh on the mounted server.properties (/config/broker-config)',
    ],
    [
      'its log dir is not formatted',
      12,
      { containers: [kafkaContainer] },
      'No meta.properties found in /kafka-logs/kafka (have you run kafka-storage.sh to format the directory?)',
    ],
    [
      'a controller formats without saying how its quorum starts',
      13,
      { initContainers: [formatStorage()], containers: [kafkaContainer] },
      'init container format-storage failed: Because controller.quorum.voters is not set on this controller, you must specify one of the following: --standalone, --initial-controllers, or --no-initial-controllers.',
    ],
    [
      'a format adds a SCRAM user without its brackets',
      14,
      { initContainers: [formatStorage('--no-initial-controllers', '--add-scram', 'SCRAM-SHA-512=name=alice,password=secret')], containers: [kafkaContainer] },
      'init container format-storage failed: Expected configuration string to start with [',
    ],
    [
      'a format adds a SCRAM user without a password',
      15,
      { initContainers: [formatStorage('--no-initial-controllers', '--add-scram', 'SCRAM-SHA-512=[name=alice]')], containers: [kafkaContainer] },
      "init container format-storage failed: You must supply one of 'password' or 'saltedpassword' to add-scram",
    ],
    [
      'a format adds a SCRAM user of a mechanism Kafka does not have',
      16,
      { initContainers: [formatStorage('--no-initial-controllers', '--add-scram', 'SCRAM-SHA-1=[name=alice,password=secret]')], containers: [kafkaContainer] },
      'init container format-storage failed: The add-scram mechanism SCRAM-SHA-1 is not supported.',
    ],
    [
      'a format reads a password from a Secret that does not exist',
      17,
      {
        initContainers: [
          {
            ...formatStorage('--no-initial-controllers', '--add-scram', 'SCRAM-SHA-512=[name=alice,password=$(ALICE_PASSWORD)]'),
            env: [{ name: 'ALICE_PASSWORD', valueFrom: { secretKeyRef: { name: 'no-such-secret', key: 'password' } } }],
          },
        ],
        containers: [kafkaContainer],
      },
      'init container format-storage: CreateContainerConfigError: secret "no-such-secret" not found',
    ],
  ])('never gets a Pod Ready when %s', async (_case, id, containers, failure) => {
    await brokerPod(id, properties(id), containers);
    await expect
      .poll(async () => (await core.readNamespacedPod({ name: `kafka-${id}`, namespace: 'kafka' })).status?.phase, { timeout: 5_000 })
      .toBe('Running');
    expect(await ready(`kafka-${id}`)).toBe('False');
    const uid = (await core.readNamespacedPod({ name: `kafka-${id}`, namespace: 'kafka' })).metadata?.uid ?? '';
    expect(sandbox.world.failures.get(uid)).toBe(failure);
  });
});
