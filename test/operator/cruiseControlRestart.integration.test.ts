/**
 * Cruise Control restarted (its Pod deleted, as `kubectl delete pod --force` or a lost node would)
 * at each state a task goes through as kafkaplane sees it. A restarted Cruise Control knows none
 * of its predecessor's user tasks, stops the execution where it was (Kafka finishes the
 * reassignments in flight) and loads its samples again before it takes a goal-based request
 * (adobe/koperator#301, strimzi/strimzi-kafka-operator#10224).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoreEvent } from '../../sandbox/kube/index.js';
import type { CruiseControlRequest, CruiseControlSandbox } from '../../sandbox/cruisecontrol/index.js';
import {
  NAMESPACE,
  operationApi,
  replicasByBroker,
  settledCruiseControl,
  startOperationsWorld,
  untilClusterServes,
  type OperationsWorld,
} from './support/operationsSandbox.js';

let world: OperationsWorld;
/** Told of every request reaching any Cruise Control of the sandbox. */
let onRequest: (request: CruiseControlRequest) => void = () => undefined;

beforeAll(async () => {
  // Two minutes of proposal computation (1.2 s at the sandbox's speed): long enough to find a task Active.
  // Five minutes to load the samples again after a restart (3 s): longer than a retry's back-off.
  world = await startOperationsWorld({ onCruiseControlRequest: (r) => onRequest(r), proposalComputeMs: 120_000, sampleLoadingMs: 300_000 });
  await world.startOperator();
  await world.createCluster();
  await untilClusterServes(world);
  world.watchInvariants();
  fullSpeed = world.model().copyBytesPerSec;
}, 120_000);
afterAll(async () => {
  await world?.close();
});

type Task = { operation?: string; state?: string; id?: string; errorMessage?: string };
type Operation = {
  metadata: { name: string };
  status?: { currentTask?: Task; failedTasks?: Task[]; retryCount?: number; progress?: { finishedPartitionMovements?: number }; message?: string };
};
const state = async (id: number) => (await world.readCluster()).status?.brokersState?.[String(id)]?.gracefulActionState?.cruiseControlState;

/** The operation of that kind that carries a broker's drain (or fill), once the operator created it. */
async function operationOf(id: number, kind: 'add_broker' | 'remove_broker'): Promise<Operation> {
  return vi.waitFor(
    async () => {
      const ref = (await world.readCluster()).status?.brokersState?.[String(id)]?.gracefulActionState?.cruiseControlOperationReference?.name;
      if (ref === undefined) throw new Error(`no operation for broker ${id} yet`);
      const operation = await current(ref);
      // The reference names the broker's last operation until the next one is created.
      expect(operation.status?.currentTask?.operation).toBe(kind);
      return operation;
    },
    { timeout: 60_000, interval: 20 },
  );
}

async function current(name: string): Promise<Operation> {
  return (await world.custom.getNamespacedCustomObject({ ...operationApi, name })) as Operation;
}

/** The Cruise Control running now, and the user task it has under that id. */
function runningTask(id: string | undefined): { cc: CruiseControlSandbox; status: string | undefined } {
  const cc = world.sandbox.world.cruiseControl(NAMESPACE, 'kafka');
  if (cc === undefined) throw new Error('no Cruise Control runs');
  return { cc, status: cc.tasks.list().find((t) => t.id === id)?.status };
}

/** Deletes the running Cruise Control's Pod at once (no grace period), and returns the next one once it serves. */
async function restartCruiseControl(): Promise<void> {
  const running = world.sandbox.kube.api.store
    .list('/pods', NAMESPACE)
    .filter((p) => p.metadata.labels?.app === 'cruisecontrol' && p.metadata.deletionTimestamp === undefined);
  expect(running).toHaveLength(1);
  await world.core.deleteNamespacedPod({ name: running[0]?.metadata.name ?? '', namespace: NAMESPACE, gracePeriodSeconds: 0 });
}

/** Deletions of a broker's Pod and PVCs, with the replicas Kafka still had on it at that moment. */
function watchDeletions(id: number): { deleted: Array<{ resource: string; replicasLeft: number }>; stop: () => void } {
  const deleted: Array<{ resource: string; replicasLeft: number }> = [];
  const stop = world.sandbox.kube.api.store.subscribe((event: StoreEvent) => {
    const labels = event.object.metadata.labels;
    if (labels?.brokerId !== String(id) || labels.kafka_cr !== 'kafka') return;
    if (event.resource !== '/pods' && event.resource !== '/persistentvolumeclaims') return;
    const starting =
      event.type === 'DELETED' ||
      (event.type === 'MODIFIED' && event.object.metadata.deletionTimestamp !== undefined && event.previous?.metadata.deletionTimestamp === undefined);
    if (starting) deleted.push({ resource: event.resource, replicasLeft: replicasByBroker(world.model()).get(id) ?? 0 });
  });
  return { deleted, stop };
}

