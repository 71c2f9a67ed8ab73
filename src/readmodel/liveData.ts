import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import type { CruiseControlState, BrokerStats, KafkaClusterState } from '../cruisecontrol/index.js';
import { CruiseControlError } from '../cruisecontrol/index.js';
import { KafkaAdminError, type BrokerConfigEntry, type QuorumDescription } from '../kafka/index.js';
import type { KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';
import type { CruiseControlTarget } from '../domain/cruiseControlAccess.js';
import type { ClusterRef } from '../domain/labels.js';

/** What the live sources need to know of a cluster: how to name it and how to reach it. */
export interface LiveTarget {
  /** namespace/name */
  key: string;
  ref: ClusterRef;
  /** The parsed spec (the brokers' addresses); undefined when it does not read. */
  spec: KafkaClusterSpec | undefined;
  /** Where its Cruise Control answers and with which credentials. */
  cruiseControl: CruiseControlTarget;
  /** Set for what is asked of one broker (its configs); `key` then names the broker too. */
  brokerId?: number;
}

/** What the API reads live from Cruise Control and Kafka, one call per cluster for each. */
export interface LiveValues {
  /** Cruise Control's /state: monitor, analyzer and executor. */
  cruiseControlState: CruiseControlState;
  /** Cruise Control's /load: each broker's load and each log dir's use. */
  brokerLoad: BrokerStats;
  /** Cruise Control's /kafka_cluster_state: partitions by health, replicas and leaders per broker. */
  kafkaClusterState: KafkaClusterState;
  /** Kafka's DescribeQuorum: the KRaft leader and voters. */
  quorum: QuorumDescription;
  /** Kafka's DescribeConfigs of one broker: every config with its value and source, defaults too. */
  brokerConfigs: readonly BrokerConfigEntry[];
  /** Kafka's DescribeConfigs of the broker resource "": the cluster-default dynamic configs. */
  clusterDefaultConfigs: readonly BrokerConfigEntry[];
}
export type LiveKind = keyof LiveValues;

/** A live read: its value, or why there is none (and whether the source answered at all). */
export type Live<T> = { ok: true; value: T } | { ok: false; reachable: boolean; error: string };

export type LiveFetchers = { [K in LiveKind]: (cluster: LiveTarget, signal: AbortSignal) => Promise<LiveValues[K]> };

export interface SharedLiveCacheOptions {
  /** How long an answer (or a failure) is reused across requests. */
  ttlMs: number;
  /** A bound on each call, so that a source that does not answer cannot hold a query. */
  timeoutMs: number;
  /** Clusters × kinds kept. */
  max?: number;
  /** Milliseconds of a monotonic clock (tests move it). */
  now?: () => number;
}

interface Entry {
  promise: Promise<Live<unknown>>;
  settled?: Live<unknown>;
  expires: number;
}

// CC_CREDENTIALS, CC_TLS: nothing was sent, so nothing is known of Cruise Control.
const UNREACHABLE = new Set([
  'CC_UNAVAILABLE',
  'CC_TIMEOUT',
  'CC_ABORTED',
  'CC_CREDENTIALS',
  'CC_TLS',
  'KAFKA_UNREACHABLE',
  'KAFKA_TIMEOUT',
  'KAFKA_CLIENT_CLOSED',
]);

function failure(err: unknown): Live<never> {
  const code = err instanceof CruiseControlError || err instanceof KafkaAdminError ? err.code : undefined;
  return { ok: false, reachable: code !== undefined && !UNREACHABLE.has(code), error: err instanceof Error ? err.message : String(err) };
}

/**
 * Answers shared by every request for a few seconds: Cruise Control admits few requests at a
 * time, and a dashboard refreshing every second must not turn into a request per refresh. A call
 * in flight is shared too, so concurrent requests wait on the same one.
 */
export class SharedLiveCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly now: () => number;

  constructor(
    private readonly fetchers: LiveFetchers,
    private readonly options: SharedLiveCacheOptions,
  ) {
    this.entries = new LRUCache<string, Entry>({ max: options.max ?? 10_000 });
    this.now = options.now ?? (() => performance.now());
  }

  /** A settled answer still fresh, without waiting. */
  peek<K extends LiveKind>(kind: K, cluster: LiveTarget): Live<LiveValues[K]> | undefined {
    return this.fresh(`${kind}:${cluster.key}`)?.settled as Live<LiveValues[K]> | undefined;
  }

  fetch<K extends LiveKind>(kind: K, cluster: LiveTarget): Promise<Live<LiveValues[K]>> {
    const key = `${kind}:${cluster.key}`;
    const existing = this.fresh(key);
    if (existing !== undefined) return existing.promise as Promise<Live<LiveValues[K]>>;
    const fetcher = this.fetchers[kind] as (cluster: LiveTarget, signal: AbortSignal) => Promise<LiveValues[K]>;
    const entry: Entry = { promise: Promise.resolve({ ok: false, reachable: false, error: 'not fetched' }), expires: this.now() + this.options.ttlMs };
    // A fetcher that throws at once fails like one that rejects.
    entry.promise = Promise.resolve()
      .then(() => fetcher(cluster, AbortSignal.timeout(this.options.timeoutMs)))
      .then(
        (value): Live<LiveValues[K]> => ({ ok: true, value }),
        (err: unknown) => failure(err),
      );
    void entry.promise.then((settled) => {
      entry.settled = settled;
    });
    this.entries.set(key, entry);
    return entry.promise as Promise<Live<LiveValues[K]>>;
  }

  private fresh(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.expires > this.now()) return entry;
    this.entries.delete(key);
    return undefined;
  }
}

