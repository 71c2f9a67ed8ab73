import type { IEvent } from 'kubernetes-models/v1/Event';
import { ALERT_RECEIVED, type EventBus } from '../events/pubsub.js';
import type { ObjectCache } from '../k8s/objectCache.js';
import { LABEL_ALERT_COMMAND } from '../domain/alertEvents.js';
import { readRecord } from './record.js';

/**
 * Publishes alert records as the cache sees them (added, then decided), on every replica: the
 * records are Events, which every replica watches. A record is published again only when its
 * outcome or its count of decisions changed, not on every resync.
 */
export function feedAlertRecords(cache: ObjectCache, bus: EventBus): () => void {
  const published = new Map<string, string>();
  return cache.onChange((kind, event, object) => {
    if (kind !== 'Event') return;
    const record = readRecord(object as IEvent);
    if (record === undefined || (object as IEvent).metadata?.labels?.[LABEL_ALERT_COMMAND] === undefined) return;
    const key = `${record.cluster.namespace}/${record.name}`;
    if (event === 'delete') {
      published.delete(key);
      return;
    }
    const version = `${record.outcome} ${record.decisions}`;
    if (published.get(key) === version) return;
    published.set(key, version);
    bus.publish(ALERT_RECEIVED, record);
  });
}
