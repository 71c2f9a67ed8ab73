import type { KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';
import type { ClusterKey } from './labels.js';
import { adminListener } from './clientCertificate.js';

/**
 * The SCRAM users kafkaplane keeps for a cluster whose inter-broker listener is SASL
 * (sasl_plaintext or sasl_ssl): the brokers' own user, kafkaplane's admin user and Cruise
 * Control's user. Their passwords are generated once into a Secret the KafkaCluster owns; Kafka
 * holds only their salted SCRAM-SHA-512 credentials (KIP-554), first written by the storage
 * format of a new cluster (`kafka-storage.sh format --add-scram`, KIP-900) so that brokers can
 * authenticate to each other before any Admin call is possible.
 */

/** Where a broker Pod mounts that Secret, read-only. */
export const SCRAM_SECRET_DIR = '/var/run/secrets/kafkaplane/scram';

/** Kafka's provider of `${dir:<dir>:<file>}` references, registered as `dir` where the passwords are read. */
export const DIRECTORY_CONFIG_PROVIDER = 'org.apache.kafka.common.config.provider.DirectoryConfigProvider';

/** The one mechanism these users authenticate with. */
export const INTER_BROKER_SASL_MECHANISM = 'SCRAM-SHA-512';

/** The Secret holding the three passwords (one key each). */
export const scramSecretName = (cluster: Pick<ClusterKey, 'name'>): string => `${cluster.name}-kafkaplane-scram`;

export interface ScramUser {
  readonly username: string;
  /** The key of its password in the Secret. */
  readonly passwordKey: string;
  /** The environment variable the storage format reads the password from (valueFrom the Secret). */
  readonly env: string;
}

export const SCRAM_USERS = {
  interBroker: { username: 'kafkaplane-inter-broker', passwordKey: 'inter-broker-password', env: 'SCRAM_INTER_BROKER_PASSWORD' },
  admin: { username: 'kafkaplane-admin', passwordKey: 'admin-password', env: 'SCRAM_ADMIN_PASSWORD' },
  cruiseControl: { username: 'kafkaplane-cruise-control', passwordKey: 'cruise-control-password', env: 'SCRAM_CRUISE_CONTROL_PASSWORD' },
} as const satisfies Record<string, ScramUser>;

export const ALL_SCRAM_USERS: readonly ScramUser[] = Object.values(SCRAM_USERS);

/** Whether the inter-broker listener (the one kafkaplane and Cruise Control use too) authenticates with SASL. */
export function adminListenerUsesSasl(spec: KafkaClusterSpec): boolean {
  const type = adminListener(spec)?.type;
  return type === 'sasl_plaintext' || type === 'sasl_ssl';
}

/**
 * The client JAAS entry of a SCRAM user whose password Kafka's DirectoryConfigProvider reads from
 * the Secret mounted at `dir` (provider `dir`): the ConfigMap holds the reference, never the password.
 */
export function scramClientJaas(user: ScramUser, dir: string): string {
  return `org.apache.kafka.common.security.scram.ScramLoginModule required username="${user.username}" password="\${dir:${dir}:${user.passwordKey}}";`;
}

/**
 * What a broker needs in server.properties to connect to the other brokers over a SASL
 * inter-broker listener as the inter-broker user (apache/kafka docs, "Configuring Kafka Brokers"
 * for SASL/SCRAM): the mechanism, and the listener's SCRAM JAAS entry with its username and
 * password, which serves as the listener's server entry too. The metrics reporter produces over the
 * same listener as the same user (`cruise.control.metrics.reporter.` + client settings).
 */
export function interBrokerSaslEntries(listener: string, securityProtocol: string): Array<[string, string]> {
  const jaas = scramClientJaas(SCRAM_USERS.interBroker, SCRAM_SECRET_DIR);
  return [
    ['config.providers', 'dir'],
    ['config.providers.dir.class', DIRECTORY_CONFIG_PROVIDER],
    ['sasl.mechanism.inter.broker.protocol', INTER_BROKER_SASL_MECHANISM],
    [`listener.name.${listener.toLowerCase()}.sasl.enabled.mechanisms`, INTER_BROKER_SASL_MECHANISM],
    [`listener.name.${listener.toLowerCase()}.${INTER_BROKER_SASL_MECHANISM.toLowerCase()}.sasl.jaas.config`, jaas],
    ['cruise.control.metrics.reporter.security.protocol', securityProtocol],
    ['cruise.control.metrics.reporter.sasl.mechanism', INTER_BROKER_SASL_MECHANISM],
    ['cruise.control.metrics.reporter.sasl.jaas.config', jaas],
  ];
}
