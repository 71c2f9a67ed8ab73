/**
 * The operator's benchmarks: the informer cache's memory and a quiet fleet's resync
 * (docs/benchmarks.md). Run by `npm run bench` after the fleet query.
 * BENCH_ONLY=informers or =quiet-fleet runs one of them; BENCH_PODS, BENCH_FLEET_CLUSTERS and
 * BENCH_FLEET_BROKERS change their sizes, BENCH_FLEET_RESYNCS the resyncs counted.
 */
import { cpus } from 'node:os';
import { informerMemoryBench } from './informerMemory.js';
import { quietFleetWithKafkaBench } from './quietFleetWithKafka.js';

const only = process.env.BENCH_ONLY;
const runs = (part: string): boolean => only === undefined || only === part;

if (runs('informers') || runs('quiet-fleet')) {
  console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'})`);
  if (runs('informers')) console.log((await informerMemoryBench(Number(process.env.BENCH_PODS ?? 10_000), (line) => console.log(line))).join('\n'));
  if (runs('quiet-fleet')) {
    // The fleet: 100 clusters of 30 brokers, up in about three minutes on 2 cores (docs/benchmarks.md).
    const clusters = Number(process.env.BENCH_FLEET_CLUSTERS ?? 100);
    const lines = await quietFleetWithKafkaBench(clusters, Number(process.env.BENCH_FLEET_BROKERS ?? 30), (line) => console.log(line));
    console.log(lines.join('\n'));
  }
}
