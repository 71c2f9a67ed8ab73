/**
 * Cruise Control's `cruisecontrol.properties` as the operator deploys it: Koperator's defaults
 * (adobe/koperator config/samples/banzaicloud_v1beta1_kafkacluster.yaml, cruiseControlConfig.config),
 * the user's `cruiseControlConfig.config` merged over them, and the keys the operator owns set last
 * (adobe/koperator pkg/resources/cruisecontrol/configmap.go sets them the same way).
 */
import { getProperties } from 'properties-file';
import { CREDENTIALS_KEYS } from '../../domain/cruiseControlAccess.js';
import { DIRECTORY_CONFIG_PROVIDER, INTER_BROKER_SASL_MECHANISM, SCRAM_USERS, scramClientJaas } from '../../domain/scramUsers.js';
import { ENV_CONFIG_PROVIDER, webserverTlsProperties } from './webserverTls.js';

/** Where the Pod mounts the ConfigMap; Cruise Control runs from the directory above it. */
export const CONFIG_DIR = '/opt/cruise-control/config';
const WORKING_DIR = '/opt/cruise-control';
export const CRUISE_CONTROL_PORT = 8090;
/** Where the Pod mounts the credentials Secret, read-only, when the KafkaCluster names one. */
export const CREDENTIALS_DIR = '/opt/cruise-control/auth';
/** Cruise Control's default provider (WebServerConfig): HTTP Basic over Jetty's HashLoginService. */
export const BASIC_SECURITY_PROVIDER = 'com.linkedin.kafka.cruisecontrol.servlet.security.BasicSecurityProvider';
export const METRICS_TOPIC = '__CruiseControlMetrics';
/** Where the Pod mounts the client certificate Secret (domain/clientCertificate.ts), read-only, on an ssl inter-broker listener. */
export const CLIENT_CERTIFICATE_DIR = '/var/run/secrets/kafka/client';
/** The PEM keystore an init container makes of that Secret (key, then certificate), on a memory volume. */
export const CLIENT_KEYSTORE_DIR = '/var/run/kafka/client-keystore';
export const CLIENT_KEYSTORE_FILE = `${CLIENT_KEYSTORE_DIR}/keystore.pem`;

/**
 * Cruise Control's own Kafka clients (metadata, sample store, admin) on an ssl inter-broker
 * listener: SSL with the client certificate's PEM keystore and the Secret's ca.crt as truststore,
 * paths only (Koperator's `pkg/resources/cruisecontrol/configmap.go` sets security.protocol and the
 * ssl stores the same way, from JKS files). Hostname verification stays Kafka's default (https).
 */
function kafkaClientTlsProperties(): Array<[string, string]> {
  return [
    ['security.protocol', 'SSL'],
    ['ssl.keystore.type', 'PEM'],
    ['ssl.keystore.location', CLIENT_KEYSTORE_FILE],
    ['ssl.truststore.type', 'PEM'],
    ['ssl.truststore.location', `${CLIENT_CERTIFICATE_DIR}/ca.crt`],
  ];
}

/** Where the Pod mounts the Secret of kafkaplane's SCRAM users, read-only, on a SASL inter-broker listener. */
export const SCRAM_DIR = '/var/run/secrets/kafkaplane/scram';

/** Where the Pod mounts the CA of a sasl_ssl inter-broker listener (domain/interBrokerCa.ts), read-only: that one key of its Secret. */
export const TRUSTSTORE_DIR = '/var/run/secrets/kafka/truststore';
export const TRUSTSTORE_FILE = `${TRUSTSTORE_DIR}/ca.crt`;

/**
 * Cruise Control's own Kafka clients on a SASL inter-broker listener: SCRAM-SHA-512 as
 * Cruise Control's user (domain/scramUsers.ts), its password a `${dir:…}` reference that Kafka's
 * DirectoryConfigProvider resolves from the mounted Secret as Cruise Control reads its configuration,
 * so the ConfigMap holds none. The env provider readConfig registers is kept (webserverTls.ts).
 * On sasl_ssl (`tls`), SASL_SSL with the listener's CA as a PEM truststore and no keystore: such a
 * listener asks for no client certificate (KIP-684); hostname verification stays Kafka's default (https).
 */
