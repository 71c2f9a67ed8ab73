import { afterEach, describe, expect, it } from 'vitest';
import { CruiseControlClient, CruiseControlError, type TaskPhase } from '../../src/cruisecontrol/index.js';
import { ManualClock } from '../../sandbox/clock.js';
import { startCruiseControlSandbox, type CruiseControlSandbox, type CruiseControlSandboxOptions } from '../../sandbox/cruisecontrol/index.js';
import { KafkaClusterModel } from '../../sandbox/kafka/model/index.js';

const MB = 1024 * 1024;
const DIRS = ['/kafka-logs/disk0/kafka', '/kafka-logs/disk1/kafka'];

interface World {
  readonly clock: ManualClock;
  readonly model: KafkaClusterModel;
  readonly cc: CruiseControlSandbox;
  readonly client: CruiseControlClient;
}

/** Six brokers in three racks, two disks each, 120 small partitions with two replicas. */
async function startWorld(options: Partial<CruiseControlSandboxOptions> = {}): Promise<World> {
  const clock = new ManualClock();
  const model = new KafkaClusterModel({ clock, copyBytesPerSec: 100 * MB });
  for (const id of [0, 1, 2, 3, 4, 5]) model.addBroker({ id, rack: `zone-${id % 3}`, logDirs: DIRS.map((path) => ({ path, capacityBytes: 100 * 1024 * MB })) });
  model.createTopic({ name: 'orders', partitions: 60, replicationFactor: 2, initialSizeBytes: 40 * MB, produceBytesPerSec: 1024 });
  model.createTopic({ name: 'clicks', partitions: 60, replicationFactor: 2, initialSizeBytes: 20 * MB, produceBytesPerSec: 1024 });
  const cc = await startCruiseControlSandbox({ port: 0, model, clock, maxBlockMs: 5, proposalComputeMs: 2000, monitor: { windowMs: 60_000 }, ...options });
  const client = new CruiseControlClient({ url: cc.url, timeoutMs: 5000, retryDelayMs: 1 });
  return { clock, model, cc, client };
}

async function failure(promise: Promise<unknown>): Promise<CruiseControlError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CruiseControlError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function replicasOn(model: KafkaClusterModel, broker: number): number {
  return model.partitions().reduce((n, p) => n + p.replicas.filter((r) => r.broker === broker).length, 0);
}

