import { describe, expect, it } from 'vitest';
import { NAMESPACE, storage, type OperationsWorld } from './support/operationsSandbox.js';
import { killAtEveryWrite, type Flow } from './support/killAtEveryWrite.js';

const addController6 = (world: OperationsWorld) =>
  world.patchSpec([
    { op: 'add', path: '/spec/brokers/-', value: { id: 6, brokerConfig: { processRoles: ['controller'], storageConfigs: [storage('/kafka-logs', '10Gi')] } } },
  ]);
const voters = (world: OperationsWorld) =>
  world
    .model()
    .quorum.voters()
    .map((v) => v.id)
    .sort((a, b) => a - b);
const objectsOf6 = (world: OperationsWorld) =>
  ['/pods', '/persistentvolumeclaims', '/configmaps', '/services']
    .flatMap((r) => world.sandbox.kube.api.store.list(r, NAMESPACE))
    .filter((o) => o.metadata.labels?.brokerId === '6' && o.metadata.labels.kafka_cr === 'kafka');
const ofController6 = (object: { metadata: { labels?: Record<string, string> } }) =>
  object.metadata.labels?.brokerId === '6' && object.metadata.labels.kafka_cr === 'kafka';

/** Controller 6, added and voting, is removed: out of the voters first, then its objects go. */
const removeController6: Flow = {
  restartsBrokers: true,
  ready: async (world) => {
    await addController6(world);
    await expect.poll(() => voters(world), { timeout: 60_000, interval: 50 }).toEqual([3, 4, 5, 6]);
  },
  change: (world) => world.patchSpec([{ op: 'remove', path: '/spec/brokers/6' }]),
  finished: (world) => objectsOf6(world).length === 0,
  // An object of controller 6 deleted while it still votes would take a voter's log away.
  dataAt: (world, object) => (ofController6(object) ? (voters(world).includes(6) ? 1 : 0) : undefined),
  endProblem: (world) => (voters(world).join() === '3,4,5' ? undefined : `voters ${voters(world).join(',')}`),
};

/** Controller 6 is added: one Pod of it, and it votes. */
const addedController6: Flow = {
  restartsBrokers: true,
  change: addController6,
  finished: (world) => voters(world).includes(6),
  endProblem: (world) => {
    const pods = world.sandbox.kube.api.store.list('/pods', NAMESPACE).filter((o) => ofController6(o) && o.metadata.deletionTimestamp === undefined).length;
    return voters(world).join() === '3,4,5,6' && pods === 1 ? undefined : `voters ${voters(world).join(',')}, ${pods} Pod(s) of controller 6`;
  },
};

describe('the KRaft quorum survives the operator dying at any point', () => {
  it('removing a controller ends with it out of the voters and its objects gone, never deleted while it votes, wherever the operator dies', async () => {
    // At least its Pod, PVC, ConfigMap and Service are deleted, each a point to die at.
    expect(await killAtEveryWrite(removeController6, 6)).toEqual([]);
  }, 1_800_000);

  it('adding a controller ends with it a voter and one Pod of it, wherever the operator dies before it votes', async () => {
    // At least its ConfigMap, Service, PVC and Pod are created, each a point to die at.
    expect(await killAtEveryWrite(addedController6, 4)).toEqual([]);
  }, 1_800_000);
});
