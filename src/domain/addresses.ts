import type { ClusterKey } from './labels.js';

/** Where a cluster's Cruise Control answers, given `spec.cruiseControlConfig.cruiseControlEndpoint`. */
export type CruiseControlUrlResolver = (cluster: ClusterKey, cruiseControlEndpoint: string | undefined) => string | undefined;

/** The bootstrap addresses of a cluster's brokers, when they are not found from its spec. */
export type KafkaBootstrapResolver = (cluster: ClusterKey) => string[] | undefined;

/** How the server treats a `cruiseControlEndpoint` a KafkaCluster names. */
export interface CruiseControlEndpointPolicy {
  /** The cluster's DNS domain (`cluster.local` unless the cluster was set up otherwise). */
  clusterDomain?: string;
  /** True lets an endpoint outside the cluster's network be called (`--allow-external-cruise-control`). */
  allowOutsideCluster?: boolean;
}

/**
 * Why an endpoint is not a Service of the cluster's network, or undefined when it is. The
 * endpoint comes from a KafkaCluster that anyone who may edit it writes, and the server calls
 * it with its own network position: an address outside the cluster (a cloud's metadata service,
 * an internal admin page) would let them make the server send requests there. A Service name
 * (`<service>.<namespace>.svc[.<clusterDomain>]`, or a single label in the server's namespace)
 * stays inside; names of other domains and IP addresses do not.
 */
export function cruiseControlEndpointOutsideCluster(endpoint: string, clusterDomain = 'cluster.local'): string | undefined {
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`).hostname.toLowerCase();
  } catch {
    return `spec.cruiseControlConfig.cruiseControlEndpoint ${JSON.stringify(endpoint)} is not a host:port`;
  }
  const label = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
  const domain = clusterDomain.toLowerCase().replace(/\.$/, '').replace(/\./g, '\\.');
  const service = new RegExp(`^(${label}|${label}\\.${label}\\.svc(\\.${domain})?)$`);
  if (service.test(host)) return undefined;
  return (
    `spec.cruiseControlConfig.cruiseControlEndpoint ${JSON.stringify(endpoint)} is outside the cluster's network ` +
    `(not a Service name such as <service>.<namespace>.svc.${clusterDomain}); the server calls it only when started with --allow-external-cruise-control`
  );
}

/**
 * Koperator's addresses: `spec.cruiseControlConfig.cruiseControlEndpoint` (host:port) when set,
 * else the Service it creates, `<cluster>-cruisecontrol-svc` on port 8090. An endpoint outside
 * the cluster's network has no address unless the policy allows it.
 */
export const koperatorCruiseControlUrl =
  ({ clusterDomain = 'cluster.local', allowOutsideCluster = false }: CruiseControlEndpointPolicy = {}): CruiseControlUrlResolver =>
  (cluster, endpoint) => {
    if (endpoint !== undefined && !allowOutsideCluster && cruiseControlEndpointOutsideCluster(endpoint, clusterDomain) !== undefined) return undefined;
    const hostPort = endpoint ?? `${cluster.name}-cruisecontrol-svc.${cluster.namespace}.svc.${clusterDomain}:8090`;
    return `${hostPort.startsWith('http') ? hostPort : `http://${hostPort}`}/kafkacruisecontrol`;
  };
