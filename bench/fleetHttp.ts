import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, parse, type GraphQLSchema } from 'graphql';
import type { GraphQLContext } from '../src/resolvers/context.js';
import type { FleetShape } from './fleetFixture.js';
import { fleetHttpServer } from './fleetServer.js';
import { CLUSTER_PAGE_QUERY, FLEET_QUERY } from './fleetQueries.js';

/**
 * The queries over HTTP, side by side in one process with one client: the server as `src/app.ts`
 * runs it, and a bare `node:http` server that answers the same request with `JSON.stringify` of
 * the same data (graphql-js's answer, held in memory). Rounds alternate between the two, so a
 * moment of load on the machine falls on both.
 */

interface Target {
  name: string;
  port: number;
}

interface Answer {
  status: number;
  text: string;
}

/** A bare server: reads the request, parses it, and answers JSON.stringify of the data held for its query. */
async function startBareServer(answers: Map<string, unknown>): Promise<{ port: number; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { query } = JSON.parse(Buffer.concat(chunks).toString()) as { query: string };
      const body = JSON.stringify({ data: answers.get(query) });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

/**
 * Both servers are called by the same client: node:http, keep-alive, at most 8 sockets per
 * server. An idle socket is closed after 1 s, before the servers' keep-alive timeout (5 s) can
 * close it under a request being sent.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 8, timeout: 1_000 });

function post(port: number, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

interface Measured {
  latencyMs: Map<string, number>;
  perSecond: Map<string, number>;
}

/** Median latency of one client, then requests per second of 8 clients each sending one request after another. */
async function measure(
  targets: Target[],
  body: string,
  expectedLength: Map<string, number>,
  rounds: number,
  windows: number,
  windowMs: number,
): Promise<Measured> {
  const check = (target: Target, answer: Answer): void => {
    if (answer.status !== 200 || answer.text.length !== expectedLength.get(target.name))
      throw new Error(`${target.name} answered differently between rounds (${answer.status}, ${answer.text.length} characters)`);
  };
  const latencies = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round += 1) {
    // Alternate which goes first.
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const start = process.hrtime.bigint();
      const answer = await post(target.port, body);
      latencies.get(target.name)?.push(Number(process.hrtime.bigint() - start) / 1e6);
      check(target, answer);
    }
  }
  const completed = new Map<string, number>(targets.map((t) => [t.name, 0]));
  const elapsed = new Map<string, number>(targets.map((t) => [t.name, 0]));
  for (let window = 0; window < windows; window += 1) {
    const order = window % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const start = process.hrtime.bigint();
      const until = Date.now() + windowMs;
      let done = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (Date.now() < until) {
            check(target, await post(target.port, body));
            done += 1;
          }
        }),
      );
      completed.set(target.name, (completed.get(target.name) ?? 0) + done);
      elapsed.set(target.name, (elapsed.get(target.name) ?? 0) + Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
  return {
    latencyMs: new Map(targets.map((t) => [t.name, median(latencies.get(t.name) ?? [])])),
    perSecond: new Map(targets.map((t) => [t.name, (completed.get(t.name) ?? 0) / (elapsed.get(t.name) ?? 1)])),
  };
}

interface HttpQuery {
  label: string;
  query: string;
  /** Latency rounds, and windows of 8 clients. */
  rounds: number;
  windows: number;
}

/** The server's answer must carry graphql-js's data, byte for byte, and run on the read path. */
async function reference(schema: GraphQLSchema, context: () => GraphQLContext, query: string): Promise<unknown> {
  const result = await execute({ schema, document: parse(query), contextValue: context() });
  if (result.errors) throw new Error(`graphql-js fails the query: ${result.errors.map((e) => e.message).join('; ')}`);
  // graphql-js builds its answer from null-prototype objects, which JSON.stringify serializes
  // about 1.7 times slower than plain ones: the bare server holds the same data as plain objects.
  return JSON.parse(JSON.stringify(result.data)) as unknown;
}

/** The target for both queries over HTTP, in latency and in requests per second. */
const HTTP_TARGET = 1.5;
const verdict = (ratio: number): string => (ratio <= HTTP_TARGET ? 'met' : 'not met');

