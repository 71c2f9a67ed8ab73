import type { KubeApi } from './api.js';
import type { ResourceType } from './resources.js';
import { resourceKey, type StoreEvent, type StoredObject } from './store.js';

/** Where an object is stored, found by its uid. */
interface Place {
  resource: string;
  namespace: string | undefined;
  name: string;
}

/**
 * The controller-manager's garbage collector, as a loop apart from the API server: deletes
 * dependents whose every owner is gone (matched by uid, in the same namespace or cluster-scoped),
 * finishes foreground deletions once no blocking dependent remains, and orphans dependents when
 * asked (kubernetes.io "Garbage Collection"; store.go deletionFinalizersForGarbageCollection).
 *
 * It follows the store's changes rather than reading the whole store: like the graph builder of
 * kubernetes/kubernetes `pkg/controller/garbagecollector/graph_builder.go`, it keeps where each
 * uid is stored and which objects name each uid as an owner, and a change queues only the objects
 * it concerns (the object itself, its owners before and after, its dependents). Each tick handles
 * the queued objects as they are in the store then, so the order it meets them in does not matter.
 */
export class GarbageCollector {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly places = new Map<string, Place>();
  /** Owner uid → the uids of the objects whose ownerReferences name it (present or not). */
  private readonly dependents = new Map<string, Set<string>>();
  /** Uids to look at on the next tick. */
  private queued = new Set<string>();
  private resourceTypes = new Map<string, ResourceType>();
  private resourceTypesGeneration = -1;

  constructor(
    private readonly api: KubeApi,
    private readonly intervalMs = 50,
  ) {}

  start(): void {
    // What is already stored counts as just created (an informer's initial list).
    for (const [resource, object] of this.api.store.all()) this.observe({ type: 'ADDED', resource, object, previous: undefined, resourceVersion: 0 });
    this.unsubscribe = this.api.store.subscribe((event) => this.observe(event));
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  /** Handles every object queued before this tick; those its writes queue wait for the next. */
  tick(): void {
    if (this.queued.size === 0) return;
    const batch = this.queued;
    this.queued = new Set();
    for (const uid of batch) {
      try {
        this.attend(uid);
      } catch {
        // A write refused (the object changed meanwhile): looked at again on the next tick.
        this.queued.add(uid);
      }
    }
  }

  /** Keeps the indexes true and queues what the change concerns. */
  private observe(event: StoreEvent): void {
    const { object, previous } = event;
    const meta = object.metadata;
    if (event.type === 'MODIFIED' && previous !== undefined && !ownershipChanged(previous, object)) return;
    const before = previous?.metadata.ownerReferences ?? [];
    const after = event.type === 'DELETED' ? [] : (meta.ownerReferences ?? []);
    for (const ref of before) if (!after.some((r) => r.uid === ref.uid)) this.unlink(ref.uid, meta.uid);
    for (const ref of after) this.link(ref.uid, meta.uid);
    if (event.type === 'DELETED') this.places.delete(meta.uid);
    else this.places.set(meta.uid, { resource: event.resource, namespace: meta.namespace, name: meta.name });
    // The object itself (its owners may be gone, it may be deleting), the owners it names or named
    // (a foreground deletion may be waiting on it), and its dependents (their owner changed).
    this.queued.add(meta.uid);
    for (const ref of before) this.queued.add(ref.uid);
    for (const ref of after) this.queued.add(ref.uid);
    for (const uid of this.dependents.get(meta.uid) ?? []) this.queued.add(uid);
  }

  private link(owner: string, dependent: string): void {
    let set = this.dependents.get(owner);
    if (!set) this.dependents.set(owner, (set = new Set()));
    set.add(dependent);
  }

  private unlink(owner: string, dependent: string): void {
    const set = this.dependents.get(owner);
    set?.delete(dependent);
    if (set?.size === 0) this.dependents.delete(owner);
  }

  private stored(uid: string): [ResourceType, StoredObject] | undefined {
    const place = this.places.get(uid);
    if (!place) return undefined;
    const object = this.api.store.get(place.resource, place.namespace, place.name);
    const r = this.resourceType(place.resource);
    return object && object.metadata.uid === uid && r ? [r, object] : undefined;
  }

  private resourceType(key: string): ResourceType | undefined {
    if (this.resourceTypesGeneration !== this.api.resourcesGeneration) {
      this.resourceTypesGeneration = this.api.resourcesGeneration;
      this.resourceTypes = new Map();
      for (const r of this.api.resources()) if (!this.resourceTypes.has(resourceKey(r))) this.resourceTypes.set(resourceKey(r), r);
    }
    return this.resourceTypes.get(key);
  }

  /** The owner a reference names, when it is stored where the dependent can have it. */
  private owner(uid: string, dependent: StoredObject): StoredObject | undefined {
    const owner = this.stored(uid)?.[1];
    // A namespaced object may have owners in its namespace or cluster-scoped ones; an owner of the
    // same uid elsewhere does not count (kubernetes.io "Owners and Dependents").
    if (owner === undefined || (owner.metadata.namespace !== undefined && owner.metadata.namespace !== dependent.metadata.namespace)) return undefined;
    return owner;
  }

  /** What the collector does for one object, as it is stored now. */
  private attend(uid: string): void {
    const found = this.stored(uid);
    if (!found) return;
    const [r, object] = found;
    const refs = object.metadata.ownerReferences ?? [];
    if (refs.length > 0 && object.metadata.deletionTimestamp === undefined) {
      // garbagecollector.go attemptToDeleteItem: each reference is solid (its owner is there; one
      // orphaning its dependents counts, as it takes its reference off them before it goes),
      // dangling (no such owner) or waiting (its owner is deleted in the foreground).
      const dangling = refs.filter((ref) => this.owner(ref.uid, object) === undefined);
      const waiting = refs.filter((ref) => {
        const owner = this.owner(ref.uid, object);
        return owner !== undefined && deletingWith(owner, 'foregroundDeletion');
      });
      if (dangling.length + waiting.length < refs.length) {
        // A solid owner keeps the object: only the references to the others are taken off it.
        if (dangling.length + waiting.length > 0) this.dropReferences(r, object, new Set([...dangling, ...waiting].map((ref) => ref.uid)));
        return;
      }
      // An object with dependents of its own whose owner waits for it goes in the foreground too.
      const foreground = waiting.length > 0 && (this.dependents.get(uid)?.size ?? 0) > 0;
      this.tryDelete(r, object, foreground ? 'Foreground' : policyOf(object));
      return;
    }
    if (object.metadata.deletionTimestamp === undefined) return;
    const finalizers = object.metadata.finalizers ?? [];
    if (finalizers.includes('orphan')) {
      for (const dependentUid of [...(this.dependents.get(uid) ?? [])]) {
        const dependent = this.stored(dependentUid);
        if (!dependent) continue;
        const next = structuredClone(dependent[1]);
        next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== uid);
        this.api.update(dependent[0], dependent[1], next, undefined);
      }
      this.removeFinalizer(r, object, 'orphan');
      return;
    }
    if (finalizers.includes('foregroundDeletion')) {
      const blocking = [...(this.dependents.get(uid) ?? [])].some((dependentUid) =>
        (this.stored(dependentUid)?.[1].metadata.ownerReferences ?? []).some((ref) => ref.uid === uid && ref.blockOwnerDeletion === true),
      );
      if (!blocking) this.removeFinalizer(r, object, 'foregroundDeletion');
    }
  }

