/**
 * What a quiet fleet costs: every cluster converged, a full resync (a pass over every cluster, as
 * a Node's change asks for) counted request by request on the sandbox's API server, with the
 * operator's requests to Cruise Control and the process's CPU time (docs/benchmarks.md).
 */
import { startKubeSandbox } from '../sandbox/kube/index.js';
import { bringUpFleet, startFleetOperator } from './operatorFleet.js';

const RESYNCS = 5;

export async function quietFleetBench(clusters: number, brokers: number, progress: (line: string) => void): Promise<string[]> {
  const sandbox = await startKubeSandbox();
  const fleet = await startFleetOperator(sandbox);
  try {
    const started = Date.now();
    let shown = -1;
    await bringUpFleet(sandbox, clusters, brokers, (running) => {
      if (running !== shown) progress(`  ${running}/${clusters} clusters running after ${((Date.now() - started) / 1e3).toFixed(0)} s`);
      shown = running;
    });
    // The passes the bring-up queued have run before anything is counted.
    await fleet.operator.resync();
    const rows: Array<{ writes: number; requests: Map<string, number>; cruiseControl: number; cpuMs: number }> = [];
    for (let i = 0; i < RESYNCS; i += 1) {
      sandbox.faults.resetCounts();
      const cruiseControlBefore = fleet.cruiseControlRequests();
      const cpu = process.cpuUsage();
      await fleet.operator.resync();
      const used = process.cpuUsage(cpu);
      // The leader's Lease renewals go on whatever the fleet does: they are not the resync's.
      const requests = new Map([...sandbox.faults.requests()].filter(([key]) => !key.endsWith(' leases')));
      rows.push({
        writes: sandbox.faults.writes(['leases']),
        requests,
        cruiseControl: fleet.cruiseControlRequests() - cruiseControlBefore,
        cpuMs: (used.user + used.system) / 1e3,
      });
    }
    const cpu = rows.map((r) => r.cpuMs).sort((a, b) => a - b);
    const median = cpu[Math.floor(cpu.length / 2)] ?? Number.NaN;
    const requestsText = (r: Map<string, number>): string => (r.size === 0 ? 'none' : [...r].map(([key, n]) => `${key} ${n}`).join(', '));
    return [
      `quiet fleet: ${clusters} clusters x ${brokers} brokers converged (Kubernetes sandbox, kubelet; no Kafka or Cruise Control behind the Pods), ${RESYNCS} full resyncs`,
      ...rows.map(
        (r, i) =>
          `  resync ${i + 1}: ${r.writes} writes, Kubernetes requests: ${requestsText(r.requests)}; Cruise Control requests ${r.cruiseControl}; CPU ${r.cpuMs.toFixed(0)} ms (${(r.cpuMs / clusters).toFixed(2)} ms a cluster)`,
      ),
      `  CPU time of a resync, median: ${median.toFixed(0)} ms, ${(median / clusters).toFixed(2)} ms a cluster (the whole process: operator and sandbox)`,
    ];
  } finally {
    await fleet.stop();
    await sandbox.close();
  }
}