function kafkaClientSaslProperties(tls: boolean): Array<[string, string]> {
  return [
    ['config.providers', 'env,dir'],
    ['config.providers.env.class', ENV_CONFIG_PROVIDER],
    ['config.providers.dir.class', DIRECTORY_CONFIG_PROVIDER],
    ['security.protocol', tls ? 'SASL_SSL' : 'SASL_PLAINTEXT'],
    ['sasl.mechanism', INTER_BROKER_SASL_MECHANISM],
    ['sasl.jaas.config', scramClientJaas(SCRAM_USERS.cruiseControl, SCRAM_DIR)],
    ...(tls
      ? ([
          ['ssl.truststore.type', 'PEM'],
          ['ssl.truststore.location', TRUSTSTORE_FILE],
        ] as Array<[string, string]>)
      : []),
  ];
}

const GOALS = 'com.linkedin.kafka.cruisecontrol.analyzer.goals';
const HARD_GOALS = ['ReplicaCapacityGoal', 'DiskCapacityGoal', 'NetworkInboundCapacityGoal', 'NetworkOutboundCapacityGoal', 'CpuCapacityGoal'];
const DEFAULT_GOALS = [
  ...HARD_GOALS,
  'ReplicaDistributionGoal',
  'PotentialNwOutGoal',
  'DiskUsageDistributionGoal',
  'NetworkInboundUsageDistributionGoal',
  'NetworkOutboundUsageDistributionGoal',
  'CpuUsageDistributionGoal',
  'TopicReplicaDistributionGoal',
  'LeaderBytesInDistributionGoal',
];
const goals = (names: readonly string[]): string => names.map((n) => `${GOALS}.${n}`).join(',');

/** Koperator's sample defaults, less what only ZooKeeper mode or its UI uses. */
export const DEFAULT_PROPERTIES: ReadonlyMap<string, string> = new Map([
  ['num.metric.fetchers', '1'],
  ['metric.sampler.class', 'com.linkedin.kafka.cruisecontrol.monitor.sampling.CruiseControlMetricsReporterSampler'],
  ['metric.reporter.topic', METRICS_TOPIC],
  ['sample.store.class', 'com.linkedin.kafka.cruisecontrol.monitor.sampling.KafkaSampleStore'],
  ['partition.metric.sample.store.topic', '__KafkaCruiseControlPartitionMetricSamples'],
  ['broker.metric.sample.store.topic', '__KafkaCruiseControlModelTrainingSamples'],
  ['sample.store.topic.replication.factor', '2'],
  ['num.sample.loading.threads', '8'],
  ['metric.sampler.partition.assignor.class', 'com.linkedin.kafka.cruisecontrol.monitor.sampling.DefaultMetricSamplerPartitionAssignor'],
  ['metric.sampling.interval.ms', '120000'],
  ['partition.metrics.window.ms', '300000'],
  ['num.partition.metrics.windows', '1'],
  ['min.samples.per.partition.metrics.window', '1'],
  ['broker.metrics.window.ms', '300000'],
  ['num.broker.metrics.windows', '20'],
  ['min.samples.per.broker.metrics.window', '1'],
  ['default.goals', goals(DEFAULT_GOALS)],
  [
    'goals',
    `${goals(DEFAULT_GOALS)},com.linkedin.kafka.cruisecontrol.analyzer.kafkaassigner.KafkaAssignerDiskUsageDistributionGoal,${GOALS}.PreferredLeaderElectionGoal`,
  ],
  ['hard.goals', goals(HARD_GOALS)],
  ['anomaly.detection.goals', goals(HARD_GOALS)],
  ['min.valid.partition.ratio', '0.95'],
  ['cpu.balance.threshold', '1.1'],
  ['disk.balance.threshold', '1.1'],
  ['network.inbound.balance.threshold', '1.1'],
  ['network.outbound.balance.threshold', '1.1'],
  ['replica.count.balance.threshold', '1.1'],
  ['cpu.capacity.threshold', '0.8'],
  ['disk.capacity.threshold', '0.8'],
  ['network.inbound.capacity.threshold', '0.8'],
  ['network.outbound.capacity.threshold', '0.8'],
  ['proposal.expiration.ms', '60000'],
  ['max.replicas.per.broker', '10000'],
  ['num.proposal.precompute.threads', '1'],
  ['num.concurrent.partition.movements.per.broker', '10'],
  ['execution.progress.check.interval.ms', '10000'],
  ['anomaly.notifier.class', 'com.linkedin.kafka.cruisecontrol.detector.notifier.SelfHealingNotifier'],
  ['metric.anomaly.finder.class', 'com.linkedin.kafka.cruisecontrol.detector.KafkaMetricAnomalyFinder'],
  ['anomaly.detection.interval.ms', '10000'],
  ['completed.user.task.retention.time.ms', '21600000'],
  ['max.cached.completed.user.tasks', '100'],
  ['max.active.user.tasks', '25'],
  ['webserver.http.address', '0.0.0.0'],
  ['webserver.request.maxBlockTimeMs', '10000'],
  ['webserver.session.maxExpiryTimeMs', '60000'],
  // KRaft: topic configs and broker failures come from Kafka's Admin API, not ZooKeeper
  // (adobe/koperator pkg/util/kafka/const.go, set by configmap.go in KRaft mode).
  ['topic.config.provider.class', 'com.linkedin.kafka.cruisecontrol.config.KafkaAdminTopicConfigProvider'],
  ['kafka.broker.failure.detection.enable', 'true'],
]);

