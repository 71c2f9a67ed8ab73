import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { Admin, kGetApi, kGetBootstrapConnection, kGetConnection, type API, type Connection } from '@platformatic/kafka';

/** How to reach one Kafka cluster: its internal listener, with TLS or SASL when the listener uses them. */
export interface KafkaClusterEndpoint {
  /** How errors and logs name the cluster: "namespace/name". */
  readonly cluster: string;
  /** "host:port" of one or more brokers on the internal listener. */
  readonly bootstrapServers: readonly string[];
  /** Set for SSL / SASL_SSL listeners; `ca`, `cert` and `key` in PEM. */
  readonly tls?: {
    readonly ca?: string;
    readonly cert?: string;
    readonly key?: string;
    readonly serverName?: string;
    readonly rejectUnauthorized?: boolean;
  };
  /** Set for SASL_PLAINTEXT / SASL_SSL listeners. */
  readonly sasl?: {
    readonly mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
    readonly username: string;
    readonly password: string;
  };
}

export interface KafkaAdminTimeouts {
  /** TCP (and TLS/SASL) connection setup. Default 5 s. */
  readonly connectTimeoutMs: number;
  /** One request's wait for its response. Default 10 s. */
  readonly requestTimeoutMs: number;
}

/**
 * One cluster's admin connection: the library's Admin keeps a pool of connections (one per
 * broker, opened on first use, negotiated through ApiVersions) that every call reuses.
 * Retries are ours (retry.ts): the library's own are turned off so a call fails once.
 */
export class ClusterConnection {
  readonly admin: Admin;

  constructor(
    readonly endpoint: KafkaClusterEndpoint,
    timeouts: KafkaAdminTimeouts,
    clientId: string,
  ) {
    const tls: TlsOptions | undefined = endpoint.tls
      ? {
          ca: endpoint.tls.ca,
          cert: endpoint.tls.cert,
          key: endpoint.tls.key,
          servername: endpoint.tls.serverName,
          rejectUnauthorized: endpoint.tls.rejectUnauthorized ?? true,
        }
      : undefined;
    this.admin = new Admin({
      clientId,
      bootstrapBrokers: [...endpoint.bootstrapServers],
      connectTimeout: timeouts.connectTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      timeout: timeouts.requestTimeoutMs,
      retries: 0,
      ...(tls ? { tls } : {}),
      ...(endpoint.sasl ? { sasl: { ...endpoint.sasl } } : {}),
    });
  }

  /** A connection to one broker by id, from fresh metadata; undefined if the cluster has no such broker. */
  async brokerConnection(brokerId: number): Promise<Connection | undefined> {
    const metadata = await this.admin.metadata({ topics: [], forceUpdate: true });
    const broker = metadata.brokers.get(brokerId);
    if (!broker) return undefined;
    return new Promise((resolve, reject) => {
      this.admin[kGetConnection](broker, (error, connection) => (error ? reject(error) : resolve(connection)));
    });
  }

  /** A connection to any reachable broker, trying the bootstrap servers in turn. */
  anyConnection(): Promise<Connection | undefined> {
    return new Promise((resolve, reject) => {
      this.admin[kGetBootstrapConnection]((error, connection) => (error ? reject(error) : resolve(connection)));
    });
  }

  /**
   * Sends one request of a named API at the highest version both the library and the broker
   * support (the library negotiates it from the broker's ApiVersions answer).
   */
  async send<Args extends unknown[], Response>(connection: Connection, apiName: string, ...args: Args): Promise<Response> {
    const api = await new Promise<API<Args, Response>>((resolve, reject) => {
      this.admin[kGetApi]<Args, Response>(apiName, (error, found) => (error || !found ? reject(error ?? new Error(`no ${apiName} API`)) : resolve(found)));
    });
    return api.async(connection, ...args);
  }

  /**
   * Sends a request of an API the library lacks (raftVoterApis.ts), at the highest version both
   * `implemented` and the broker's ApiVersions answer serve; undefined when they share none.
   */
  async sendOwn<Args extends unknown[], Response>(
    connection: Connection,
    apiKey: number,
    implemented: ReadonlyMap<number, API<Args, Response>>,
    ...args: Args
  ): Promise<Response | undefined> {
    const served = (await this.admin.listApis()).find((a) => a.apiKey === apiKey);
    const version = [...implemented.keys()].sort((a, b) => b - a).find((v) => served !== undefined && v >= served.minVersion && v <= served.maxVersion);
    const api = version === undefined ? undefined : implemented.get(version);
    return api === undefined ? undefined : api.async(connection, ...args);
  }

  close(): Promise<void> {
    return this.admin.close();
  }
}
