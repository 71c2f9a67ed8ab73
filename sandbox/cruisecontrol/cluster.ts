import type { KafkaClusterModel } from '../kafka/model/index.js';

/** Cruise Control's view of the cluster when it builds a model: a frozen copy of the Kafka model. */
export interface CcBroker {
  readonly id: number;
  readonly rack: string;
  readonly host: string;
  readonly alive: boolean;
  readonly logDirs: ReadonlyArray<{ readonly path: string; readonly capacityBytes: number; readonly offline: boolean }>;
  readonly numCores: number;
  readonly networkCapacityKBps: number;
}

export interface CcReplica {
  readonly broker: number;
  readonly logDir: string;
}

export interface CcPartition {
  readonly topic: string;
  readonly partition: number;
  readonly sizeBytes: number;
  readonly produceBytesPerSec: number;
  readonly leader: number;
  readonly replicas: readonly CcReplica[];
}

export interface CcCluster {
  readonly brokers: ReadonlyMap<number, CcBroker>;
  readonly partitions: readonly CcPartition[];
}

export function snapshot(model: KafkaClusterModel): CcCluster {
  const brokers = new Map<number, CcBroker>();
  for (const b of model.brokers()) {
    brokers.set(b.id, {
      id: b.id,
      // Cruise Control puts a broker without rack in a rack of its own (its host).
      rack: b.rack ?? b.host,
      host: b.host,
      alive: b.running,
      logDirs: b.logDirs.map((d) => ({ path: d.path, capacityBytes: d.capacityBytes, offline: d.offline })),
      numCores: b.numCores,
      networkCapacityKBps: b.networkCapacityKBps,
    });
  }
  const partitions = model.partitions().map((p) => ({
    topic: p.topic,
    partition: p.partition,
    sizeBytes: p.sizeBytes,
    produceBytesPerSec: p.produceBytesPerSec,
    leader: p.leader,
    replicas: p.replicas.map((r) => ({ broker: r.broker, logDir: r.logDir })),
  }));
  return { brokers, partitions };
}

/** Per-broker totals of an assignment: what BrokerStats and the goal statistics are computed from. */
export interface BrokerTotals {
  replicas: number;
  leaders: number;
  diskBytes: number;
  leaderInKBps: number;
  followerInKBps: number;
  outKBps: number;
  potentialOutKBps: number;
  readonly diskByLogDir: Map<string, { bytes: number; replicas: number; leaders: number }>;
}

export function totals(cluster: CcCluster, partitions: readonly CcPartition[] = cluster.partitions): Map<number, BrokerTotals> {
  const result = new Map<number, BrokerTotals>();
  for (const b of cluster.brokers.values()) {
    result.set(b.id, {
      replicas: 0,
      leaders: 0,
      diskBytes: 0,
      leaderInKBps: 0,
      followerInKBps: 0,
      outKBps: 0,
      potentialOutKBps: 0,
      diskByLogDir: new Map(b.logDirs.map((d) => [d.path, { bytes: 0, replicas: 0, leaders: 0 }])),
    });
  }
  for (const p of partitions) {
    const rate = p.produceBytesPerSec / 1024;
    for (const r of p.replicas) {
      const t = result.get(r.broker);
      if (!t) continue;
      const isLeader = r.broker === p.leader;
      t.replicas += 1;
      t.diskBytes += p.sizeBytes;
      t.potentialOutKBps += rate * p.replicas.length;
      if (isLeader) {
        t.leaders += 1;
        t.leaderInKBps += rate;
        t.outKBps += rate * p.replicas.length;
      } else {
        t.followerInKBps += rate;
      }
      const dir = t.diskByLogDir.get(r.logDir);
      if (dir) {
        dir.bytes += p.sizeBytes;
        dir.replicas += 1;
        if (isLeader) dir.leaders += 1;
      }
    }
  }
  return result;
}