/** What secures Cruise Control: its web server, and how its Kafka clients reach the brokers. */
export interface CruiseControlSecurity {
  /** A credentials Secret: the web server checks kafkaplane's credentials against the file the Pod mounts from it. */
  basicAuth: boolean;
  /** A TLS Secret: the web server's HTTPS from the keystore the Pod mounts. */
  https: boolean;
  /**
   * The inter-broker listener's security: on ssl, the Kafka clients' SSL with the client certificate
   * the Pod mounts; on a SASL one, their SCRAM login as Cruise Control's user, over TLS on sasl_ssl.
   */
  kafka: 'plaintext' | 'ssl' | 'sasl_plaintext' | 'sasl_ssl';
}

const OPEN: CruiseControlSecurity = { basicAuth: false, https: false, kafka: 'plaintext' };

/** The keys the operator sets; the Deployment, the Service and the product depend on their values. */
export function ownedProperties(bootstrapServers: string, security: CruiseControlSecurity = OPEN): ReadonlyMap<string, string> {
  const { basicAuth, https, kafka } = security;
  return new Map([
    ['bootstrap.servers', bootstrapServers],
    ['capacity.config.file', `${CONFIG_DIR}/capacity.json`],
    ['cluster.configs.file', `${CONFIG_DIR}/clusterConfigs.json`],
    ['webserver.http.port', String(CRUISE_CONTROL_PORT)],
    ['webserver.api.urlprefix', '/kafkacruisecontrol/*'],
    ...(basicAuth
      ? [
          ['webserver.security.enable', 'true'],
          ['webserver.security.provider', BASIC_SECURITY_PROVIDER],
          ['webserver.auth.credentials.file', `${CREDENTIALS_DIR}/${CREDENTIALS_KEYS.file}`],
        ]
      : []),
    ...(https ? webserverTlsProperties() : []),
    ...(kafka === 'ssl' ? kafkaClientTlsProperties() : []),
    ...(kafka === 'sasl_plaintext' || kafka === 'sasl_ssl' ? kafkaClientSaslProperties(kafka === 'sasl_ssl') : []),
  ] as Array<[string, string]>);
}

/** A user entry that would change an owned key: it is not applied (the operator's value stays). */
export interface OverriddenKey {
  key: string;
  value: string;
  owned: string;
}

export interface RenderedProperties {
  text: string;
  overridden: OverriddenKey[];
}

/**
 * Defaults, then the user's entries, then the owned keys. A user value of an owned key that
 * means the same (a path relative to Cruise Control's working directory, as Koperator's own
 * samples write `config/capacity.json`) is not a conflict; any other is reported.
 */
export function renderProperties(userConfig: string | undefined, bootstrapServers: string, security: CruiseControlSecurity = OPEN): RenderedProperties {
  const user = getProperties(userConfig ?? '');
  const owned = ownedProperties(bootstrapServers, security);
  const merged = new Map(DEFAULT_PROPERTIES);
  for (const [key, value] of Object.entries(user)) merged.set(key, value);
  const overridden: OverriddenKey[] = [];
  for (const [key, value] of owned) {
    const asked = user[key];
    if (asked !== undefined && !sameValue(key, asked, value)) overridden.push({ key, value: asked, owned: value });
    merged.set(key, value);
  }
  const text = [...merged.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  return { text: `${text}\n`, overridden };
}

function sameValue(key: string, asked: string, owned: string): boolean {
  const value = asked.trim();
  if (key.endsWith('.file') && !value.startsWith('/')) return `${WORKING_DIR}/${value.replace(/^\.\//, '')}` === owned;
  return value === owned;
}
