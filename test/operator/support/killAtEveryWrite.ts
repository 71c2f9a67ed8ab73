import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { expect, vi } from 'vitest';
import { startServer } from '../../../src/app.js';
import { parseConfig } from '../../../src/config.js';
import type { KafkaClusterSpecInput } from '../../../src/k8s/crd/kafkaCluster.js';
import { createLogger } from '../../../src/logging.js';
import { LABEL_ALERT_COMMAND } from '../../../src/domain/alertEvents.js';
import type { StoredObject, StoreEvent } from '../../../sandbox/kube/index.js';
import { startOperationsWorld, untilClusterServes, NAMESPACE, type OperationsWorld } from './operationsSandbox.js';

const WRITE = /^(post|put|patch|delete)$/;

/** The bearer token of the alert endpoints of the server a flow runs on. */
export const ALERT_TOKEN = 'alert-token';

/** The world of a flow: the sandbox, and the server's address when the flow runs on the whole server. */
export interface FlowWorld extends OperationsWorld {
  /** The base URL of the server (the same across restarts, as behind a Service); only for a flow `onServer`. */
  url(): string;
}

/** One flow, started by a change (a spec patch, a mutation, an alert) and judged by what Kubernetes, Kafka and Cruise Control saw. */
export interface Flow {
  /** The cluster to start from; the six-broker one by default; null for none (the flow creates it). */
  spec?: KafkaClusterSpecInput | null;
  /**
   * What dies: the operator alone (the default; the change is written by the test), or the whole
   * server (its GraphQL and alert endpoints, the alert handler and the operator), whose endpoints
   * the change goes through: its writes are then counted from the change on, the request's own
   * included.
   */
  onServer?: boolean;
  /** What must hold before the flow starts (for example: the disk to drain holds data). */
  ready?(world: FlowWorld): void | Promise<void>;
  /** The change that starts the flow: a spec change, or requests to the server. */
  change(world: FlowWorld): Promise<void>;
  /**
   * What the outside does once the server is back (Alertmanager sends its alerts again; a client
   * whose request got no answer sends it again); only for a flow `onServer`.
   */
  afterRestart?(world: FlowWorld): Promise<void>;
  /** Whether the flow has finished, polled. */
  finished(world: FlowWorld): boolean | Promise<boolean>;
  /** The Cruise Control endpoint of the flow's one task (`remove_broker`, `add_broker`, `remove_disks`); none for a flow without one. */
  task?: string;
  /** No task but the flow's own may be sent from the change on (none at all for a flow without one). */
  noOtherTasks?: boolean;
  /**
   * The Events must tell one story: no run records an Event of the undisturbed run (its reason,
   * object and message) more often than that run does, so nothing is announced twice after a
   * restart. With it, a kill right after a plain Event is not run: see `equivalentKills`.
   */
  oneStory?: boolean;
  /** The flow restarts brokers (a quorum change does): a replica offline while its broker restarts is expected then. */
  restartsBrokers?: boolean;
  /** What is wrong with the end state, beyond the task count (for example: the voters), if anything. */
  endProblem?(world: FlowWorld): string | undefined | Promise<string | undefined>;
  /**
   * For objects that must not go while something is on them: how much is still there at the
   * moment one starts to go (replicas on its volume, a vote in the quorum; 0 when deleting it
   * loses nothing); undefined for other objects.
   */
  dataAt?(world: FlowWorld, object: StoredObject): number | undefined;
}

export interface FlowRun {
  /** Whether the flow finished within a minute. */
  finished: boolean;
  /** The operator's writes from the spec change to the end, as `verb resource` (and an Event's reason). */
  writes: string[];
  /** 1-based positions of the writes that stored nothing new (the object as it was, but for its resourceVersion). */
  unchanged: number[];
  /** For each write, the Event it created when it was a plain one (not an alert record). */
  plainEvents: Array<string | undefined>;
  /** For each write, whether Kafka or Cruise Control was asked to change something since the write before it. */
  outsideChanges: boolean[];
  /** Tasks of the flow's endpoint Cruise Control was asked to run (0 for a flow without one). */
  tasks: number;
  /** The endpoints of the other tasks Cruise Control was asked to run from the change on. */
  otherTasks: string[];
  /** What the flow's endProblem said at the end. */
  endProblem: string | undefined;
  /** After how many of its writes it died, if it did. */
  killedAt: number | undefined;
  /** What was still on each object that went (dataAt), at the moment it started to go. */
  dataAtDeletion: number[];
  violations: string[];
}

