import type { IService } from 'kubernetes-models/v1/Service';
import { effectiveBrokerConfig } from '../k8s/crd/brokerConfig.js';
import type { Broker, ExternalListener, KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';
import type { ClusterKey } from './labels.js';

/**
 * How clients outside Kubernetes reach the brokers: the Services of the external listeners and
 * the address each broker advertises on them, named and computed as Koperator does
 * (adobe/koperator api/v1beta1/kafkacluster_types.go ExternalListenerConfig, pkg/resources/kafka
 * nodeport.go and kafka.go getBrokerHost / createExternalListenerStatuses). Without an ingress
 * controller: a LoadBalancer listener gets a LoadBalancer Service per broker (Koperator puts one
 * Envoy in front of them all) and one for bootstrapping on `anyCastPort`.
 */

export type AccessMethod = 'LoadBalancer' | 'NodePort' | 'ClusterIP';

/** Koperator's default when accessMethod is unset (ExternalListenerConfig.GetAccessMethod). */
export const accessMethodOf = (listener: ExternalListener): AccessMethod => listener.accessMethod ?? 'LoadBalancer';

/** Koperator's default anyCastPort (ExternalListenerConfig.GetAnyCastPort). */
export const DEFAULT_ANY_CAST_PORT = 29092;
/** The port name Koperator gives the bootstrap port of a listener's load balancer. */
export const ALL_BROKER_PORT_NAME = 'tcp-all-broker';
/** The port name of a broker on its external Service (Koperator's NodePort Service port). */
export const brokerPortName = (brokerId: number): string => `broker-${brokerId}`;

/** `<cluster>-<broker id>-<listener>`: Koperator's NodePortServiceTemplate, used for both access methods. */
export const externalServiceName = (cluster: Pick<ClusterKey, 'name'>, brokerId: number, listenerName: string): string =>
  `${cluster.name}-${brokerId}-${listenerName}`;
/** The load balancer clients bootstrap from on a LoadBalancer listener: every broker behind it. */
export const allBrokerServiceName = (cluster: Pick<ClusterKey, 'name'>, listenerName: string): string => `${cluster.name}-all-broker-${listenerName}`;

export interface Endpoint {
  host: string;
  port: number;
}

export const formatEndpoint = (endpoint: Endpoint): string => `${endpoint.host}:${endpoint.port}`;

/**
 * externalStartingPort + broker id (ExternalListenerConfig.GetBrokerPort); undefined where
 * Kubernetes picks the node port (externalStartingPort 0, or -1).
 */
export function startingPortOf(listener: ExternalListener, brokerId: number): number | undefined {
  return listener.externalStartingPort > 0 ? listener.externalStartingPort + brokerId : undefined;
}

/** Addresses of a Node, as its status lists them (InternalIP, ExternalIP, Hostname, …). */
export interface NodeAddresses {
  name: string;
  addresses: ReadonlyArray<{ type: string; address: string }>;
}

/** What a broker's external address is made of, read from the cluster's objects. */
export interface ExternalFacts {
  /** The node each broker's Pod runs, or is pinned, on (for NodePort listeners). */
  nodes: ReadonlyMap<number, NodeAddresses>;
  /** The external listeners' Services, by name: node ports the API server assigned, load balancers' ingress. */
  services: ReadonlyMap<string, IService>;
}

/** A broker is reached through its node's address on a NodePort listener unless hostnameOverride or nodePortExternalIP names another. */
export function needsNodeAddress(spec: KafkaClusterSpec, broker: Broker, listener: ExternalListener): boolean {
  if (accessMethodOf(listener) !== 'NodePort' || (listener.hostnameOverride ?? '') !== '') return false;
  return (effectiveBrokerConfig(spec, broker).nodePortExternalIP?.[listener.name] ?? '') === '';
}

/** The first address a load balancer reports: its hostname, else its IP (Koperator's getLoadBalancerIP). */
export function ingressHost(service: IService | undefined): string | undefined {
  const ingress = service?.status?.loadBalancer?.ingress?.[0];
  const host = ingress?.hostname !== undefined && ingress.hostname !== '' ? ingress.hostname : ingress?.ip;
  return host !== undefined && host !== '' ? host : undefined;
}

/** The node port the API server gave a broker's external Service. */
function assignedNodePort(service: IService | undefined, brokerId: number): number | undefined {
  const port = service?.spec?.ports?.find((p) => p.name === brokerPortName(brokerId))?.nodePort;
  return port !== undefined && port > 0 ? port : undefined;
}

/**
 * Where clients outside reach one broker on one external listener; undefined while it is not
 * known yet (the node port not assigned, the load balancer without an address, no node chosen).
 * - NodePort: hostnameOverride gives `<cluster>-<id>-<listener>.<namespace><hostnameOverride>`,
 *   nodePortExternalIP that IP on containerPort, else the address of type nodePortNodeAddressType
 *   (default ExternalIP) of the broker's node; the port is externalStartingPort + id, or the one
 *   Kubernetes assigned.
 * - LoadBalancer: hostnameOverride, else the broker's load balancer address; the port is
 *   externalStartingPort + id (containerPort when externalStartingPort is not set).
 */
export function externalEndpoint(
  cluster: ClusterKey,
  spec: KafkaClusterSpec,
  broker: Broker,
  listener: ExternalListener,
  facts: ExternalFacts,
): Endpoint | undefined {
  const service = facts.services.get(externalServiceName(cluster, broker.id, listener.name));
  const override = listener.hostnameOverride ?? '';
  if (accessMethodOf(listener) === 'NodePort') {
    const externalIP = effectiveBrokerConfig(spec, broker).nodePortExternalIP?.[listener.name] ?? '';
    if (override !== '') {
      const port = startingPortOf(listener, broker.id) ?? assignedNodePort(service, broker.id);
      return port === undefined ? undefined : { host: `${cluster.name}-${broker.id}-${listener.name}.${cluster.namespace}${override}`, port };
    }
    // Traffic to a Service's external IP arrives on the Service's port, not the node port.
    if (externalIP !== '') return { host: externalIP, port: listener.containerPort };
    const port = startingPortOf(listener, broker.id) ?? assignedNodePort(service, broker.id);
    const type = effectiveBrokerConfig(spec, broker).nodePortNodeAddressType ?? 'ExternalIP';
    const host = facts.nodes.get(broker.id)?.addresses.find((a) => a.type === type)?.address;
    return port === undefined || host === undefined || host === '' ? undefined : { host, port };
  }
  if (accessMethodOf(listener) !== 'LoadBalancer') return undefined;
  const host = override !== '' ? override : ingressHost(service);
  return host === undefined ? undefined : { host, port: startingPortOf(listener, broker.id) ?? listener.containerPort };
}

/** The bootstrap address of a LoadBalancer listener: its all-broker load balancer on anyCastPort. */
export function anyBrokerEndpoint(cluster: ClusterKey, listener: ExternalListener, services: ReadonlyMap<string, IService>): Endpoint | undefined {
  if (accessMethodOf(listener) !== 'LoadBalancer') return undefined;
  const override = listener.hostnameOverride ?? '';
  const host = override !== '' ? override : ingressHost(services.get(allBrokerServiceName(cluster, listener.name)));
  return host === undefined ? undefined : { host, port: listener.anyCastPort ?? DEFAULT_ANY_CAST_PORT };
}

/** The endpoints of one broker on every external listener whose address is known, by listener name. */
export function brokerExternalEndpoints(cluster: ClusterKey, spec: KafkaClusterSpec, broker: Broker, facts: ExternalFacts): Map<string, Endpoint> {
  const out = new Map<string, Endpoint>();
  for (const listener of spec.listenersConfig.externalListeners ?? []) {
    const endpoint = externalEndpoint(cluster, spec, broker, listener, facts);
    if (endpoint !== undefined) out.set(listener.name, endpoint);
  }
  return out;
}

/** A node the operator may place a broker on. */
export interface CandidateNode extends NodeAddresses {
  labels: Readonly<Record<string, string>>;
  /** Ready and not cordoned. */
  schedulable: boolean;
}

/**
 * The node of each broker reached through its node's address (a NodePort listener): the node its
 * Pod runs on, or ran on (`current`), while that node exists; else the schedulable node with the
 * fewest of the cluster's brokers that fits the broker's rack pin and nodeSelector. The broker's
 * Pod is pinned there, so that its server.properties advertises the right address from its first
 * start and a restarted broker keeps its address. (Koperator advertises the node the Pod happened
 * to land on, known only once it runs.)
 */
export function assignExternalNodes(
  spec: KafkaClusterSpec,
  current: ReadonlyMap<number, string>,
  nodes: readonly CandidateNode[],
  rackPins: ReadonlyMap<number, { key: string; value: string }>,
): Map<number, string> {
  const assigned = new Map<number, string>();
  const needing = spec.brokers.filter((b) => (spec.listenersConfig.externalListeners ?? []).some((l) => needsNodeAddress(spec, b, l)));
  const load = new Map(nodes.map((n) => [n.name, 0]));
  const unplaced: Broker[] = [];
  for (const broker of [...needing].sort((a, b) => a.id - b.id)) {
    const node = current.get(broker.id);
    if (node !== undefined && load.has(node)) {
      assigned.set(broker.id, node);
      load.set(node, (load.get(node) ?? 0) + 1);
    } else unplaced.push(broker);
  }
  for (const broker of unplaced) {
    const pin = rackPins.get(broker.id);
    const selector = effectiveBrokerConfig(spec, broker).nodeSelector ?? {};
    const fits = nodes.filter(
      (n) => n.schedulable && (pin === undefined || n.labels[pin.key] === pin.value) && Object.entries(selector).every(([k, v]) => n.labels[k] === v),
    );
    const chosen = fits.sort((a, b) => (load.get(a.name) ?? 0) - (load.get(b.name) ?? 0) || a.name.localeCompare(b.name))[0];
    if (chosen === undefined) continue;
    assigned.set(broker.id, chosen.name);
    load.set(chosen.name, (load.get(chosen.name) ?? 0) + 1);
  }
  return assigned;
}
