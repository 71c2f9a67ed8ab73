import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging.js';
import {
  clusterApi,
  NAMESPACE,
  operationApi,
  replicasByBroker,
  sixBrokerSpec,
  startOperationsWorld,
  storage,
  untilClusterServes,
  type OperationsWorld,
} from './support/operationsSandbox.js';

let world: OperationsWorld;
const logLines: Array<{ msg?: string; doubts?: string[] }> = [];
const EXTRA_DIR = '/kafka-extra/kafka';

beforeAll(async () => {
  world = await startOperationsWorld();
  const lines = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk
        .toString()
        .split('\n')
        .filter((l) => l !== ''))
        logLines.push(JSON.parse(line) as (typeof logLines)[number]);
      done();
    },
  });
  await world.startOperator({ logger: createLogger({ logLevel: 'info', logFormat: 'json' }, lines) });
  // Broker 1 has two disks, so that one can fail while Kafka keeps the broker up (a broker whose every dir failed shuts down).
  const spec = {
    ...sixBrokerSpec,
    brokers: sixBrokerSpec.brokers.map((b) => (b.id === 1 ? { ...b, brokerConfig: { ...b.brokerConfig, storageConfigs: [storage('/kafka-extra')] } } : b)),
  };
  await world.custom.createNamespacedCustomObject({
    ...clusterApi,
    body: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: 'kafka' }, spec },
  });
  await untilClusterServes(world);
}, 120_000);
afterAll(async () => {
  await world.close();
});

const brokerPods = (id: number) =>
  world.sandbox.kube.api.store.list('/pods', NAMESPACE).filter((p) => p.metadata.labels?.brokerId === String(id) && p.metadata.labels?.kafka_cr === 'kafka');
const drainState = async (id: number) =>
  (await world.readCluster()).status?.brokersState?.[String(id)]?.gracefulActionState as { cruiseControlState?: string; drainConfirmed?: boolean } | undefined;

describe('a failed log dir never confirms a drain', () => {
  it('keeps a drained broker whose disk Kafka reports failed, and removes it once the disk is back and empty', async () => {
    const model = world.model();
    expect(model.logDirContents(1).map((d) => d.path)).toContain(EXTRA_DIR);
    model.setLogDirOffline(1, EXTRA_DIR, true);

    await world.patchSpec([{ op: 'remove', path: '/spec/brokers/1' }]);
    // Cruise Control moves every replica off broker 1 (the offline ones from their leaders), so the metadata assigns it none.
    await expect.poll(async () => (await drainState(1))?.cruiseControlState, { timeout: 90_000, interval: 50 }).toBe('GracefulDownscaleSucceeded');
    expect(replicasByBroker(model).get(1) ?? 0).toBe(0);
    // A pass ran after the drain and withheld the confirmation because of the failed dir.
    await expect
      .poll(() => logLines.some((l) => l.doubts?.some((d) => d.includes('broker 1') && d.includes(EXTRA_DIR) && d.includes('KAFKA_STORAGE_ERROR'))), {
        timeout: 30_000,
        interval: 50,
      })
      .toBe(true);
    expect((await drainState(1))?.drainConfirmed).toBeUndefined();
    expect(brokerPods(1)).toHaveLength(1);
    expect(world.sandbox.kube.api.store.list('/persistentvolumeclaims', NAMESPACE).filter((p) => p.metadata.labels?.brokerId === '1')).toHaveLength(2);

    // The disk is repaired: Kafka reports it healthy and empty, and the metadata agrees.
    model.setLogDirOffline(1, EXTRA_DIR, false);
    await expect.poll(() => brokerPods(1).length, { timeout: 60_000, interval: 50 }).toBe(0);
    const removals = (
      (await world.custom.listNamespacedCustomObject(operationApi)) as { items: Array<{ status?: { currentTask?: { operation?: string } } }> }
    ).items.filter((o) => o.status?.currentTask?.operation === 'remove_broker');
    expect(removals).toHaveLength(1);
  }, 240_000);
});

describe('a Kafka that cannot be asked never confirms a drain', () => {
  it('keeps a drained broker while DescribeLogDirs gets no answer, and removes it once Kafka answers again', async () => {
    const model = world.model();
    const DESCRIBE_LOG_DIRS = 35;
    const servers = () =>
      model
        .brokers()
        .map((b) => world.sandbox.world.brokerServer(NAMESPACE, 'kafka', b.id))
        .filter((s) => s !== undefined);
    // Every broker drops the connection on DescribeLogDirs: the drain cannot be confirmed by Kafka.
    for (const server of servers()) server.injectFault({ apiKey: DESCRIBE_LOG_DIRS, times: 1_000_000, disconnect: true });
    const from = logLines.length;
    const spec = ((await world.custom.getNamespacedCustomObject(clusterApi)) as { spec: { brokers: Array<{ id: number }> } }).spec;
    await world.patchSpec([{ op: 'remove', path: `/spec/brokers/${spec.brokers.findIndex((b) => b.id === 2)}` }]);

    await expect.poll(async () => (await drainState(2))?.cruiseControlState, { timeout: 90_000, interval: 50 }).toBe('GracefulDownscaleSucceeded');
    expect(replicasByBroker(model).get(2) ?? 0).toBe(0);
    // Passes ran after the drain, could not ask Kafka, and released nothing.
    const unconfirmed = () => logLines.slice(from).filter((l) => l.msg === 'Kafka could not confirm what is drained; nothing is released this pass').length;
    await expect.poll(unconfirmed, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(3);
    expect((await drainState(2))?.drainConfirmed).toBeUndefined();
    expect(brokerPods(2)).toHaveLength(1);
    expect(world.sandbox.kube.api.store.list('/persistentvolumeclaims', NAMESPACE).filter((p) => p.metadata.labels?.brokerId === '2')).toHaveLength(1);

    for (const server of servers()) server.clearFaults();
    await expect.poll(() => brokerPods(2).length, { timeout: 60_000, interval: 50 }).toBe(0);
  }, 240_000);
});
