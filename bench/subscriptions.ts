/**
 * Many graphql-ws subscribers of one cluster (`npm run bench`, docs/benchmarks.md): the time from
 * one event being published into the informer cache to its delivery at the last of 5,000
 * subscribers, side by side in one run with a raw `ws` loop sending the same message to the same
 * 5,000 sockets; and the server's memory per idle subscriber. The subscribers run in a child
 * process (bench/subscriptionClients.ts), so the server's process holds only its own side of the
 * sockets. The run stops with a non-zero exit if a delivered message is not graphql-js's answer.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { execute, parse, type GraphQLSchema } from 'graphql';
import type { IEvent } from 'kubernetes-models/v1/Event';
import { encodeGlobalId } from '../src/domain/globalId.js';
import type { ServerMetrics } from '../src/http/metrics.js';
import type { MemoryObjectCache } from '../src/k8s/objectCache.js';
import { eventView } from '../src/readmodel/eventView.js';
import type { GraphQLContext } from '../src/resolvers/context.js';
import type { ClientCommand, ClientReport } from './subscriptionClients.js';
import { fleetHttpServer } from './fleetServer.js';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 5_000);
const ROUNDS = Number(process.env.BENCH_SUBSCRIPTION_ROUNDS ?? 20);
const WARMUP = 3;
/** The targets: delivery at most twice the raw loop's; at most 20 KB per idle subscriber. */
const LATENCY_TARGET = 2;
const MEMORY_TARGET_BYTES = 20 * 1024;

const NAMESPACE = 'team-0';
const CLUSTER = 'cluster-000';
const CLUSTER_ID = encodeGlobalId('KafkaCluster', NAMESPACE, CLUSTER);

const CLUSTER_EVENTS = `subscription ClusterEvents($clusterId: ID!) {
  clusterEvents(clusterId: $clusterId) { id type reason message count involvedObject { kind name } }
}`;
const OPERATION_UPDATED = `subscription OperationUpdated($clusterId: ID) {
  operationUpdated(clusterId: $clusterId) {
    id name type state brokerIds
    progress { phase percentDataMoved partitionsMoved partitionsTotal dataRemainingMB estimatedSecondsRemaining }
    finishedAt
    cluster { name }
  }
}`;

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** The subscribers' process, one command and its answer at a time. */
class Clients {
  private readonly child: ChildProcess;
  private waiting: ((report: ClientReport) => void) | undefined;

  constructor() {
    this.child = fork(fileURLToPath(new URL('./subscriptionClients.js', import.meta.url)), [], { execArgv: [] });
    this.child.on('message', (report: ClientReport) => {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve?.(report);
    });
    this.child.once('exit', (code) => {
      // Killed by stop() (code null) once the run is over.
      if (code !== 0 && code !== null) {
        console.error(`the subscribers' process exited with ${code}`);
        process.exit(1);
      }
    });
  }

  /** Sends a command and waits for its answer. */
  ask<T extends ClientReport['type']>(command: ClientCommand, expected: T): Promise<Extract<ClientReport, { type: T }>> {
    const answer = this.next(expected);
    this.child.send(command);
    return answer;
  }

