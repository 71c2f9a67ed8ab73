import { describe, expect, it } from 'vitest';
import type { RunningOperator } from '../../src/operator/runtime.js';
import type { StoreEvent } from '../../sandbox/kube/index.js';
import { NAMESPACE, startOperationsWorld, storage, untilClusterServes, type OperationsWorld } from './support/operationsSandbox.js';

const WRITE = /^(post|put|patch|delete)$/;

interface Run {
  /** The operator's writes from the spec change until controller 6's objects are gone, as `verb resource`. */
  writes: string[];
  /** The voters when each of controller 6's objects started to go. */
  votersAtDeletion: number[][];
  votersAfter: number[];
}

const node6 = (world: OperationsWorld) =>
  ['/pods', '/persistentvolumeclaims', '/configmaps', '/services']
    .flatMap((r) => world.sandbox.kube.api.store.list(r, NAMESPACE))
    .filter((o) => o.metadata.labels?.brokerId === '6' && o.metadata.labels.kafka_cr === 'kafka');

/**
 * Adds controller 6, waits for it to vote, then removes it. With `killAfter`, the operator dies
 * right after its n-th write of the removal (the API server answers it nothing but 503 from then
 * on), and a new operator starts from what the cluster holds.
 */
async function removeController6(killAfter?: number): Promise<Run> {
  const world = await startOperationsWorld();
  try {
    const start = () => world.startOperator({ operationPollIntervalMs: 300 });
    let operator: RunningOperator = await start();
    await world.createCluster();
    await untilClusterServes(world);
    await world.patchSpec([
      {
        op: 'add',
        path: '/spec/brokers/-',
        value: { id: 6, brokerConfig: { processRoles: ['controller'], storageConfigs: [storage('/kafka-logs', '10Gi')] } },
      },
    ]);
    const voters = () =>
      world
        .model()
        .quorum.voters()
        .map((v) => v.id)
        .sort((a, b) => a - b);
    await expect.poll(voters, { timeout: 60_000, interval: 50 }).toEqual([3, 4, 5, 6]);

    const votersAtDeletion: number[][] = [];
    const stopDeletions = world.sandbox.kube.api.store.subscribe((event: StoreEvent) => {
      const labels = event.object.metadata.labels;
      if (labels?.brokerId !== '6' || labels.kafka_cr !== 'kafka') return;
      if (
        event.type === 'DELETED' ||
        (event.type === 'MODIFIED' && event.object.metadata.deletionTimestamp !== undefined && event.previous?.metadata.deletionTimestamp === undefined)
      ) {
        votersAtDeletion.push(voters());
      }
    });
    const writes: string[] = [];
    let counting = false;
    let restart: Promise<void> | undefined;
    const faults = world.sandbox.kube.faults;
    const stopWatching = faults.onServed((verb, resource) => {
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
    await world.patchSpec([{ op: 'remove', path: '/spec/brokers/6' }]);
    counting = true;
    await expect.poll(() => node6(world).length, { timeout: 60_000, interval: 50 }).toBe(0);
    counting = false;
    await restart;
    stopWatching();
    stopDeletions();
    return { writes, votersAtDeletion, votersAfter: voters() };
  } finally {
    await world.close();
  }
}

describe('removing a KRaft controller survives the operator dying at any point', () => {
  it('ends with the controller out of the voters and its objects gone, never deleted while it votes, wherever the operator dies', async () => {
    const reference = await removeController6();
    expect(reference.votersAfter).toEqual([3, 4, 5]);
    expect(reference.votersAtDeletion.length).toBeGreaterThan(0);
    expect(reference.votersAtDeletion.filter((v) => v.includes(6))).toEqual([]);
    // At least its Pod, PVC, ConfigMap and Service are deleted, each a point to die at.
    expect(reference.writes.filter((w) => w.startsWith('delete ')).length).toBeGreaterThanOrEqual(4);
    const failures: string[] = [];
    // Every write until its objects are gone is a point to die at (Events and status included).
    for (let killAfter = 1; killAfter <= reference.writes.length; killAfter += 1) {
      const run = await removeController6(killAfter);
      const at = `killed after write ${killAfter} (${reference.writes[killAfter - 1] ?? '?'})`;
      if (run.votersAtDeletion.some((v) => v.includes(6))) failures.push(`${at}: an object of controller 6 was deleted while it was a voter`);
      if (run.votersAfter.join() !== '3,4,5') failures.push(`${at}: voters ${run.votersAfter.join(',')}`);
    }
    expect(failures).toEqual([]);
  }, 1_800_000);
});

/** Adds controller 6; with `killAfter`, the operator dies right after its n-th write until 6 votes. */
async function addController6(killAfter?: number): Promise<{ writes: string[]; voters: number[]; pods: number }> {
  const world = await startOperationsWorld();
  try {
    const start = () => world.startOperator({ operationPollIntervalMs: 300 });
    let operator: RunningOperator = await start();
    await world.createCluster();
    await untilClusterServes(world);
    const writes: string[] = [];
    let counting = true;
    let restart: Promise<void> | undefined;
    const faults = world.sandbox.kube.faults;
    const stopWatching = faults.onServed((verb, resource) => {
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
    await world.patchSpec([
      {
        op: 'add',
        path: '/spec/brokers/-',
        value: { id: 6, brokerConfig: { processRoles: ['controller'], storageConfigs: [storage('/kafka-logs', '10Gi')] } },
      },
    ]);
    const voters = () =>
      world
        .model()
        .quorum.voters()
        .map((v) => v.id)
        .sort((a, b) => a - b);
    await expect.poll(voters, { timeout: 120_000, interval: 50 }).toEqual([3, 4, 5, 6]);
    counting = false;
    await restart;
    stopWatching();
    const pods = world.sandbox.kube.api.store
      .list('/pods', NAMESPACE)
      .filter((o) => o.metadata.labels?.brokerId === '6' && o.metadata.deletionTimestamp === undefined).length;
    return { writes, voters: voters(), pods };
  } finally {
    await world.close();
  }
}

describe('adding a KRaft controller survives the operator dying at any point', () => {
  it('ends with the controller a voter and one Pod of it, wherever the operator dies before it votes', async () => {
    const reference = await addController6();
    expect(reference).toMatchObject({ voters: [3, 4, 5, 6], pods: 1 });
    // At least its ConfigMap, Service, PVC and Pod are created, each a point to die at.
    expect(reference.writes.filter((w) => w.startsWith('post ')).length).toBeGreaterThanOrEqual(4);
    const failures: string[] = [];
    for (let killAfter = 1; killAfter <= reference.writes.length; killAfter += 1) {
      const run = await addController6(killAfter);
      const at = `killed after write ${killAfter} (${reference.writes[killAfter - 1] ?? '?'})`;
      if (run.voters.join() !== '3,4,5,6' || run.pods !== 1) failures.push(`${at}: voters ${run.voters.join(',')}, ${run.pods} Pod(s) of controller 6`);
    }
    expect(failures).toEqual([]);
  }, 1_800_000);
});