/** The Events the operator recorded on the cluster about one operation, oldest first. */
async function eventsOf(operation: string): Promise<Array<{ reason: string; message: string }>> {
  const listed = (await world.core.listNamespacedEvent({ namespace: NAMESPACE })).items;
  return listed
    .filter((e) => e.involvedObject.kind === 'KafkaCluster' && (e.message ?? '').startsWith(`${operation}:`))
    .sort((a, b) => String(a.firstTimestamp).localeCompare(String(b.firstTimestamp)))
    .map((e) => ({ reason: e.reason ?? '', message: e.message ?? '' }));
}

/** Kafka's copy rate unthrottled, and a throttle slow enough to find an execution in the middle. */
let fullSpeed = 0;
const THROTTLED = 2 * 1024 * 1024;

/** Removes a broker from the spec; `restart` is called once its drain is where the case wants it. */
async function removeBroker(id: number, restart: (operation: string) => Promise<void>): Promise<Operation> {
  await settledCruiseControl(world);
  expect(replicasByBroker(world.model()).get(id)).toBeGreaterThan(20);
  const deletions = watchDeletions(id);
  const spec = (await world.custom.getNamespacedCustomObject({
    group: 'kafka.banzaicloud.io',
    version: 'v1beta1',
    namespace: NAMESPACE,
    plural: 'kafkaclusters',
    name: 'kafka',
  })) as { spec: { brokers: Array<{ id: number }> } };
  await world.patchSpec([{ op: 'remove', path: `/spec/brokers/${spec.spec.brokers.findIndex((b) => b.id === id)}` }]);
  const operation = (await operationOf(id, 'remove_broker')).metadata.name;
  await restart(operation);

  // The broker goes, and nothing of it went while Kafka still had a replica on it.
  await expect.poll(() => state(id), { timeout: 120_000, interval: 50 }).toBeUndefined();
  deletions.stop();
  expect(deletions.deleted.map((d) => d.resource)).toEqual(expect.arrayContaining(['/pods', '/persistentvolumeclaims']));
  expect(deletions.deleted.filter((d) => d.replicasLeft > 0)).toEqual([]);
  expect(replicasByBroker(world.model()).get(id) ?? 0).toBe(0);
  expect(world.violations).toEqual([]);
  return current(operation);
}

