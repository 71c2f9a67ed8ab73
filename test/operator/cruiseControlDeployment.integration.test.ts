import { AppsV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreEvent } from '../../sandbox/kube/index.js';
import { NAMESPACE, startOperationsWorld, untilClusterServes, type OperationsWorld } from './support/operationsSandbox.js';

const HASH = 'cruiseControlConfig.kafkaplane.io/hash';
const OPERATIONS = 'kafka.banzaicloud.io/cruisecontroloperations';

let world: OperationsWorld;
let apps: AppsV1Api;

beforeAll(async () => {
  world = await startOperationsWorld();
  apps = world.sandbox.kube.kubeConfig.makeApiClient(AppsV1Api);
  await world.startOperator();
  await world.createCluster();
  await untilClusterServes(world);
}, 60_000);
afterAll(async () => {
  await world.close();
});

const deployment = () => apps.readNamespacedDeployment({ namespace: NAMESPACE, name: 'kafka-cruisecontrol' });
const hashOf = async () => (await deployment()).spec?.template.metadata?.annotations?.[HASH];
type Operation = { metadata: { name: string }; status?: { currentTask?: { id?: string; state?: string; operation?: string } } };
const running = (): Operation[] =>
  (world.sandbox.kube.api.store.list(OPERATIONS, NAMESPACE) as unknown as Operation[]).filter((o) => {
    const task = o.status?.currentTask;
    return task?.id !== undefined && (task.state === 'Active' || task.state === 'InExecution');
  });

describe('Cruise Control deployed by the operator', () => {
  it('creates the metrics topic, then the Deployment, ConfigMap and Service of Koperator', async () => {
    await expect
      .poll(async () => (await world.readCluster()) as { status?: { cruiseControlTopicStatus?: string } }, { timeout: 20_000, interval: 50 })
      .toMatchObject({ status: { cruiseControlTopicStatus: 'CruiseControlTopicReady' } });
    const topic = world
      .model()
      .topics()
      .find((t) => t.name === '__CruiseControlMetrics');
    expect(topic?.partitions.length).toBe(12);
    expect(topic?.replicationFactor).toBe(3);

    await expect.poll(async () => (await hashOf()) !== undefined, { timeout: 20_000, interval: 50 }).toBe(true);
    const deployed = await deployment();
    expect(deployed.metadata?.labels).toMatchObject({ app: 'cruisecontrol', kafka_cr: 'kafka' });
    expect(deployed.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'KafkaCluster', name: 'kafka', controller: true });
    expect(deployed.spec?.selector.matchLabels).toEqual({ app: 'cruisecontrol', kafka_cr: 'kafka' });
    const container = deployed.spec?.template.spec?.containers[0];
    expect(container?.name).toBe('cruisecontrol');
    expect(container?.readinessProbe?.httpGet).toMatchObject({ path: '/kafkacruisecontrol/state', port: 8090 });
    expect(container?.volumeMounts).toContainEqual(expect.objectContaining({ name: 'cruisecontrol-config', mountPath: '/opt/cruise-control/config' }));

    const config = await world.core.readNamespacedConfigMap({ namespace: NAMESPACE, name: 'kafka-cruisecontrol-config' });
    expect(Object.keys(config.data ?? {}).sort()).toEqual(['capacity.json', 'clusterConfigs.json', 'cruisecontrol.properties', 'log4j.properties']);
    expect(config.data?.['cruisecontrol.properties']).toContain('bootstrap.servers=');
    const capacity = JSON.parse(config.data?.['capacity.json'] ?? '{}') as {
      brokerCapacities: Array<{ brokerId: string; capacity: { DISK: Record<string, string> } }>;
    };
    expect(capacity.brokerCapacities.map((c) => c.brokerId)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(capacity.brokerCapacities[0]?.capacity.DISK).toEqual({ '/kafka-logs/kafka': '107374' });

    const service = await world.core.readNamespacedService({ namespace: NAMESPACE, name: 'kafka-cruisecontrol-svc' });
    expect(service.spec?.selector).toEqual({ app: 'cruisecontrol', kafka_cr: 'kafka' });
    expect(service.spec?.ports?.[0]).toMatchObject({ name: 'cc', port: 8090 });
  }, 60_000);

  it('rolls the Deployment when cruiseControlConfig.config changes', async () => {
    const before = await hashOf();
    await world.patchSpec([{ op: 'add', path: '/spec/cruiseControlConfig/config', value: 'num.broker.metrics.windows=10\n' }]);
    await expect.poll(hashOf, { timeout: 20_000, interval: 50 }).not.toBe(before);
    const config = await world.core.readNamespacedConfigMap({ namespace: NAMESPACE, name: 'kafka-cruisecontrol-config' });
    expect(config.data?.['cruisecontrol.properties']).toContain('num.broker.metrics.windows=10');
  }, 60_000);

  it('holds the roll while Cruise Control executes a task, and rolls once it ended', async () => {
    // Every change of the template hash, with the tasks Cruise Control was executing then.
    const rolls: Array<{ hash: string | undefined; running: string[] }> = [];
    const stop = world.sandbox.kube.api.store.subscribe((event: StoreEvent) => {
      if (event.resource !== 'apps/deployments' || event.type !== 'MODIFIED') return;
      const hash = (event.object as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } }).spec?.template?.metadata?.annotations?.[
        HASH
      ];
      const previous = (event.previous as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } } | undefined)?.spec?.template
        ?.metadata?.annotations?.[HASH];
      if (hash !== previous) rolls.push({ hash, running: running().map((o) => o.metadata.name) });
    });
    try {
      const before = await hashOf();
      const spec = (await world.readCluster()) as { spec?: { brokers: Array<{ id: number }> } };
      await world.patchSpec([{ op: 'remove', path: `/spec/brokers/${spec.spec?.brokers.findIndex((b) => b.id === 0)}` }]);
      await expect.poll(() => running().length, { timeout: 20_000, interval: 10 }).toBeGreaterThan(0);

      await world.patchSpec([{ op: 'replace', path: '/spec/cruiseControlConfig/config', value: 'num.broker.metrics.windows=12\n' }]);
      // The removal takes a while: the operator passes over the cluster meanwhile, holds the roll and says so.
      const held = running()[0]?.metadata.name ?? '';
      await expect
        .poll(
          async () =>
            ((await world.readCluster()) as { status?: { conditions?: Array<{ type: string; status: string; message: string }> } }).status?.conditions?.find(
              (c) => c.type === 'CruiseControlUpToDate',
            ),
          { timeout: 20_000, interval: 20 },
        )
        .toMatchObject({ status: 'False', message: expect.stringContaining(`waits until operation ${held} ends`) as string });
      await expect.poll(() => running().length, { timeout: 60_000, interval: 20 }).toBe(0);
      await expect.poll(hashOf, { timeout: 20_000, interval: 50 }).not.toBe(before);
      await expect
        .poll(
          async () =>
            ((await world.readCluster()) as { status?: { conditions?: Array<{ type: string; status: string }> } }).status?.conditions?.find(
              (c) => c.type === 'CruiseControlUpToDate',
            )?.status,
          { timeout: 20_000, interval: 50 },
        )
        .toBe('True');
      expect(rolls.length).toBeGreaterThan(0);
      expect(rolls.filter((r) => r.running.length > 0)).toEqual([]);
    } finally {
      stop();
    }
  }, 120_000);
});
