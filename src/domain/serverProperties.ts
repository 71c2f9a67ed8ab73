import { getProperties } from 'properties-file';
import { escapeKey, escapeValue } from 'properties-file/escape';
import type { Broker, InternalListener, KafkaClusterSpec, ProcessRole } from '../k8s/crd/kafkaCluster.js';
import { effectiveBrokerConfig } from '../k8s/crd/brokerConfig.js';
import { formatEndpoint, type Endpoint } from './externalAccess.js';
import { metricsReporterTlsEntries, tlsListenerEntries, tlsListeners } from './listenerTls.js';
import { isSaslListenerStartupKey, saslListenerEntries, saslListenerNames } from './listenerSasl.js';
import { interBrokerSaslEntries } from './scramUsers.js';

/** Where a config entry's value comes from, lowest precedence first. */
export type ConfigSource = 'CLUSTER' | 'GROUP' | 'BROKER' | 'OPERATOR';

export interface ConfigValue {
  value: string;
  source: ConfigSource;
}

export interface RenderedBrokerConfig {
  /** Entries of server.properties (a change needs a restart), sorted by key. */
  staticEntries: Map<string, ConfigValue>;
  /** Entries Kafka takes per broker at run time: applied through the Admin API, not rendered. */
  dynamicEntries: Map<string, ConfigValue>;
  /** Keys the user set that the operator's own value replaced (worth a warning). */
  overridden: string[];
  /** The server.properties text for the broker's ConfigMap. */
  text: string;
}

export interface BrokerRenderInput {
  clusterName: string;
  namespace: string;
  spec: KafkaClusterSpec;
  broker: Broker;
  /** The broker's rack (from its node's zone label) when rack awareness is on and it is scheduled. */
  rack?: string | undefined;
  /** True for keys Kafka accepts as per-broker dynamic configs (src/kafka holds the list). */
  isPerBrokerDynamic: (key: string) => boolean;
  /**
   * Where a controller's metadata log already is (from the config it runs with, metadataLogDirOf):
   * kept, so that adding or reordering disks never moves it. A new node takes its first log dir.
   */
  metadataLogDir?: string | undefined;
  /**
   * Where clients outside reach this broker, per external listener (externalAccess.ts). A listener
   * whose address is not known yet is served but not advertised (Kafka allows advertised.listeners
   * to name a subset of listeners).
   */
  externalEndpoints?: ReadonlyMap<string, Endpoint> | undefined;
}

/**
 * The log dir holding a node's KRaft metadata log, from its server.properties: `metadata.log.dir`,
 * else Kafka's default, the first of `log.dirs` (apache/kafka `KafkaConfig.metadataLogDir`).
 */
export function metadataLogDirOf(properties: Readonly<Record<string, string>>): string | undefined {
  const explicit = properties['metadata.log.dir']?.trim();
  if (explicit !== undefined && explicit !== '') return explicit;
  const first = (properties['log.dirs'] ?? properties['log.dir'] ?? '').split(',')[0]?.trim();
  return first !== undefined && first !== '' ? first : undefined;
}

