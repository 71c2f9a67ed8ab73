import type { IEvent } from 'kubernetes-models/v1/Event';
import { checkKafkaCluster, type KafkaClusterCheck } from '../k8s/crd/index.js';
import type { CachedKind, CacheListener, CustomResource, ObjectCache } from '../k8s/objectCache.js';
import { LABEL_CLUSTER } from '../domain/labels.js';
import { alertRecordView, alertView, type AlertRecordView, type AlertView } from './alertView.js';
import type { BrokerView, DiskView } from './brokerView.js';
import { clusterView, type ClusterView } from './clusterView.js';
import { eventBrokers } from './brokerEvents.js';
import { eventView, type ClusterEventView } from './eventView.js';
import { matchesLabels, type LabelSelector } from '../domain/labelSelector.js';
import { operationView, type OperationView } from './operationView.js';

/** The cache is not there (no Kubernetes) or has not listed everything yet. */
export class ReadModelUnavailableError extends Error {
  constructor(
    readonly code: 'KUBERNETES_NOT_CONNECTED' | 'CACHE_NOT_SYNCED',
    message: string,
  ) {
    super(message);
  }
}

export interface ReadModelOptions {
  /** The informer cache, once the operator has started it; undefined without Kubernetes. */
  cache: () => ObjectCache | undefined;
  /** False when there is no Kubernetes at all (a clearer error than "not synced"). */
  connected: boolean;
  isPerBrokerDynamic: (key: string) => boolean;
}

export interface ClusterFilter {
  namespace?: string | undefined;
  selector?: LabelSelector | undefined;
}

/** Kinds of a cluster's own objects, labelled kafka_cr=<cluster>. */
const LABELLED_KINDS: ReadonlySet<string> = new Set<CachedKind>(['Pod', 'PersistentVolumeClaim', 'ConfigMap', 'Service', 'CruiseControlOperation']);

/** Kinds whose change can alter every cluster's view (racks come from Nodes). */
const CLUSTER_WIDE: ReadonlySet<CachedKind> = new Set(['Node', 'StorageClass']);

/**
 * The read side of the API: views of clusters, brokers, disks, operations and events, built from
 * the informer cache and kept until something they are built from changes. A portal's queries
 * then cost no request to Kubernetes and no rebuild: they read views assembled once per change.
 */
export class ReadModel {
  private attached: ObjectCache | undefined;
  private readonly views = new Map<string, ClusterView>();
  private readonly checks = new Map<string, { uid: string | undefined; generation: number | undefined; check: KafkaClusterCheck }>();
  private readonly operationLists = new Map<string, OperationView[]>();
  private readonly eventLists = new Map<string, ClusterEventView[]>();
  /** Per namespace: each broker's Events (`<cluster>/<id>`), newest first; rebuilt after an Event or cluster changes there. */
  private readonly brokerEventLists = new Map<string, Map<string, ClusterEventView[]>>();
  private readonly alertLists = new Map<string, AlertView[]>();
  private sortedClusters: ClusterView[] | undefined;
  private readonly operationViews = new WeakMap<object, OperationView | undefined>();
  private readonly eventViews = new WeakMap<object, ClusterEventView | undefined>();
  private readonly alertRecords = new WeakMap<object, AlertRecordView | undefined>();

  constructor(private readonly options: ReadModelOptions) {}

  /** Every cluster, by namespace then name, that passes the filter. */
  clusters(filter: ClusterFilter = {}): ClusterView[] {
    const all = this.allClusters();
    if (filter.namespace === undefined && (filter.selector === undefined || filter.selector.length === 0)) return all;
    return all.filter(
      (c) =>
        (filter.namespace === undefined || c.namespace === filter.namespace) && (filter.selector === undefined || matchesLabels(filter.selector, c.labelMap)),
    );
  }

  cluster(namespace: string, name: string): ClusterView | undefined {
    const cache = this.cache();
    const key = `${namespace}/${name}`;
    const existing = this.views.get(key);
    if (existing !== undefined) return existing;
    const resource = cache.get('KafkaCluster', namespace, name);
    if (resource === undefined) return undefined;
    const view = clusterView({ resource, check: this.check(key, resource), cache, isPerBrokerDynamic: this.options.isPerBrokerDynamic });
    this.views.set(key, view);
    return view;
  }

  broker(namespace: string, clusterName: string, brokerId: number): BrokerView | undefined {
    return this.cluster(namespace, clusterName)?.brokerById.get(brokerId);
  }

  disk(namespace: string, clusterName: string, brokerId: number, mountPath: string): DiskView | undefined {
    return this.broker(namespace, clusterName, brokerId)?.disks.find((d) => d.mountPath === mountPath);
  }

