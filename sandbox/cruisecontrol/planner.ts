import type { CcCluster, CcPartition, CcReplica } from './cluster.js';
import { OperationError } from './errors.js';

/**
 * Proposal computation: a greedy stand-in for Cruise Control's goal optimizer that reaches what
 * its default goals would: replicas moved off removed brokers and disks, rack awareness kept
 * (RackAwareGoal), replica counts and disk usage even across brokers (ReplicaDistributionGoal,
 * DiskUsageDistributionGoal) or across one broker's disks (IntraBrokerDiskUsageDistributionGoal).
 */
export type PlanKind = 'remove_broker' | 'add_broker' | 'rebalance' | 'rebalance_disk' | 'remove_disks' | 'demote_broker' | 'fix_offline_replicas';

export interface PlanRequest {
  readonly kind: PlanKind;
  /** Brokers added, removed or demoted. */
  readonly brokers?: readonly number[];
  /** Only these brokers may receive replicas. */
  readonly destinationBrokers?: readonly number[];
  readonly excludedTopics?: RegExp;
  /** Brokers that may not receive replicas (recently removed ones). */
  readonly excludedForReplicaMove?: readonly number[];
  /** remove_disks: broker to the log dirs to empty. */
  readonly logDirsToRemove?: ReadonlyMap<number, readonly string[]>;
}

export interface Proposal {
  readonly topic: string;
  readonly partition: number;
  readonly sizeBytes: number;
  readonly oldLeader: number;
  readonly oldReplicas: readonly CcReplica[];
  readonly newReplicas: readonly CcReplica[];
  /** The leader after the proposal; newReplicas[0] is the preferred one. */
  readonly newLeader: number;
}

export interface Plan {
  readonly proposals: readonly Proposal[];
  /** The assignment once every proposal is applied. */
  readonly after: readonly CcPartition[];
}

/** CC's disk.capacity.threshold default: a disk may be planned up to 80% full. */
const DISK_CAPACITY_THRESHOLD = 0.8;

interface Working {
  topic: string;
  partition: number;
  sizeBytes: number;
  produceBytesPerSec: number;
  leader: number;
  replicas: CcReplica[];
  readonly original: CcPartition;
}

export function plan(cluster: CcCluster, request: PlanRequest): Plan {
  const work: Working[] = cluster.partitions.map((p) => ({ ...p, replicas: [...p.replicas], original: p }));
  switch (request.kind) {
    case 'demote_broker':
      demote(cluster, work, request.brokers ?? []);
      break;
    case 'rebalance_disk':
      for (const b of cluster.brokers.values()) if (b.alive) balanceDisks(cluster, work, b.id, []);
      break;
    case 'remove_disks':
      removeDisks(cluster, work, request.logDirsToRemove ?? new Map());
      break;
    default:
      interBroker(cluster, work, request);
  }
  const proposals: Proposal[] = [];
  for (const w of work) {
    const changed =
      w.leader !== w.original.leader || w.replicas.some((r, i) => r.broker !== w.original.replicas[i]?.broker || r.logDir !== w.original.replicas[i]?.logDir);
    if (!changed) continue;
    proposals.push({
      topic: w.topic,
      partition: w.partition,
      sizeBytes: w.sizeBytes,
      oldLeader: w.original.leader,
      oldReplicas: w.original.replicas,
      newReplicas: w.replicas,
      newLeader: w.leader,
    });
  }
  return {
    proposals,
    after: work.map((w) => ({
      topic: w.topic,
      partition: w.partition,
      sizeBytes: w.sizeBytes,
      produceBytesPerSec: w.produceBytesPerSec,
      leader: w.leader,
      replicas: w.replicas,
    })),
  };
}