export class BrokerConfigError extends Error {
  constructor(
    readonly code: 'NO_CONTROLLER_LISTENER' | 'NO_CONTROLLER' | 'NO_STORAGE',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The keys renderBrokerConfig writes itself (operatorEntries), whatever the spec says, plus the
 * ones that would contradict them (broker.id beside node.id, controller.quorum.voters beside
 * controller.quorum.bootstrap.servers). A user value for them is replaced or breaks the cluster,
 * so the config mutations refuse them. broker.rack is one only with spec.rackAwareness.
 */
export const OPERATOR_KEYS: readonly string[] = [
  'node.id',
  'broker.id',
  'process.roles',
  'controller.listener.names',
  'controller.quorum.bootstrap.servers',
  'controller.quorum.voters',
  'listeners',
  'advertised.listeners',
  'listener.security.protocol.map',
  'inter.broker.listener.name',
  'cruise.control.metrics.reporter.bootstrap.servers',
  'log.dirs',
  'metadata.log.dir',
  'metric.reporters',
];

/** Cruise Control's metrics reporter class, as Cruise Control's own documentation names it. */
const CRUISE_CONTROL_REPORTER = 'com.linkedin.kafka.cruisecontrol.metricsreporter.CruiseControlMetricsReporter';

export function rolesOf(spec: KafkaClusterSpec, broker: Broker): ProcessRole[] {
  const roles = effectiveBrokerConfig(spec, broker).processRoles ?? ['broker'];
  return [...new Set(roles)].sort();
}

const controllersByBrokers = new WeakMap<KafkaClusterSpec['brokers'], WeakMap<object, Broker[]>>();
const NO_GROUPS = {};

/**
 * The nodes with the controller role, the quorum every node's config names. Kept per list of
 * brokers and of config groups (a node's roles come from both), which the cache never changes in
 * place: a pass renders every node's config, and working out every node's roles for each of
 * them made a pass quadratic in the brokers.
 */
function controllerNodes(spec: KafkaClusterSpec): Broker[] {
  const byGroups = controllersByBrokers.get(spec.brokers) ?? new WeakMap<object, Broker[]>();
  controllersByBrokers.set(spec.brokers, byGroups);
  const groups = spec.brokerConfigGroups ?? NO_GROUPS;
  const known = byGroups.get(groups);
  if (known !== undefined) return known;
  const controllers = spec.brokers.filter((b) => rolesOf(spec, b).includes('controller'));
  byGroups.set(groups, controllers);
  return controllers;
}

/** The broker's stable DNS name: through the headless Service, or its own per-broker Service. */
export function brokerHost(clusterName: string, namespace: string, spec: KafkaClusterSpec, brokerId: number): string {
  const domain = spec.kubernetesClusterDomain ?? 'cluster.local';
  const service = spec.headlessServiceEnabled ? `${clusterName}-${brokerId}.${clusterName}-headless` : `${clusterName}-${brokerId}`;
  return `${service}.${namespace}.svc.${domain}`;
}

/**
 * Where Cruise Control (and its metrics reporter's consumer) bootstraps: the headless Service's
 * name, which resolves to every ready broker, so it does not change when brokers come and go
 * (adobe/koperator pkg/resources/cruisecontrol/configmap.go bootstraps from the cluster's Service
 * too). Without a headless Service, every broker's own Service.
 */
export function cruiseControlBootstrapServers(clusterName: string, namespace: string, spec: KafkaClusterSpec): string[] | undefined {
  const inner = spec.listenersConfig.internalListeners.find((l) => l.usedForInnerBrokerCommunication === true);
  if (!inner) return undefined;
  if (!spec.headlessServiceEnabled) return internalBootstrapServers(clusterName, namespace, spec);
  return [`${clusterName}-headless.${namespace}.svc.${spec.kubernetesClusterDomain ?? 'cluster.local'}:${inner.containerPort}`];
}

/** host:port of every broker on the listener brokers talk to each other on: where Kafka's Admin API is reached. */
export function internalBootstrapServers(clusterName: string, namespace: string, spec: KafkaClusterSpec): string[] | undefined {
  const inner = spec.listenersConfig.internalListeners.find((l) => l.usedForInnerBrokerCommunication === true);
  if (!inner) return undefined;
  return spec.brokers.map((b) => `${brokerHost(clusterName, namespace, spec, b.id)}:${inner.containerPort}`);
}

export function controllerListener(spec: KafkaClusterSpec): InternalListener | undefined {
  return spec.listenersConfig.internalListeners.find((l) => l.usedForControllerCommunication === true);
}

function parse(text: string | undefined, source: ConfigSource, into: Map<string, ConfigValue>): void {
  if (text === undefined) return;
  for (const [key, value] of Object.entries(getProperties(text))) into.set(key, { value, source });
}

/**
 * Renders one KRaft broker's configuration. User entries merge in precedence order (cluster
 * readOnlyConfig, group config, the broker's own config, the broker's readOnlyConfig); then
 * the operator's own keys replace any user value, because the cluster only works with them.
 */
export function renderBrokerConfig(input: BrokerRenderInput): RenderedBrokerConfig {
  const { spec, broker } = input;
  const effective = effectiveBrokerConfig(spec, broker);
  const group = broker.brokerConfigGroup !== undefined ? spec.brokerConfigGroups?.[broker.brokerConfigGroup] : undefined;
  const user = new Map<string, ConfigValue>();
  parse(spec.readOnlyConfig, 'CLUSTER', user);
  parse(group?.config, 'GROUP', user);
  parse(broker.brokerConfig?.config, 'BROKER', user);
  parse(broker.readOnlyConfig, 'BROKER', user);

  const generated = operatorEntries(input, effective.storageConfigs ?? []);
  const overridden = [...generated.keys()].filter((key) => user.has(key) && user.get(key)?.value !== generated.get(key)).sort();

  const staticEntries = new Map<string, ConfigValue>();
  const dynamicEntries = new Map<string, ConfigValue>();
  for (const [key, value] of user) {
    if (generated.has(key)) continue;
    (input.isPerBrokerDynamic(key) && !isSaslListenerStartupKey(key) ? dynamicEntries : staticEntries).set(key, value);
  }
  for (const [key, value] of generated) staticEntries.set(key, { value, source: 'OPERATOR' });
  // What a SASL listener needs and the user left out; a user value always wins here.
  const userValues = new Map([...user].map(([key, { value }]) => [key, value]));
  for (const listener of saslListenerNames(spec).filter((name) => servedListeners(spec, broker).includes(name))) {
    for (const [key, value] of saslListenerEntries(listener, userValues)) if (!generated.has(key)) staticEntries.set(key, { value, source: 'OPERATOR' });
  }

  const sortedStatic = new Map([...staticEntries].sort(([a], [b]) => a.localeCompare(b)));
  const text = [...sortedStatic].map(([key, { value }]) => `${escapeKey(key)}=${escapeValue(value)}`).join('\n') + '\n';
  return { staticEntries: sortedStatic, dynamicEntries, overridden, text };
}

/** The names (upper case) of the listeners a node serves: the controller listener on controllers, the others on brokers. */
function servedListeners(spec: KafkaClusterSpec, broker: Broker): string[] {
  const roles = rolesOf(spec, broker);
  const controller = controllerListener(spec);
  return [...spec.listenersConfig.internalListeners, ...(spec.listenersConfig.externalListeners ?? [])]
    .filter((l) => (l === controller ? roles.includes('controller') : roles.includes('broker')))
    .map((l) => l.name.toUpperCase());
}

function operatorEntries(input: BrokerRenderInput, storage: Array<{ mountPath: string }>): Map<string, string> {
  const { spec, broker, clusterName, namespace } = input;
  const roles = rolesOf(spec, broker);
  const isBroker = roles.includes('broker');
  const isController = roles.includes('controller');
  const controller = controllerListener(spec);
  if (controller === undefined) {
    throw new BrokerConfigError('NO_CONTROLLER_LISTENER', 'KRaft needs an internal listener with usedForControllerCommunication: true');
  }
  const controllerName = controller.name.toUpperCase();
  const voters = controllerNodes(spec);
  if (voters.length === 0) throw new BrokerConfigError('NO_CONTROLLER', 'KRaft needs at least one broker with the controller process role');
  if (isBroker && storage.length === 0) {
    throw new BrokerConfigError('NO_STORAGE', `broker ${broker.id} has no storageConfigs, so Kafka would have no log dir`);
  }

  const listeners = [...spec.listenersConfig.internalListeners, ...(spec.listenersConfig.externalListeners ?? [])];
  const served = listeners.filter((l) => (l === controller ? isController : isBroker));
  const host = brokerHost(clusterName, namespace, spec, broker.id);
  const entries = new Map<string, string>([
    ['node.id', String(broker.id)],
    ['process.roles', roles.join(',')],
    ['controller.listener.names', controllerName],
    ['controller.quorum.bootstrap.servers', voters.map((v) => `${brokerHost(clusterName, namespace, spec, v.id)}:${controller.containerPort}`).join(',')],
    ['listeners', served.map((l) => `${l.name.toUpperCase()}://:${l.containerPort}`).join(',')],
    [
      'advertised.listeners',
      served
        .flatMap((l) => {
          if (spec.listenersConfig.internalListeners.includes(l)) return [`${l.name.toUpperCase()}://${host}:${l.containerPort}`];
          const endpoint = input.externalEndpoints?.get(l.name);
          return endpoint === undefined ? [] : [`${l.name.toUpperCase()}://${formatEndpoint(endpoint)}`];
        })
        .join(','),
    ],
    ['listener.security.protocol.map', listeners.map((l) => `${l.name.toUpperCase()}:${l.type.toUpperCase()}`).join(',')],
  ]);
  const tls = tlsListeners(spec, { clusterName, brokerId: broker.id });
  // Kafka's client side of a listener's channel uses that listener's listener.name.<l>.ssl.* settings
  // (apache/kafka ChannelBuilders.clientChannelBuilder with the listener name): every node connects
  // to the controller listener, so a broker that does not serve it still gets its keystore and truststore.
  for (const listener of tls.filter((l) => l.name === controllerName || served.some((s) => s.name.toUpperCase() === l.name))) {
    for (const [key, value] of tlsListenerEntries(listener)) entries.set(key, value);
  }
  if (isBroker) {
    const inner = spec.listenersConfig.internalListeners.find((l) => l.usedForInnerBrokerCommunication === true);
    if (inner) {
      entries.set('inter.broker.listener.name', inner.name.toUpperCase());
      entries.set('cruise.control.metrics.reporter.bootstrap.servers', `${host}:${inner.containerPort}`);
      const innerTls = tls.find((l) => l.name === inner.name.toUpperCase());
      if (innerTls !== undefined) for (const [key, value] of metricsReporterTlsEntries(innerTls)) entries.set(key, value);
      if (inner.type === 'sasl_plaintext' || inner.type === 'sasl_ssl')
        for (const [key, value] of interBrokerSaslEntries(inner.name, inner.type.toUpperCase())) entries.set(key, value);
    }
    entries.set('log.dirs', storage.map((s) => `${s.mountPath.replace(/\/+$/, '')}/kafka`).join(','));
    entries.set('metric.reporters', CRUISE_CONTROL_REPORTER);
  } else if (storage.length > 0) {
    entries.set('log.dirs', storage.map((s) => `${s.mountPath.replace(/\/+$/, '')}/kafka`).join(','));
  }
  // A controller's metadata log is pinned: its voter's directory id lives there, and Kafka's
  // default (the first of log.dirs) would move when a disk is added before the others.
  const logDirs = entries.get('log.dirs');
  if (isController && logDirs !== undefined) {
    entries.set('metadata.log.dir', input.metadataLogDir ?? logDirs.split(',')[0] ?? '');
  }
  if (input.rack !== undefined) entries.set('broker.rack', input.rack);
  return entries;
}
