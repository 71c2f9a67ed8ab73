import type { ObjectStore, StoreEvent, StoredObject } from './store.js';

/**
 * The cluster IPs and node ports the stored Services hold, kept up to date from the store's
 * changes, as the API server's allocators keep their bitmaps (pkg/registry/core/service/ipallocator,
 * portallocator) instead of reading every Service for each one created: a fleet has thousands.
 */
export class ServiceAllocations {
  private readonly ipCounts = new Map<string, number>();
  private readonly portCounts = new Map<number, number>();
  /** The cluster IPs in use (`None` among them while a headless Service exists). */
  readonly clusterIPs = new Set<string>();
  readonly nodePorts = new Set<number>();

  constructor(store: ObjectStore) {
    store.subscribe((event) => {
      if (event.resource === '/services') this.observe(event);
    });
  }

  private observe(event: StoreEvent): void {
    if (event.previous !== undefined) this.count(event.previous, -1);
    if (event.type !== 'DELETED') this.count(event.object, 1);
  }

  private count(service: StoredObject, by: 1 | -1): void {
    const spec = service.spec as { clusterIPs?: string[]; ports?: Array<{ nodePort?: number }> } | undefined;
    for (const ip of spec?.clusterIPs ?? []) change(this.ipCounts, this.clusterIPs, ip, by);
    for (const port of spec?.ports ?? []) if (port.nodePort !== undefined && port.nodePort !== 0) change(this.portCounts, this.nodePorts, port.nodePort, by);
  }
}

function change<K>(counts: Map<K, number>, present: Set<K>, key: K, by: 1 | -1): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) {
    counts.set(key, next);
    present.add(key);
  } else {
    counts.delete(key);
    present.delete(key);
  }
}