  /** The cluster's CruiseControlOperations (labelled kafka_cr=<cluster>), newest first. */
  operations(namespace: string, clusterName: string): OperationView[] {
    const cache = this.cache();
    const key = `${namespace}/${clusterName}`;
    let list = this.operationLists.get(key);
    if (list === undefined) {
      list = cache
        .list('CruiseControlOperation', namespace, { [LABEL_CLUSTER]: clusterName })
        .map((o) => this.operationOf(o))
        .filter((o): o is OperationView => o !== undefined)
        .sort((a, b) => (a.cursorKey < b.cursorKey ? -1 : 1));
      this.operationLists.set(key, list);
    }
    return list;
  }

  operation(namespace: string, name: string): OperationView | undefined {
    const object = this.cache().get('CruiseControlOperation', namespace, name);
    return object !== undefined ? this.operationOf(object) : undefined;
  }

  /** Events whose involved object is the KafkaCluster, newest first. */
  events(namespace: string, clusterName: string): ClusterEventView[] {
    const cache = this.cache();
    const key = `${namespace}/${clusterName}`;
    let list = this.eventLists.get(key);
    if (list === undefined) {
      list = cache
        .list('Event', namespace)
        .filter((e) => e.involvedObject.kind === 'KafkaCluster' && e.involvedObject.name === clusterName)
        .map((e) => this.eventOf(e))
        .filter((e): e is ClusterEventView => e !== undefined)
        .sort((a, b) => (a.cursorKey < b.cursorKey ? -1 : 1));
      this.eventLists.set(key, list);
    }
    return list;
  }

  event(namespace: string, name: string): ClusterEventView | undefined {
    const event = this.cache().get('Event', namespace, name);
    if (event === undefined) return undefined;
    const about = event.involvedObject.kind === 'KafkaCluster' || eventBrokers(event, this.clusterNames(namespace)).length > 0;
    return about ? this.eventOf(event) : undefined;
  }

  /** Events about one broker: on its Pods, PVCs, ConfigMap and Service, and its cluster's Events that name it; newest first. */
  brokerEvents(namespace: string, clusterName: string, brokerId: number): ClusterEventView[] {
    let index = this.brokerEventLists.get(namespace);
    if (index === undefined) {
      index = new Map();
      const clusters = this.clusterNames(namespace);
      for (const event of this.cache().list('Event', namespace)) {
        for (const { cluster, brokerId: id } of eventBrokers(event, clusters)) {
          const view = this.eventOf(event);
          if (view === undefined) continue;
          const key = `${cluster}/${id}`;
          index.set(key, [...(index.get(key) ?? []), view]);
        }
      }
      for (const list of index.values()) list.sort((a, b) => (a.cursorKey < b.cursorKey ? -1 : 1));
      this.brokerEventLists.set(namespace, index);
    }
    return index.get(`${clusterName}/${brokerId}`) ?? [];
  }

  private clusterNames(namespace: string): string[] {
    return this.cache()
      .list('KafkaCluster', namespace)
      .map((c) => c.metadata?.name ?? '');
  }

  /** The alerts recorded for the cluster (alert records: Events on the KafkaCluster), newest first. */
  alerts(namespace: string, clusterName: string): AlertView[] {
    const cache = this.cache();
    const key = `${namespace}/${clusterName}`;
    let list = this.alertLists.get(key);
    if (list === undefined) {
      list = cache
        .list('Event', namespace)
        .filter((e) => e.involvedObject.kind === 'KafkaCluster' && e.involvedObject.name === clusterName)
        .map((e) => this.alertOf(e))
        .filter((a): a is AlertView => a !== undefined)
        .sort((a, b) => (a.cursorKey < b.cursorKey ? -1 : 1));
      this.alertLists.set(key, list);
    }
    return list;
  }

  /** One alert by its record's name. */
  alert(namespace: string, recordName: string): AlertView | undefined {
    const event = this.cache().get('Event', namespace, recordName);
    if (event === undefined || event.involvedObject.kind !== 'KafkaCluster') return undefined;
    return this.alertOf(event);
  }

  /**
   * Every watch event of the cache from now on, for subscriptions. The read model's own listener
   * runs first, so a read from `listener` already sees the change.
   */
  watch(listener: CacheListener): () => void {
    return this.cache().onChange(listener);
  }

  /**
   * The cluster an Event is about: its KafkaCluster, or the cluster (kafka_cr label) of the cached
   * object it involves, in the Event's namespace; undefined for anything else or an object gone.
   */
  clusterOfEvent(event: IEvent): string | undefined {
    const { kind, name } = event.involvedObject;
    const namespace = event.metadata?.namespace;
    if (kind === undefined || name === undefined || namespace === undefined) return undefined;
    if (kind === 'KafkaCluster') return name;
    if (!LABELLED_KINDS.has(kind)) return undefined;
    return this.cache().get(kind as CachedKind, namespace, name)?.metadata?.labels?.[LABEL_CLUSTER];
  }

