import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { CruiseControlUrlResolver } from '../domain/addresses.js';
import type { CruiseControlTarget } from '../domain/cruiseControlAccess.js';
import type { ClusterKey } from '../domain/labels.js';
import { CruiseControlClient } from './client.js';

/** The user and password in the Secret a cluster names, read when a request goes out; rejects with why it cannot. */
export type CruiseControlCredentialsReader = (
  cluster: ClusterKey,
  secretName: string,
  signal: AbortSignal | undefined,
) => Promise<{ user: string; password: string }>;

/** The PEM CA of the Secret of Cruise Control's HTTPS a cluster names, read when a request goes out; rejects with why it cannot. */
export type CruiseControlTrustReader = (cluster: ClusterKey, secretName: string, signal: AbortSignal | undefined) => Promise<string>;

/**
 * How each part of kafkaplane calls Cruise Control: the bound on one attempt, and how many times
 * a GET that did not reach the server is tried again (POSTs never are).
 */
const USES = {
  /** The API's reads: short and never retried; the next query asks again. */
  read: { timeoutMs: 3_000, retries: 0 },
  /** Dry runs asked for by mutations: computing a proposal takes a while. */
  preview: { timeoutMs: 12_000, retries: 2 },
  /** The operator's tasks: a request may block up to maxBlockTimeMs (10 s) before its 202. */
  operations: { timeoutMs: 30_000, retries: 2 },
  /** Health and replica counts read by a reconcile pass or an alert decision: short; the next pass asks again. */
  check: { timeoutMs: 5_000, retries: 0 },
} as const satisfies Record<string, { timeoutMs: number; retries: number }>;

export type CruiseControlUse = keyof typeof USES;

export interface CruiseControlClientsOptions {
  /** Where the cluster's Cruise Control answers, given the endpoint its spec names; undefined when no address is known. */
  url: CruiseControlUrlResolver;
  /** Where requests are counted (kafkaplane_cruise_control_requests_total). */
  registry?: Registry | undefined;
  logger?: Logger | undefined;
  /** The User-Agent the requests carry (default `kafkaplane`), as Cruise Control logs it. */
  userAgent?: string | undefined;
  /** Reads a cluster's credentials Secret; without it, a cluster that names one cannot be called (CC_CREDENTIALS). */
  credentials?: CruiseControlCredentialsReader | undefined;
  /** Reads the CA of a cluster's TLS Secret; without it, a cluster that names one cannot be called (CC_TLS). */
  trustedCa?: CruiseControlTrustReader | undefined;
}

/** The process's Cruise Control clients: one per address and use, made on first use. */
export class CruiseControlClients {
  readonly #clients = new Map<string, CruiseControlClient>();

  constructor(private readonly options: CruiseControlClientsOptions) {}

  /**
   * The client of the cluster's Cruise Control for `use`, or undefined when no address is known.
   * `target` is what the KafkaCluster says: spec.cruiseControlConfig.cruiseControlEndpoint, and
   * the Secret of the credentials Cruise Control asks for, and the Secret of its HTTPS, whose CA
   * its certificate must verify against (both read again as each request goes out). With a TLS
   * Secret the address is https whatever scheme the endpoint names: nothing goes over plain HTTP.
   */
  of(use: CruiseControlUse, cluster: ClusterKey, target: CruiseControlTarget): CruiseControlClient | undefined {
    const resolved = this.options.url(cluster, target.endpoint);
    if (resolved === undefined) return undefined;
    const { tlsSecret } = target;
    const url = tlsSecret === undefined ? resolved : resolved.replace(/^http:\/\//i, 'https://');
    const secret = target.credentialsSecret;
    const key = [
      use,
      url,
      secret === undefined ? '' : `${cluster.namespace}/${secret}`,
      tlsSecret === undefined ? '' : `${cluster.namespace}/${tlsSecret}`,
    ].join(' ');
    let client = this.#clients.get(key);
    if (client === undefined) {
      const { registry, logger, userAgent, credentials, trustedCa } = this.options;
      const auth =
        secret === undefined
          ? {}
          : {
              auth: async (signal: AbortSignal | undefined) => {
                if (credentials === undefined) throw new Error(`no Kubernetes connection to read the Secret "${secret}" of the credentials`);
                return { basic: await credentials(cluster, secret, signal) };
              },
            };
      const trust =
        tlsSecret === undefined
          ? {}
          : {
              trustedCa: (signal: AbortSignal | undefined) => {
                if (trustedCa === undefined)
                  return Promise.reject(new Error(`no Kubernetes connection to read the Secret "${tlsSecret}" of Cruise Control's TLS`));
                return trustedCa(cluster, tlsSecret, signal);
              },
            };
      client = new CruiseControlClient({
        url,
        ...USES[use],
        ...auth,
        ...trust,
        ...(registry ? { registry } : {}),
        ...(logger ? { logger } : {}),
        ...(userAgent !== undefined ? { userAgent } : {}),
      });
      this.#clients.set(key, client);
    }
    return client;
  }
}