function interBroker(cluster: CcCluster, work: Working[], request: PlanRequest): void {
  const removed = new Set(request.kind === 'remove_broker' ? (request.brokers ?? []) : []);
  const added = new Set(request.kind === 'add_broker' ? (request.brokers ?? []) : []);
  const excluded = new Set(request.excludedForReplicaMove ?? []);
  for (const id of added) excluded.delete(id); // a broker being added is never kept from receiving
  const alive = [...cluster.brokers.values()].filter((b) => b.alive && !removed.has(b.id)).map((b) => b.id);
  let receivers = alive.filter((b) => !excluded.has(b));
  if (added.size > 0) receivers = receivers.filter((b) => added.has(b));
  if (request.destinationBrokers && request.destinationBrokers.length > 0) {
    const allowed = new Set(request.destinationBrokers);
    receivers = receivers.filter((b) => allowed.has(b));
  }
  if (alive.length === 0)
    throw new OperationError('com.linkedin.kafka.cruisecontrol.exception.OptimizationFailureException: All brokers are dead in the cluster.');
  const movable = (w: Working): boolean => !request.excludedTopics?.test(w.topic);
  const state = new Placement(cluster, work);

  // Replicas that must go: on removed brokers, on dead brokers, or on offline disks.
  const mustMove = (r: CcReplica): boolean =>
    removed.has(r.broker) ||
    !cluster.brokers.get(r.broker)?.alive ||
    (cluster.brokers.get(r.broker)?.logDirs.find((d) => d.path === r.logDir)?.offline ?? true);
  for (const w of [...work].sort((a, b) => b.sizeBytes - a.sizeBytes)) {
    for (const replica of [...w.replicas]) {
      if (!mustMove(replica)) continue;
      if (
        request.kind !== 'remove_broker' &&
        request.kind !== 'fix_offline_replicas' &&
        !removed.has(replica.broker) &&
        cluster.brokers.get(replica.broker)?.alive
      )
        continue;
      const target = state.bestTarget(w, replica.broker, receivers.length > 0 ? receivers : alive);
      if (target === undefined) {
        throw new OperationError(
          'com.linkedin.kafka.cruisecontrol.exception.OptimizationFailureException: Insufficient number of racks to distribute each replica.',
        );
      }
      state.move(w, replica.broker, target);
    }
  }

  // Even out replica counts (and with them disk) over the brokers that stay.
  const donors = alive;
  const avgCount = (): number => alive.reduce((sum, b) => sum + state.count(b), 0) / alive.length;
  const avgDisk = (): number => alive.reduce((sum, b) => sum + state.disk(b), 0) / alive.length;
  for (let i = 0; i < 20_000; i += 1) {
    const byCount = (ids: number[]): number[] => [...ids].sort((a, b) => state.count(a) - state.count(b) || state.disk(a) - state.disk(b));
    const recv = byCount(receivers);
    const give = byCount(donors).reverse();
    let moved = false;
    for (const d of give) {
      for (const r of recv) {
        if (d === r || state.count(d) - state.count(r) <= 1) continue;
        // Aim for replicas of the size the receiver still lacks per missing replica, so it ends even on disk too.
        const lacking = Math.max(1, avgCount() - state.count(r));
        const ideal = Math.max(0, avgDisk() - state.disk(r)) / lacking;
        const candidate = state.pickReplica(d, r, movable, ideal);
        if (!candidate) continue;
        state.move(candidate, d, r);
        moved = true;
        break;
      }
      if (moved) break;
    }
    if (!moved) break;
  }

  // Then even out disk usage with swaps, which keep the counts (not on add_broker: it only moves onto the new brokers).
  if (request.kind === 'add_broker') return;
  const pool = receivers.filter((b) => donors.includes(b));
  for (let i = 0; i < 5_000 && pool.length > 1; i += 1) {
    const sorted = [...pool].sort((a, b) => state.disk(a) - state.disk(b));
    const lo = sorted[0] as number;
    const hi = sorted[sorted.length - 1] as number;
    const avg = pool.reduce((s, b) => s + state.disk(b), 0) / pool.length;
    if (state.disk(hi) <= avg * 1.03 && state.disk(lo) >= avg * 0.97) break;
    if (!state.swap(hi, lo, movable, (state.disk(hi) - state.disk(lo)) / 2)) break;
  }
}

function demote(cluster: CcCluster, work: Working[], demoted: readonly number[]): void {
  const out = new Set(demoted);
  for (const w of work) {
    if (!out.has(w.leader)) continue;
    const next = w.replicas.find((r) => !out.has(r.broker) && cluster.brokers.get(r.broker)?.alive);
    if (!next) continue;
    w.replicas = [...w.replicas.filter((r) => !out.has(r.broker)), ...w.replicas.filter((r) => out.has(r.broker))];
    w.leader = next.broker;
  }
}

