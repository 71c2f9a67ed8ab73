import type { BrokerView } from '../readmodel/brokerView.js';
import type { ReadModel } from '../readmodel/readModel.js';
import { LABEL_CLUSTER } from '../domain/labels.js';
import type { StreamSink } from './boundedStream.js';
import type { ClusterKey } from '../domain/labels.js';

/** What a dashboard watches of a broker: its state, its Pod's readiness, its disks. */
function fingerprint(broker: BrokerView): string {
  return JSON.stringify({
    state: broker.state,
    gracefulActionState: broker.gracefulActionState,
    configurationState: broker.configurationState,
    pod: broker.pod,
    disks: broker.disks.map(({ live: _live, ...disk }) => disk),
  });
}

/**
 * Feeds `sink` each broker of the cluster whose state, readiness or disks differ from what this
 * subscriber was last sent (or saw when it subscribed), on the watch events that can change them:
 * the KafkaCluster's own, and those of its Pods and PVCs.
 */
export function feedBrokerUpdates(readModel: ReadModel, cluster: ClusterKey, sink: StreamSink<BrokerView>): () => void {
  const lastSent = new Map<number, string>();
  for (const broker of readModel.cluster(cluster.namespace, cluster.name)?.brokers ?? []) lastSent.set(broker.brokerId, fingerprint(broker));
  return readModel.watch((kind, _event, object) => {
    if (object.metadata?.namespace !== cluster.namespace) return;
    const ours =
      kind === 'KafkaCluster'
        ? object.metadata.name === cluster.name
        : (kind === 'Pod' || kind === 'PersistentVolumeClaim') && object.metadata.labels?.[LABEL_CLUSTER] === cluster.name;
    if (!ours) return;
    const brokers = readModel.cluster(cluster.namespace, cluster.name)?.brokers ?? [];
    const present = new Set(brokers.map((b) => b.brokerId));
    for (const id of lastSent.keys()) if (!present.has(id)) lastSent.delete(id);
    for (const broker of brokers) {
      const print = fingerprint(broker);
      if (lastSent.get(broker.brokerId) === print) continue;
      lastSent.set(broker.brokerId, print);
      sink.push(broker);
    }
  });
}
