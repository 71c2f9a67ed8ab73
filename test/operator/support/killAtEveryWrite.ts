import { expect } from 'vitest';
import type { KafkaClusterSpecInput } from '../../../src/k8s/crd/kafkaCluster.js';
import type { RunningOperator } from '../../../src/operator/runtime.js';
import type { StoredObject, StoreEvent } from '../../../sandbox/kube/index.js';
import { startOperationsWorld, untilClusterServes, NAMESPACE, type OperationsWorld } from './operationsSandbox.js';

const WRITE = /^(post|put|patch|delete)$/;

/** One graceful flow, started by a spec change and judged by what Kafka and Cruise Control saw. */
export interface Flow {
  /** The cluster to start from; the six-broker one by default. */
  spec?: KafkaClusterSpecInput;
  /** What must hold before the flow starts (for example: the disk to drain holds data). */
  ready?(world: OperationsWorld): void | Promise<void>;
  /** The spec change that starts the flow. */
  change(world: OperationsWorld): Promise<void>;
  /** Whether the flow has finished, polled. */
  finished(world: OperationsWorld): boolean | Promise<boolean>;
  /** The Cruise Control endpoint of the flow's one task (`remove_broker`, `add_broker`, `remove_disks`); none for a flow without one. */
  task?: string;
  /** The flow restarts brokers (a quorum change does): a replica offline while its broker restarts is expected then. */
  restartsBrokers?: boolean;
  /** What is wrong with the end state, beyond the task count (for example: the voters), if anything. */
  endProblem?(world: OperationsWorld): string | undefined;
  /**
   * For objects that must not go while something is on them: how much is still there at the
   * moment one starts to go (replicas on its volume, a vote in the quorum; 0 when deleting it
   * loses nothing); undefined for other objects.
   */
  dataAt?(world: OperationsWorld, object: StoredObject): number | undefined;
}

export interface FlowRun {
  /** Whether the flow finished within a minute. */
  finished: boolean;
  /** The operator's writes from the spec change to the end, as `verb resource`. */
  writes: string[];
  /** Tasks of the flow's endpoint Cruise Control was asked to run (0 for a flow without one). */
  tasks: number;
  /** What the flow's endProblem said at the end. */
  endProblem: string | undefined;
  /** What was still on each object that went (dataAt), at the moment it started to go. */
  dataAtDeletion: number[];
  violations: string[];
}

/**
 * Runs the flow on a fresh sandbox. With `killAfter`, the operator dies right after its n-th
 * write of the flow: from then on the API server answers it nothing but 503 (it can write no
 * more), it is stopped, and a new operator starts from what the cluster holds.
 */
export async function runFlow(flow: Flow, killAfter?: number, afterEachWrite?: (world: OperationsWorld) => void): Promise<FlowRun> {
  const world = await startOperationsWorld();
  try {
    // Polled every 30 s of sandbox time: fewer progress writes, each one a point to die at.
    const start = () => world.startOperator({ operationPollIntervalMs: 300 });
    let operator: RunningOperator = await start();
    await world.createCluster(flow.spec);
    await untilClusterServes(world);
    await flow.ready?.(world);
    world.watchInvariants();
    const dataAtDeletion: number[] = [];
    const stopDeletions = world.sandbox.kube.api.store.subscribe((event: StoreEvent) => {
      const starting =
        event.type === 'DELETED' ||
        (event.type === 'MODIFIED' && event.object.metadata.deletionTimestamp !== undefined && event.previous?.metadata.deletionTimestamp === undefined);
      if (!starting) return;
      const held = flow.dataAt?.(world, event.object);
      if (held !== undefined) dataAtDeletion.push(held);
    });
    // Cruise Control restarts when its capacity changes and forgets its tasks: the flow's tasks
    // are gathered from every one that ran, looked at after each write (a task sent is followed
    // by the write that records it).
    const taskIds = new Set<string>();
    const gatherTasks = (): void => {
      if (flow.task === undefined) return;
      for (const t of world.sandbox.world.cruiseControl(NAMESPACE, 'kafka')?.tasks.list() ?? []) if (t.requestUrl.includes(`/${flow.task}?`)) taskIds.add(t.id);
    };
    const writes: string[] = [];
    let counting = false;
    let restart: Promise<void> | undefined;
    const faults = world.sandbox.kube.faults;
    const stopWatching = faults.onServed((verb, resource) => {
      // Lease renewals come with the clock, not with the flow: dying after one is dying between
      // the flow's writes around it.
      if (!counting || !WRITE.test(verb) || resource === 'leases') return;
      writes.push(`${verb} ${resource}`);
      gatherTasks();
      afterEachWrite?.(world);
      if (writes.length === killAfter && restart === undefined) {
        faults.inject({ error: { code: 503 } });
        restart = (async () => {
          await operator.stop();
          faults.clear();
          operator = await start();
        })();
      }
    });
    await flow.change(world);
    counting = true;
    // Not finishing is a failure of this run, reported with its kill point like the others.
    const finished = await expect
      .poll(() => flow.finished(world), { timeout: 60_000, interval: 50 })
      .toBe(true)
      .then(
        () => true,
        () => false,
      );
    counting = false;
    await restart;
    stopWatching();
    stopDeletions();
    gatherTasks();
    return {
      finished,
      writes,
      tasks: taskIds.size,
      endProblem: flow.endProblem?.(world),
      dataAtDeletion,
      violations: [...world.violations],
    };
  } finally {
    await world.close();
  }
}