type Loaders = { [K in LiveKind]: DataLoader<LiveTarget, Live<LiveValues[K]>, string> };

/**
 * One GraphQL request's view of the live sources: at most one call per cluster and kind for
 * the whole request (DataLoader), answered at once when the shared cache is warm, and the same
 * answer wherever the request asks again.
 */
export class RequestLiveData {
  // Made on first use: many requests, and every subscriber's context, never read live data.
  private readonly loaders: Partial<Loaders> = {};
  private readonly seen: { [K in LiveKind]?: Map<string, Live<LiveValues[K]>> } = {};

  constructor(private readonly shared: SharedLiveCache) {}

  get<K extends LiveKind>(kind: K, cluster: LiveTarget): Live<LiveValues[K]> | Promise<Live<LiveValues[K]>> {
    const seen = this.seenOf(kind);
    const known = seen.get(cluster.key);
    if (known !== undefined) return known;
    const warm = this.shared.peek(kind, cluster);
    if (warm !== undefined) {
      seen.set(cluster.key, warm);
      return warm;
    }
    return this.loaderOf(kind)
      .load(cluster)
      .then((live) => {
        seen.set(cluster.key, live);
        return live;
      });
  }

  private seenOf<K extends LiveKind>(kind: K): Map<string, Live<LiveValues[K]>> {
    const all = this.seen as Record<K, Map<string, Live<LiveValues[K]>> | undefined>;
    return (all[kind] ??= new Map<string, Live<LiveValues[K]>>());
  }

  private loaderOf<K extends LiveKind>(kind: K): DataLoader<LiveTarget, Live<LiveValues[K]>, string> {
    const all = this.loaders as Record<K, DataLoader<LiveTarget, Live<LiveValues[K]>, string> | undefined>;
    const shared = this.shared;
    return (all[kind] ??= new DataLoader((clusters: readonly LiveTarget[]) => Promise.all(clusters.map((c) => shared.fetch(kind, c))), {
      cacheKeyFn: (c) => c.key,
    }));
  }
}

/** Applies `f` to a value that may or may not be a promise, staying synchronous when it is not. */
export function mapLive<T, R>(value: T | Promise<T>, f: (settled: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(f) : f(value);
}
