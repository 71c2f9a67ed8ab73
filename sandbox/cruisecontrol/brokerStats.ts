import { totals, type CcCluster, type CcPartition } from './cluster.js';

const MB = 1024 * 1024;

/** Rounded as Cruise Control's JSON shows its doubles: a few decimals. */
const r3 = (n: number): number => Math.round(n * 1000) / 1000;

export type BrokerStateName = 'ALIVE' | 'DEAD' | 'NEW' | 'DEMOTED' | 'BAD_DISKS';

/**
 * BrokerStats (`/load`, `loadAfterOptimization`; …/servlet/response/stats/BrokerStats.java):
 * per-broker and per-host load in Cruise Control's units. No `NwInRate`: inbound is split in
 * leader and follower bytes.
 */
export function brokerStats(
  cluster: CcCluster,
  options: { partitions?: readonly CcPartition[]; states?: ReadonlyMap<number, BrokerStateName>; populateDiskInfo?: boolean } = {},
): { hosts: Array<Record<string, unknown>>; brokers: Array<Record<string, unknown>> } {
  const byBroker = totals(cluster, options.partitions);
  const brokers: Array<Record<string, unknown>> = [];
  const hosts = new Map<string, Record<string, number | string>>();
  for (const b of [...cluster.brokers.values()].sort((x, y) => x.id - y.id)) {
    const t = byBroker.get(b.id);
    if (!t) continue;
    const capacityMB = b.logDirs.reduce((s, d) => s + d.capacityBytes, 0) / MB;
    const diskMB = t.diskBytes / MB;
    const cpuPct = b.alive ? 1 + (t.leaderInKBps * 0.04 + t.followerInKBps * 0.015) : 0;
    const metrics = {
      DiskMB: r3(diskMB),
      DiskPct: capacityMB > 0 ? r3((diskMB / capacityMB) * 100) : -1,
      CpuPct: r3(cpuPct),
      LeaderNwInRate: r3(t.leaderInKBps),
      FollowerNwInRate: r3(t.followerInKBps),
      NwOutRate: r3(t.outKBps),
      PnwOutRate: r3(t.potentialOutKBps),
      Replicas: t.replicas,
      Leaders: t.leaders,
      DiskCapacityMB: r3(capacityMB),
      NetworkInCapacity: b.networkCapacityKBps,
      NetworkOutCapacity: b.networkCapacityKBps,
      NumCore: b.numCores,
    };
    const state = options.states?.get(b.id) ?? (b.alive ? 'ALIVE' : 'DEAD');
    const entry: Record<string, unknown> = { Broker: b.id, Host: b.host, Rack: b.rack, BrokerState: state, ...metrics };
    if (options.populateDiskInfo) {
      entry.DiskState = Object.fromEntries(
        b.logDirs.map((d) => {
          const dir = t.diskByLogDir.get(d.path);
          const used = (dir?.bytes ?? 0) / MB;
          return [
            d.path,
            d.offline
              ? { DiskMB: 'DEAD', DiskPct: 'DEAD', NumLeaderReplicas: 0, NumReplicas: 0 }
              : { DiskMB: r3(used), DiskPct: r3((used / (d.capacityBytes / MB)) * 100), NumLeaderReplicas: dir?.leaders ?? 0, NumReplicas: dir?.replicas ?? 0 },
          ];
        }),
      );
    }
    brokers.push(entry);
    const host = hosts.get(b.host) ?? { Host: b.host, Rack: b.rack };
    for (const [k, v] of Object.entries(metrics)) host[k] = r3(((host[k] as number | undefined) ?? 0) + v);
    hosts.set(b.host, host);
  }
  return { hosts: [...hosts.values()], brokers };
}

/** ClusterModelStats: metadata and AVG/MAX/MIN/STD of each resource over alive brokers. */
export function clusterModelStats(cluster: CcCluster, partitions: readonly CcPartition[]): Record<string, unknown> {
  const byBroker = totals(cluster, partitions);
  const alive = [...cluster.brokers.values()].filter((b) => b.alive);
  const perTopic = new Map<string, Map<number, number>>();
  for (const p of partitions) {
    const m = perTopic.get(p.topic) ?? new Map<number, number>();
    for (const r of p.replicas) m.set(r.broker, (m.get(r.broker) ?? 0) + 1);
    perTopic.set(p.topic, m);
  }
  const series: Record<string, number[]> = {
    cpu: [],
    networkInbound: [],
    networkOutbound: [],
    disk: [],
    potentialNwOut: [],
    replicas: [],
    leaderReplicas: [],
    topicReplicas: [],
  };
  for (const b of alive) {
    const t = byBroker.get(b.id);
    if (!t) continue;
    series.cpu?.push(1 + t.leaderInKBps * 0.04 + t.followerInKBps * 0.015);
    series.networkInbound?.push(t.leaderInKBps + t.followerInKBps);
    series.networkOutbound?.push(t.outKBps);
    series.disk?.push(t.diskBytes / MB);
    series.potentialNwOut?.push(t.potentialOutKBps);
    series.replicas?.push(t.replicas);
    series.leaderReplicas?.push(t.leaders);
    const topicAvg = [...perTopic.values()].reduce((s, m) => s + (m.get(b.id) ?? 0), 0) / Math.max(1, perTopic.size);
    series.topicReplicas?.push(topicAvg);
  }
  const stat = (f: (xs: number[]) => number): Record<string, number> =>
    Object.fromEntries(Object.entries(series).map(([k, xs]) => [k, r3(xs.length ? f(xs) : 0)]));
  const avg = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  return {
    metadata: { brokers: alive.length, replicas: partitions.reduce((s, p) => s + p.replicas.length, 0), topics: perTopic.size },
    statistics: {
      AVG: stat(avg),
      MAX: stat((xs) => Math.max(...xs)),
      MIN: stat((xs) => Math.min(...xs)),
      STD: stat((xs) => Math.sqrt(avg(xs.map((x) => (x - avg(xs)) ** 2)))),
    },
  };
}
