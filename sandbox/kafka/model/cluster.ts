import { createHash } from 'node:crypto';
import { ScramCredentials } from '../scram.js';
import type { Clock, ClockTimer } from '../../clock.js';
import { invariantViolations } from './invariants.js';
import { brokerLoads } from './load.js';
import { MetadataQuorum } from './quorum.js';
import { findPartition, progressMoves, startMove } from './moves.js';
import { refreshPartition, replicaOnline, type ModelState, type StoredBroker, type StoredMove, type StoredPartition } from './state.js';
import {
  ModelError,
  type BrokerLoad,
  type BrokerSpec,
  type BrokerView,
  type LogDirSpec,
  type PartitionView,
  type ReplicaMoveView,
  type TopicSpec,
  type TopicView,
} from './types.js';

export interface KafkaClusterModelOptions {
  readonly clock: Clock;
  /** Default "MkU3OEVBNTcwNTJENDM2Qg" (Kafka's documentation example id). */
  readonly clusterId?: string;
  /** How often logs grow and copies progress, in clock ms. Default 1000. */
  readonly tickMs?: number;
  /** How fast one replica copy proceeds (a throttled reassignment). Default 50 MB/s. */
  readonly copyBytesPerSec?: number;
}

/**
 * A Kafka cluster in memory: brokers with their log dirs, topics with placed replicas, leaders
 * and ISR, logs that grow with the produce rate on the clock, and replica moves that copy data
 * over time. The Kubernetes sandbox adds, starts, stops and removes brokers as Pods come and go;
 * Cruise Control's executor moves replicas; the brokers' protocol servers read it through
 * modelBackend.ts.
 */
export class KafkaClusterModel {
  readonly clusterId: string;
  readonly clock: Clock;
  /** The KRaft quorum of the metadata log: its voters, and who leads. */
  readonly quorum: MetadataQuorum;
  /** The users' SCRAM credentials, in the metadata log as every node sees it. */
  readonly scramCredentials = new ScramCredentials();
  readonly #state: ModelState = { brokers: new Map(), topics: new Map(), moves: new Map() };
  /**
   * The topics with a partition that is produced to: the only ones a tick grows. A fleet's
   * clusters step many times a real second each, and walking every partition of every idle
   * topic at each step was most of what a sandbox of 100 clusters did (docs/benchmarks.md).
   */
  readonly #producedTopics = new Set<string>();
  readonly #defaultDynamicConfig = new Map<string, string>();
  #copyBytesPerSec: number;
  readonly #ticker: ClockTimer;
  readonly #tickMs: number;
  readonly #listeners = new Set<() => void>();
  readonly #nodeConfigListeners = new Set<(brokerId: number) => void>();
  #nextMoveId = 1;
  #generation = 0;

