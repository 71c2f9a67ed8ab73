import { afterEach, describe, expect, it } from 'vitest';
import { call, driveUntilDone, spread, startHarness, type Harness } from './fixtures.js';

describe('Cruise Control simulator: faults and the other operations', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('can be unavailable, slow, or fail one endpoint a number of times', async () => {
    h = await startHarness();
    h.cc.faults.unavailable = true;
    await expect(call(h.cc, 'GET', 'state?json=true')).rejects.toThrow();
    h.cc.faults.unavailable = false;

    h.cc.faults.slowMs = 150;
    const started = performance.now();
    expect((await call(h.cc, 'GET', 'state?json=true')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    h.cc.faults.slowMs = 0;

    h.cc.faults.failEndpoint({ endpoint: 'user_tasks', times: 2, message: 'boom' });
    expect((await call(h.cc, 'GET', 'user_tasks?json=true')).json()).toMatchObject({ errorMessage: 'boom', version: 1 });
    expect((await call(h.cc, 'GET', 'user_tasks')).text).toBe('boom');
    expect((await call(h.cc, 'GET', 'user_tasks?json=true')).status).toBe(200);
    h.cc.faults.failEndpoint({ endpoint: 'load', status: 503 });
    expect((await call(h.cc, 'GET', 'load?json=true')).status).toBe(503);
  });

  it('reports sampling not ready on demand', async () => {
    h = await startHarness({ proposalComputeMs: 0 });
    h.cc.faults.samplingNotReady = true;
    const proposals = await call(h.cc, 'GET', 'proposals?json=true');
    expect(proposals.status).toBe(500);
    expect(proposals.json().errorMessage).toContain('NotEnoughValidWindowsException');
    const state = (await call(h.cc, 'GET', 'state?json=true&substates=analyzer,monitor')).json();
    expect(state.AnalyzerState).toMatchObject({ isProposalReady: false });
    h.cc.faults.samplingNotReady = false;
    expect((await call(h.cc, 'GET', 'proposals?json=true')).status).toBe(200);
  });

  it('ends an execution CompletedWithError when told to', async () => {
    h = await startHarness({ proposalComputeMs: 0 });
    h.cc.faults.failNextExecution();
    const post = await call(h.cc, 'POST', 'rebalance?dryrun=false&json=true&goals=RackAwareGoal&skip_hard_goal_check=true');
    expect(post.status).toBe(200);
    const seen = await driveUntilDone(h, post.headers.get('user-task-id') ?? '');
    expect(seen.statuses).toEqual(['InExecution', 'CompletedWithError']);
  });

  it('refuses explicit goals that leave out hard goals, unless told to skip the check', async () => {
    h = await startHarness({ proposalComputeMs: 0 });
    const refused = await call(h.cc, 'GET', 'proposals?json=true&goals=ReplicaDistributionGoal');
    expect(refused.status).toBe(500);
    expect(refused.json().errorMessage).toContain(
      'Missing hard goals [RackAwareGoal, MinTopicLeadersPerBrokerGoal, ReplicaCapacityGoal, DiskCapacityGoal, NetworkInboundCapacityGoal, NetworkOutboundCapacityGoal, CpuCapacityGoal] in the provided goals: [ReplicaDistributionGoal]. Add skip_hard_goal_check=true parameter to ignore this sanity check.',
    );
  });

  it('demote_broker moves leadership off a broker and remembers it', async () => {
    h = await startHarness({ proposalComputeMs: 0 });
    expect(h.model.partitions().some((p) => p.leader === 2)).toBe(true);
    const post = await call(h.cc, 'POST', 'demote_broker?brokerid=2&dryrun=false&json=true');
    expect(post.status).toBe(200);
    expect((post.json().summary as Record<string, number>).numLeaderMovements).toBeGreaterThan(0);
    await driveUntilDone(h, post.headers.get('user-task-id') ?? '');
    expect(h.model.partitions().filter((p) => p.leader === 2)).toEqual([]);
    const executor = (await call(h.cc, 'GET', 'state?json=true&substates=executor')).json().ExecutorState as Record<string, unknown>;
    expect(executor.recentlyDemotedBrokers).toEqual([2]);
  });

  it('fix_offline_replicas moves the replicas of a stopped broker onto live ones', async () => {
    h = await startHarness({ proposalComputeMs: 0 });
    h.model.stopBroker(3);
    const post = await call(h.cc, 'POST', 'fix_offline_replicas?dryrun=false&json=true');
    const seen = await driveUntilDone(h, post.headers.get('user-task-id') ?? '');
    expect(seen.statuses.at(-1)).toBe('Completed');
    expect(spread(h.model).replicas.get(3)).toBe(0);
    expect(h.model.partitions().filter((p) => p.isr.length < p.replicationFactor)).toEqual([]);
  });
});

describe('Cruise Control simulator: stop_ongoing_execution', () => {
  it('stops the running execution, waits for it to wind down, then runs the new one', async () => {
    const h = await startHarness({ proposalComputeMs: 0 });
    try {
      const first = await call(h.cc, 'POST', 'remove_broker?brokerid=1&dryrun=false&json=true');
      h.clock.advance(3000);
      const second = await call(h.cc, 'POST', 'rebalance?dryrun=false&stop_ongoing_execution=true&json=true');
      expect(second.status).toBe(202);
      expect(h.cc.executor.state).toBe('STOPPING_EXECUTION');
      const seen = await driveUntilDone(h, second.headers.get('user-task-id') ?? '');
      expect(seen.statuses.at(-1)).toBe('Completed');
      const tasks = (await call(h.cc, 'GET', `user_tasks?json=true&user_task_ids=${first.headers.get('user-task-id') ?? ''}`)).json().userTasks as Array<{
        Status: string;
      }>;
      expect(tasks[0]?.Status).toBe('CompletedWithError');
    } finally {
      await h.close();
    }
  });
});
