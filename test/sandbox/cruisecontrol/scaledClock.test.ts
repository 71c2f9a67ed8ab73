import { describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../sandbox/clock.js';
import { startCruiseControlSandbox } from '../../../sandbox/cruisecontrol/index.js';
import { KafkaClusterModel } from '../../../sandbox/kafka/model/index.js';
import { call } from './fixtures.js';

describe('Cruise Control simulator on sped-up real time', () => {
  it('warms up, computes within the request block and completes an execution without a manual clock', async () => {
    const clock = new ScaledClock(2000);
    const model = new KafkaClusterModel({ clock, copyBytesPerSec: 100 * 1024 * 1024 });
    for (const id of [0, 1, 2]) model.addBroker({ id, rack: `zone-${id}`, logDirs: [{ path: '/kafka-logs/disk0/kafka', capacityBytes: 100 * 1024 ** 3 }] });
    model.addBroker({ id: 3, rack: 'zone-0', logDirs: [{ path: '/kafka-logs/disk0/kafka', capacityBytes: 100 * 1024 ** 3 }] });
    model.createTopic({ name: 'orders', partitions: 12, replicationFactor: 2, initialSizeBytes: 50 * 1024 * 1024 });
    const cc = await startCruiseControlSandbox({ port: 0, model, clock, maxBlockMs: 2000, monitor: { windowMs: 60_000 } });
    try {
      const deadline = Date.now() + 5000;
      while ((await call(cc, 'GET', 'load?json=true')).status !== 200) {
        if (Date.now() > deadline) throw new Error('monitor never warmed up');
      }
      // 3 s of proposal computation is 1.5 ms of real time: the answer comes within the block.
      const post = await call(cc, 'POST', 'add_broker?brokerid=3&dryrun=false&json=true');
      expect(post.status).toBe(200);
      const id = post.headers.get('user-task-id') ?? '';
      for (;;) {
        const tasks = (await call(cc, 'GET', `user_tasks?json=true&user_task_ids=${id}`)).json().userTasks as Array<{ Status: string }>;
        if (tasks[0]?.Status === 'Completed') break;
        if (Date.now() > deadline) throw new Error(`task stuck at ${tasks[0]?.Status}`);
      }
      expect(model.partitions().filter((p) => p.replicas.some((r) => r.broker === 3)).length).toBeGreaterThan(3);
      expect(model.invariantViolations()).toEqual([]);
    } finally {
      await cc.close();
      model.close();
    }
  });
});
