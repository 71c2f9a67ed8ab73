import { expect } from 'vitest';
import { ManualClock } from '../../../sandbox/clock.js';
import { startCruiseControlSandbox, type CruiseControlSandbox, type CruiseControlSandboxOptions } from '../../../sandbox/cruisecontrol/index.js';
import { KafkaClusterModel } from '../../../sandbox/kafka/model/index.js';

export const MB = 1024 * 1024;
export const GB = 1024 * MB;
export const DIRS = ['/kafka-logs/disk0/kafka', '/kafka-logs/disk1/kafka'];

export interface Harness {
  readonly clock: ManualClock;
  readonly model: KafkaClusterModel;
  readonly cc: CruiseControlSandbox;
  close(): Promise<void>;
}

/**
 * Six brokers in three racks with two disks each, 240 partitions of four topics of different
 * sizes with two replicas each (480 replicas), and Cruise Control in front with one-minute metric
 * windows. Two replicas over three racks leave room to balance when a rack loses a broker; with
 * three, the rack-aware goal would pin every replica of that rack on its last broker.
 */
export async function startHarness(options: Partial<CruiseControlSandboxOptions> & { brokers?: number[]; warm?: boolean } = {}): Promise<Harness> {
  const clock = new ManualClock();
  const model = new KafkaClusterModel({ clock, copyBytesPerSec: 100 * MB });
  for (const id of options.brokers ?? [0, 1, 2, 3, 4, 5]) {
    model.addBroker({ id, rack: `zone-${id % 3}`, logDirs: DIRS.map((path) => ({ path, capacityBytes: 200 * GB })) });
  }
  const topics: Array<[string, number, number]> = [
    ['orders', 80, 300],
    ['payments', 60, 120],
    ['clicks', 60, 200],
    ['audit', 40, 60],
  ];
  for (const [name, partitions, sizeMB] of topics) {
    model.createTopic({ name, partitions, replicationFactor: 2, initialSizeBytes: sizeMB * MB, produceBytesPerSec: 4096 });
  }
  const cc = await startCruiseControlSandbox({ port: 0, model, clock, maxBlockMs: 5, proposalComputeMs: 2000, monitor: { windowMs: 60_000 }, ...options });
  if (options.warm ?? true) clock.advance(60_000);
  return {
    clock,
    model,
    cc,
    close: async () => {
      await cc.close();
      model.close();
    },
  };
}

export interface HttpReply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json(): Record<string, unknown>;
}

export async function call(
  cc: CruiseControlSandbox,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<HttpReply> {
  const response = await fetch(`${cc.url}/${pathAndQuery}`, { method, headers, signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

/** Replicas per broker and bytes per broker, from the model. */
export function spread(model: KafkaClusterModel): { replicas: Map<number, number>; disk: Map<number, number> } {
  const replicas = new Map<number, number>(model.brokers().map((b) => [b.id, 0]));
  const disk = new Map<number, number>(model.brokers().map((b) => [b.id, 0]));
  for (const p of model.partitions()) {
    for (const r of p.replicas) {
      replicas.set(r.broker, (replicas.get(r.broker) ?? 0) + 1);
      disk.set(r.broker, (disk.get(r.broker) ?? 0) + r.sizeBytes);
    }
  }
  return { replicas, disk };
}

/** Every value within `tolerance` of their mean. */
export function expectBalanced(values: number[], tolerance: number, what: string): void {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  for (const v of values) expect(Math.abs(v - mean) / mean, `${what}: ${values.join(', ')}`).toBeLessThanOrEqual(tolerance);
}

/** No partition has two replicas in one rack (three racks, replication factor 3). */
export function expectRackAware(model: KafkaClusterModel): void {
  for (const p of model.partitions()) {
    const racks = p.replicas.map((r) => model.broker(r.broker)?.rack);
    expect(new Set(racks).size, `${p.topic}-${p.partition} racks ${racks.join(',')}`).toBe(racks.length);
  }
}

export interface Observed {
  statuses: string[];
  executorStates: string[];
  finished: number[];
}

/**
 * Advances the clock a second at a time, checking the model's invariants at every step, and
 * watches the task through user_tasks and the executor through state every five steps, until
 * the task is done. Returns what was seen.
 */
export async function driveUntilDone(h: Harness, taskId: string, maxSteps = 3000): Promise<Observed> {
  const seen: Observed = { statuses: [], executorStates: [], finished: [] };
  for (let step = 0; step < maxSteps; step += 1) {
    h.clock.advance(1000);
    expect(h.model.invariantViolations()).toEqual([]);
    if (step % 5 !== 0) continue;
    const tasks = (await call(h.cc, 'GET', `user_tasks?json=true&user_task_ids=${taskId}`)).json().userTasks as Array<{ Status: string }>;
    const status = tasks[0]?.Status ?? 'missing';
    if (seen.statuses.at(-1) !== status) seen.statuses.push(status);
    const executor = (await call(h.cc, 'GET', 'state?json=true&substates=executor')).json().ExecutorState as Record<string, unknown>;
    const state = String(executor.state);
    if (seen.executorStates.at(-1) !== state) seen.executorStates.push(state);
    const finished = executor.numFinishedPartitionMovements ?? executor.numFinishedIntraBrokerPartitionMovements;
    if (typeof finished === 'number' && seen.finished.at(-1) !== finished) seen.finished.push(finished);
    if (status === 'Completed' || status === 'CompletedWithError') return seen;
  }
  throw new Error(`task ${taskId} did not finish; seen ${JSON.stringify(seen)}`);
}