function removeDisks(cluster: CcCluster, work: Working[], toRemove: ReadonlyMap<number, readonly string[]>): void {
  for (const [brokerId, dirs] of toRemove) {
    const broker = cluster.brokers.get(brokerId);
    if (!broker) throw new OperationError(`java.lang.IllegalArgumentException: Broker [${brokerId}] does not exist.`);
    const paths = new Set(broker.logDirs.map((d) => d.path));
    if (dirs.some((d) => !paths.has(d))) throw new OperationError(`java.lang.IllegalArgumentException: Invalid log dirs provided for broker ${brokerId}.`);
    const remaining = broker.logDirs.filter((d) => !dirs.includes(d.path) && !d.offline);
    if (remaining.length === 0)
      throw new OperationError(`java.lang.IllegalArgumentException: No log dir remaining to move replicas to for broker ${brokerId}.`);
    const used = work.flatMap((w) => w.replicas.filter((r) => r.broker === brokerId).map(() => w.sizeBytes)).reduce((s, b) => s + b, 0);
    const capacity = remaining.reduce((s, d) => s + d.capacityBytes, 0) * DISK_CAPACITY_THRESHOLD;
    if (used > capacity)
      throw new OperationError(`java.lang.IllegalArgumentException: Not enough remaining capacity to move replicas to for broker ${brokerId}.`);
    balanceDisks(cluster, work, brokerId, dirs);
  }
}

/** Moves replicas between one broker's disks: off `emptied` entirely, then toward equal fullness. */
function balanceDisks(cluster: CcCluster, work: Working[], brokerId: number, emptied: readonly string[]): void {
  const broker = cluster.brokers.get(brokerId);
  if (!broker) return;
  const dirs = broker.logDirs.filter((d) => !d.offline && !emptied.includes(d.path));
  if (dirs.length === 0) return;
  const used = new Map(dirs.map((d) => [d.path, 0]));
  const mine: Array<{ w: Working; index: number }> = [];
  for (const w of work) {
    w.replicas.forEach((r, index) => {
      if (r.broker !== brokerId) return;
      mine.push({ w, index });
      if (used.has(r.logDir)) used.set(r.logDir, (used.get(r.logDir) ?? 0) + w.sizeBytes);
    });
  }
  const pct = (path: string): number => (used.get(path) ?? 0) / (dirs.find((d) => d.path === path)?.capacityBytes ?? 1);
  const setDir = (w: Working, index: number, path: string): void => {
    const r = w.replicas[index];
    if (!r) return;
    if (used.has(r.logDir)) used.set(r.logDir, (used.get(r.logDir) ?? 0) - w.sizeBytes);
    used.set(path, (used.get(path) ?? 0) + w.sizeBytes);
    w.replicas = w.replicas.map((x, i) => (i === index ? { broker: brokerId, logDir: path } : x));
  };
  for (const { w, index } of [...mine].sort((a, b) => b.w.sizeBytes - a.w.sizeBytes)) {
    const r = w.replicas[index];
    if (!r || used.has(r.logDir)) continue;
    const target = [...used.keys()].sort((a, b) => pct(a) - pct(b))[0];
    if (target) setDir(w, index, target);
  }
  for (let i = 0; i < 5_000 && dirs.length > 1; i += 1) {
    const sorted = [...used.keys()].sort((a, b) => pct(a) - pct(b));
    const lo = sorted[0] as string;
    const hi = sorted[sorted.length - 1] as string;
    const capLo = dirs.find((d) => d.path === lo)?.capacityBytes ?? 1;
    const capHi = dirs.find((d) => d.path === hi)?.capacityBytes ?? 1;
    const gap = pct(hi) - pct(lo);
    // Moving s bytes changes the gap by s/capHi + s/capLo; aim for half of it.
    const ideal = gap / (1 / capHi + 1 / capLo) / 2;
    let best: { w: Working; index: number } | undefined;
    for (const m of mine) {
      if (m.w.replicas[m.index]?.logDir !== hi) continue;
      if (!best || Math.abs(m.w.sizeBytes - ideal) < Math.abs(best.w.sizeBytes - ideal)) best = m;
    }
    if (!best) break;
    const s = best.w.sizeBytes;
    const newGap = Math.abs(pct(hi) - s / capHi - (pct(lo) + s / capLo));
    if (newGap >= gap) break;
    setDir(best.w, best.index, lo);
  }
}

/** Working counts per broker while planning, and the moves that keep rack awareness. */
class Placement {
  readonly #count = new Map<number, number>();
  readonly #disk = new Map<number, number>();
  readonly #dirBytes = new Map<string, number>();

  constructor(
    private readonly cluster: CcCluster,
    private readonly work: Working[],
  ) {
    for (const id of cluster.brokers.keys()) {
      this.#count.set(id, 0);
      this.#disk.set(id, 0);
    }
    for (const w of work) for (const r of w.replicas) this.#add(r, w.sizeBytes, 1);
  }

  count(b: number): number {
    return this.#count.get(b) ?? 0;
  }

  disk(b: number): number {
    return this.#disk.get(b) ?? 0;
  }

