import type { KafkaBootstrapResolver } from '../domain/addresses.js';
import { adminListenerUsesTls, clientCertificateSecretName } from '../domain/clientCertificate.js';
import { interBrokerCa } from '../domain/interBrokerCa.js';
import type { ClusterKey } from '../domain/labels.js';
import { internalBootstrapServers } from '../domain/serverProperties.js';
import { adminListenerUsesSasl, INTER_BROKER_SASL_MECHANISM, SCRAM_USERS, scramSecretName } from '../domain/scramUsers.js';
import type { KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';
import type { KafkaAdminClient, KafkaAdminOptions } from './adminClient.js';
import { KafkaAdminPool } from './adminPool.js';
import type { KafkaClusterEndpoint } from './connection.js';

/**
 * Short bounds: a reconcile pass or a query must not wait long on a Kafka that does not answer;
 * callers bound each call further with their own signal, and the next pass or query asks again.
 */
const ADMIN_OPTIONS: Partial<KafkaAdminOptions> = { connectTimeoutMs: 2_000, requestTimeoutMs: 5_000, operationTimeoutMs: 8_000, retries: 1 };

/** Reads a client certificate (PEM `cert`, `key`, `ca`) from the Secret of that name in the cluster's namespace. */
export type ClientCertificateSource = (cluster: ClusterKey, secretName: string, signal?: AbortSignal) => Promise<{ cert: string; key: string; ca: string }>;

/** Reads one key of a Secret in the cluster's namespace: a password of kafkaplane's SCRAM users, or a CA certificate. */
export type SecretKeySource = (cluster: ClusterKey, secretName: string, key: string, signal?: AbortSignal) => Promise<string>;

/** The process's Kafka admin clients, one per cluster, found at its brokers' bootstrap addresses. */
export class KafkaClusterAdmins {
  readonly pool = new KafkaAdminPool(ADMIN_OPTIONS);

  /**
   * `bootstrap` replaces the addresses read from the spec (the embedded sandbox's, in tests and
   * `npm start`); `clientCertificate` reads the client certificate of an ssl inter-broker listener,
   * `secretKey` reads the password of kafkaplane's admin user on a SASL one, and the CA of a sasl_ssl
   * one from its Secret's key.
   */
  constructor(
    private readonly override?: KafkaBootstrapResolver,
    private readonly clientCertificate?: ClientCertificateSource,
    private readonly secretKey?: SecretKeySource,
  ) {}

  /** Where the cluster's brokers are reached: the override's answer, else their Services on the internal listener. */
  bootstrap(cluster: ClusterKey, spec: KafkaClusterSpec | undefined): string[] | undefined {
    if (this.override !== undefined) return this.override(cluster);
    return spec !== undefined ? internalBootstrapServers(cluster.name, cluster.namespace, spec) : undefined;
  }

  /** The cluster's admin client, or undefined when no address is known. */
  async of(cluster: ClusterKey, spec: KafkaClusterSpec | undefined, signal?: AbortSignal): Promise<KafkaAdminClient | undefined> {
    const bootstrap = this.bootstrap(cluster, spec);
    if (bootstrap === undefined || bootstrap.length === 0) return undefined;
    const tls = spec !== undefined ? await this.tls(cluster, spec, signal) : undefined;
    const sasl = spec !== undefined ? await this.sasl(cluster, spec, signal) : undefined;
    return this.pool.get({
      cluster: `${cluster.namespace}/${cluster.name}`,
      bootstrapServers: bootstrap,
      ...(tls !== undefined ? { tls } : {}),
      ...(sasl !== undefined ? { sasl } : {}),
    });
  }

  /**
   * SCRAM-SHA-512 as kafkaplane's admin user on a SASL inter-broker listener, its password read
   * from the Secret the operator keeps. Without a readable password the client still speaks SASL,
   * with an empty one: Kafka refuses it, so Kafka reads as unreachable and what waits on it waits.
   */
  private async sasl(cluster: ClusterKey, spec: KafkaClusterSpec, signal: AbortSignal | undefined): Promise<KafkaClusterEndpoint['sasl']> {
    if (!adminListenerUsesSasl(spec)) return undefined;
    const user = SCRAM_USERS.admin;
    let password = '';
    try {
      if (this.secretKey !== undefined) password = await this.secretKey(cluster, scramSecretName(cluster), user.passwordKey, signal);
    } catch {
      password = '';
    }
    return { mechanism: INTER_BROKER_SASL_MECHANISM, username: user.username, password };
  }

  /**
   * TLS on an ssl inter-broker listener: the client certificate and the CA of its Secret, the
   * broker's host verified against its certificate (Node's default, as Kafka's https
   * endpoint identification). Without a readable Secret the client still speaks TLS, with no
   * certificate and no CA of the cluster: every handshake fails, so Kafka reads as unreachable
   * and whatever waits on it (restarts, drains) waits, rather than going ahead unasked.
   */
  private async tls(cluster: ClusterKey, spec: KafkaClusterSpec, signal: AbortSignal | undefined): Promise<KafkaClusterEndpoint['tls']> {
    const trusted = interBrokerCa(cluster, spec);
    if (trusted !== undefined) return this.trustOnly(cluster, trusted.secretName, trusted.key, signal);
    if (!adminListenerUsesTls(spec)) return undefined;
    const secret = clientCertificateSecretName(cluster, spec);
    if (secret === undefined || this.clientCertificate === undefined) return { rejectUnauthorized: true };
    try {
      const { cert, key, ca } = await this.clientCertificate(cluster, secret, signal);
      return { cert, key, ca, rejectUnauthorized: true };
    } catch {
      return { rejectUnauthorized: true };
    }
  }

  /**
   * TLS on a sasl_ssl inter-broker listener: no client certificate (the listener asks for none,
   * KIP-684; SCRAM is the login), the brokers' certificates checked against the listener's CA and
   * their host verified. Without a readable CA every handshake fails, as above.
   */
  private async trustOnly(cluster: ClusterKey, secret: string, key: string, signal: AbortSignal | undefined): Promise<KafkaClusterEndpoint['tls']> {
    if (this.secretKey === undefined) return { rejectUnauthorized: true };
    try {
      return { ca: await this.secretKey(cluster, secret, key, signal), rejectUnauthorized: true };
    } catch {
      return { rejectUnauthorized: true };
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