  private allClusters(): ClusterView[] {
    const cache = this.cache();
    if (this.sortedClusters === undefined) {
      const keys = cache
        .list('KafkaCluster')
        .map((c) => ({ namespace: c.metadata?.namespace ?? '', name: c.metadata?.name ?? '' }))
        .sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1));
      this.sortedClusters = keys.map((k) => this.cluster(k.namespace, k.name)).filter((c): c is ClusterView => c !== undefined);
    }
    return this.sortedClusters;
  }

  /** The spec's check changes only with the generation: status updates reuse it. */
  private check(key: string, resource: CustomResource): KafkaClusterCheck {
    const uid = resource.metadata?.uid;
    const generation = resource.metadata?.generation;
    const known = this.checks.get(key);
    if (known !== undefined && known.uid === uid && known.generation === generation && generation !== undefined) return known.check;
    const { status: _status, ...withoutStatus } = resource;
    const check = checkKafkaCluster(withoutStatus);
    this.checks.set(key, { uid, generation, check });
    return check;
  }

  private operationOf(object: CustomResource): OperationView | undefined {
    if (!this.operationViews.has(object)) this.operationViews.set(object, operationView(object));
    return this.operationViews.get(object);
  }

  private eventOf(event: Parameters<typeof eventView>[0]): ClusterEventView | undefined {
    if (!this.eventViews.has(event)) this.eventViews.set(event, eventView(event));
    return this.eventViews.get(event);
  }

  private alertOf(event: IEvent): AlertView | undefined {
    if (!this.alertRecords.has(event)) this.alertRecords.set(event, alertRecordView(event));
    const record = this.alertRecords.get(event);
    if (record === undefined) return undefined;
    const cache = this.cache();
    return alertView(record, (name) => cache.get('Event', record.namespace, name) !== undefined);
  }

  /** The cache, watched for changes from the first read on. */
  private cache(): ObjectCache {
    const cache = this.options.cache();
    if (cache === undefined || !cache.synced) {
      if (!this.options.connected)
        throw new ReadModelUnavailableError(
          'KUBERNETES_NOT_CONNECTED',
          'kafkaplane is not connected to Kubernetes (no kubeconfig, no in-cluster config, --sandbox false): there are no clusters to read',
        );
      throw new ReadModelUnavailableError(
        'CACHE_NOT_SYNCED',
        'the informer caches have not synced with Kubernetes yet; retry shortly (GET /readyz tells when they have)',
      );
    }
    if (cache !== this.attached) this.attach(cache);
    return cache;
  }

  private attach(cache: ObjectCache): void {
    this.attached = cache;
    this.forgetAll();
    cache.onChange((kind, event, object) => {
      // A listener left on a cache that was replaced does nothing.
      if (this.attached !== cache) return;
      if (CLUSTER_WIDE.has(kind)) {
        this.forgetAll();
        return;
      }
      const namespace = object.metadata?.namespace ?? '';
      switch (kind) {
        case 'KafkaCluster': {
          const key = `${namespace}/${object.metadata?.name ?? ''}`;
          this.sortedClusters = undefined;
          this.views.delete(key);
          this.brokerEventLists.delete(namespace);
          if (event === 'delete') {
            this.checks.delete(key);
            this.operationLists.delete(key);
            this.eventLists.delete(key);
            this.alertLists.delete(key);
          }
          return;
        }
        case 'CruiseControlOperation':
          this.operationLists.delete(`${namespace}/${object.metadata?.labels?.[LABEL_CLUSTER] ?? ''}`);
          return;
        case 'Event': {
          this.brokerEventLists.delete(namespace);
          const involved = (object as { involvedObject?: { kind?: string; name?: string } }).involvedObject;
          if (involved?.kind === 'KafkaCluster') {
            this.eventLists.delete(`${namespace}/${involved.name ?? ''}`);
            this.alertLists.delete(`${namespace}/${involved.name ?? ''}`);
          }
          return;
        }
        default: {
          const cluster = object.metadata?.labels?.[LABEL_CLUSTER];
          if (cluster === undefined) return;
          this.views.delete(`${namespace}/${cluster}`);
          this.sortedClusters = undefined;
        }
      }
    });
  }

  private forgetAll(): void {
    this.views.clear();
    this.operationLists.clear();
    this.eventLists.clear();
    this.brokerEventLists.clear();
    this.alertLists.clear();
    this.sortedClusters = undefined;
  }
}
