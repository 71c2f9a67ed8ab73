import { afterEach, describe, expect, it } from 'vitest';
import { call, driveUntilDone, spread, startHarness, type Harness } from './fixtures.js';

interface Proposal {
  topicPartition: { topic: string; partition: number };
  oldReplicas: number[];
  newReplicas: number[];
}

describe('Cruise Control simulator: what the goal-based parameters change', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('excluded_topics keeps a topic where it is; an invalid pattern is a 400', async () => {
    h = await startHarness({ proposalComputeMs: 0 });
    const result = (await call(h.cc, 'POST', 'remove_broker?brokerid=1&excluded_topics=orders|audit&verbose=true&json=true')).json();
    const proposals = result.proposals as Proposal[];
    expect(proposals.length).toBeGreaterThan(0);
    // Replicas of excluded topics still leave a removed broker (they must), but are not moved for balance.
    for (const p of proposals.filter((x) => ['orders', 'audit'].includes(x.topicPartition.topic))) {
      expect(p.oldReplicas).toContain(1);
      expect(p.newReplicas.filter((b) => !p.oldReplicas.includes(b))).toHaveLength(1);
    }
    expect((result.summary as { excludedTopics: string[] }).excludedTopics.sort()).toEqual(['audit', 'orders']);
    const invalid = await call(h.cc, 'GET', 'proposals?excluded_topics=(&json=true');
    expect(invalid.status).toBe(400);
  });

  it('remove_broker with destination_broker_ids moves replicas only onto those brokers', async () => {
    h = await startHarness({ proposalComputeMs: 0 });
    const before = spread(h.model).replicas;
    const post = await call(h.cc, 'POST', 'remove_broker?brokerid=1&destination_broker_ids=4,5&dryrun=false&json=true');
    expect(post.status).toBe(200);
    await driveUntilDone(h, post.headers.get('user-task-id') ?? '');
    const after = spread(h.model).replicas;
    expect(after.get(1)).toBe(0);
    for (const b of [0, 2, 3]) expect(after.get(b)).toBeLessThanOrEqual(before.get(b) ?? 0);
    expect((after.get(4) ?? 0) + (after.get(5) ?? 0)).toBe((before.get(4) ?? 0) + (before.get(5) ?? 0) + (before.get(1) ?? 0));
    const overlap = await call(h.cc, 'POST', 'remove_broker?brokerid=1&destination_broker_ids=1,2&json=true');
    expect(overlap.status).toBe(400);
  });

  it('honours concurrent_partition_movements_per_broker, and rejects a non-positive one', async () => {
    h = await startHarness({ proposalComputeMs: 0 });
    const post = await call(h.cc, 'POST', 'remove_broker?brokerid=1&dryrun=false&concurrent_partition_movements_per_broker=2&json=true');
    expect(post.status).toBe(200);
    for (let i = 0; i < 5; i += 1) {
      h.clock.advance(1000);
      const moves = h.model.moves();
      expect(moves.filter((m) => m.fromBroker === 1).length).toBeLessThanOrEqual(2);
      const executor = (await call(h.cc, 'GET', 'state?json=true&substates=executor')).json().ExecutorState as Record<string, unknown>;
      expect(executor.maximumConcurrentPartitionMovementsPerBroker).toBe(2);
      h.clock.advance(4000); // let the 5-s scan free the state task
    }
    const zero = await call(h.cc, 'POST', 'rebalance?concurrent_partition_movements_per_broker=0&json=true');
    expect([zero.status, zero.json().errorMessage]).toEqual([400, 'The requested movement concurrency must be positive (Requested: 0).']);
  });

  it('rebalance_disk refuses goals, and remove_disks checks the remaining capacity', async () => {
    h = await startHarness({ proposalComputeMs: 0 });
    const goals = await call(h.cc, 'POST', 'rebalance?rebalance_disk=true&goals=RackAwareGoal&json=true');
    expect(goals.status).toBe(400);
    const both = await call(h.cc, 'POST', 'remove_disks?brokerid_and_logdirs=1-/kafka-logs/disk0/kafka,1-/kafka-logs/disk1/kafka&json=true');
    expect(both.json().errorMessage).toContain('No log dir remaining to move replicas to for broker 1.');
    const malformed = await call(h.cc, 'POST', 'remove_disks?brokerid_and_logdirs=1&json=true');
    expect(malformed.status).toBe(400);
  });
});
