/**
 * A portal's fleet query, executed the way the server executes it (its generated read path,
 * through the same CompiledExecution Apollo Server runs), against warm caches: every object in
 * an informer cache, Cruise Control's answers in the shared live cache. Timed side by side, in
 * one run, with JSON.stringify of the same data, graphql-jit and graphql-js.
 * `npm run bench` (docs/benchmarks.md).
 */
import 'reflect-metadata';
import { cpus } from 'node:os';
import { execute, parse, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { createCompiledExecution } from '../src/http/compiledExecution.js';
import type { FleetShape } from './fleetFixture.js';
import { httpBench } from './fleetHttp.js';
import { FLEET_QUERY } from './fleetQueries.js';
import { fleetServer } from './fleetServer.js';

const shape: FleetShape = { clusters: 100, brokers: 30, disks: 3, configEntries: 10 };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const WARMUP = 10;
/** Over HTTP: latency rounds of the fleet query (ten times as many for the page query), and each throughput window. */
const HTTP_ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 30);
const HTTP_WINDOW_MS = Number(process.env.BENCH_HTTP_WINDOW_MS ?? 1_000);
/** BENCH_PROFILE=1 runs the compiled execution alone (for node --cpu-prof). */
const PROFILE = process.env.BENCH_PROFILE === '1';

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

async function main(): Promise<void> {
  // BENCH_ONLY=http measures over HTTP alone; BENCH_ONLY=fleet or =one-cluster, one query of it.
  // The operator's parts (bench/operator.ts) run without the queries.
  if (['informers', 'quiet-fleet'].includes(process.env.BENCH_ONLY ?? '')) return;
  if (process.env.BENCH_ONLY !== undefined) {
    const only = process.env.BENCH_ONLY === 'http' ? undefined : process.env.BENCH_ONLY;
    console.log((await httpBench(shape, { rounds: HTTP_ROUNDS, windowMs: HTTP_WINDOW_MS, only })).join('\n'));
    return;
  }
  const { schema, context } = await fleetServer(shape);

  // BENCH_QUERY replaces the fleet query (to measure variants).
  const document = parse(process.env.BENCH_QUERY ?? FLEET_QUERY);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const compiled = createCompiledExecution(schema);
  const runCompiled = (): ExecutionResult | Promise<ExecutionResult> =>
    compiled.execute({ queryHash: 'fleet', document, operation, operationName: 'Fleet', variables: {}, context: context() });

  // Warm: the views are built and Cruise Control's answers are in the shared cache.
  const first = await runCompiled();
  if (first.errors) throw new Error(`the fleet query failed: ${first.errors.map((e) => e.message).join('; ')}`);
  const characters = JSON.stringify(first.data).length;
  const bytes = Buffer.byteLength(JSON.stringify(first.data));
  // The server's answer must be graphql-js's, byte for byte, for the timings to compare anything.
  const reference = await execute({ schema, document, contextValue: context() });
  if (JSON.stringify(reference) !== JSON.stringify(first)) throw new Error('the server answers differently from graphql-js');
  if (compiled.answered.readPath !== 1 || compiled.answered.general !== 0) throw new Error('the fleet query did not run on the read path');
  // graphql-jit as the server runs it for what the read path does not answer, for scale.
  const jit = compileQuery(schema, document, 'Fleet', { disableLeafSerialization: true });
  if (!isCompiledQuery(jit)) throw new Error('graphql-jit cannot compile the fleet query');

  // The known queries' way: the read path writing the bytes of the data's JSON text itself.
  const reader = compiled.reader({ queryHash: 'fleet', document, operation, operationName: 'Fleet' });
  if (reader === undefined) throw new Error('the fleet query has no read path');
  const noVariables = reader.coerce({}) ?? {};
  const readJson = (): Buffer => {
    const bytes = reader.runJson(context(), noVariables);
    if (!(bytes instanceof Buffer)) throw new Error('the read path did not write the fleet query synchronously');
    return bytes;
  };
  if (!readJson().equals(Buffer.from(JSON.stringify(first.data)))) throw new Error("the read path's JSON bytes are not those of JSON.stringify of its answer");
  const compiledTimes: number[] = [];
  const jsonTimes: number[] = [];
  const jsTimes: number[] = [];
  const jitTimes: number[] = [];
  const stringifyTimes: number[] = [];
  const encodedTimes: number[] = [];
  let sync = true;
  if (PROFILE) {
    for (let round = 0; round < ROUNDS; round += 1) await runCompiled();
    return;
  }
  for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
    let start = process.hrtime.bigint();
    const pending = runCompiled();
    if (pending instanceof Promise) sync = false;
    const result = await pending;
    const compiledMs = ms(start);

    start = process.hrtime.bigint();
    const js = await execute({ schema, document, contextValue: context() });
    const jsMs = ms(start);

    start = process.hrtime.bigint();
    const jitResult = await jit.query(undefined, context(), {});
    const jitMs = ms(start);

    start = process.hrtime.bigint();
    const text = JSON.stringify(result.data);
    const stringifyMs = ms(start);

    // What a server sends: the text's UTF-8 bytes.
    start = process.hrtime.bigint();
    const encoded = Buffer.from(JSON.stringify(result.data));
    const encodedMs = ms(start);

    start = process.hrtime.bigint();
    const json = readJson();
    const jsonMs = ms(start);

    if (text.length !== characters || encoded.length !== bytes || json.length !== bytes || js.errors || jitResult.errors)
      throw new Error('the answers differ between rounds');
    if (round >= WARMUP) {
      compiledTimes.push(compiledMs);
      jsTimes.push(jsMs);
      jitTimes.push(jitMs);
      stringifyTimes.push(stringifyMs);
      encodedTimes.push(encodedMs);
      jsonTimes.push(jsonMs);
    }
  }

  const stringify = median(stringifyTimes);
  const lines = [
    `fleet query: ${shape.clusters} clusters x ${shape.brokers} brokers, ${shape.disks} disks and ${shape.configEntries} config entries each; ${(bytes / 1e6).toFixed(2)} MB of JSON`,
    `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}); median of ${ROUNDS} rounds after ${WARMUP} warm-up rounds`,
    `JSON.stringify of the data     ${stringify.toFixed(1).padStart(7)} ms   1.00x`,
    `compiled execution (server)    ${median(compiledTimes).toFixed(1).padStart(7)} ms   ${(median(compiledTimes) / stringify).toFixed(2)}x   (read path, ${sync ? 'synchronous: warm caches' : 'asynchronous'})`,
    `JSON.stringify to UTF-8 bytes  ${median(encodedTimes).toFixed(1).padStart(7)} ms   ${(median(encodedTimes) / stringify).toFixed(2)}x   (what a server sends: Buffer.from of the text)`,
    `read path to JSON bytes        ${median(jsonTimes).toFixed(1).padStart(7)} ms   ${(median(jsonTimes) / stringify).toFixed(2)}x   (known queries: written as UTF-8 in one pass)`,
    `graphql-jit                    ${median(jitTimes).toFixed(1).padStart(7)} ms   ${(median(jitTimes) / stringify).toFixed(2)}x`,
    `graphql-js execute             ${median(jsTimes).toFixed(1).padStart(7)} ms   ${(median(jsTimes) / stringify).toFixed(2)}x`,
  ];
  console.log(lines.join('\n'));
  if (process.env.BENCH_HTTP === '0') return;
  const http = await httpBench(shape, { rounds: HTTP_ROUNDS, windowMs: HTTP_WINDOW_MS });
  console.log(http.join('\n'));
}

await main();
