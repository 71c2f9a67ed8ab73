import { GraphQLError } from 'graphql';
import type { ReadModel } from '../readmodel/readModel.js';
import type { ClusterKey } from '../domain/labels.js';
import { fromCache } from './readErrors.js';

/** A subscription's cluster must exist when it starts: otherwise a typed NOT_FOUND error. */
export function requireCluster(readModel: ReadModel, cluster: ClusterKey): void {
  fromCache(() => {
    if (readModel.cluster(cluster.namespace, cluster.name) === undefined) {
      throw new GraphQLError(`no cluster ${cluster.namespace}/${cluster.name}`, { extensions: { code: 'NOT_FOUND', argumentName: 'clusterId' } });
    }
  });
}
