import { GraphQLError } from 'graphql';
import { LABEL_CLUSTER } from '../domain/labels.js';
import type { OperationView } from '../readmodel/operationView.js';
import type { ReadModel } from '../readmodel/readModel.js';
import { namespacedKeyOf } from '../domain/globalId.js';
import type { StreamSink } from './boundedStream.js';
import { clusterIdArgument } from './clusterEvents.js';

/** Which operations a subscriber follows: one, or every one of a cluster. */
export type OperationSelection = { kind: 'operation'; namespace: string; name: string } | { kind: 'cluster'; namespace: string; name: string };

function badId(id: string): GraphQLError {
  return new GraphQLError(
    `${JSON.stringify(id)} is not the id of an Operation: ids come from the \`id\` field of an object and must be passed back unchanged.`,
    {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'id' },
    },
  );
}

/** `operationUpdated(id:, clusterId:)`: exactly one of them, each the id of its type. */
export function operationSelection(id: string | null | undefined, clusterId: string | null | undefined): OperationSelection {
  if ((id == null) === (clusterId == null)) {
    throw new GraphQLError('operationUpdated takes exactly one of id (one operation) and clusterId (every operation of a cluster)', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  if (id != null) {
    const key = namespacedKeyOf(id, 'Operation');
    if (key === undefined) throw badId(id);
    return { kind: 'operation', ...key };
  }
  return { kind: 'cluster', ...clusterIdArgument(clusterId ?? '') };
}

/** Completed, or failed with no retry to come: nothing more will happen to it. */
export const isFinal = (operation: OperationView): boolean => operation.state === 'COMPLETED' || operation.state === 'FAILED';

/**
 * Feeds `sink` the selected operations' views from the cache's watch events, each time one differs
 * from the last sent (a watch resync repeats an object unchanged). Following one operation, its
 * current view comes first, and the stream ends once it is final or deleted.
 */
export function feedOperationUpdates(readModel: ReadModel, selection: OperationSelection, sink: StreamSink<OperationView>): () => void {
  const lastSent = new Map<string, string>();
  const send = (view: OperationView): void => {
    const fingerprint = JSON.stringify(view);
    if (lastSent.get(view.name) === fingerprint) return;
    lastSent.set(view.name, fingerprint);
    sink.push(view);
    if (selection.kind === 'operation' && isFinal(view)) sink.end();
  };
  const stop = readModel.watch((kind, event, object) => {
    if (kind !== 'CruiseControlOperation' || object.metadata?.namespace !== selection.namespace) return;
    const name = object.metadata.name ?? '';
    if (selection.kind === 'operation' ? name !== selection.name : object.metadata.labels?.[LABEL_CLUSTER] !== selection.name) return;
    if (event === 'delete') {
      lastSent.delete(name);
      if (selection.kind === 'operation') sink.end();
      return;
    }
    const view = readModel.operation(selection.namespace, name);
    if (view !== undefined) send(view);
  });
  if (selection.kind === 'operation') {
    const current = readModel.operation(selection.namespace, selection.name);
    if (current !== undefined) send(current);
  }
  return stop;
}