/** Where to die: right after the n-th write of this kind (`verb resource`, and an Event's reason), as the undisturbed run made them. */
export interface KillPoint {
  write: string;
  occurrence: number;
}

/**
 * Kafka requests that change the cluster (Kafka's protocol API keys): CreateTopics, DeleteTopics,
 * DeleteRecords, AlterConfigs, AlterReplicaLogDirs, CreatePartitions, ElectLeaders,
 * IncrementalAlterConfigs, AlterPartitionReassignments, UnregisterBroker, AddRaftVoter, RemoveRaftVoter.
 */
const CHANGING_KAFKA_APIS = new Set([19, 20, 21, 33, 34, 37, 43, 44, 45, 64, 80, 81]);

/** What the harness kills and starts again. */
interface Killable {
  stop(): Promise<void>;
}

/**
 * The whole server on the sandbox, as main.ts wires it, at a fixed port (so that clients reach the
 * one started after a kill at the same address), with the alert endpoints on and the operator's
 * timings those of the operator alone.
 */
function serverStarter(world: OperationsWorld): { start(): Promise<Killable>; url(): string } {
  const tokenFile = join(mkdtempSync(join(tmpdir(), 'kafkaplane-flow-')), 'token');
  writeFileSync(tokenFile, `${ALERT_TOKEN}\n`);
  let port = 0;
  const { sandbox } = world;
  return {
    url: () => `http://127.0.0.1:${port}`,
    start: async () => {
      const parsed = parseConfig(['--port', String(port), '--host', '127.0.0.1', '--alertmanager-token-file', tokenFile], {});
      if (parsed.help) throw new Error('unexpected --help');
      const logger = createLogger({ logLevel: process.env.DEBUG_OPERATOR ? 'warn' : 'silent', logFormat: 'json' });
      const server = await startServer(parsed.config, logger, {
        kubernetes: { mode: 'SANDBOX', apiServerUrl: sandbox.kube.url, kubeConfig: sandbox.kube.kubeConfig, clusterDns: sandbox.clusterDns },
        operator: {
          leaseDurationMs: 1_500,
          renewDeadlineMs: 1_000,
          retryPeriodMs: 200,
          requeueAfterMs: 50,
          operationPollIntervalMs: 300,
          operationRetryBackoffMs: 300,
        },
        // A claim its replica left unfinished is taken over after 2 s.
        alerts: { claimTimeoutMs: 2_000, sweepIntervalMs: 500 },
      });
      port = Number(new URL(server.url).port);
      // Ready once the operator installed its CRDs and its caches synced.
      await vi.waitFor(async () => expect((await fetch(`${server.url}/readyz`)).status).toBe(200), { timeout: 20_000, interval: 50 });
      return server;
    },
  };
}

/**
 * Runs the flow on a fresh sandbox. With `killAfter`, the operator (or the whole server) dies
 * right after the write it names (found by kind and count rather than by position: writes of
 * different objects may come in another order from run to run): from then on the API server
 * answers it nothing but 503 (it can write no more), it is stopped, and a new one starts from
 * what the cluster holds.
 */
