import { describe, expect, it } from 'vitest';
import type { RunningOperator } from '../../src/operator/runtime.js';
import type { StoreEvent } from '../../sandbox/kube/index.js';
import { NAMESPACE, replicasByBroker, startOperationsWorld, untilClusterServes, type OperationsWorld } from './support/operationsSandbox.js';

const WRITE = /^(post|put|patch|delete)$/;

interface Run {
  /** The operator's writes from the spec change to the end, as `verb resource`. */
  writes: string[];
  removeBrokerTasks: number;
  /** Replicas broker 1 still held when each of its objects started to go. */
  replicasAtDeletion: number[];
  violations: string[];
}

/**
 * Removes broker 1. With `killAfter`, the operator dies right after its n-th write of the flow:
 * from then on the API server answers it nothing but 503 (it can write no more), it is stopped,
 * and a new operator starts from what the cluster holds.
 */
async function removeBroker1(killAfter?: number): Promise<Run> {
  const world: OperationsWorld = await startOperationsWorld();
  try {
    // Polled every 30 s of sandbox time: fewer progress writes, each one a point to die at.
    const start = () => world.startOperator({ operationPollIntervalMs: 300 });
    let operator: RunningOperator = await start();
    await world.createCluster();
    await untilClusterServes(world);
    world.watchInvariants();
    const replicasAtDeletion: number[] = [];
    const stopDeletions = world.sandbox.kube.api.store.subscribe((event: StoreEvent) => {
      const labels = event.object.metadata.labels;
      if (labels?.brokerId !== '1' || labels.kafka_cr !== 'kafka') return;
      if (
        event.type === 'DELETED' ||
        (event.type === 'MODIFIED' && event.object.metadata.deletionTimestamp !== undefined && event.previous?.metadata.deletionTimestamp === undefined)
      ) {
        replicasAtDeletion.push(replicasByBroker(world.model()).get(1) ?? 0);
      }
    });
    const writes: string[] = [];
    let counting = false;
    let restart: Promise<void> | undefined;
    const faults = world.sandbox.kube.faults;
    const stopWatching = faults.onServed((verb, resource) => {
      // Lease renewals come with the clock, not with the flow: dying after one is dying between
      // the flow's writes around it.
      if (!counting || !WRITE.test(verb) || resource === 'leases') return;
      writes.push(`${verb} ${resource}`);
      if (writes.length === killAfter && restart === undefined) {
        faults.inject({ error: { code: 503 } });
        restart = (async () => {
          await operator.stop();
          faults.clear();
          operator = await start();
        })();
      }
    });
    await world.patchSpec([{ op: 'remove', path: '/spec/brokers/1' }]);
    counting = true;
    const gone = () =>
      world.sandbox.kube.api.store
        .list('/pods', NAMESPACE)
        .concat(world.sandbox.kube.api.store.list('/persistentvolumeclaims', NAMESPACE))
        .filter((o) => o.metadata.labels?.brokerId === '1').length;
    await expect.poll(gone, { timeout: 60_000, interval: 50 }).toBe(0);
    await expect
      .poll(async () => (await world.readCluster().catch(() => undefined))?.status?.brokersState?.['1'], { timeout: 20_000, interval: 50 })
      .toBeUndefined();
    await restart;
    stopWatching();
    stopDeletions();
    const tasks = world.sandbox.world.cruiseControl(NAMESPACE, 'kafka')?.tasks.list() ?? [];
    return {
      writes,
      removeBrokerTasks: tasks.filter((t) => t.requestUrl.includes('/remove_broker?')).length,
      replicasAtDeletion,
      violations: [...world.violations],
    };
  } finally {
    await world.close();
  }
}

/** 1-based positions to die after: each write, but only the ends of a run of identical ones. */
function killPoints(writes: readonly string[]): number[] {
  return writes
    .map((write, i) => ({
      write,
      n: i + 1,
      runStart: i === 0 || writes[i - 1] !== write,
      secondOfRun: i > 0 && writes[i - 1] === write && (i === 1 || writes[i - 2] !== write),
      runEnd: writes[i + 1] !== write,
    }))
    .filter((w) => w.runStart || w.secondOfRun || w.runEnd)
    .map((w) => w.n);
}

describe('removing a broker survives the operator dying at any point', () => {
  it('ends with the broker removed, one remove_broker task and nothing deleted before the drain, wherever the operator dies', async () => {
    const reference = await removeBroker1();
    expect(reference.removeBrokerTasks).toBe(1);
    // Every write of the flow is a point to die at (Events included: they are writes too), but
    // of a run of identical writes (progress updates while data moves) only the first two and
    // the last: dying between two progress updates is the same wherever it happens.
    const points = killPoints(reference.writes);
    expect(points.length).toBeGreaterThan(15);
    const failures: string[] = [];
    for (const killAfter of points) {
      const run = await removeBroker1(killAfter);
      const at = `killed after write ${killAfter} (${reference.writes[killAfter - 1] ?? '?'})`;
      if (run.removeBrokerTasks !== 1) failures.push(`${at}: ${run.removeBrokerTasks} remove_broker tasks`);
      if (run.replicasAtDeletion.some((n) => n > 0))
        failures.push(`${at}: objects deleted while broker 1 held ${Math.max(...run.replicasAtDeletion)} replicas`);
      if (run.violations.length > 0) failures.push(`${at}: ${run.violations[0] ?? ''}`);
    }
    expect(failures).toEqual([]);
  }, 900_000);
});
