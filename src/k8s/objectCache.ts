import type { KubeConfig } from '@kubernetes/client-node';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IEvent } from 'kubernetes-models/v1/Event';
import type { INode } from 'kubernetes-models/v1/Node';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { Logger } from '../logging.js';
import { LABEL_APP, LABEL_CLUSTER } from '../domain/labels.js';
import { ClusterIndex } from './clusterIndex.js';
import { ResilientInformer, type InformerEvent, type Selection } from './informer.js';
import { KINDS, type ResourceKind } from './kinds.js';

/** A custom resource as it sits in the cache: as the API server stored it, not yet checked. */
export interface CustomResource {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
  };
  spec?: unknown;
  status?: unknown;
}

/** The kinds the server watches, and the type of each. */
export interface CachedKinds {
  KafkaCluster: CustomResource;
  CruiseControlOperation: CustomResource;
  Pod: IPod;
  PersistentVolumeClaim: IPersistentVolumeClaim;
  ConfigMap: IConfigMap;
  Service: IService;
  Deployment: IDeployment;
  Node: INode;
  StorageClass: IStorageClass;
  Event: IEvent;
}
export type CachedKind = keyof CachedKinds;

export type CacheListener = <K extends CachedKind>(kind: K, event: InformerEvent, object: CachedKinds[K]) => void;

/**
 * What the API and the reconciler read: the objects the informers hold, so that reading costs
 * no request to the API server. Label filters are equality matches (`app=kafka,kafka_cr=x`).
 */
export interface ObjectCache {
  list<K extends CachedKind>(kind: K, namespace?: string, labels?: Readonly<Record<string, string>>): Array<CachedKinds[K]>;
  get<K extends CachedKind>(kind: K, namespace: string | undefined, name: string): CachedKinds[K] | undefined;
  onChange(listener: CacheListener): () => void;
  readonly synced: boolean;
}

interface Named {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } | undefined;
}

function matches(object: Named, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (labels === undefined) return true;
  const own = object.metadata?.labels ?? {};
  return Object.entries(labels).every(([key, value]) => own[key] === value);
}

/** An ObjectCache the caller fills: for tests, and for a server with no Kubernetes. */
export class MemoryObjectCache implements ObjectCache {
  private readonly objects = new Map<CachedKind, Map<string, Named>>();
  private readonly listeners = new Set<CacheListener>();
  synced = true;

