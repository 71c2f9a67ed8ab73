/**
 * A quiet fleet on the whole sandbox: Kafka brokers behind the Pods and the Cruise Control the
 * operator deploys for each cluster. A full resync counted on all three: the Kubernetes API
 * server's requests, the Kafka requests the brokers answered the operator, and the requests the
 * Cruise Controls answered it (docs/benchmarks.md).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CruiseControlClients } from '../src/cruisecontrol/index.js';
import { koperatorCruiseControlUrl } from '../src/domain/addresses.js';
import { installClusterDns } from '../src/k8s/clusterDns.js';
import { KafkaClusterAdmins } from '../src/kafka/clusterAdmins.js';
import { createLogger } from '../src/logging.js';
import { startOperator } from '../src/operator/runtime.js';
import { startSandbox } from '../sandbox/index.js';
import { bringUpFleet, FLEET_NAMESPACE } from './operatorFleet.js';

const RESYNCS = Number(process.env.BENCH_FLEET_RESYNCS ?? 5);
const IDLE_WINDOW_MS = 5_000;

/** The process's open file descriptors (Linux's /proc/self/fd); undefined where there is none. */
function openDescriptors(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}

/** The process's limit of open files (`ulimit -n`), from /proc/self/limits. */
function descriptorLimit(): string {
  try {
    return /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
/** Kafka's API keys, by the names of its protocol (clients/src/main/resources/common/message/*.json). */
const API_NAMES: Record<number, string> = {
  3: 'Metadata',
  18: 'ApiVersions',
  32: 'DescribeConfigs',
  35: 'DescribeLogDirs',
  55: 'DescribeQuorum',
  60: 'DescribeCluster',
};

/**
 * Nodes enough for the fleet's Pods, across three zones. A Node admits 110 Pods (the kubelet's
 * default maxPods, which the sandbox's Nodes allocate): the sandbox's three hold 330, ten clusters
 * of 30 brokers and their Cruise Controls, and the eleventh's Pods would stay Pending ("Too many
 * pods"), as on a real cluster of three Nodes. At most 100 a Node, the rest as headroom.
 */
function fleetZones(clusters: number, brokers: number): string[] {
  const nodes = Math.max(3, Math.ceil((clusters * (brokers + 1)) / 100));
  return Array.from({ length: nodes }, (_, i) => ['zone-a', 'zone-b', 'zone-c'][i % 3] ?? 'zone-a');
}

export async function quietFleetWithKafkaBench(clusters: number, brokers: number, progress: (line: string) => void): Promise<string[]> {
  const kafkaRequests = new Map<string, number>();
  let cruiseControlRequests = 0;
  const sandbox = await startSandbox({
    dir: mkdtempSync(join(tmpdir(), 'kafkaplane-bench-')),
    speed: 100,
    kubeZones: fleetZones(clusters, brokers),
    cruiseControl: {
      monitor: { windowMs: 60_000 },
      maxBlockMs: 20,
      proposalComputeMs: 2_000,
      onRequest: (request) => {
        if (request.userAgent === 'kafkaplane') cruiseControlRequests += 1;
      },
    },
    onKafkaRequest: ({ apiKey, clientId }) => {
      if (clientId !== 'kafkaplane') return;
      const name = API_NAMES[apiKey] ?? `api key ${apiKey}`;
      kafkaRequests.set(name, (kafkaRequests.get(name) ?? 0) + 1);
    },
  });
  const uninstallDns = installClusterDns(sandbox.clusterDns);
  const kafka = new KafkaClusterAdmins();
  const operator = await startOperator({
    kubeConfig: sandbox.kube.kubeConfig,
    logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
    namespaces: [FLEET_NAMESPACE],
    reconcile: true,
    installCrds: true,
    leaderElectionNamespace: 'default',
    requeueAfterMs: 200,
    cruiseControl: new CruiseControlClients({ url: koperatorCruiseControlUrl() }),
    kafka,
  });
  // The sandbox holds every Pod's sockets in this one process: the fleet it can bring up ends at the limit of open files.
  let mostDescriptors = 0;
  const sampling = setInterval(() => (mostDescriptors = Math.max(mostDescriptors, openDescriptors() ?? 0)), 1_000);
  sampling.unref();
  try {
    const started = Date.now();
    let shown = -1;
    await bringUpFleet(sandbox.kube, clusters, brokers, (running) => {
      if (running !== shown) progress(`  ${running}/${clusters} clusters running after ${((Date.now() - started) / 1e3).toFixed(0)} s`);
      shown = running;
    });
    // Each cluster's Cruise Control runs once its metrics topic exists and its Pod started.
    for (;;) {
      const up = Array.from({ length: clusters }, (_, i) => sandbox.world.cruiseControl(FLEET_NAMESPACE, `kafka-${i}`)).filter((c) => c !== undefined).length;
      if (up === clusters) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    progress(`  every Cruise Control running after ${((Date.now() - started) / 1e3).toFixed(0)} s`);
    if (openDescriptors() !== undefined) progress(`  open file descriptors: at most ${mostDescriptors} so far (the process's limit: ${descriptorLimit()})`);
    await operator.resync();
    // What the process spends with no resync (the sandbox's brokers, Cruise Controls and kubelet
    // ticking, the informers' watches): taken off each resync's CPU for the operator's share.
    const idleCpu = process.cpuUsage();
    const idleStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
    const idle = process.cpuUsage(idleCpu);
    const idleCpuPerMs = (idle.user + idle.system) / 1e3 / (performance.now() - idleStarted);
    const lines: string[] = [`  the process with no resync: ${(idleCpuPerMs * 1e3).toFixed(0)} ms of CPU a second (over ${IDLE_WINDOW_MS / 1e3} s)`];
    for (let i = 0; i < RESYNCS; i += 1) {
      sandbox.kube.faults.resetCounts();
      kafkaRequests.clear();
      cruiseControlRequests = 0;
      const cpu = process.cpuUsage();
      const resyncStarted = performance.now();
      await operator.resync();
      const used = process.cpuUsage(cpu);
      const wallMs = performance.now() - resyncStarted;
      const kube = [...sandbox.kube.faults.requests()].filter(([key]) => !key.endsWith(' leases'));
      const cpuMs = (used.user + used.system) / 1e3;
      const beyondIdleMs = Math.max(0, cpuMs - idleCpuPerMs * wallMs);
      lines.push(
        `  resync ${i + 1}: ${sandbox.kube.faults.writes(['leases'])} writes, Kubernetes requests: ${kube.length === 0 ? 'none' : kube.map(([k, n]) => `${k} ${n}`).join(', ')}; ` +
          `Kafka requests: ${kafkaRequests.size === 0 ? 'none' : [...kafkaRequests].map(([k, n]) => `${k} ${n}`).join(', ')}; Cruise Control requests ${cruiseControlRequests}; ` +
          `${wallMs.toFixed(0)} ms; CPU ${cpuMs.toFixed(0)} ms (${(cpuMs / clusters).toFixed(2)} ms a cluster), ` +
          `${beyondIdleMs.toFixed(0)} ms beyond the idle process (${(beyondIdleMs / clusters).toFixed(2)} ms a cluster)`,
      );
    }
    return [`quiet fleet on the whole sandbox: ${clusters} clusters x ${brokers} brokers with Kafka and Cruise Control, ${RESYNCS} full resyncs`, ...lines];
  } finally {
    clearInterval(sampling);
    await operator.stop();
    await kafka.close();
    uninstallDns();
    await sandbox.close();
  }
}
