import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../sandbox/clock.js';
import { createDemoCluster, KafkaClusterModel, ModelError } from '../../../../sandbox/kafka/model/index.js';

const MB = 1024 * 1024;
const GB = 1024 * MB;

function cluster(brokers = 3, racks = 3): { clock: ManualClock; model: KafkaClusterModel } {
  const clock = new ManualClock();
  const model = new KafkaClusterModel({ clock, copyBytesPerSec: 10 * MB });
  for (let id = 0; id < brokers; id += 1) {
    model.addBroker({
      id,
      rack: `zone-${id % racks}`,
      logDirs: [
        { path: '/kafka-logs/disk0/kafka', capacityBytes: 100 * GB },
        { path: '/kafka-logs/disk1/kafka', capacityBytes: 100 * GB },
      ],
    });
  }
  return { clock, model };
}

describe('KafkaClusterModel', () => {
  it('places replicas rack-aware, spread over brokers and log dirs', () => {
    const { model } = cluster(6, 3);
    model.createTopic({ name: 'orders', partitions: 60, replicationFactor: 3 });
    const perBroker = new Map<number, number>();
    for (const p of model.partitions()) {
      expect(new Set(p.replicas.map((r) => `zone-${r.broker % 3}`)).size).toBe(3);
      expect(p.leader).toBe(p.replicas[0]?.broker);
      for (const r of p.replicas) perBroker.set(r.broker, (perBroker.get(r.broker) ?? 0) + 1);
    }
    expect([...perBroker.values()]).toEqual([30, 30, 30, 30, 30, 30]);
    const dirs = model.logDirContents(0).map((d) => d.replicas.length);
    expect(dirs).toEqual([15, 15]);
    expect(model.invariantViolations()).toEqual([]);
  });

  it('grows logs with the produce rate on the clock, and derives network load from leaders and followers', () => {
    const { clock, model } = cluster();
    model.createTopic({ name: 'events', partitions: 3, replicationFactor: 3, produceBytesPerSec: MB });
    clock.advance(10_000);
    const p = model.partition('events', 0);
    expect(p.sizeBytes).toBe(10 * MB);
    expect(p.replicas.every((r) => r.sizeBytes === 10 * MB)).toBe(true);
    const load = model.loads().get(0);
    expect(load).toMatchObject({
      replicas: 3,
      leaders: 1,
      leaderNwInKBps: 1024,
      followerNwInKBps: 2048,
      nwOutKBps: 3 * 1024,
      potentialNwOutKBps: 9 * 1024,
      diskBytes: 30 * MB,
    });
    expect(load?.cpuPct).toBeGreaterThan(1);
  });

  it('grows a topic from when a produce rate is set until it is taken back, and a deleted one no more', () => {
    const { clock, model } = cluster();
    model.createTopic({ name: 'quiet', partitions: 2, replicationFactor: 3 });
    clock.advance(5_000);
    expect(model.partition('quiet', 0).sizeBytes).toBe(0);
    model.setProduceRate('quiet', MB);
    clock.advance(4_000);
    expect(model.partition('quiet', 1).sizeBytes).toBe(4 * MB);
    model.setProduceRate('quiet', 0);
    clock.advance(4_000);
    expect(model.partition('quiet', 1).sizeBytes).toBe(4 * MB);
    model.setProduceRate('quiet', MB);
    model.deleteTopic('quiet');
    model.createTopic({ name: 'quiet', partitions: 1, replicationFactor: 3 });
    clock.advance(3_000);
    expect(model.partition('quiet', 0).sizeBytes).toBe(0);
  });

  it('a stopped broker leaves partitions under-replicated or offline, and catches up when started', () => {
    const { clock, model } = cluster(3);
    model.createTopic({ name: 'single', partitions: 3, replicationFactor: 1, produceBytesPerSec: MB });
    model.createTopic({ name: 'triple', partitions: 3, replicationFactor: 3, produceBytesPerSec: MB });
    model.stopBroker(1);
    const offline = model.partitions().filter((p) => p.leader === -1);
    expect(offline.map((p) => `${p.topic}-${p.partition}`)).toEqual(['single-1']);
    for (const p of model.topics().find((t) => t.name === 'triple')?.partitions ?? []) {
      expect(p.isr).not.toContain(1);
      expect(p.offlineReplicas).toEqual([1]);
      expect(p.leader).not.toBe(1);
    }
    clock.advance(5000);
    model.startBroker(1);
    const triple0 = model.partition('triple', 0);
    expect([...triple0.isr].sort()).toEqual([0, 1, 2]);
    expect(triple0.replicas.every((r) => r.sizeBytes === triple0.sizeBytes)).toBe(true);
    expect(model.partition('single', 1).leader).toBe(1);
    expect(model.invariantViolations()).toEqual([]);
  });

  it('moves a replica to another broker by copying first, never dropping below the replication factor', () => {
    const { clock, model } = cluster(4, 4);
    model.createTopic({ name: 't', partitions: 1, replicationFactor: 3, initialSizeBytes: 50 * MB });
    const before = model.partition('t', 0);
    const leader = before.leader;
    const target = [0, 1, 2, 3].find((b) => !before.replicas.some((r) => r.broker === b)) ?? -1;
    const done: string[] = [];
    model.moveReplica({ topic: 't', partition: 0, fromBroker: leader, toBroker: target }, (m) => done.push(m.state));
    clock.advanceInSteps(4000, 1000, () => {
      expect(model.invariantViolations()).toEqual([]);
      expect(model.partition('t', 0).replicas.map((r) => r.broker)).toContain(leader);
    });
    expect(model.moves()[0]?.copiedBytes).toBe(40 * MB);
    expect(model.broker(target)?.logDirs.reduce((s, d) => s + d.usedBytes, 0)).toBe(40 * MB);
    clock.advance(1000);
    expect(done).toEqual(['completed']);
    const after = model.partition('t', 0);
    expect(after.replicas.map((r) => r.broker)).toEqual(before.replicas.map((r) => (r.broker === leader ? target : r.broker)));
    expect(after.leader).not.toBe(leader);
    expect(after.isr).toContain(target);
    expect(model.invariantViolations()).toEqual([]);
  });

  it('moves a replica between log dirs of one broker', () => {
    const { clock, model } = cluster(1, 1);
    model.createTopic({ name: 't', partitions: 1, replicationFactor: 1, initialSizeBytes: 20 * MB });
    const from = model.partition('t', 0).replicas[0]?.logDir ?? '';
    const to = from === '/kafka-logs/disk0/kafka' ? '/kafka-logs/disk1/kafka' : '/kafka-logs/disk0/kafka';
    model.moveReplica({ topic: 't', partition: 0, fromBroker: 0, toBroker: 0, toLogDir: to });
    clock.advance(1000);
    expect(model.logDirContents(0).find((d) => d.path === to)?.replicas).toEqual([
      { topic: 't', partition: 0, sizeBytes: 10 * MB, future: true, lagBytes: 10 * MB },
    ]);
    clock.advance(1000);
    expect(model.partition('t', 0).replicas[0]?.logDir).toBe(to);
    expect(() => model.removeLogDir(0, to)).toThrow(ModelError);
    model.removeLogDir(0, from);
    expect(model.invariantViolations()).toEqual([]);
  });

  it('refuses to remove a broker that holds replicas, and reports lost replicas when forced', () => {
    const { model } = cluster(3);
    model.createTopic({ name: 't', partitions: 3, replicationFactor: 2 });
    expect(() => model.removeBroker(2)).toThrow(/still holds/);
    model.removeBroker(2, { force: true });
    expect(model.invariantViolations().some((v) => v.includes('removed broker 2'))).toBe(true);
  });

  it('keeps static and dynamic config across a restart', () => {
    const { model } = cluster(1, 1);
    model.setStaticConfig(0, { 'log.dirs': '/kafka-logs/disk0/kafka' });
    model.replaceDynamicConfig(0, new Map([['log.cleaner.threads', '2']]));
    model.stopBroker(0);
    model.startBroker(0);
    expect(model.staticConfig(0).get('log.dirs')).toBe('/kafka-logs/disk0/kafka');
    expect(model.dynamicConfig(0).get('log.cleaner.threads')).toBe('2');
  });
});

describe('createDemoCluster', () => {
  it('builds six brokers in three racks holding a few hundred partitions, evenly and rack-aware', () => {
    const model = createDemoCluster({ clock: new ManualClock() });
    expect(model.brokers().map((b) => b.rack)).toEqual(['zone-a', 'zone-b', 'zone-c', 'zone-a', 'zone-b', 'zone-c']);
    const partitions = model.partitions();
    expect(partitions.length).toBeGreaterThan(300);
    const counts = new Map<number, number>();
    for (const p of partitions) {
      expect(new Set(p.replicas.map((r) => model.broker(r.broker)?.rack)).size).toBe(3);
      for (const r of p.replicas) counts.set(r.broker, (counts.get(r.broker) ?? 0) + 1);
    }
    const values = [...counts.values()];
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(Math.ceil(Math.max(...values) * 0.1));
    expect(model.invariantViolations()).toEqual([]);
    model.close();
  });
});
