import type { AlertView } from '../readmodel/alertView.js';
import type { ReadModel } from '../readmodel/readModel.js';
import type { StreamSink } from './boundedStream.js';
import type { ClusterKey } from '../domain/labels.js';

/**
 * Feeds `sink` every alert recorded for the cluster: when its record is created (PENDING) and
 * each time it is decided. The records are Events, which every replica watches, so every replica
 * feeds its subscribers whichever replica received the alert. A resync repeats a record
 * unchanged; it is sent again only when its outcome or its count of decisions changed.
 */
export function feedAlertsReceived(readModel: ReadModel, cluster: ClusterKey, sink: StreamSink<AlertView>): () => void {
  const lastSent = new Map<string, string>();
  return readModel.watch((kind, event, object) => {
    if (kind !== 'Event' || object.metadata?.namespace !== cluster.namespace) return;
    const name = object.metadata.name ?? '';
    if (event === 'delete') {
      lastSent.delete(name);
      return;
    }
    const involved = (object as { involvedObject?: { kind?: string; name?: string } }).involvedObject;
    if (involved?.kind !== 'KafkaCluster' || involved.name !== cluster.name) return;
    const alert = readModel.alert(cluster.namespace, name);
    if (alert === undefined) return;
    const version = `${alert.outcome} ${alert.decisions}`;
    if (lastSent.get(name) === version) return;
    lastSent.set(name, version);
    sink.push(alert);
  });
}