export async function httpBench(shape: FleetShape, scale: { rounds: number; windowMs: number; only?: string }): Promise<string[]> {
  const { http, metrics, schema, context } = await fleetHttpServer(shape);
  const queries: HttpQuery[] = [
    { label: 'fleet query', query: FLEET_QUERY, rounds: scale.rounds, windows: 4 },
    // The page's requests take a tenth of a millisecond: a moment of load on this shared machine moves
    // one window's count by a third, so it is counted over more of them.
    { label: 'one-cluster page query', query: CLUSTER_PAGE_QUERY, rounds: scale.rounds * 10, windows: 12 },
  ].filter((q) => scale.only === undefined || q.label.startsWith(scale.only));
  const answers = new Map<string, unknown>();
  for (const { query } of queries) answers.set(query, await reference(schema, context, query));
  const bare = await startBareServer(answers);
  const server: Target = { name: 'kafkaplane', port: http.port };
  const anchor: Target = { name: 'bare', port: bare.port };
  const lines = [
    `over HTTP, one process, one node:http client with keep-alive; rounds alternate between the servers`,
    `  kafkaplane: the server as src/app.ts starts it (its POST lane, known queries, Apollo Server and its plugins, the cost check at the default maximum, the compiled execution)`,
    `  bare: node:http answering JSON.stringify of the same data`,
  ];
  try {
    for (const q of queries) {
      const body = JSON.stringify({ query: q.query });
      const expectedLength = new Map<string, number>();
      for (const target of [server, anchor]) {
        const answer = await post(target.port, body);
        const parsed = JSON.parse(answer.text) as { data?: unknown; errors?: Array<{ message: string }> };
        if (answer.status !== 200 || parsed.errors)
          throw new Error(`${target.name} refuses the ${q.label}: ${answer.status} ${parsed.errors?.map((e) => e.message).join('; ') ?? ''}`);
        if (JSON.stringify(parsed.data) !== JSON.stringify(answers.get(q.query)))
          throw new Error(`${target.name} answers the ${q.label} differently from graphql-js`);
        expectedLength.set(target.name, answer.text.length);
      }
      const before = await readPathCount(metrics.registry);
      // Warm-up: both servers' code paths compiled, the sockets open.
      await measure([server, anchor], body, expectedLength, 5, 1, Math.min(200, scale.windowMs));
      const m = await measure([server, anchor], body, expectedLength, q.rounds, q.windows, scale.windowMs);
      if ((await readPathCount(metrics.registry)) === before) throw new Error(`the ${q.label} did not run on the read path over HTTP`);
      const latency = (t: Target): number => m.latencyMs.get(t.name) ?? Number.NaN;
      const rate = (t: Target): number => m.perSecond.get(t.name) ?? Number.NaN;
      const size = expectedLength.get(anchor.name) ?? 0;
      const sizeText = size > 1e5 ? `${(size / 1e6).toFixed(2)} MB` : `${(size / 1e3).toFixed(1)} kB`;
      const latencyRatio = latency(server) / latency(anchor);
      const rateRatio = rate(anchor) / rate(server);
      lines.push(
        `${q.label} (${sizeText}): median latency of ${q.rounds} requests; requests/s of 8 clients over ${q.windows} windows of ${scale.windowMs} ms`,
        `  bare http + JSON.stringify   ${latency(anchor).toFixed(2).padStart(8)} ms   1.00x   ${rate(anchor).toFixed(1).padStart(7)} req/s   1.00x`,
        `  kafkaplane over HTTP         ${latency(server).toFixed(2).padStart(8)} ms   ${latencyRatio.toFixed(2)}x   ${rate(server).toFixed(1).padStart(7)} req/s   ${rateRatio.toFixed(2)}x fewer`,
        `  (target ${HTTP_TARGET.toFixed(2)}x: latency ${verdict(latencyRatio)}, requests/s ${verdict(rateRatio)})`,
      );
    }
  } finally {
    agent.destroy();
    await http.stop();
    await new Promise((resolve) => bare.server.close(resolve));
  }
  return lines;
}

/** Requests /metrics counted as answered by the read path. */
async function readPathCount(registry: { getSingleMetricAsString(name: string): Promise<string> }): Promise<number> {
  const text = await registry.getSingleMetricAsString('kafkaplane_graphql_executions_total');
  const line = text.split('\n').find((l) => l.startsWith('kafkaplane_graphql_executions_total{path="read"}'));
  return Number(line?.split(' ')[1] ?? 0);
}
