import { ANNOTATION_EVENT_BROKERS } from '../k8s/events.js';

/** What an Event says it is about: its involved object, and the brokers kafkaplane named on it. */
export interface EventSubject {
  involvedObject: { kind?: string; name?: string };
  metadata?: { annotations?: Record<string, string> };
}

/**
 * The brokers of `clusters` (names in the Event's namespace) an Event is about: those kafkaplane
 * named on an Event of their KafkaCluster, or the broker whose Pod, PVC, ConfigMap or Service it
 * concerns, known by the names the operator gives them (objects.ts): Pods
 * `<cluster>-[controller-]<id>-xxxxx`, PVCs `<cluster>-<id>-storage-<n>-xxxxx`, ConfigMaps
 * `<cluster>-config-<id>`, Services `<cluster>-<id>`. Events carry no labels, so names it is.
 */
export function eventBrokers(event: EventSubject, clusters: readonly string[]): Array<{ cluster: string; brokerId: number }> {
  const { kind, name = '' } = event.involvedObject;
  if (kind === 'KafkaCluster') {
    if (!clusters.includes(name)) return [];
    const ids = (event.metadata?.annotations?.[ANNOTATION_EVENT_BROKERS] ?? '').split(',').filter((id) => /^\d+$/.test(id));
    return ids.map((id) => ({ cluster: name, brokerId: Number(id) }));
  }
  const pattern = OBJECT_NAMES[kind ?? ''];
  if (pattern === undefined) return [];
  // The longest cluster name that prefixes it: `kafka` and `kafka-2` may both exist.
  const owners = clusters.filter((c) => name.startsWith(`${c}-`)).sort((a, b) => b.length - a.length);
  for (const cluster of owners) {
    const id = pattern.exec(name.slice(cluster.length + 1))?.[1];
    if (id !== undefined) return [{ cluster, brokerId: Number(id) }];
  }
  return [];
}

const OBJECT_NAMES: Record<string, RegExp> = {
  Pod: /^(?:controller-)?(\d+)-[a-z0-9]{5}$/,
  PersistentVolumeClaim: /^(\d+)-storage-\d+-[a-z0-9]{5}$/,
  ConfigMap: /^config-(\d+)$/,
  Service: /^(\d+)$/,
};
