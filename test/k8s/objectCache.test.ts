import { describe, expect, it } from 'vitest';
import { MemoryObjectCache } from '../../src/k8s/objectCache.js';

const pod = (name: string, namespace: string, labels: Record<string, string>) => ({
  apiVersion: 'v1' as const,
  kind: 'Pod' as const,
  metadata: { name, namespace, labels },
});

describe('MemoryObjectCache', () => {
  it('lists by namespace and equality label selector, and tells listeners of each change', () => {
    const cache = new MemoryObjectCache();
    const events: string[] = [];
    cache.onChange((kind, event, object) => events.push(`${kind} ${event} ${object.metadata?.name ?? ''}`));
    cache.put('Pod', pod('kafka-1-abc', 'kafka', { app: 'kafka', kafka_cr: 'kafka', brokerId: '1' }));
    cache.put('Pod', pod('kafka-2-def', 'kafka', { app: 'kafka', kafka_cr: 'kafka', brokerId: '2' }));
    cache.put('Pod', pod('other', 'default', { app: 'kafka', kafka_cr: 'kafka', brokerId: '1' }));
    cache.put('Pod', pod('kafka-1-abc', 'kafka', { app: 'kafka', kafka_cr: 'kafka', brokerId: '1', extra: 'x' }));

    expect(cache.list('Pod', 'kafka', { kafka_cr: 'kafka', brokerId: '1' }).map((p) => p.metadata?.name)).toEqual(['kafka-1-abc']);
    expect(cache.list('Pod', undefined, { brokerId: '1' })).toHaveLength(2);
    expect(cache.get('Pod', 'kafka', 'kafka-2-def')?.metadata?.labels?.brokerId).toBe('2');
    cache.remove('Pod', 'kafka', 'kafka-2-def');
    expect(cache.get('Pod', 'kafka', 'kafka-2-def')).toBeUndefined();
    expect(events).toEqual(['Pod add kafka-1-abc', 'Pod add kafka-2-def', 'Pod add other', 'Pod update kafka-1-abc', 'Pod delete kafka-2-def']);
  });
});