export async function runFlow(flow: Flow, killAfter?: KillPoint, afterEachWrite?: (world: OperationsWorld) => void): Promise<FlowRun> {
  // Whether Kafka or Cruise Control was asked to change something since the last write.
  let changedOutside = false;
  const operations = await startOperationsWorld({
    onKafkaRequest: ({ apiKey }) => {
      if (CHANGING_KAFKA_APIS.has(apiKey)) changedOutside = true;
    },
    onCruiseControlRequest: ({ method }) => {
      if (method === 'POST') changedOutside = true;
    },
  });
  const server = flow.onServer === true ? serverStarter(operations) : undefined;
  const world: FlowWorld = {
    ...operations,
    url: () => {
      if (server === undefined) throw new Error('the flow runs on the operator alone: no server to ask');
      return server.url();
    },
  };
  // Polled every 30 s of sandbox time: fewer progress writes, each one a point to die at.
  const start = (): Promise<Killable> => (server !== undefined ? server.start() : world.startOperator({ operationPollIntervalMs: 300 }));
  let running: Killable | undefined;
  let restart: Promise<void> | undefined;
  try {
    running = await start();
    if (flow.spec !== null) {
      await world.createCluster(flow.spec);
      await untilClusterServes(world);
    }
    await flow.ready?.(world);
    if (flow.spec !== null) world.watchInvariants();
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
    const otherTasks = new Map<string, string>();
    const before = new Set((world.sandbox.world.cruiseControl(NAMESPACE, 'kafka')?.tasks.list() ?? []).map((t) => t.id));
    const gatherTasks = (): void => {
      for (const t of world.sandbox.world.cruiseControl(NAMESPACE, 'kafka')?.tasks.list() ?? []) {
        if (flow.task !== undefined && t.requestUrl.includes(`/${flow.task}?`)) taskIds.add(t.id);
        // Reads (GET) are user tasks too; only a POST asks Cruise Control to do something.
        else if (!before.has(t.id) && t.requestUrl.startsWith('POST '))
          otherTasks.set(t.id, /\/kafkacruisecontrol\/([a-z_]+)/.exec(t.requestUrl)?.[1] ?? t.requestUrl);
      }
    };
    const writes: string[] = [];
    const unchanged: number[] = [];
    const plainEvents: Array<string | undefined> = [];
    const outsideChanges: boolean[] = [];
    // What each object was before its latest change, to tell a write that stored nothing new.
    const changes = new Map<string, { resourceVersion: string; previous: StoredObject | undefined }>();
    const identity = (resource: string, object: StoredObject) => `${resource}|${object.metadata.namespace ?? ''}|${object.metadata.name}`;
    const stopChanges = world.sandbox.kube.api.store.subscribe((event: StoreEvent) => {
      changes.set(identity(event.resource.split('/').pop() ?? '', event.object), {
        resourceVersion: event.object.metadata.resourceVersion,
        previous: event.previous,
      });
    });
    let counting = false;
    let killedAt: number | undefined;
    const faults = world.sandbox.kube.faults;
    const stopWatching = faults.onServed((verb, resource, written) => {
      // Lease renewals come with the clock, not with the flow: dying after one is dying between
      // the flow's writes around it.
      if (!counting || !WRITE.test(verb) || resource === 'leases') return;
      const reason = resource === 'events' ? (written as { reason?: string } | undefined)?.reason : undefined;
      const write = `${verb} ${resource}${reason !== undefined ? ` ${reason}` : ''}`;
      writes.push(write);
      plainEvents.push(verb === 'post' && resource === 'events' && written !== undefined ? plainEvent(written) : undefined);
      outsideChanges.push(changedOutside);
      changedOutside = false;
      const change = written !== undefined ? changes.get(identity(resource, written)) : undefined;
      if (
        change?.resourceVersion === written?.metadata.resourceVersion &&
        change?.previous !== undefined &&
        written !== undefined &&
        sameContent(change.previous, written)
      )
        unchanged.push(writes.length);
      gatherTasks();
      afterEachWrite?.(world);
      if (killAfter?.write === write && writes.filter((w) => w === write).length === killAfter.occurrence && restart === undefined) {
        killedAt = writes.length;
        faults.inject({ error: { code: 503 } });
        restart = (async () => {
          await running?.stop();
          faults.clear();
          running = await start();
          await flow.afterRestart?.(world);
        })();
      }
    });
    // On the server, the change's request is the server's to write: its writes count.
    if (flow.onServer === true) counting = true;
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
    stopChanges();
    gatherTasks();
    return {
      finished,
      writes,
      unchanged,
      plainEvents,
      outsideChanges,
      tasks: taskIds.size,
      otherTasks: [...otherTasks.values()],
      endProblem: await flow.endProblem?.(world),
      dataAtDeletion,
      killedAt,
      violations: [...world.violations],
    };
  } finally {
    await restart?.catch(() => undefined);
    // The world stops the operators it started; a server is this harness's.
    if (server !== undefined) await running?.stop();
    await world.close();
  }
}

