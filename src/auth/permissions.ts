import { decodeGlobalId, namespacedKeyOf } from '../domain/globalId.js';

/**
 * What each root field of the API requires of its caller, in Kubernetes RBAC terms: one table,
 * which the guard (guard.ts) enforces and the tests iterate. The people who may edit a
 * KafkaCluster with kubectl are the people who may edit it here.
 */
export const KAFKA_GROUP = 'kafka.banzaicloud.io';

/** One SubjectAccessReview's resource attributes. */
export interface ResourceCheck {
  verb: string;
  group: string;
  resource: 'kafkaclusters' | 'cruisecontroloperations';
  namespace?: string;
  name?: string;
}

/**
 * What a field needs: every check allowed (an argument that names nothing of ours needs none:
 * the resolver answers it with a userError and touches nothing), no check at all, or, for a
 * listing, the namespaces where the caller may list clusters.
 */
export type Requirement = { checks: ResourceCheck[] } | { visibleNamespaces: true };

type Args = Record<string, unknown>;
type Rule = (args: Args) => Requirement;

const input = (args: Args): Args => (args.input ?? {}) as Args;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const clusterKey = (id: unknown): { namespace: string; name: string } | undefined => {
  const text = str(id);
  return text === undefined ? undefined : namespacedKeyOf(text, 'KafkaCluster');
};
const operationKey = (id: unknown): { namespace: string; name: string } | undefined => {
  const text = str(id);
  return text === undefined ? undefined : namespacedKeyOf(text, 'Operation');
};

/** `verb` on the KafkaCluster an id names. */
const onCluster =
  (verb: string, id: (args: Args) => unknown): Rule =>
  (args) => {
    const key = clusterKey(id(args));
    return { checks: key ? [{ verb, group: KAFKA_GROUP, resource: 'kafkaclusters', ...key }] : [] };
  };

/** `verb` on CruiseControlOperations in the namespace of the KafkaCluster an id names (their names are not known before). */
const onOperationsOf =
  (verb: string, id: (args: Args) => unknown): Rule =>
  (args) => {
    const key = clusterKey(id(args));
    return { checks: key ? [{ verb, group: KAFKA_GROUP, resource: 'cruisecontroloperations', namespace: key.namespace }] : [] };
  };

/** Reading any object by its global id: `get` on its cluster, or on the cluster's namespace when the id does not name the cluster. */
function readByGlobalId(id: unknown): ResourceCheck[] {
  const decoded = str(id) === undefined ? undefined : decodeGlobalId(str(id) ?? '');
  const [namespace, name] = decoded?.key ?? [];
  if (decoded === undefined || namespace === undefined) return [];
  const named = decoded.type === 'KafkaCluster' || decoded.type === 'Broker' || decoded.type === 'Disk';
  return [{ verb: 'get', group: KAFKA_GROUP, resource: 'kafkaclusters', namespace, ...(named && name !== undefined ? { name } : {}) }];
}

const none: Rule = () => ({ checks: [] });
const edit = onCluster('patch', (args) => input(args).clusterId);

export const PERMISSIONS: Readonly<Record<'Query' | 'Mutation' | 'Subscription', Readonly<Record<string, Rule>>>> = {
  Query: {
    serverInfo: none,
    cluster: (args) => ({
      checks: [{ verb: 'get', group: KAFKA_GROUP, resource: 'kafkaclusters', namespace: str(args.namespace) ?? '', name: str(args.name) ?? '' }],
    }),
    clusters: (args) =>
      typeof args.namespace === 'string'
        ? { checks: [{ verb: 'list', group: KAFKA_GROUP, resource: 'kafkaclusters', namespace: args.namespace }] }
        : { visibleNamespaces: true },
    node: (args) => ({ checks: readByGlobalId(args.id) }),
    nodes: (args) => ({ checks: (Array.isArray(args.ids) ? args.ids : []).flatMap(readByGlobalId) }),
  },
  Mutation: {
    addBrokerVolume: edit,
    addBrokers: edit,
    removeBroker: edit,
    removeBrokerVolume: edit,
    resizeBrokerVolume: edit,
    restartBroker: edit,
    setBrokerConfig: edit,
    setBrokerResources: edit,
    setClusterConfig: edit,
    createCluster: (args) => {
      const { namespace, name } = input(args);
      return { checks: [{ verb: 'create', group: KAFKA_GROUP, resource: 'kafkaclusters', namespace: str(namespace) ?? '', name: str(name) ?? '' }] };
    },
    deleteCluster: onCluster('delete', (args) => input(args).clusterId),
    rebalanceCluster: onOperationsOf('create', (args) => input(args).clusterId),
    stopOperation: onOperationsOf('patch', (args) => input(args).clusterId),
    retryOperation: (args) => {
      const key = operationKey(input(args).operationId);
      return { checks: key ? [{ verb: 'patch', group: KAFKA_GROUP, resource: 'cruisecontroloperations', ...key }] : [] };
    },
  },
  Subscription: {
    heartbeat: none,
    alertReceived: onCluster('get', (args) => args.clusterId),
    brokerUpdated: onCluster('watch', (args) => args.clusterId),
    clusterEvents: onCluster('watch', (args) => args.clusterId),
    operationUpdated: (args) => {
      const operation = operationKey(args.id);
      if (operation) return { checks: [{ verb: 'watch', group: KAFKA_GROUP, resource: 'cruisecontroloperations', ...operation }] };
      const cluster = clusterKey(args.clusterId);
      return { checks: cluster ? [{ verb: 'watch', group: KAFKA_GROUP, resource: 'cruisecontroloperations', namespace: cluster.namespace }] : [] };
    },
  },
};