  /** The next report, which must be of type `expected` (a round that never completes fails the run). */
  next<T extends ClientReport['type']>(expected: T, timeoutMs = 120_000): Promise<Extract<ClientReport, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${expected} from the subscribers within ${timeoutMs} ms`)), timeoutMs);
      this.waiting = (report) => {
        clearTimeout(timer);
        if (report.type === expected) resolve(report as Extract<ClientReport, { type: T }>);
        else reject(new Error(`expected ${expected} from the subscribers, got ${report.type}`));
      };
    });
  }

  stop(): void {
    this.child.kill();
  }
}

/** The server's heap and memory outside it (buffers), after full collections. */
function memoryNow(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run node with --expose-gc (npm run bench does)');
  for (let i = 0; i < 3; i += 1) gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

async function metricValue(metrics: ServerMetrics, name: string, labels = ''): Promise<number> {
  const text = await metrics.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? 0 : Number(line.split(' ')[1]);
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Scenario {
  name: string;
  query: string;
  /** Publishes event number n into the cache and returns what the feed hands the execution (the root value). */
  publish(n: number): unknown;
}

function scenarios(cache: MemoryObjectCache, context: () => GraphQLContext): Scenario[] {
  return [
    {
      name: 'clusterEvents',
      query: CLUSTER_EVENTS,
      publish(n) {
        const event: IEvent = {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: `${CLUSTER}.bench-${n}`, namespace: NAMESPACE, creationTimestamp: '2026-01-01T00:00:00Z' },
          involvedObject: { kind: 'KafkaCluster', name: CLUSTER, namespace: NAMESPACE },
          reason: 'BrokerRestarted',
          message: `broker ${n % 3} was restarted by the operator after its configuration changed (event ${n})`,
          type: 'Normal',
          count: 1,
          source: { component: 'kafkaplane' },
        };
        cache.put('Event', event);
        return eventView(event);
      },
    },
    {
      name: 'operationUpdated',
      query: OPERATION_UPDATED,
      publish(n) {
        const name = `${CLUSTER}-rebalance-${n}`;
        cache.put('CruiseControlOperation', {
          apiVersion: 'kafka.banzaicloud.io/v1alpha1',
          kind: 'CruiseControlOperation',
          metadata: { name, namespace: NAMESPACE, creationTimestamp: '2026-01-01T00:00:00Z', labels: { kafka_cr: CLUSTER } },
          spec: {},
          status: { currentTask: { operation: 'rebalance' } },
        });
        return context().readModel.operation(NAMESPACE, name);
      },
    },
  ];
}

interface ScenarioFigures {
  name: string;
  raw: number;
  shared: number;
  bytes: number;
  perSubscriber: number;
  executions: number;
  events: number;
  perSubscriberExecutions: number;
}

async function runScenario(
  scenario: Scenario,
  server: {
    http: { url: string; webSockets: ReadonlySet<{ send(data: string): void }> };
    metrics: ServerMetrics;
    schema: GraphQLSchema;
    context: () => GraphQLContext;
  },
  clients: Clients,
  counter: { n: number },
): Promise<ScenarioFigures> {
  const { http, metrics, schema, context } = server;
  const document = parse(scenario.query);
  const variables = { clusterId: CLUSTER_ID };
  const before = memoryNow();
  const sharedBefore = await metricValue(metrics, 'kafkaplane_graphql_subscription_executions_total', '{path="shared"}');
  const eachBefore = await metricValue(metrics, 'kafkaplane_graphql_subscription_executions_total', '{path="subscriber"}');

  await clients.ask(
    { type: 'subscribe', url: `${http.url.replace('http', 'ws')}/graphql`, count: SUBSCRIBERS, query: scenario.query, variables },
    'subscribed',
  );
  await until(async () => (await metricValue(metrics, 'kafkaplane_graphql_subscriptions_active')) === SUBSCRIBERS, 'every subscription to start');
  // A subscription joins its group a few turns of the event loop after it started (no I/O in
  // between with authorization off); a round that a subscriber missed would time out below.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const perSubscriber = (memoryNow() - before) / SUBSCRIBERS;

  let message = '';
  /** One published event, delivered through graphql-ws: the latency to the last subscriber, and the message checked. */
  const sharedRound = async (): Promise<number> => {
    await clients.ask({ type: 'expect', count: SUBSCRIBERS }, 'ready');
    counter.n += 1;
    const delivery = clients.next('delivered');
    const start = process.hrtime.bigint();
    const root = scenario.publish(counter.n);
    const delivered = await delivery;
    const latency = Number(BigInt(delivered.lastAt) - start) / 1e6;
    const expected = JSON.stringify({
      id: '1',
      type: 'next',
      payload: await execute({ schema, document, rootValue: root, contextValue: context(), variableValues: variables }),
    });
    if (delivered.messages.length !== 1 || delivered.messages[0] !== expected) {
      console.error(`${scenario.name}: the subscribers got ${JSON.stringify(delivered.messages)}\ngraphql-js answers ${expected}`);
      process.exit(1);
    }
    message = expected;
    return latency;
  };
  /** The same message written by a raw loop to the same sockets. */
  const rawRound = async (): Promise<number> => {
    await clients.ask({ type: 'expect', count: SUBSCRIBERS }, 'ready');
    const delivery = clients.next('delivered');
    const start = process.hrtime.bigint();
    for (const socket of http.webSockets) socket.send(message);
    const delivered = await delivery;
    if (delivered.messages.length !== 1 || delivered.messages[0] !== message) throw new Error('the raw loop delivered another message');
    return Number(BigInt(delivered.lastAt) - start) / 1e6;
  };

  const raw: number[] = [];
  const shared: number[] = [];
  let events = 0;
  for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
    const s = await sharedRound();
    events += 1;
    const r = await rawRound();
    if (round >= WARMUP) {
      shared.push(s);
      raw.push(r);
    }
  }
  const executions = (await metricValue(metrics, 'kafkaplane_graphql_subscription_executions_total', '{path="shared"}')) - sharedBefore;
  const perSubscriberExecutions = (await metricValue(metrics, 'kafkaplane_graphql_subscription_executions_total', '{path="subscriber"}')) - eachBefore;

  await clients.ask({ type: 'close' }, 'closed');
  await until(async () => (await metricValue(metrics, 'kafkaplane_graphql_subscriptions_active')) === 0 && http.webSockets.size === 0, 'every socket to close');
  return { name: scenario.name, raw: median(raw), shared: median(shared), bytes: message.length, perSubscriber, executions, events, perSubscriberExecutions };
}

async function main(): Promise<void> {
  const server = await fleetHttpServer({ clusters: 1, brokers: 3, disks: 1, configEntries: 1 });
  const clients = new Clients();
  const counter = { n: 0 };
  const figures: ScenarioFigures[] = [];
  try {
    for (const scenario of scenarios(server.cache, server.context)) figures.push(await runScenario(scenario, server, clients, counter));
  } finally {
    clients.stop();
    await server.http.stop();
  }
  const lines = [
    `subscriptions: ${SUBSCRIBERS} graphql-ws subscribers of one cluster, in another process (ws clients); median of ${ROUNDS} rounds after ${WARMUP} warm-up rounds`,
    `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'})`,
    'latency: from the event put into the informer cache (or the loop starting) to its arrival at the last subscriber',
  ];
  for (const f of figures) {
    const ratio = f.shared / f.raw;
    lines.push(
      `${f.name} (${f.bytes} bytes a message)`,
      `  raw ws loop, same message, same sockets  ${f.raw.toFixed(2).padStart(8)} ms   1.00x`,
      `  kafkaplane over graphql-ws               ${f.shared.toFixed(2).padStart(8)} ms   ${ratio.toFixed(2)}x   (target ${LATENCY_TARGET.toFixed(2)}x: ${ratio <= LATENCY_TARGET ? 'met' : 'NOT met'})`,
      `  executions: ${f.executions} shared for ${f.events} events to ${SUBSCRIBERS} subscribers, ${f.perSubscriberExecutions} per subscriber`,
      `  memory per idle subscriber (heap + external, after gc) ${(f.perSubscriber / 1024).toFixed(1).padStart(6)} KB   ${(f.perSubscriber / MEMORY_TARGET_BYTES).toFixed(2)}x of ${MEMORY_TARGET_BYTES / 1024} KB (${f.perSubscriber <= MEMORY_TARGET_BYTES ? 'met' : 'NOT met'})`,
    );
  }
  console.log(lines.join('\n'));
}

await main();
