import { afterEach, describe, expect, it } from 'vitest';
import { call, DIRS, driveUntilDone, expectBalanced, expectRackAware, spread, startHarness, type Harness } from './fixtures.js';

describe('Cruise Control scenarios over a 6-broker cluster of 240 partitions', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('remove_broker 1 drains it in watchable steps, losing no replica, and leaves the others balanced', async () => {
    h = await startHarness();
    const before = spread(h.model).replicas.get(1) ?? 0;
    expect(before).toBeGreaterThan(60);
    const post = await call(h.cc, 'POST', 'remove_broker?brokerid=1&dryrun=false&json=true');
    expect(post.status).toBe(202);
    const taskId = post.headers.get('user-task-id') ?? '';
    const seen = await driveUntilDone(h, taskId);

    expect(seen.statuses).toEqual(['Active', 'InExecution', 'Completed']);
    expect(seen.executorStates).toContain('INTER_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS');
    expect(seen.executorStates.at(-1)).toBe('NO_TASK_IN_PROGRESS');
    expect(seen.finished.length).toBeGreaterThan(3); // progress seen in several steps
    expect([...seen.finished].sort((a, b) => a - b)).toEqual(seen.finished);

    const after = spread(h.model);
    expect(after.replicas.get(1)).toBe(0);
    const others = [0, 2, 3, 4, 5];
    expectBalanced(
      others.map((b) => after.replicas.get(b) ?? 0),
      0.1,
      'replicas per broker',
    );
    expectBalanced(
      others.map((b) => after.disk.get(b) ?? 0),
      0.1,
      'disk per broker',
    );
    expectRackAware(h.model);
    const state = (await call(h.cc, 'GET', 'state?json=true&substates=executor')).json().ExecutorState as Record<string, unknown>;
    expect(state.recentlyRemovedBrokers).toEqual([1]);
  });

  it('add_broker moves replicas onto a new broker only, until it carries its share', async () => {
    h = await startHarness();
    h.model.addBroker({ id: 6, rack: 'zone-0', logDirs: DIRS.map((path) => ({ path, capacityBytes: 200 * 1024 ** 3 })) });
    const post = await call(h.cc, 'POST', 'add_broker?brokerid=6&dryrun=false&json=true');
    const seen = await driveUntilDone(h, post.headers.get('user-task-id') ?? '');
    expect(seen.statuses.at(-1)).toBe('Completed');
    const after = spread(h.model);
    expect(after.replicas.get(6)).toBeGreaterThan(60);
    expectBalanced(
      [0, 1, 2, 3, 4, 5, 6].map((b) => after.replicas.get(b) ?? 0),
      0.1,
      'replicas per broker',
    );
    expectBalanced(
      [0, 1, 2, 3, 4, 5, 6].map((b) => after.disk.get(b) ?? 0),
      0.1,
      'disk per broker',
    );
    expectRackAware(h.model);
  });

  it('remove_disks empties one log dir through intra-broker moves', async () => {
    h = await startHarness();
    const dir = DIRS[1] ?? '';
    const post = await call(h.cc, 'POST', `remove_disks?brokerid_and_logdirs=2-${dir}&dryrun=false&json=true`);
    const seen = await driveUntilDone(h, post.headers.get('user-task-id') ?? '');
    expect(seen.statuses.at(-1)).toBe('Completed');
    expect(seen.executorStates).toContain('INTRA_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS');
    expect(h.model.logDirContents(2).find((d) => d.path === dir)?.replicas).toEqual([]);
    h.model.removeLogDir(2, dir);
    expect(h.model.invariantViolations()).toEqual([]);
  });

  it('rebalance with rebalance_disk=true evens out the disks of each broker', async () => {
    h = await startHarness();
    // Skew broker 3: everything onto its first disk.
    for (const p of h.model.partitions()) {
      const r = p.replicas.find((x) => x.broker === 3);
      if (r && r.logDir !== DIRS[0]) h.model.moveReplica({ topic: p.topic, partition: p.partition, fromBroker: 3, toBroker: 3, toLogDir: DIRS[0] });
    }
    h.clock.advance(120_000);
    expect(h.model.logDirContents(3).find((d) => d.path === DIRS[1])?.replicas).toEqual([]);
    const post = await call(h.cc, 'POST', 'rebalance?rebalance_disk=true&dryrun=false&json=true');
    const seen = await driveUntilDone(h, post.headers.get('user-task-id') ?? '');
    expect(seen.statuses.at(-1)).toBe('Completed');
    const used = h.model.broker(3)?.logDirs.map((d) => d.usedBytes) ?? [];
    expectBalanced(used, 0.1, 'bytes per disk of broker 3');
  });
});
