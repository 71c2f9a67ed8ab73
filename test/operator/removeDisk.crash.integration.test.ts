import { describe, expect, it } from 'vitest';
import { NAMESPACE, storage, type OperationsWorld } from './support/operationsSandbox.js';
import { killAtEveryWrite, type Flow } from './support/killAtEveryWrite.js';

const EXTRA = '/kafka-extra';
/** Broker 0 holds data only (3, 4 and 5 are the controllers, whose metadata disk stays). */
const BROKER = 0;
const replicasInExtra = (world: OperationsWorld) =>
  world
    .model()
    .logDirContents(BROKER)
    .find((d) => d.path === `${EXTRA}/kafka`)?.replicas.length ?? 0;
const volumeStates = async (world: OperationsWorld) =>
  (await world.readCluster().catch(() => undefined))?.status?.brokersState?.[String(BROKER)]?.gracefulActionState?.volumeStates;

/** A disk added to broker 0 and filled by a disk rebalance is dropped from the spec: one remove_disks empties it before its claim goes. */
const removeDisk: Flow = {
  task: 'remove_disks',
  ready: async (world) => {
    await world.patchSpec([{ op: 'add', path: `/spec/brokers/${BROKER}/brokerConfig/storageConfigs`, value: [storage(EXTRA)] }]);
    await expect
      .poll(async () => (await volumeStates(world))?.[EXTRA]?.cruiseControlVolumeState, { timeout: 60_000, interval: 50 })
      .toBe('GracefulDiskRebalanceSucceeded');
    expect(replicasInExtra(world)).toBeGreaterThan(0);
  },
  change: (world) => world.patchSpec([{ op: 'remove', path: `/spec/brokers/${BROKER}/brokerConfig/storageConfigs` }]),
  finished: async (world) =>
    world.sandbox.kube.api.store
      .list('/persistentvolumeclaims', NAMESPACE)
      .filter((p) => p.metadata.labels?.brokerId === String(BROKER) && p.metadata.annotations?.mountPath === EXTRA).length === 0 &&
    (await volumeStates(world)) === undefined,
  dataAt: (world, object) => (object.metadata.annotations?.mountPath === EXTRA ? replicasInExtra(world) : undefined),
  // The broker restarts without the disk once it is empty.
  restartsBrokers: true,
};

describe('removing a disk survives the operator dying at any point', () => {
  it('ends with the disk gone, one remove_disks task, and its claim deleted only once Kafka held nothing on it, wherever the operator dies', async () => {
    expect(await killAtEveryWrite(removeDisk, 16)).toEqual([]);
  }, 1_800_000);
});