  put<K extends CachedKind>(kind: K, object: CachedKinds[K]): void {
    const byKey = this.objects.get(kind) ?? new Map<string, Named>();
    this.objects.set(kind, byKey);
    const key = `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
    const event: InformerEvent = byKey.has(key) ? 'update' : 'add';
    byKey.set(key, object);
    for (const listener of this.listeners) listener(kind, event, object);
  }

  remove<K extends CachedKind>(kind: K, namespace: string | undefined, name: string): void {
    const key = `${namespace ?? ''}/${name}`;
    const object = this.objects.get(kind)?.get(key);
    if (object === undefined) return;
    this.objects.get(kind)?.delete(key);
    for (const listener of this.listeners) listener(kind, 'delete', object as CachedKinds[K]);
  }

  list<K extends CachedKind>(kind: K, namespace?: string, labels?: Readonly<Record<string, string>>): Array<CachedKinds[K]> {
    const all = [...(this.objects.get(kind)?.values() ?? [])] as Array<CachedKinds[K] & Named>;
    return all.filter((o) => (namespace === undefined || o.metadata?.namespace === namespace) && matches(o, labels));
  }

  get<K extends CachedKind>(kind: K, namespace: string | undefined, name: string): CachedKinds[K] | undefined {
    return this.objects.get(kind)?.get(`${namespace ?? ''}/${name}`) as CachedKinds[K] | undefined;
  }

  onChange(listener: CacheListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * What the server lists and watches of each kind, and only that: the objects Koperator's labels
 * mark as a cluster's (`app=kafka` for the brokers' Pods, PVCs, ConfigMaps and Services,
 * `app=cruisecontrol` for Cruise Control's; both with `kafka_cr=<cluster>`), the operations
 * labelled with their cluster (Koperator's CruiseControlOperation controller finds the cluster by
 * that label and ignores the others), and the Events about the kinds a view shows Events of. A
 * Pod, ConfigMap or Event that is not a cluster's is never sent to the server. Nodes,
 * StorageClasses and KafkaClusters are read whole.
 */
const OWNED: Selection[] = [{ labelSelector: `${LABEL_APP} in (kafka,cruisecontrol),${LABEL_CLUSTER}` }];

/** The kinds whose Events a view shows (readmodel/brokerEvents.ts and the cluster's own); one field selector each, since a field selector has no "in". */
export const EVENT_SUBJECTS = ['KafkaCluster', 'CruiseControlOperation', 'Pod', 'PersistentVolumeClaim', 'ConfigMap', 'Service'] as const;

const WATCHED: Record<CachedKind, { kind: ResourceKind; selections?: Selection[] }> = {
  KafkaCluster: { kind: KINDS.kafkaCluster },
  CruiseControlOperation: { kind: KINDS.cruiseControlOperation, selections: [{ labelSelector: LABEL_CLUSTER }] },
  Pod: { kind: KINDS.pod, selections: OWNED },
  PersistentVolumeClaim: { kind: KINDS.persistentVolumeClaim, selections: OWNED },
  ConfigMap: { kind: KINDS.configMap, selections: OWNED },
  Service: { kind: KINDS.service, selections: OWNED },
  Deployment: { kind: KINDS.deployment, selections: OWNED },
  Node: { kind: KINDS.node },
  StorageClass: { kind: KINDS.storageClass },
  Event: { kind: KINDS.event, selections: EVENT_SUBJECTS.map((kind) => ({ fieldSelector: `involvedObject.kind=${kind}` })) },
};

/** The kinds listed by cluster (`kafka_cr`), indexed so that a cluster's objects are found without going over the others'. */
const INDEXED: ReadonlySet<CachedKind> = new Set(['CruiseControlOperation', 'Pod', 'PersistentVolumeClaim', 'ConfigMap', 'Service', 'Deployment']);

/** The ObjectCache over live informers, one per kind (per namespace when scoped). */
export class InformerObjectCache implements ObjectCache {
  private readonly informers: Map<CachedKind, ResilientInformer<Named & { metadata?: { name?: string; namespace?: string } }>>;
  private readonly listeners = new Set<CacheListener>();
  private readonly indexes = new Map<CachedKind, ClusterIndex<Named>>();

  constructor(kubeConfig: KubeConfig, options: { namespaces?: readonly string[] | undefined; logger: Logger }) {
    this.informers = new Map(
      (Object.keys(WATCHED) as CachedKind[]).map((kind) => {
        const { kind: resource, selections } = WATCHED[kind];
        const informer = new ResilientInformer(kubeConfig, resource, {
          namespaces: options.namespaces,
          ...(selections !== undefined ? { selections } : {}),
          logger: options.logger,
        });
        const index = INDEXED.has(kind) ? new ClusterIndex() : undefined;
        if (index !== undefined) this.indexes.set(kind, index);
        informer.onChange((event, object) => {
          // The index first: a listener that reads the cache sees the change.
          index?.apply(event, object);
          for (const listener of this.listeners) listener(kind, event, object as CachedKinds[typeof kind]);
        });
        return [kind, informer];
      }),
    );
  }

  /** Resolves once every kind has listed (the readiness condition "caches synced"). */
  async start(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.start()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  get synced(): boolean {
    return [...this.informers.values()].every((i) => i.synced);
  }

  list<K extends CachedKind>(kind: K, namespace?: string, labels?: Readonly<Record<string, string>>): Array<CachedKinds[K]> {
    const informer = this.informers.get(kind);
    if (informer === undefined) return [];
    const cluster = labels?.[LABEL_CLUSTER];
    const index = this.indexes.get(kind);
    const candidates = namespace !== undefined && cluster !== undefined && index !== undefined ? index.list(namespace, cluster) : informer.list(namespace);
    return candidates.filter((o) => matches(o, labels)) as Array<CachedKinds[K]>;
  }

  get<K extends CachedKind>(kind: K, namespace: string | undefined, name: string): CachedKinds[K] | undefined {
    return this.informers.get(kind)?.get(name, namespace) as CachedKinds[K] | undefined;
  }

  onChange(listener: CacheListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
