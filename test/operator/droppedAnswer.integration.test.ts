import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMESPACE, operationApi, replicasByBroker, startOperationsWorld, untilClusterServes, type OperationsWorld } from './support/operationsSandbox.js';

let world: OperationsWorld;

beforeAll(async () => {
  world = await startOperationsWorld();
  await world.startOperator();
  await world.createCluster();
  await untilClusterServes(world);
}, 120_000);
afterAll(async () => {
  await world.close();
});

const cruiseControl = () => {
  const cc = world.sandbox.world.cruiseControl(NAMESPACE, 'kafka');
  if (!cc) throw new Error('no Cruise Control in the sandbox');
  return cc;
};
const sentTasks = (endpoint: string) =>
  cruiseControl()
    .tasks.list()
    .filter((t) => t.requestUrl.includes(`/${endpoint}?`));

describe('a POST to Cruise Control whose connection fails after it was written', () => {
  it('keeps the marker, finds the task in user_tasks and never sends it again', async () => {
    // Cruise Control takes the remove_broker and starts its task, then the connection closes instead of the answer.
    cruiseControl().faults.dropAnswer('remove_broker');
    await world.patchSpec([{ op: 'remove', path: '/spec/brokers/0' }]);

    await expect
      .poll(async () => (await world.readCluster()).status?.brokersState?.['0']?.gracefulActionState?.cruiseControlState, { timeout: 90_000, interval: 50 })
      .toBe('GracefulDownscaleSucceeded');
    expect(replicasByBroker(world.model()).get(0) ?? 0).toBe(0);
    expect(sentTasks('remove_broker')).toHaveLength(1);
    const removal = (
      (await world.custom.listNamespacedCustomObject(operationApi)) as {
        items: Array<{ status?: { currentTask?: { operation?: string; state?: string; id?: string } } }>;
      }
    ).items.filter((o) => o.status?.currentTask?.operation === 'remove_broker');
    expect(removal).toHaveLength(1);
    // The record carries the id of the one task Cruise Control started, learnt from user_tasks.
    expect(removal[0]?.status?.currentTask).toMatchObject({ state: 'Completed', id: sentTasks('remove_broker')[0]?.id });
  }, 180_000);
});