  constructor(options: KafkaClusterModelOptions) {
    this.clock = options.clock;
    this.clusterId = options.clusterId ?? 'MkU3OEVBNTcwNTJENDM2Qg';
    this.#copyBytesPerSec = options.copyBytesPerSec ?? 50 * 1024 * 1024;
    this.#tickMs = options.tickMs ?? 1000;
    this.#ticker = this.clock.setInterval(() => this.#tick(), this.#tickMs);
    const nodes = () =>
      [...this.#state.brokers.values()].map((b) => ({ id: b.id, running: b.running, directoryId: b.metadataDirectoryId, startedAt: b.startedAt }));
    // Controllers added to the model without a format (tests, the demo model): all of them vote.
    const controllers = () =>
      [...this.#state.brokers.values()]
        .filter((b) => b.roles.includes('controller'))
        .sort((a, b) => a.id - b.id)
        .map((b) => ({ id: b.id, directoryId: b.metadataDirectoryId, listeners: [{ name: 'CONTROLLER', host: b.host, port: 9093 }] }));
    this.quorum = new MetadataQuorum(this.clock, nodes, controllers);
  }

  /** Bumped on every change of placement, leadership or membership (Kafka's metadata version, as Cruise Control's metadata generation sees it). */
  get generation(): number {
    return this.#generation;
  }

  /** Stops the model's timer. */
  close(): void {
    this.#ticker.cancel();
  }

  /**
   * Called after a node's own dynamic config was written (the ConfigRecords of its resource, which
   * its DynamicConfigPublisher applies), even when no value changed. Returns an unsubscribe function.
   */
  onNodeConfigRecords(listener: (brokerId: number) => void): () => void {
    this.#nodeConfigListeners.add(listener);
    return () => this.#nodeConfigListeners.delete(listener);
  }

  /** Called after every change (tick, broker or topic operation). Returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // Brokers ------------------------------------------------------------------------------------

  addBroker(spec: BrokerSpec): BrokerView {
    if (this.#state.brokers.has(spec.id)) throw new ModelError(`broker ${spec.id} already exists`);
    if (spec.logDirs.length === 0) throw new ModelError(`broker ${spec.id} needs at least one log dir`);
    const broker: StoredBroker = {
      id: spec.id,
      rack: spec.rack ?? null,
      host: spec.host ?? `kafka-${spec.id}.kafka-headless`,
      port: spec.port ?? 9092,
      roles: spec.roles ?? ['broker'],
      running: spec.running ?? true,
      startedAt: this.clock.now(),
      metadataDirectoryId: spec.metadataDirectoryId ?? Buffer.alloc(16, spec.id % 256),
      logDirs: new Map(spec.logDirs.map((d) => [d.path, { path: d.path, capacityBytes: d.capacityBytes, offline: false }])),
      staticConfig: new Map(Object.entries(spec.staticConfig ?? {})),
      dynamicConfig: new Map(),
      numCores: spec.numCores ?? 4,
      networkCapacityKBps: spec.networkCapacityKBps ?? 125_000,
    };
    this.#state.brokers.set(spec.id, broker);
    this.#changed();
    return this.#brokerView(broker);
  }

  /**
   * Removes a broker (its Pod and disks are gone). Refused while it holds replicas unless
   * `force`: then those replicas are lost, as in Kafka, and the invariant check reports them.
   */
  removeBroker(id: number, options: { force?: boolean } = {}): void {
    const broker = this.#broker(id);
    const held = this.#replicasOn(id).length;
    if (held > 0 && !options.force) throw new ModelError(`broker ${id} still holds ${held} replicas`);
    broker.running = false;
    this.#state.brokers.delete(id);
    this.#refreshAll();
  }

  /** Starts a stopped broker; `metadataDirectoryId` when its metadata disk was formatted anew. */
  startBroker(id: number, metadataDirectoryId?: Buffer): void {
    const broker = this.#broker(id);
    if (!broker.running) broker.startedAt = this.clock.now();
    if (metadataDirectoryId !== undefined) broker.metadataDirectoryId = metadataDirectoryId;
    broker.running = true;
    this.#refreshAll();
  }

  stopBroker(id: number): void {
    this.#broker(id).running = false;
    this.#refreshAll();
  }

  /** Where a broker's listener is reachable (BrokerListeners reports the bound port). */
  setEndpoint(id: number, host: string, port: number): void {
    const broker = this.#broker(id);
    broker.host = host;
    broker.port = port;
    this.#changed();
  }

  addLogDir(brokerId: number, dir: LogDirSpec): void {
    const broker = this.#broker(brokerId);
    if (broker.logDirs.has(dir.path)) throw new ModelError(`broker ${brokerId} already has log dir ${dir.path}`);
    broker.logDirs.set(dir.path, { path: dir.path, capacityBytes: dir.capacityBytes, offline: false });
    this.#changed();
  }

  /** Removes a log dir; refused while it holds replicas unless `force` (then they are lost). */
  removeLogDir(brokerId: number, path: string, options: { force?: boolean } = {}): void {
    const broker = this.#broker(brokerId);
    if (!broker.logDirs.has(path)) throw new ModelError(`broker ${brokerId} has no log dir ${path}`);
    const held = this.#replicasOn(brokerId).filter((r) => r.logDir === path).length;
    if (held > 0 && !options.force) throw new ModelError(`log dir ${path} of broker ${brokerId} still holds ${held} replicas`);
    broker.logDirs.delete(path);
    this.#refreshAll();
  }

  /** A disk failure (or its repair): replicas in an offline dir are offline. */
  setLogDirOffline(brokerId: number, path: string, offline: boolean): void {
    const dir = this.#broker(brokerId).logDirs.get(path);
    if (!dir) throw new ModelError(`broker ${brokerId} has no log dir ${path}`);
    dir.offline = offline;
    this.#refreshAll();
  }

  /** Bytes written on a log dir's filesystem besides Kafka's logs (0: none). */
  setLogDirForeignBytes(brokerId: number, path: string, bytes: number): void {
    const dir = this.#broker(brokerId).logDirs.get(path);
    if (!dir) throw new ModelError(`broker ${brokerId} has no log dir ${path}`);
    dir.foreignBytes = bytes;
    this.#changed();
  }

  staticConfig(brokerId: number): ReadonlyMap<string, string> {
    return this.#state.brokers.get(brokerId)?.staticConfig ?? new Map();
  }

  /** Replaces server.properties (a new ConfigMap); takes effect as the broker restarts, as in Kafka. */
  setStaticConfig(brokerId: number, config: Readonly<Record<string, string>>): void {
    this.#broker(brokerId).staticConfig = new Map(Object.entries(config));
  }

  /** Per-broker dynamic config, or with null the cluster-wide default. */
  dynamicConfig(brokerId: number | null): ReadonlyMap<string, string> {
    if (brokerId === null) return this.#defaultDynamicConfig;
    return this.#state.brokers.get(brokerId)?.dynamicConfig ?? new Map();
  }

  replaceDynamicConfig(brokerId: number | null, entries: ReadonlyMap<string, string>): void {
    const target = brokerId === null ? this.#defaultDynamicConfig : this.#broker(brokerId).dynamicConfig;
    target.clear();
    for (const [k, v] of entries) target.set(k, v);
    if (brokerId !== null) for (const listener of this.#nodeConfigListeners) listener(brokerId);
  }

  broker(id: number): BrokerView | undefined {
    const broker = this.#state.brokers.get(id);
    return broker && this.#brokerView(broker);
  }

  /**
   * Whether the broker is registered and running, without the view `broker` builds (its disks'
   * usage summed over every replica): the kubelet asks it of every broker Pod twenty times a second.
   */
  isRunning(id: number): boolean {
    return this.#state.brokers.get(id)?.running === true;
  }

  brokers(): BrokerView[] {
    return [...this.#state.brokers.values()].sort((a, b) => a.id - b.id).map((b) => this.#brokerView(b));
  }

  // Topics -------------------------------------------------------------------------------------

  /** Creates a topic, placing replicas rack-aware and round-robin over running brokers, each in its emptiest log dir. */
  createTopic(spec: TopicSpec): TopicView {
    if (this.#state.topics.has(spec.name)) throw new ModelError(`topic ${spec.name} already exists`);
    const order = this.#rackAlternatingBrokers();
    if (spec.replicationFactor > order.length) {
      throw new ModelError(`replication factor ${spec.replicationFactor} larger than available brokers ${order.length}`);
    }
    const partitions: StoredPartition[] = [];
    const offset = this.#state.topics.size;
    for (let p = 0; p < spec.partitions; p += 1) {
      // Kafka's rack-aware assignment: each replica in a rack the partition does not use yet, while racks last.
      const brokers: number[] = [];
      const rackOf = (id: number): string => this.#state.brokers.get(id)?.rack ?? String(id);
      for (let r = 0; brokers.length < spec.replicationFactor && r < order.length * 2; r += 1) {
        const broker = order[(p + offset + r) % order.length];
        if (broker === undefined || brokers.includes(broker)) continue;
        const racksFree = new Set(order.map(rackOf)).size > brokers.length;
        if (r < order.length && racksFree && brokers.some((b) => rackOf(b) === rackOf(broker))) continue;
        brokers.push(broker);
      }
      const size = spec.initialSizeBytes ?? 0;
      const replicas = brokers.map((b) => ({ broker: b, logDir: this.#emptiestLogDir(b), sizeBytes: size }));
      const partition: StoredPartition = {
        topic: spec.name,
        index: p,
        replicas,
        leader: brokers[0] ?? -1,
        leaderEpoch: 0,
        isr: [...brokers],
        sizeBytes: size,
        produceBytesPerSec: spec.produceBytesPerSec ?? 0,
      };
      partitions.push(partition);
      if (partition.produceBytesPerSec > 0) this.#producedTopics.add(spec.name);
      // Placed one by one so that the next partition sees this one's bytes in its dir choice.
      this.#state.topics.set(spec.name, {
        name: spec.name,
        id: topicId(spec.name),
        internal: spec.internal ?? false,
        replicationFactor: spec.replicationFactor,
        partitions,
      });
    }
    this.#changed();
    return this.#topicView(spec.name);
  }

  deleteTopic(name: string): void {
    if (!this.#state.topics.delete(name)) throw new ModelError(`unknown topic ${name}`);
    this.#producedTopics.delete(name);
    this.#changed();
  }

  /** Sets the produce rate of every partition of a topic. */
  setProduceRate(topic: string, bytesPerSecPerPartition: number): void {
    const stored = this.#state.topics.get(topic);
    if (!stored) throw new ModelError(`unknown topic ${topic}`);
    for (const p of stored.partitions) p.produceBytesPerSec = bytesPerSecPerPartition;
    if (bytesPerSecPerPartition > 0) this.#producedTopics.add(topic);
    else this.#producedTopics.delete(topic);
  }

  topics(): TopicView[] {
    return [...this.#state.topics.keys()].sort().map((name) => this.#topicView(name));
  }

  partition(topic: string, partition: number): PartitionView {
    return this.#partitionView(findPartition(this.#state, topic, partition), this.#rf(topic));
  }

  partitions(): PartitionView[] {
    return this.topics().flatMap((t) => t.partitions);
  }

  // Movement -----------------------------------------------------------------------------------

  /**
   * Starts moving one replica: to another broker (`toBroker` differs from `fromBroker`) or to
   * another log dir of the same broker. `onDone` is called when it switched over or failed.
   */
  moveReplica(
    request: { topic: string; partition: number; fromBroker: number; toBroker: number; toLogDir?: string },
    onDone?: (move: ReplicaMoveView) => void,
  ): ReplicaMoveView {
    const toLogDir = request.toLogDir ?? this.#emptiestLogDir(request.toBroker);
    const move = startMove(this.#state, this.#nextMoveId++, { ...request, toLogDir });
    move.onDone.push((m) => {
      this.#changed();
      onDone?.(this.#moveView(m));
    });
    return this.#moveView(move);
  }

  /** Moves leadership to `broker`, which must be an online in-sync replica (preferred leader election). */
  electLeader(topic: string, partition: number, broker: number): void {
    const stored = findPartition(this.#state, topic, partition);
    const replica = stored.replicas.find((r) => r.broker === broker);
    if (!replica || !stored.isr.includes(broker) || !replicaOnline(this.#state, replica)) {
      throw new ModelError(`broker ${broker} cannot lead ${topic}-${partition}`);
    }
    if (stored.leader === broker) return;
    stored.leader = broker;
    stored.leaderEpoch += 1;
    this.#changed();
  }

  /** Moves in flight. */
  moves(): ReplicaMoveView[] {
    return [...this.#state.moves.values()].map((m) => this.#moveView(m));
  }

  /** The default copy size target (for estimating how long a move takes). */
  get copyBytesPerSec(): number {
    return this.#copyBytesPerSec;
  }

  /** A new copy rate, for moves in flight too: as a replication throttle (leader.replication.throttled.rate) changed live. */
  set copyBytesPerSec(bytesPerSec: number) {
    if (!(bytesPerSec > 0)) throw new RangeError(`a copy rate must be positive, got ${bytesPerSec}`);
    this.#copyBytesPerSec = bytesPerSec;
  }

  // Derived views ------------------------------------------------------------------------------

  loads(): Map<number, BrokerLoad> {
    return brokerLoads(this.#state);
  }

  /** Replicas in each log dir of a broker, moves' copies in flight included as `future`. */
  logDirContents(
    brokerId: number,
  ): Array<{ path: string; replicas: Array<{ topic: string; partition: number; sizeBytes: number; future: boolean; lagBytes: number }> }> {
    const broker = this.#state.brokers.get(brokerId);
    if (!broker) return [];
    const dirs = new Map(
      [...broker.logDirs.keys()].map((p) => [p, [] as Array<{ topic: string; partition: number; sizeBytes: number; future: boolean; lagBytes: number }>]),
    );
    for (const topic of this.#state.topics.values()) {
      for (const p of topic.partitions) {
        for (const r of p.replicas) {
          if (r.broker === brokerId)
            dirs
              .get(r.logDir)
              ?.push({ topic: topic.name, partition: p.index, sizeBytes: r.sizeBytes, future: false, lagBytes: Math.max(0, p.sizeBytes - r.sizeBytes) });
        }
      }
    }
    for (const m of this.#state.moves.values()) {
      if (m.toBroker !== brokerId) continue;
      const size = findPartition(this.#state, m.topic, m.partition).sizeBytes;
      dirs
        .get(m.toLogDir)
        ?.push({ topic: m.topic, partition: m.partition, sizeBytes: m.copiedBytes, future: m.kind === 'intra', lagBytes: Math.max(0, size - m.copiedBytes) });
    }
    return [...dirs].map(([path, replicas]) => ({ path, replicas }));
  }

  /** Violations of what must always hold (see invariants.ts); empty when healthy. */
  invariantViolations(): string[] {
    return invariantViolations(this.#state);
  }

  // Internals ----------------------------------------------------------------------------------

  #tick(): void {
    const elapsedSec = this.#tickMs / 1000;
    for (const name of this.#producedTopics) {
      const topic = this.#state.topics.get(name);
      for (const p of topic?.partitions ?? []) {
        if (p.leader === -1 || p.produceBytesPerSec === 0) continue;
        p.sizeBytes += p.produceBytesPerSec * elapsedSec;
        for (const r of p.replicas) if (p.isr.includes(r.broker) && replicaOnline(this.#state, r)) r.sizeBytes = p.sizeBytes;
      }
    }
    progressMoves(this.#state, this.#tickMs, this.#copyBytesPerSec);
    for (const l of this.#listeners) l();
  }

  #changed(): void {
    this.#generation += 1;
    for (const l of this.#listeners) l();
  }

  #refreshAll(): void {
    for (const topic of this.#state.topics.values()) for (const p of topic.partitions) refreshPartition(this.#state, p);
    this.#changed();
  }

  #broker(id: number): StoredBroker {
    const broker = this.#state.brokers.get(id);
    if (!broker) throw new ModelError(`broker ${id} does not exist`);
    return broker;
  }

  #replicasOn(brokerId: number): Array<{ logDir: string }> {
    const found: Array<{ logDir: string }> = [];
    for (const topic of this.#state.topics.values()) for (const p of topic.partitions) for (const r of p.replicas) if (r.broker === brokerId) found.push(r);
    return found;
  }

  #rackAlternatingBrokers(): number[] {
    const byRack = new Map<string, number[]>();
    for (const b of [...this.#state.brokers.values()].sort((x, y) => x.id - y.id)) {
      // Kafka places replicas on brokers only, never on a controller-only node.
      if (!b.running || !b.roles.includes('broker')) continue;
      const rack = b.rack ?? '';
      byRack.set(rack, [...(byRack.get(rack) ?? []), b.id]);
    }
    const racks = [...byRack.values()];
    const order: number[] = [];
    for (let i = 0; order.length < this.#state.brokers.size && racks.some((r) => r.length > i); i += 1) {
      for (const r of racks) if (r[i] !== undefined) order.push(r[i] as number);
    }
    return order;
  }

  #emptiestLogDir(brokerId: number): string {
    const broker = this.#broker(brokerId);
    const used = new Map([...broker.logDirs.values()].filter((d) => !d.offline).map((d) => [d.path, 0]));
    for (const topic of this.#state.topics.values())
      for (const p of topic.partitions)
        for (const r of p.replicas) {
          if (r.broker === brokerId && used.has(r.logDir)) used.set(r.logDir, (used.get(r.logDir) ?? 0) + r.sizeBytes + 1);
        }
    const best = [...used].sort((a, b) => a[1] - b[1])[0];
    if (!best) throw new ModelError(`broker ${brokerId} has no online log dir`);
    return best[0];
  }

  #moveView(m: StoredMove): ReplicaMoveView {
    return moveView(m, this.#state.topics.get(m.topic)?.partitions[m.partition]?.sizeBytes ?? m.copiedBytes);
  }

  #rf(topic: string): number {
    return this.#state.topics.get(topic)?.replicationFactor ?? 0;
  }

  #brokerView(b: StoredBroker): BrokerView {
    const used = new Map<string, number>();
    for (const topic of this.#state.topics.values())
      for (const p of topic.partitions)
        for (const r of p.replicas) {
          if (r.broker === b.id) used.set(r.logDir, (used.get(r.logDir) ?? 0) + r.sizeBytes);
        }
    for (const m of this.#state.moves.values()) if (m.toBroker === b.id) used.set(m.toLogDir, (used.get(m.toLogDir) ?? 0) + m.copiedBytes);
    return {
      id: b.id,
      rack: b.rack,
      host: b.host,
      port: b.port,
      roles: b.roles,
      running: b.running,
      startedAt: b.startedAt,
      metadataDirectoryId: b.metadataDirectoryId,
      logDirs: [...b.logDirs.values()].map((d) => ({
        path: d.path,
        capacityBytes: d.capacityBytes,
        usedBytes: used.get(d.path) ?? 0,
        foreignBytes: d.foreignBytes ?? 0,
        offline: d.offline,
      })),
      numCores: b.numCores,
      networkCapacityKBps: b.networkCapacityKBps,
    };
  }

  #topicView(name: string): TopicView {
    const t = this.#state.topics.get(name);
    if (!t) throw new ModelError(`unknown topic ${name}`);
    return {
      name: t.name,
      id: t.id,
      internal: t.internal,
      replicationFactor: t.replicationFactor,
      partitions: t.partitions.map((p) => this.#partitionView(p, t.replicationFactor)),
    };
  }

  #partitionView(p: StoredPartition, replicationFactor: number): PartitionView {
    return {
      topic: p.topic,
      partition: p.index,
      replicas: p.replicas.map((r) => ({ broker: r.broker, logDir: r.logDir, sizeBytes: r.sizeBytes })),
      leader: p.leader,
      leaderEpoch: p.leaderEpoch,
      isr: [...p.isr],
      offlineReplicas: p.replicas.filter((r) => !replicaOnline(this.#state, r)).map((r) => r.broker),
      replicationFactor,
      sizeBytes: p.sizeBytes,
      produceBytesPerSec: p.produceBytesPerSec,
    };
  }
}

function moveView(m: StoredMove, totalBytes: number): ReplicaMoveView {
  return {
    id: m.id,
    kind: m.kind,
    topic: m.topic,
    partition: m.partition,
    fromBroker: m.fromBroker,
    toBroker: m.toBroker,
    fromLogDir: m.fromLogDir,
    toLogDir: m.toLogDir,
    copiedBytes: m.copiedBytes,
    totalBytes,
    state: m.state,
  };
}

/** A stable 16-byte topic id derived from the name, so restarts of the sandbox keep ids. */
function topicId(name: string): Buffer {
  return createHash('sha256').update(`topic:${name}`).digest().subarray(0, 16);
}
