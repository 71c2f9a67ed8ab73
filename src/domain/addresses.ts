import type { ClusterKey } from './labels.js';

/** Where a cluster's Cruise Control answers, given `spec.cruiseControlConfig.cruiseControlEndpoint`. */
export type CruiseControlUrlResolver = (cluster: ClusterKey, cruiseControlEndpoint: string | undefined) => string | undefined;

/** The bootstrap addresses of a cluster's brokers, when they are not found from its spec. */
export type KafkaBootstrapResolver = (cluster: ClusterKey) => string[] | undefined;

/**
 * Koperator's addresses: `spec.cruiseControlConfig.cruiseControlEndpoint` (host:port) when set,
 * else the Service it creates, `<cluster>-cruisecontrol-svc` on port 8090.
 */
export const koperatorCruiseControlUrl =
  (clusterDomain = 'cluster.local'): CruiseControlUrlResolver =>
  (cluster, endpoint) => {
    const hostPort = endpoint ?? `${cluster.name}-cruisecontrol-svc.${cluster.namespace}.svc.${clusterDomain}:8090`;
    return `${hostPort.startsWith('http') ? hostPort : `http://${hostPort}`}/kafkacruisecontrol`;
  };
