/**
 * The operator's benchmarks: the informer cache's memory and a quiet fleet's resync
 * (docs/benchmarks.md). Run by `npm run bench` after the fleet query, with --expose-gc.
 * BENCH_ONLY=informers, =quiet-fleet or =quiet-fleet-kafka runs one of them; BENCH_PODS,
 * BENCH_FLEET_CLUSTERS, BENCH_KAFKA_FLEET_CLUSTERS and BENCH_FLEET_BROKERS change their sizes.
 */
import { cpus } from 'node:os';
import { informerMemoryBench } from './informerMemory.js';
import { quietFleetBench } from './quietFleet.js';
import { quietFleetWithKafkaBench } from './quietFleetWithKafka.js';

const only = process.env.BENCH_ONLY;
const runs = (part: string): boolean => only === undefined || only === part;

if (only === undefined || runs('informers') || runs('quiet-fleet') || runs('quiet-fleet-kafka')) {
  console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'})`);
  if (runs('informers')) console.log((await informerMemoryBench(Number(process.env.BENCH_PODS ?? 10_000), (line) => console.log(line))).join('\n'));
  if (runs('quiet-fleet')) {
    const lines = await quietFleetBench(Number(process.env.BENCH_FLEET_CLUSTERS ?? 100), Number(process.env.BENCH_FLEET_BROKERS ?? 30), (line) =>
      console.log(line),
    );
    console.log(lines.join('\n'));
  }
  if (runs('quiet-fleet-kafka')) {
    const clusters = Number(process.env.BENCH_KAFKA_FLEET_CLUSTERS ?? 2);
    const lines = await quietFleetWithKafkaBench(clusters, Number(process.env.BENCH_FLEET_BROKERS ?? 30), (line) => console.log(line));
    console.log(lines.join('\n'));
  }
}