  private tryDelete(r: ResourceType, object: StoredObject, propagationPolicy: 'Background' | 'Foreground' | 'Orphan'): void {
    try {
      this.api.delete(r, object.metadata.namespace, object.metadata.name, { propagationPolicy });
    } catch {
      // Deleted meanwhile: nothing to do.
    }
  }

  private dropReferences(r: ResourceType, object: StoredObject, uids: ReadonlySet<string>): void {
    const next = structuredClone(object);
    next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((ref) => !uids.has(ref.uid));
    this.api.update(r, object, next, undefined);
  }

  private removeFinalizer(r: ResourceType, object: StoredObject, finalizer: string): void {
    const next = structuredClone(object);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.api.update(r, object, next, undefined);
  }
}

/** The policy an object without owners is deleted with: what its own finalizers ask for, else background. */
function policyOf(object: StoredObject): 'Background' | 'Foreground' | 'Orphan' {
  const finalizers = object.metadata.finalizers ?? [];
  return finalizers.includes('orphan') ? 'Orphan' : finalizers.includes('foregroundDeletion') ? 'Foreground' : 'Background';
}

function deletingWith(object: StoredObject, finalizer: string): boolean {
  return object.metadata.deletionTimestamp !== undefined && (object.metadata.finalizers ?? []).includes(finalizer);
}

/** What the collector reads of an object: its owners, finalizers and deletion mark. */
function ownershipChanged(before: StoredObject, after: StoredObject): boolean {
  const a = before.metadata;
  const b = after.metadata;
  return (
    a.deletionTimestamp !== b.deletionTimestamp ||
    (a.finalizers !== b.finalizers && JSON.stringify(a.finalizers ?? []) !== JSON.stringify(b.finalizers ?? [])) ||
    (a.ownerReferences !== b.ownerReferences && JSON.stringify(a.ownerReferences ?? []) !== JSON.stringify(b.ownerReferences ?? []))
  );
}
