import { GraphQLError } from 'graphql';
import type { IEvent } from 'kubernetes-models/v1/Event';
import { eventView, type ClusterEventView } from '../readmodel/eventView.js';
import type { ReadModel } from '../readmodel/readModel.js';
import { namespacedKeyOf } from '../domain/globalId.js';
import type { ClusterKey } from '../domain/labels.js';
import type { StreamSink } from './boundedStream.js';

/** A `clusterId:` argument: the id of a KafkaCluster, or a typed error. */
export function clusterIdArgument(clusterId: string, argumentName = 'clusterId'): ClusterKey {
  const key = namespacedKeyOf(clusterId, 'KafkaCluster');
  if (key === undefined) {
    throw new GraphQLError(
      `${JSON.stringify(clusterId)} is not the id of a KafkaCluster: ids come from the \`id\` field of an object and must be passed back unchanged.`,
      {
        extensions: { code: 'BAD_USER_INPUT', argumentName },
      },
    );
  }
  return key;
}

/**
 * Feeds `sink` every Kubernetes Event about the cluster or its objects as it is added, and again
 * each time Kubernetes counts it once more (a repeated Event is updated, not added).
 */
export function feedClusterEvents(readModel: ReadModel, cluster: ClusterKey, sink: StreamSink<ClusterEventView>): () => void {
  const lastCount = new Map<string, number>();
  return readModel.watch((kind, event, object) => {
    if (kind !== 'Event' || object.metadata?.namespace !== cluster.namespace) return;
    if (event === 'delete') {
      lastCount.delete(object.metadata.name ?? '');
      return;
    }
    const view = eventView(object as IEvent);
    if (view === undefined || lastCount.get(view.name) === view.count) return;
    if (readModel.clusterOfEvent(object as IEvent) !== cluster.name) return;
    lastCount.set(view.name, view.count);
    sink.push(view);
  });
}
