import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
let core: CoreV1Api;

beforeAll(async () => {
  sandbox = await startSandbox({ dir: mkdtempSync(join(tmpdir(), 'kafkaplane-world-')) });
  core = sandbox.kube.kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'kafka' } } });
});
afterAll(async () => {
  await sandbox.close();
});

const properties = (id: number, extra = ''): string =>
  `node.id=${id}\nprocess.roles=broker,controller\ncontroller.quorum.bootstrap.servers=kafka-0:29093\nlog.dirs=/kafka-logs/kafka\nbroker.rack=zone-a\n${extra}`;

async function brokerPod(id: number, config: string): Promise<void> {
  await core.createNamespacedConfigMap({ namespace: 'kafka', body: { metadata: { name: `kafka-config-${id}` }, data: { 'broker-config': config } } });
  const pod: V1Pod = {
    metadata: { name: `kafka-${id}`, labels: { app: 'kafka', kafka_cr: 'kafka', brokerId: String(id) } },
    spec: {
      containers: [{ name: 'kafka', image: 'apache/kafka:4.1.0', volumeMounts: [{ name: 'broker-config', mountPath: '/config' }] }],
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
    await core.createNamespacedPod({
      namespace: 'kafka',
      body: {
        metadata: { name: 'kafka-0-again', labels: { app: 'kafka', kafka_cr: 'kafka', brokerId: '0' } },
        spec: { containers: [{ name: 'kafka', image: 'apache/kafka:4.1.0' }], volumes: [{ name: 'broker-config', configMap: { name: 'kafka-config-0' } }] },
      },
    });
    await expect.poll(() => ready('kafka-0-again'), { timeout: 5_000 }).toBe('True');
    expect(sandbox.world.model('kafka', 'kafka')?.broker(0)?.running).toBe(true);
  });
});