/**
 * An Event that only tells (`reason kind/name: message`, the message without the names and ids a
 * run makes up): not an alert record, which the alert handler and the operator read back and
 * decide on. Nothing that decides reads a plain Event (the read model only shows them), so the
 * cluster a server restarted after one finds is the cluster it would have found had it died just
 * before it.
 */
function plainEvent(event: StoredObject): string | undefined {
  if (event.metadata.labels?.[LABEL_ALERT_COMMAND] !== undefined) return undefined;
  const { reason, message, involvedObject } = event as StoredObject & { reason?: string; message?: string; involvedObject?: { kind?: string; name?: string } };
  const told = (message ?? '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
    .replace(/-[a-z0-9]{5,6}\b/g, '-<random>')
    .replace(/generation \d+/g, 'generation <n>');
  return `${reason ?? ''} ${involvedObject?.kind ?? ''}/${involvedObject?.name ?? ''}: ${told}`;
}

/** Whether two versions of an object hold the same, their resourceVersion and field managers aside. */
function sameContent(a: StoredObject, b: StoredObject): boolean {
  const content = (o: StoredObject) => {
    const { resourceVersion: _version, managedFields: _managers, ...metadata } = o.metadata as StoredObject['metadata'] & { managedFields?: unknown };
    const { apiVersion: _apiVersion, kind: _kind, ...rest } = o as StoredObject & { apiVersion?: string; kind?: string };
    return { ...rest, metadata };
  };
  return isDeepStrictEqual(content(a), content(b));
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

/** What went wrong in one run: the task count, an object gone too early, a partition not fully replicated, the end state, the Events. */
function problems(flow: Flow, run: FlowRun, story?: { reference: FlowRun; skipped: readonly string[] }): string[] {
  const found: string[] = [];
  if (!run.finished) found.push(`the flow did not finish (${run.writes.length} writes, the last ${run.writes.at(-1) ?? 'none'})`);
  const expectedTasks = flow.task === undefined ? 0 : 1;
  if (run.tasks !== expectedTasks) found.push(`${run.tasks} ${flow.task ?? ''} tasks`);
  if (flow.noOtherTasks === true && run.otherTasks.length > 0) found.push(`other tasks sent: ${run.otherTasks.join(', ')}`);
  if (run.dataAtDeletion.some((n) => n > 0)) found.push(`an object went while ${Math.max(...run.dataAtDeletion)} of what it holds was still on it`);
  const violations = flow.restartsBrokers === true ? run.violations.filter((v) => !v.includes('offline replicas')) : run.violations;
  if (violations.length > 0) found.push(violations[0] ?? '');
  if (run.endProblem !== undefined) found.push(run.endProblem);
  if (story !== undefined) {
    // What the undisturbed run told once is told once: an Event it never recorded tells something
    // else (a step found done already after the restart), not the same thing twice.
    const told = counts(story.reference.plainEvents);
    const retold = counts([...run.plainEvents, ...story.skipped]);
    for (const [event, n] of retold) {
      const undisturbed = told.get(event);
      if (undisturbed !== undefined && n > undisturbed) found.push(`Event "${event}" recorded ${n} times, ${undisturbed} undisturbed`);
    }
  }
  return found;
}

function counts(events: ReadonlyArray<string | undefined>): Map<string, number> {
  const found = new Map<string, number>();
  for (const event of events) if (event !== undefined) found.set(event, (found.get(event) ?? 0) + 1);
  return found;
}

/**
 * Kill points whose run would prove nothing the run of an earlier point does not, when neither
 * Kafka nor Cruise Control was asked to change anything since the write before: right after a
 * write that stored nothing new (the cluster after it is the cluster before it), and, for a flow
 * that checks its Events, right after a plain Event (nothing that decides reads it: the server
 * restarted after it does what it does when restarted just before it, and the Events of that run
 * are the earlier run's plus this one, which `problems` counts in). Answers each point kept, with
 * the positions of the points right after it that it stands for.
 */
export function equivalentKills(
  flow: Pick<Flow, 'oneStory'>,
  reference: Pick<FlowRun, 'writes' | 'unchanged' | 'plainEvents' | 'outsideChanges'>,
): Map<number, number[]> {
  const kept = new Map<number, number[]>();
  let standsFor: number[] | undefined;
  // The last position the kept point stands for: itself, then each point right after it that it stands for.
  let covered = 0;
  for (const n of killPoints(reference.writes)) {
    // Kafka or Cruise Control changed since the write before (a topic created, a task sent): the
    // Event tells of that, and a server restarted before it finds another world.
    const quiet = reference.outsideChanges[n - 1] === false;
    const sameAsBefore = quiet && (reference.unchanged.includes(n) || (flow.oneStory === true && reference.plainEvents[n - 1] !== undefined));
    if (sameAsBefore && standsFor !== undefined && covered === n - 1) {
      standsFor.push(n);
      covered = n;
      continue;
    }
    standsFor = [];
    kept.set(n, standsFor);
    covered = n;
  }
  return kept;
}

/** The kill point of the n-th write of the undisturbed run: its kind, and how many of that kind came up to it. */
function killPointOf(reference: FlowRun, n: number): KillPoint {
  const write = reference.writes[n - 1] ?? '';
  return { write, occurrence: reference.writes.slice(0, n).filter((w) => w === write).length };
}

/** Whether a run died having made the same writes as the undisturbed one up to the n-th (in any order). */
function diedWhereReferenceWas(run: FlowRun, reference: FlowRun, n: number): boolean {
  if (run.killedAt !== n) return false;
  const sorted = (writes: readonly string[]) => [...writes].sort().join('\n');
  return sorted(run.writes.slice(0, n)) === sorted(reference.writes.slice(0, n));
}

/**
 * Runs the flow once undisturbed, then once dying after each of its writes (Events included:
 * they are writes too; of a run of identical writes, such as progress updates while data moves,
 * only the first two and the last; not where `equivalentKills` shows the run would prove nothing
 * new, unless the run standing for it did not die where the undisturbed run stood, or would show
 * an Event told twice once the Events it stands for are counted in). Returns what
 * went wrong, one line per run; empty when every run ended with one task, nothing deleted while
 * it held data, every partition fully replicated throughout, the flow's end state right, and
 * (`oneStory`) no Event recorded more often than undisturbed.
 */
export async function killAtEveryWrite(flow: Flow, atLeast: number): Promise<string[]> {
  const reference = await runFlow(flow);
  expect(problems(flow, reference)).toEqual([]);
  const points = equivalentKills(flow, reference);
  expect(points.size).toBeGreaterThanOrEqual(atLeast);
  const failures: string[] = [];
  const queue = [...points].map(([n, standsFor]) => ({ n, standsFor }));
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const { n, standsFor } = next;
    const run = await runFlow(flow, killPointOf(reference, n));
    const found = problems(flow, run, flow.oneStory === true ? { reference, skipped: [] } : undefined);
    // Counted with the Events of the points it stands for, this run may show one told twice; but
    // writes of one kind may come more often in one run than another (a progress update), so
    // this run may not have died where the undisturbed one stood: those points are run then.
    const skipped = standsFor.flatMap((m) => reference.plainEvents[m - 1] ?? []);
    const standing = diedWhereReferenceWas(run, reference, n) && problems(flow, run, { reference, skipped }).length === found.length;
    if (!standing) queue.unshift(...standsFor.map((m) => ({ n: m, standsFor: [] })));
    for (const problem of found) failures.push(`killed after write ${n} (${reference.writes[n - 1] ?? ''}): ${problem}`);
  }
  return failures;
}
