import { describe, expect, it } from 'vitest';
import { NAMESPACE, replicasByBroker, storage, type OperationsWorld } from './support/operationsSandbox.js';
import { killAtEveryWrite, type Flow } from './support/killAtEveryWrite.js';

const EXTRA = '/kafka-extra';
/** Broker 0 holds data only (3, 4 and 5 are the controllers). */
const BROKER = 0;
const volumeState = async (world: OperationsWorld) =>
  (await world.readCluster().catch(() => undefined))?.status?.brokersState?.[String(BROKER)]?.gracefulActionState?.volumeStates?.[EXTRA]
    ?.cruiseControlVolumeState;
const claimsOfExtra = (world: OperationsWorld) =>
  world.sandbox.kube.api.store
    .list('/persistentvolumeclaims', NAMESPACE)
    .filter((p) => p.metadata.labels?.brokerId === String(BROKER) && p.metadata.annotations?.mountPath === EXTRA);
const replicasInExtra = (world: OperationsWorld) =>
  world
    .model()
    .logDirContents(BROKER)
    .find((d) => d.path === `${EXTRA}/kafka`)?.replicas.length ?? 0;

/** A disk added to broker 0: one claim for it, the broker restarted with it mounted, then one disk rebalance fills it. */
const addDisk: Flow = {
  task: 'rebalance',
  change: (world) => world.patchSpec([{ op: 'add', path: `/spec/brokers/${BROKER}/brokerConfig/storageConfigs`, value: [storage(EXTRA)] }]),
  finished: async (world) => (await volumeState(world)) === 'GracefulDiskRebalanceSucceeded',
  // The broker restarts to mount the disk.
  restartsBrokers: true,
  // Adding a disk deletes no claim: any that went would have lost its broker's data.
  dataAt: (world, object) =>
    object.kind === 'PersistentVolumeClaim' && object.metadata.labels?.kafka_cr === 'kafka'
      ? (replicasByBroker(world.model()).get(Number(object.metadata.labels.brokerId)) ?? 0)
      : undefined,
  endProblem: (world) => {
    const claims = claimsOfExtra(world).length;
    const filled = replicasInExtra(world);
    return claims === 1 && filled > 0 ? undefined : `${claims} claim(s) for ${EXTRA}, ${filled} replica(s) in it`;
  },
};

describe('adding a disk survives the operator dying at any point', () => {
  it('ends with one claim for the disk, filled by one disk rebalance, and no claim deleted, wherever the operator dies', async () => {
    expect(await killAtEveryWrite(addDisk, 16)).toEqual([]);
  }, 1_800_000);
});