/** 1-based positions to die after: each write, but only the ends of a run of identical ones. */
export function killPoints(writes: readonly string[]): number[] {
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

/**
 * Runs the flow once with every watch of the API server ended after each of the operator's
 * writes: with a 410 Expired (as after etcd compacted the history a watch resumes from), or by a
 * reset socket (a load balancer or API server restart in between). Returns what went wrong.
 */
export async function watchesEndedAtEveryWrite(flow: Flow, how: 'expire' | 'reset'): Promise<string[]> {
  const run = await runFlow(flow, undefined, (world) => world.sandbox.kube.endWatches(how));
  const failures = problems(flow, run);
  if (run.writes.length < 10) failures.push(`only ${run.writes.length} writes: the flow did not run`);
  return failures;
}

/** What went wrong in one run: the task count, an object gone too early, a partition not fully replicated, the end state. */
function problems(flow: Flow, run: FlowRun): string[] {
  const found: string[] = [];
  if (!run.finished) found.push(`the flow did not finish (${run.writes.length} writes, the last ${run.writes.at(-1) ?? 'none'})`);
  const expectedTasks = flow.task === undefined ? 0 : 1;
  if (run.tasks !== expectedTasks) found.push(`${run.tasks} ${flow.task ?? ''} tasks`);
  if (run.dataAtDeletion.some((n) => n > 0)) found.push(`an object went while ${Math.max(...run.dataAtDeletion)} of what it holds was still on it`);
  const violations = flow.restartsBrokers === true ? run.violations.filter((v) => !v.includes('offline replicas')) : run.violations;
  if (violations.length > 0) found.push(violations[0] ?? '');
  if (run.endProblem !== undefined) found.push(run.endProblem);
  return found;
}

/**
 * Runs the flow once undisturbed, then once dying after each of its writes (Events included:
 * they are writes too; of a run of identical writes, such as progress updates while data moves,
 * only the first two and the last). Returns what went wrong, one line per run; empty when every
 * run ended with one task, nothing deleted while it held data, and every partition fully
 * replicated throughout, and the flow's end state right.
 */
export async function killAtEveryWrite(flow: Flow, atLeast: number): Promise<string[]> {
  const reference = await runFlow(flow);
  expect(problems(flow, reference)).toEqual([]);
  const points = killPoints(reference.writes);
  expect(points.length).toBeGreaterThanOrEqual(atLeast);
  const failures: string[] = [];
  for (const killAfter of points) {
    const run = await runFlow(flow, killAfter);
    const at = `killed after write ${killAfter} (${reference.writes[killAfter - 1] ?? '?'})`;
    for (const problem of problems(flow, run)) failures.push(`${at}: ${problem}`);
  }
  return failures;
}
