import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { newOperationObject, type RequestedTask } from '../../src/domain/operationRecord.js';
import { CLUSTER, NAMESPACE, operationApi, replicasByBroker, type OperationsWorld } from './support/operationsSandbox.js';
import { killAtEveryWrite, type Flow } from './support/killAtEveryWrite.js';

type OperationObject = {
  metadata: { name: string; labels?: Record<string, string> };
  status?: { currentTask?: { operation?: string; state?: string } };
};

const operations = async (world: OperationsWorld): Promise<OperationObject[]> =>
  ((await world.custom.listNamespacedCustomObject(operationApi).catch(() => ({ items: [] }))) as { items: OperationObject[] }).items;

/** The two writes of the rebalanceCluster and stopOperation mutations (OperationRequests.create): the record, then its task in the status. */
async function requestOperation(world: OperationsWorld, name: string, task: RequestedTask): Promise<void> {
  const uid = ((await world.readCluster()) as { metadata?: { uid?: string } }).metadata?.uid ?? '';
  await world.custom.createNamespacedCustomObject({ ...operationApi, body: newOperationObject({ namespace: NAMESPACE, name: CLUSTER, uid }, task, name) });
  await world.custom.patchNamespacedCustomObjectStatus(
    { ...operationApi, name, body: { status: { currentTask: { operation: task.operation, parameters: task.parameters }, errorPolicy: 'retry' } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}

const REBALANCE = 'kafka-rebalance-asked';
/** An on-demand rebalance, as rebalanceCluster asks for it: one rebalance task, completed. */
const rebalanceCluster: Flow = {
  task: 'rebalance',
  change: (world) => requestOperation(world, REBALANCE, { operation: 'rebalance', parameters: {} }),
  finished: async (world) => (await operations(world)).find((o) => o.metadata.name === REBALANCE)?.status?.currentTask?.state === 'Completed',
};

const STOP = 'kafka-stop-asked';
const drainsSent = (world: OperationsWorld) =>
  world.sandbox.world
    .cruiseControl(NAMESPACE, CLUSTER)
    ?.tasks.list()
    .filter((t) => t.requestUrl.includes('/remove_broker?')).length ?? 0;

/** Broker 1's drain, throttled so that it cannot end by itself, is stopped as stopOperation asks: one stop, the drain paused, not sent again, broker 1 kept. */
const stopDrain: Flow = {
  task: 'stop_proposal_execution',
  ready: async (world) => {
    // Reassignments at 2 MB/s: the drain still runs when the stop comes, however busy the machine.
    world.model().copyBytesPerSec = 2 * 1024 * 1024;
    await world.patchSpec([{ op: 'remove', path: '/spec/brokers/1' }]);
    await expect
      .poll(
        async () => (await operations(world)).some((o) => o.status?.currentTask?.operation === 'remove_broker' && o.status.currentTask.state === 'InExecution'),
        {
          timeout: 60_000,
          interval: 50,
        },
      )
      .toBe(true);
  },
  change: (world) => requestOperation(world, STOP, { operation: 'stop_proposal_execution', parameters: {} }),
  finished: async (world) => {
    const all = await operations(world);
    const stopped = all.find((o) => o.metadata.name === STOP)?.status?.currentTask?.state === 'Completed';
    const paused = all.some((o) => o.status?.currentTask?.operation === 'remove_broker' && o.metadata.labels?.pause === 'true');
    return stopped && paused && world.sandbox.world.cruiseControl(NAMESPACE, CLUSTER)?.executor.busy === false;
  },
  // No Cruise Control restarts in this flow (broker 1 stays in capacity.json): the one running has every drain sent.
  endProblem: (world) => (drainsSent(world) === 1 ? undefined : `${drainsSent(world)} remove_broker tasks`),
  // The drain did not complete: nothing of broker 1 may go.
  dataAt: (world, object) =>
    object.metadata.labels?.brokerId === '1' && object.metadata.labels.kafka_cr === CLUSTER ? (replicasByBroker(world.model()).get(1) ?? 0) : undefined,
};

describe('operations asked for survive the operator dying at any point', () => {
  it('an on-demand rebalance ends completed with one rebalance task, wherever the operator dies', async () => {
    // At least the attempt claimed, its finalizer and its task id, each a point to die at.
    expect(await killAtEveryWrite(rebalanceCluster, 3)).toEqual([]);
  }, 900_000);

  it('a stop ends with one stop task, the drain paused, one remove_broker task and nothing of the broker deleted, wherever the operator dies', async () => {
    expect(await killAtEveryWrite(stopDrain, 6)).toEqual([]);
  }, 900_000);
});