describe('Cruise Control restarted while kafkaplane drives a task', () => {
  it('just POSTed, before any answer: the request is found in no user_tasks and sent once more, nothing counted as failed', async () => {
    let sentToNew: string[] = [];
    const removal = await removeBroker(0, async (operation) => {
      // The POST reaches Cruise Control, which dies before it answers.
      runningTask(undefined).cc.faults.dropAnswer('remove_broker');
      const posted = new Promise<void>((resolve) => {
        onRequest = (r) => {
          if (r.method === 'POST' && r.url.includes('/remove_broker?')) {
            onRequest = () => undefined;
            resolve();
          }
        };
      });
      await posted;
      await restartCruiseControl();
      // The request is sent once to the new Cruise Control.
      sentToNew = await vi.waitFor(
        async () => {
          const id = (await current(operation)).status?.currentTask?.id;
          const { cc, status } = runningTask(id);
          expect(status).toBeDefined();
          return cc.tasks
            .list()
            .filter((t) => t.requestUrl.includes('/remove_broker?'))
            .map((t) => t.id);
        },
        { timeout: 60_000, interval: 10 },
      );
    });
    expect(removal.status?.currentTask?.state).toBe('Completed');
    expect(removal.status?.failedTasks ?? []).toEqual([]);
    expect(removal.status?.retryCount ?? 0).toBe(0);
    // The task that completed is the new Cruise Control's, the one it was sent.
    expect(sentToNew).toEqual([removal.status?.currentTask?.id]);
    const events = await eventsOf(removal.metadata.name);
    expect(events.map((e) => e.reason)).toEqual(expect.arrayContaining(['OperationRequestLost', 'OperationStarted', 'OperationSucceeded']));
    expect(events.filter((e) => e.reason === 'OperationStarted')).toHaveLength(1);
  }, 240_000);

  it('Active, computing its proposals: the lost task counts as failed and is retried once, when the new Cruise Control has loaded its samples', async () => {
    const messages: string[] = [];
    let stop = (): void => undefined;
    const removal = await removeBroker(1, async (operation) => {
      // Every message the operation's status carries from now on, as written.
      stop = world.sandbox.kube.api.store.subscribe((event: StoreEvent) => {
        const message = (event.object as Operation).status?.message;
        if (event.resource === 'kafka.banzaicloud.io/cruisecontroloperations' && event.object.metadata.name === operation && message) messages.push(message);
      });
      await vi.waitFor(
        async () => expect((await current(operation)).status?.currentTask).toMatchObject({ state: 'Active', id: expect.any(String) as string }),
        {
          timeout: 30_000,
          interval: 10,
        },
      );
      expect(runningTask((await current(operation)).status?.currentTask?.id).status).toBe('Active');
      await restartCruiseControl();
    });
    stop();
    // While the new Cruise Control loaded its samples, the retry waited and said why.
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/The load monitor is loading stored samples \(\d+% done\)/)]));
    expectRetriedOnce(removal);
    const events = await eventsOf(removal.metadata.name);
    expect(events.filter((e) => e.reason === 'OperationFailed').map((e) => e.message)).toEqual([expect.stringContaining('no longer knows task')]);
    expect(events.filter((e) => e.reason === 'OperationStarted').map((e) => e.message)).toEqual([
      expect.not.stringContaining('retry'),
      expect.stringContaining('(retry 1)'),
    ]);
  }, 240_000);

  it('InExecution during an add_broker: the broker added gets its share through one retry', async () => {
    await settledCruiseControl(world);
    world.model().copyBytesPerSec = THROTTLED;
    await world.patchSpec([{ op: 'add', path: '/spec/brokers/-', value: { id: 6, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker'] } } }]);
    await expect.poll(() => state(6), { timeout: 60_000, interval: 20 }).toMatch(/GracefulUpscale(Required|Scheduled|Running)/);
    const operation = (await operationOf(6, 'add_broker')).metadata.name;
    await vi.waitFor(
      async () => {
        const status = (await current(operation)).status;
        expect(status?.currentTask?.state).toBe('InExecution');
        expect(status?.progress?.finishedPartitionMovements ?? 0).toBeGreaterThan(0);
      },
      { timeout: 60_000, interval: 10 },
    );
    await restartCruiseControl();
    world.model().copyBytesPerSec = fullSpeed;
    await expect.poll(() => state(6), { timeout: 120_000, interval: 50 }).toBe('GracefulUpscaleSucceeded');
    expectRetriedOnce(await current(operation));
    expect(replicasByBroker(world.model()).get(6)).toBeGreaterThan(20);
    expect(world.violations).toEqual([]);
  }, 240_000);

  it('InExecution, moving partitions: the moves in flight finish in Kafka, the rest is moved by one retry', async () => {
    let leftAtRestart = 0;
    world.model().copyBytesPerSec = THROTTLED;
    const removal = await removeBroker(2, async (operation) => {
      const before = replicasByBroker(world.model()).get(2) ?? 0;
      await vi.waitFor(
        async () => {
          const status = (await current(operation)).status;
          expect(status?.currentTask?.state).toBe('InExecution');
          expect(status?.progress?.finishedPartitionMovements ?? 0).toBeGreaterThan(0);
          expect(replicasByBroker(world.model()).get(2) ?? 0).toBeLessThan(before);
        },
        { timeout: 60_000, interval: 10 },
      );
      leftAtRestart = replicasByBroker(world.model()).get(2) ?? 0;
      await restartCruiseControl();
      // The new Cruise Control refuses to start anything while it loads its samples, or while the
      // reassignments of the old one run in Kafka (whichever lasts longer on this machine);
      // kafkaplane waits, and says so, without counting a failure.
      await vi.waitFor(
        async () =>
          expect((await current(operation)).status?.message).toMatch(
            /^waiting: .*(ongoing partition reassignments initiated by external agent|The load monitor is loading stored samples)/,
          ),
        {
          timeout: 60_000,
          interval: 10,
        },
      );
      world.model().copyBytesPerSec = fullSpeed;
    });
    // The restart came in the middle: there was work left that the first task never did.
    expect(leftAtRestart).toBeGreaterThan(0);
    expectRetriedOnce(removal);
  }, 240_000);

  it('Completed but not yet seen by kafkaplane: the completion is lost with the task, and the retry finds nothing left to move', async () => {
    world.model().copyBytesPerSec = THROTTLED;
    const removal = await removeBroker(6, async (operation) => {
      await vi.waitFor(async () => expect((await current(operation)).status?.currentTask?.state).toBe('InExecution'), { timeout: 60_000, interval: 10 });
      const id = (await current(operation)).status?.currentTask?.id;
      const { cc, status } = runningTask(id);
      expect(status).toBe('InExecution');
      // kafkaplane cannot reach Cruise Control while the task completes…
      cc.faults.unavailable = true;
      world.model().copyBytesPerSec = fullSpeed;
      await vi.waitFor(() => expect(runningTask(id).status).toBe('Completed'), { timeout: 120_000, interval: 10 });
      expect((await current(operation)).status?.currentTask?.state).toBe('InExecution');
      // …and Cruise Control restarts before it could.
      await restartCruiseControl();
    });
    expectRetriedOnce(removal);
  }, 240_000);
});

/** One attempt lost with Cruise Control (kept in failedTasks), one retry that completed. */
function expectRetriedOnce(operation: Operation): void {
  expect(operation.status?.currentTask?.state).toBe('Completed');
  expect(operation.status?.retryCount).toBe(1);
  expect(operation.status?.failedTasks).toHaveLength(1);
  expect(operation.status?.failedTasks?.[0]?.errorMessage).toContain('no longer knows task');
}
