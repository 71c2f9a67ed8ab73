import { LABEL_CLUSTER } from '../domain/labels.js';
import type { InformerEvent } from './informer.js';

interface Labelled {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } | undefined;
}

/**
 * The objects of one kind grouped by namespace and cluster (the `kafka_cr` label), kept up to date
 * from the informer's events. A pass lists its own cluster's objects from here rather than going
 * over every cluster's, so the cost of a pass does not grow with the size of the fleet.
 */
export class ClusterIndex<T extends Labelled> {
  private readonly groups = new Map<string, Map<string, T>>();
  /** The group each object is in now, by `namespace/name`. */
  private readonly groupOf = new Map<string, string>();

  apply(event: InformerEvent, object: T): void {
    const namespace = object.metadata?.namespace ?? '';
    const name = object.metadata?.name ?? '';
    const key = `${namespace}/${name}`;
    const previous = this.groupOf.get(key);
    const cluster = object.metadata?.labels?.[LABEL_CLUSTER];
    const groupKey = `${namespace}/${cluster ?? ''}`;
    if (event !== 'delete' && cluster !== undefined && previous === groupKey) {
      // Replaced where it is, as the informer's own map does: a list keeps its order.
      this.groups.get(groupKey)?.set(name, object);
      return;
    }
    if (previous !== undefined) {
      const group = this.groups.get(previous);
      group?.delete(name);
      if (group?.size === 0) this.groups.delete(previous);
      this.groupOf.delete(key);
    }
    if (event === 'delete' || cluster === undefined) return;
    let group = this.groups.get(groupKey);
    if (group === undefined) {
      group = new Map();
      this.groups.set(groupKey, group);
    }
    group.set(name, object);
    this.groupOf.set(key, groupKey);
  }

  list(namespace: string, cluster: string): T[] {
    return [...(this.groups.get(`${namespace}/${cluster}`)?.values() ?? [])];
  }
}
