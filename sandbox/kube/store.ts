import type { ResourceType } from './resources.js';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }>;
  managedFields?: unknown[];
  [key: string]: unknown;
}

export interface StoredObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  /** The resource's `group/plural`. */
  resource: string;
  object: StoredObject;
  /** The object before this change (MODIFIED/DELETED), for selector enter/leave. */
  previous: StoredObject | undefined;
  resourceVersion: number;
}

export const resourceKey = (r: Pick<ResourceType, 'group' | 'plural'>): string => `${r.group}/${r.plural}`;
const objectKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/**
 * The sandbox's etcd: objects per resource, one global resourceVersion counter that every
 * write takes the next value of, and a bounded history of changes for watches to replay.
 */
export class ObjectStore {
  private revision = 1;
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  /**
   * The kept changes are `history[historyStart…]`: dropping the oldest moves the start, and the
   * array is cut only once as many have been dropped as are kept, so a write does not shift ten
   * thousand entries (a fleet's creation writes without pause).
   */
  private history: StoreEvent[] = [];
  private historyStart = 0;
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  constructor(private readonly historyLimit = 10_000) {}

  get currentRevision(): number {
    return this.revision;
  }

  /** The oldest revision a watch can still start after. */
  get oldestRevision(): number {
    return this.history[this.historyStart]?.resourceVersion ?? this.revision;
  }

  nextRevision(): number {
    this.revision += 1;
    return this.revision;
  }

  get(resource: string, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.objects.get(resource)?.get(objectKey(namespace, name));
  }

  list(resource: string, namespace?: string): StoredObject[] {
    const all = [...(this.objects.get(resource)?.entries() ?? [])];
    const selected = namespace === undefined ? all : all.filter(([, o]) => o.metadata.namespace === namespace);
    // etcd orders keys by bytes; list paging (continue) relies on the same order. The map's keys
    // are those keys: compared as they are, not rebuilt for each comparison.
    return selected.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
  }

  /**
   * The stored objects of a resource (in one namespace), in no order, not copies: for the
   * sandbox's own loops (the kubelet's readiness refresh and scheduler) that read every object
   * many times a second and need no list's order. Never to be changed.
   */
  values(resource: string, namespace?: string): StoredObject[] {
    const all = [...(this.objects.get(resource)?.values() ?? [])];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  /**
   * The objects of a resource as they were at `revision` (the current ones when it is not
   * older), rebuilt by undoing the kept history; undefined once that history is compacted.
   */
  listAt(resource: string, namespace: string | undefined, revision: number): StoredObject[] | undefined {
    if (revision >= this.revision) return this.list(resource, namespace);
    if (revision < this.oldestRevision - 1) return undefined;
    const byKey = new Map((this.objects.get(resource) ?? new Map<string, StoredObject>()).entries());
    for (let i = this.history.length - 1; i >= this.historyStart; i -= 1) {
      const event = this.history[i];
      if (!event || event.resourceVersion <= revision) break;
      if (event.resource !== resource) continue;
      const key = objectKey(event.object.metadata.namespace, event.object.metadata.name);
      if (event.type === 'ADDED') byKey.delete(key);
      else if (event.previous) byKey.set(key, event.previous);
    }
    const selected = [...byKey.values()].filter((o) => namespace === undefined || o.metadata.namespace === namespace);
    const key = (o: StoredObject): string => objectKey(o.metadata.namespace, o.metadata.name);
    return selected.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  /** Every stored object of every resource (for the garbage collector). */
  *all(): Generator<[string, StoredObject]> {
    for (const [resource, byKey] of this.objects) for (const object of byKey.values()) yield [resource, object];
  }

  /** Writes an object with a new resourceVersion and tells watchers. */
  put(resource: string, object: StoredObject): StoredObject {
    const byKey = this.objects.get(resource) ?? new Map<string, StoredObject>();
    this.objects.set(resource, byKey);
    const key = objectKey(object.metadata.namespace, object.metadata.name);
    const previous = byKey.get(key);
    const rv = this.nextRevision();
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } };
    byKey.set(key, stored);
    this.record({ type: previous ? 'MODIFIED' : 'ADDED', resource, object: stored, previous, resourceVersion: rv });
    return stored;
  }

  /** Removes an object; the DELETED event carries its last state with the delete's revision. */
  remove(resource: string, namespace: string | undefined, name: string): StoredObject | undefined {
    const byKey = this.objects.get(resource);
    const key = objectKey(namespace, name);
    const previous = byKey?.get(key);
    if (!byKey || !previous) return undefined;
    byKey.delete(key);
    const rv = this.nextRevision();
    const last = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(rv) } };
    this.record({ type: 'DELETED', resource, object: last, previous, resourceVersion: rv });
    return last;
  }

  /** Changes after `revision`, or undefined when they are no longer all kept (410 Expired). */
  since(revision: number): StoreEvent[] | undefined {
    if (revision < this.oldestRevision - 1) return undefined;
    let first = this.history.length;
    while (first > this.historyStart && (this.history[first - 1]?.resourceVersion ?? 0) > revision) first -= 1;
    return this.history.slice(first);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length - this.historyStart > this.historyLimit) this.historyStart = this.history.length - this.historyLimit;
    if (this.historyStart >= this.historyLimit) {
      this.history = this.history.slice(this.historyStart);
      this.historyStart = 0;
    }
    for (const listener of this.listeners) listener(event);
  }
}
