import { expect, vi } from 'vitest';
import { CLUSTER, NAMESPACE, replicasByBroker, type OperationsWorld } from './operationsSandbox.js';

/**
 * What a cluster whose inter-broker listener is secured must still do through it: kafkaplane's
 * admin client applies a cluster-wide config, and a broker-only node joins, gets replicas through
 * Cruise Control's add_broker, then leaves through a `remove_broker` drain whose emptiness
 * kafkaplane confirms with Kafka. `status` reads the cluster's `<state> <ready>/<brokers>`.
 */
export async function appliesConfigAndDrainsABroker(world: OperationsWorld, status: () => Promise<string>): Promise<void> {
  await world.patchSpec([{ op: 'add', path: '/spec/clusterWideConfig', value: 'log.cleaner.threads=3' }]);
  await vi.waitFor(() => expect(world.model().dynamicConfig(null).get('log.cleaner.threads')).toBe('3'), { timeout: 30_000, interval: 100 });

  await vi.waitFor(() => expect(world.sandbox.world.cruiseControl(NAMESPACE, CLUSTER)).toBeDefined(), { timeout: 60_000, interval: 100 });
  await world.patchSpec([{ op: 'add', path: '/spec/brokers/-', value: { id: 3, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker'] } } }]);
  await expect.poll(status, { timeout: 90_000, interval: 200 }).toBe('ClusterRunning 4/4');
  // Once Cruise Control's add_broker has given it replicas: an empty broker is removed without a drain.
  await expect.poll(() => replicasByBroker(world.model()).get(3) ?? 0, { timeout: 120_000, interval: 200 }).toBeGreaterThan(0);
  await world.patchSpec([{ op: 'remove', path: '/spec/brokers/3' }]);
  // The drain is seen on the Cruise Control that runs it: a capacity without the broker restarts
  // Cruise Control once the drain is over, and a new one knows no earlier task.
  const drainSent = () =>
    world.sandbox.world
      .cruiseControl(NAMESPACE, CLUSTER)
      ?.tasks.list()
      .some((t) => t.requestUrl.includes('/remove_broker?')) ?? false;
  await vi.waitFor(() => expect(drainSent()).toBe(true), { timeout: 120_000, interval: 50 });
  const broker3 = async () => (await world.core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: 'app=kafka,brokerId=3' })).items.length;
  await expect.poll(broker3, { timeout: 120_000, interval: 200 }).toBe(0);
  expect(replicasByBroker(world.model()).get(3) ?? 0).toBe(0);
}