describe('Cruise Control client against the simulator', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.cc.close();
    world?.model.close();
    world = undefined;
  });

  it('reports not ready during monitor warm-up with the reason, refuses operations, then becomes ready', async () => {
    world = await startWorld();
    const { client, clock } = world;
    const cold = await client.readiness();
    expect(cold.ready).toBe(false);
    expect(cold.busy).toBe(false);
    expect(cold.reasons.join(' ')).toMatch(/No optimization proposal is ready yet/);
    const refused = await failure(client.removeBroker({ brokerIds: [1], dryrun: false }));
    expect(refused.code).toBe('CC_NOT_ENOUGH_VALID_WINDOWS');
    expect(refused.errorMessage).toMatch(/NotEnoughValidWindowsException/);
    expect((await failure(client.load())).code).toBe('CC_NOT_ENOUGH_VALID_WINDOWS');

    clock.advance(60_000);
    expect(await client.readiness()).toEqual({ ready: true, busy: false, reasons: [], executingTaskId: undefined });
  });

  it('tracks remove_broker from 202 through execution to Completed, with Cruise Control busy meanwhile', async () => {
    world = await startWorld();
    const { client, clock, model } = world;
    clock.advance(60_000);
    const before = replicasOn(model, 1);
    expect(before).toBeGreaterThan(0);

    const started = await client.removeBroker({ brokerIds: [1], dryrun: false, reason: 'scale down' });
    if (started.state !== 'inProgress') throw new Error(`expected a 202, got ${started.state}`);
    expect(started.progress[0]?.operation).toBe('Remove brokers');
    const taskId = started.taskId;

    // Proposals take 2 s of clock time; the re-poll with User-Task-ID then gets the result.
    clock.advance(2500);
    const computed = await client.poll(started.pending);
    if (computed.state !== 'done') throw new Error(`expected the result, got ${computed.state}`);
    expect(computed.taskId).toBe(taskId);
    expect(computed.result.summary.numReplicaMovements).toBeGreaterThanOrEqual(before);

    const phases: TaskPhase[] = [];
    let sawBusy = false;
    for (let step = 0; step < 300; step += 1) {
      const view = (await client.tasks([taskId])).get(taskId);
      if (view && phases.at(-1) !== view.phase) phases.push(view.phase);
      if (view?.phase === 'completed' || view?.phase === 'failed') break;
      const readiness = await client.readiness();
      if (readiness.busy) {
        sawBusy = true;
        expect(readiness.executingTaskId).toBe(taskId);
        expect(readiness.reasons.join(' ')).toMatch(/Cruise Control is busy: .* for user task/);
      }
      // Two sync requests per step stay under max.active.user.tasks=5 with the 5-s scan.
      clock.advance(5000);
    }
    expect(phases.at(-1)).toBe('completed');
    expect(phases).toContain('executing');
    expect(sawBusy).toBe(true);
    expect(replicasOn(model, 1)).toBe(0);
    expect((await client.readiness()).busy).toBe(false);
    const state = await client.state({ substates: ['executor'] });
    expect(state.state === 'done' && state.result.ExecutorState?.recentlyRemovedBrokers).toEqual([1]);
  });

  it('reads every monitoring endpoint of the simulator into the typed shapes', async () => {
    world = await startWorld({ proposalComputeMs: 0 });
    const { client, clock } = world;
    clock.advance(60_000);
    // Sync requests count as active user tasks until the 5-s scan (max.active.user.tasks=5).
    const settled = async <T>(call: Promise<T>): Promise<T> => {
      const result = await call;
      clock.advance(5000);
      return result;
    };
    // A dry run answered 200 is done, though user_tasks shows it Active until the next scan.
    const dry = await client.proposals({});
    if (dry.state !== 'done') throw new Error(`expected proposals, got ${dry.state}`);
    const lagging = (await client.tasks([dry.taskId], { context: { [dry.taskId]: { answeredWithoutExecution: true } } })).get(dry.taskId);
    expect([lagging?.status, lagging?.phase]).toEqual(['Active', 'completed']);
    clock.advance(5000);
    expect((await client.tasks([dry.taskId])).get(dry.taskId)).toMatchObject({ status: 'Completed', phase: 'completed' });
    clock.advance(5000);
    const state = await settled(client.state({ verbose: true }));
    expect(state.state === 'done' && state.result.AnalyzerState?.goalReadiness?.length).toBeGreaterThan(0);
    const load = await settled(client.load({ populateDiskInfo: true }));
    expect(load.state === 'done' && load.result.brokers.map((b) => b.Broker).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const partitions = await settled(client.partitionLoad({ resource: 'DISK', entries: 5 }));
    expect(partitions.state === 'done' && partitions.result.records).toHaveLength(5);
    const cluster = await settled(client.kafkaClusterState());
    expect(cluster.KafkaBrokerState.OnlineLogDirsByBrokerId['3']?.sort()).toEqual(DIRS);
    const proposals = await settled(client.proposals({ verbose: true }));
    expect(proposals.state).toBe('done');
    const dryRuns = [
      await settled(client.rebalance({ dryrun: true, rebalanceDisk: true })),
      await settled(client.removeDisks({ dryrun: true, logDirs: [{ brokerId: 3, logDir: DIRS[1] ?? '' }] })),
      await settled(client.demoteBroker({ dryrun: true, brokerIds: [2] })),
      await settled(client.fixOfflineReplicas({ dryrun: true })),
      await settled(client.addBroker({ dryrun: true, brokerIds: [5] })),
    ];
    expect(dryRuns.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(await settled(client.pauseSampling({ reason: 'test' }))).toBe('Metric sampling paused.');
    const paused = await settled(client.readiness());
    expect(paused.reasons.join(' ')).toMatch(/Metric sampling is paused \(test .*\); resume it with resume_sampling/);
    expect(await settled(client.resumeSampling())).toBe('Metric sampling resumed.');
    const tasks = await settled(client.userTasks());
    expect(tasks.length).toBeGreaterThan(5);
    expect((await failure(client.removeBroker({ brokerIds: [7], dryrun: true }))).code).toBe('CC_UNKNOWN_BROKER');
    expect((await failure(client.review({ approve: [0] }))).code).toBe('CC_REVIEW_DISABLED');
  });

  it('refuses a second execution, and a stop ends the running task with an error', async () => {
    world = await startWorld({ proposalComputeMs: 0 });
    const { client, clock } = world;
    clock.advance(60_000);
    const first = await client.removeBroker({ brokerIds: [1], dryrun: false });
    if (first.state !== 'done') throw new Error(`expected the execution to start, got ${first.state}`);
    clock.advance(1000);
    const second = await failure(client.rebalance({ dryrun: false }));
    expect(second.code).toBe('CC_ONGOING_EXECUTION');
    expect(await client.stopProposalExecution()).toBe('Proposal execution stopped.');
    let phase: TaskPhase | undefined;
    for (let step = 0; step < 100 && phase !== 'failed'; step += 1) {
      clock.advance(1000);
      phase = (await client.tasks([first.taskId])).get(first.taskId)?.phase;
    }
    expect(phase).toBe('failed');
  });

  it('runs the two-step review and sends credentials when the server requires them', async () => {
    world = await startWorld({ proposalComputeMs: 0, twoStepVerification: true, credentials: 'kafkaplane: tkn,ADMIN\n' });
    const { clock, cc } = world;
    clock.advance(60_000);
    expect((await failure(world.client.reviewBoard())).code).toBe('CC_UNAUTHORIZED');
    const client = new CruiseControlClient({ url: cc.url, auth: { basic: { user: 'kafkaplane', password: 'tkn' } } });
    const parked = await client.removeBroker({ brokerIds: [1], dryrun: false });
    if (parked.state !== 'parked') throw new Error(`expected the request parked, got ${parked.state}`);
    const id = parked.review[0]?.Id ?? -1;
    expect((await client.review({ approve: [id] }))[0]?.Status).toBe('APPROVED');
    const submitted = await client.submitReviewed('remove_broker', id);
    expect(submitted.taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await client.reviewBoard()).map((r) => r.Status)).toEqual(['SUBMITTED']);
  });
});
