import { describe, expect, it } from 'vitest';
import { NAMESPACE, replicasByBroker } from './support/operationsSandbox.js';
import { killAtEveryWrite, watchesEndedAtEveryWrite, type Flow } from './support/killAtEveryWrite.js';

const brokerObjects = (world: Parameters<Flow['finished']>[0], id: string) =>
  world.sandbox.kube.api.store
    .list('/pods', NAMESPACE)
    .concat(world.sandbox.kube.api.store.list('/persistentvolumeclaims', NAMESPACE))
    .filter((o) => o.metadata.labels?.brokerId === id).length;

/** Removes broker 1: drained by one remove_broker, its objects deleted after, its status entry gone. */
const removeBroker1: Flow = {
  task: 'remove_broker',
  change: (world) => world.patchSpec([{ op: 'remove', path: '/spec/brokers/1' }]),
  finished: async (world) => brokerObjects(world, '1') === 0 && (await world.readCluster().catch(() => undefined))?.status?.brokersState?.['1'] === undefined,
  dataAt: (world, object) =>
    object.metadata.labels?.brokerId === '1' && object.metadata.labels.kafka_cr === 'kafka' ? (replicasByBroker(world.model()).get(1) ?? 0) : undefined,
};

describe('removing a broker survives the operator dying at any point', () => {
  it('ends with the broker removed, one remove_broker task and nothing deleted before the drain, wherever the operator dies', async () => {
    expect(await killAtEveryWrite(removeBroker1, 16)).toEqual([]);
  }, 900_000);
});

describe('removing a broker survives its watches ending at every step', () => {
  it.each(['expire', 'reset'] as const)(
    "with every watch ended (%s) after each of the operator's writes: one task, nothing deleted early",
    async (how) => {
      expect(await watchesEndedAtEveryWrite(removeBroker1, how)).toEqual([]);
    },
    120_000,
  );
});
