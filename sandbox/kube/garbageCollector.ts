import type { KubeApi } from './api.js';
import type { ResourceType } from './resources.js';
import { resourceKey, type StoredObject } from './store.js';

/**
 * The controller-manager's garbage collector, as a loop apart from the API server: deletes
 * dependents whose every owner is gone (matched by uid, in the same namespace), finishes
 * foreground deletions once no blocking dependent remains, and orphans dependents when asked
 * (kubernetes.io "Garbage Collection"; store.go deletionFinalizersForGarbageCollection).
 */
export class GarbageCollector {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  /**
   * Whether a change since the last sweep could change what a sweep does: an object created or
   * deleted, or its owners, finalizers or deletion mark changed. A status written (the most
   * frequent change by far) cannot, so a fleet whose objects only report status is not swept
   * again and again over every object of the store.
   */
  private dirty = true;

  constructor(
    private readonly api: KubeApi,
    private readonly intervalMs = 50,
  ) {}

  start(): void {
    this.unsubscribe = this.api.store.subscribe((event) => {
      if (event.type !== 'MODIFIED' || event.previous === undefined) this.dirty = true;
      else if (ownershipChanged(event.previous, event.object)) this.dirty = true;
    });
    this.timer = setInterval(() => {
      if (!this.dirty) return;
      this.dirty = false;
      try {
        this.sweep();
      } catch (err) {
        // A write of the sweep refused (a conflict): the next tick sweeps again, as it always did.
        this.dirty = true;
        throw err;
      }
    }, this.intervalMs);
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass over every object. */
  sweep(): void {
    const byUid = new Map<string, [ResourceType, StoredObject]>();
    const all: Array<[ResourceType, StoredObject]> = [];
    for (const r of this.uniqueResources()) {
      // The stored objects themselves, read only (a change goes through the API with a copy):
      // copying every object of the store twenty times a second would cost more than the sweep.
      for (const object of this.api.store.list(resourceKey(r))) {
        byUid.set(object.metadata.uid, [r, object]);
        all.push([r, object]);
      }
    }
    const dependentsOf = (uid: string): Array<[ResourceType, StoredObject]> =>
      all.filter(([, o]) => (o.metadata.ownerReferences ?? []).some((ref) => ref.uid === uid));

    for (const [r, object] of all) {
      const refs = object.metadata.ownerReferences ?? [];
      if (refs.length > 0 && object.metadata.deletionTimestamp === undefined) {
        const ownerAlive = refs.some((ref) => {
          const owner = byUid.get(ref.uid)?.[1];
          return owner !== undefined && owner.metadata.namespace === object.metadata.namespace && !(owner.metadata.finalizers ?? []).includes('orphan');
        });
        const ownerForeground = refs.some((ref) => (byUid.get(ref.uid)?.[1].metadata.finalizers ?? []).includes('foregroundDeletion'));
        if (!ownerAlive || ownerForeground) this.tryDelete(r, object);
      }
      const finalizers = object.metadata.finalizers ?? [];
      if (object.metadata.deletionTimestamp === undefined) continue;
      if (finalizers.includes('foregroundDeletion')) {
        const blocking = dependentsOf(object.metadata.uid).filter(([, d]) =>
          (d.metadata.ownerReferences ?? []).some((ref) => ref.uid === object.metadata.uid && ref.blockOwnerDeletion === true),
        );
        if (blocking.length === 0) this.removeFinalizer(r, object, 'foregroundDeletion');
      }
      if (finalizers.includes('orphan')) {
        for (const [dr, dependent] of dependentsOf(object.metadata.uid)) {
          const next = structuredClone(dependent);
          next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== object.metadata.uid);
          this.api.update(dr, dependent, next, undefined);
        }
        this.removeFinalizer(r, object, 'orphan');
      }
    }
  }

  private uniqueResources(): ResourceType[] {
    const seen = new Set<string>();
    return this.api.resources().filter((r) => {
      const key = `${r.group}/${r.plural}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  private tryDelete(r: ResourceType, object: StoredObject): void {
    try {
      this.api.delete(r, object.metadata.namespace, object.metadata.name, { propagationPolicy: 'Background' });
    } catch {
      // Deleted meanwhile: nothing to do.
    }
  }

  private removeFinalizer(r: ResourceType, object: StoredObject, finalizer: string): void {
    const next = structuredClone(object);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.api.update(r, object, next, undefined);
  }
}

/** What the collector reads of an object: its owners, finalizers and deletion mark. */
function ownershipChanged(before: StoredObject, after: StoredObject): boolean {
  const a = before.metadata;
  const b = after.metadata;
  return (
    a.deletionTimestamp !== b.deletionTimestamp ||
    JSON.stringify(a.finalizers ?? []) !== JSON.stringify(b.finalizers ?? []) ||
    JSON.stringify(a.ownerReferences ?? []) !== JSON.stringify(b.ownerReferences ?? [])
  );
}