  /** The least loaded broker that may take a replica of `w`: not holding one, in a rack it does not use yet if possible. */
  bestTarget(w: Working, from: number, candidates: readonly number[]): number | undefined {
    const allowed = candidates.filter((b) => !w.replicas.some((r) => r.broker === b));
    const rackFree = allowed.filter((b) => this.#rackOk(w, from, b));
    const pool = rackFree.length > 0 ? rackFree : this.#racks() < w.replicas.length ? allowed : [];
    return [...pool].sort((a, b) => this.count(a) - this.count(b) || this.disk(a) - this.disk(b))[0];
  }

  /** A replica on `from` that may move to `to`, its size nearest `idealBytes`. */
  pickReplica(from: number, to: number, movable: (w: Working) => boolean, idealBytes: number): Working | undefined {
    let best: Working | undefined;
    for (const w of this.work) {
      if (!movable(w) || !w.replicas.some((r) => r.broker === from) || w.replicas.some((r) => r.broker === to)) continue;
      if (!this.#rackOk(w, from, to)) continue;
      if (!best || Math.abs(w.sizeBytes - idealBytes) < Math.abs(best.sizeBytes - idealBytes)) best = w;
    }
    return best;
  }

  /** Swaps a bigger replica on `hi` with a smaller one on `lo` to move about `idealBytes` of difference. */
  swap(hi: number, lo: number, movable: (w: Working) => boolean, idealBytes: number): boolean {
    const onHi = this.work.filter(
      (w) => movable(w) && w.replicas.some((r) => r.broker === hi) && !w.replicas.some((r) => r.broker === lo) && this.#rackOk(w, hi, lo),
    );
    const onLo = this.work.filter(
      (w) => movable(w) && w.replicas.some((r) => r.broker === lo) && !w.replicas.some((r) => r.broker === hi) && this.#rackOk(w, lo, hi),
    );
    let best: [Working, Working] | undefined;
    let bestErr = idealBytes;
    for (const x of onHi) {
      for (const y of onLo) {
        const delta = x.sizeBytes - y.sizeBytes;
        if (delta <= 0) continue;
        const err = Math.abs(delta - idealBytes);
        if (err < bestErr) {
          best = [x, y];
          bestErr = err;
        }
      }
    }
    if (!best) return false;
    this.move(best[0], hi, lo);
    this.move(best[1], lo, hi);
    return true;
  }

  move(w: Working, from: number, to: number): void {
    const index = w.replicas.findIndex((r) => r.broker === from);
    const old = w.replicas[index];
    if (!old) return;
    this.#add(old, w.sizeBytes, -1);
    const replica = { broker: to, logDir: this.#emptiestDir(to) };
    this.#add(replica, w.sizeBytes, 1);
    w.replicas = w.replicas.map((r, i) => (i === index ? replica : r));
    if (w.leader === from || w.leader === -1) w.leader = w.replicas.find((r) => this.cluster.brokers.get(r.broker)?.alive)?.broker ?? -1;
  }

  #add(r: CcReplica, size: number, sign: 1 | -1): void {
    this.#count.set(r.broker, this.count(r.broker) + sign);
    this.#disk.set(r.broker, this.disk(r.broker) + sign * size);
    const key = `${r.broker}\u0000${r.logDir}`;
    this.#dirBytes.set(key, (this.#dirBytes.get(key) ?? 0) + sign * size);
  }

  #emptiestDir(broker: number): string {
    const dirs = this.cluster.brokers.get(broker)?.logDirs.filter((d) => !d.offline) ?? [];
    const fill = (path: string, cap: number): number => (this.#dirBytes.get(`${broker}\u0000${path}`) ?? 0) / cap;
    return [...dirs].sort((a, b) => fill(a.path, a.capacityBytes) - fill(b.path, b.capacityBytes))[0]?.path ?? '';
  }

  #rack(b: number): string {
    return this.cluster.brokers.get(b)?.rack ?? String(b);
  }

  #racks(): number {
    return new Set([...this.cluster.brokers.values()].filter((b) => b.alive).map((b) => b.rack)).size;
  }

  /** RackAwareGoal: after moving from `from` to `to`, no two replicas share a rack (when there are enough racks). */
  #rackOk(w: Working, from: number, to: number): boolean {
    const racks = w.replicas.filter((r) => r.broker !== from).map((r) => this.#rack(r.broker));
    if (!racks.includes(this.#rack(to))) return true;
    return this.#racks() < w.replicas.length && this.#rack(from) === this.#rack(to);
  }
}
