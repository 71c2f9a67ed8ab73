import { describe, expect, it } from 'vitest';
import { replicasByBroker } from './support/operationsSandbox.js';
import { killAtEveryWrite, type Flow } from './support/killAtEveryWrite.js';

const newBroker = (id: number) => ({
  op: 'add',
  path: '/spec/brokers/-',
  value: { id, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker'] } },
});

/** Adds brokers 6 and 7 together: one add_broker moves load onto both. */
const addBrokers: Flow = {
  task: 'add_broker',
  change: (world) => world.patchSpec([newBroker(6), newBroker(7)]),
  finished: async (world) => {
    const state = (await world.readCluster().catch(() => undefined))?.status?.brokersState;
    return ['6', '7'].every((id) => state?.[id]?.gracefulActionState?.cruiseControlState === 'GracefulUpscaleSucceeded');
  },
  // Adding brokers deletes no broker's volume: any claim that went would have lost its data.
  dataAt: (world, object) =>
    object.kind === 'PersistentVolumeClaim' && object.metadata.labels?.kafka_cr === 'kafka'
      ? (replicasByBroker(world.model()).get(Number(object.metadata.labels.brokerId)) ?? 0)
      : undefined,
};

describe('adding two brokers survives the operator dying at any point', () => {
  it('ends with both brokers running, one add_broker task for both, wherever the operator dies', async () => {
    expect(await killAtEveryWrite(addBrokers, 10)).toEqual([]);
  }, 900_000);
});
