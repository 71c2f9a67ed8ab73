import 'reflect-metadata';
import type { Config } from './config.js';
import { guardSchema } from './auth/guard.js';
import { authMode } from './auth/mode.js';
import { SubjectAccessReviewer, TokenReviewAuthenticator } from './auth/reviews.js';
import { CruiseControlClients } from './cruisecontrol/index.js';
import { koperatorCruiseControlUrl } from './domain/addresses.js';
import { createServerMetrics } from './http/metrics.js';
import { kubernetesCallers, openCallers, type Callers } from './http/callers.js';
import { startHttpServer, startSideServer, type RunningHttpServer } from './http/server.js';
import { installClusterDns } from './k8s/clusterDns.js';
import { resolveKubernetesConnection, type KubernetesConnection } from './k8s/connection.js';
import { SecretCredentialsReader } from './k8s/secretCredentials.js';
import { ClientCertificateReader } from './k8s/clientCertificates.js';
import { ScramPasswordReader } from './k8s/scramPasswords.js';
import { KafkaClusterAdmins } from './kafka/clusterAdmins.js';
import type { Logger } from './logging.js';
import { buildAppSchema } from './schema/build.js';
import { VERSION } from './version.js';
import { createAlerting, type AlertTimings } from './wiring/alerting.js';
import { createApiServices } from './wiring/apiServices.js';
import { startOperatorInBackground, type OperatorTimings } from './wiring/backgroundOperator.js';
import { readinessChecks } from './wiring/readiness.js';

/** Requests per second per caller when authentication is on and --rate-limit is not given. */
const DEFAULT_RATE_LIMIT = 50;

export interface RunningServer {
  url: string;
  http: RunningHttpServer;
  stop(): Promise<void>;
}

export interface ServerOverrides {
  /** The connection to use instead of the configured one (main.ts passes the embedded sandbox's). */
  kubernetes?: KubernetesConnection;
  /** Timings of the operator (tests shorten them). */
  operator?: OperatorTimings;
  /** Timings of the alert handler (tests shorten them). */
  alerts?: AlertTimings;
}

/** Wires configuration, Kubernetes, the schema, the operator and the HTTP server together. */
export async function startServer(config: Config, logger: Logger, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const kubernetes = overrides.kubernetes ?? resolveKubernetesConnection(config.kubeconfig);
  logger.info({ mode: kubernetes.mode, apiServerUrl: kubernetes.apiServerUrl, clusterDns: kubernetes.clusterDns?.server }, 'kubernetes connection');
  // Outside the cluster, its Service names resolve only through its DNS (the sandbox's, named in the kubeconfig).
  const uninstallClusterDns = kubernetes.clusterDns ? installClusterDns(kubernetes.clusterDns) : undefined;
  const metrics = createServerMetrics();
  // One client of each Cruise Control and one Kafka admin pool for the whole process.
  // A cluster that names a credentials or TLS Secret has it read when a request goes out.
  const secrets = kubernetes.kubeConfig ? new SecretCredentialsReader(kubernetes.kubeConfig) : undefined;
  const cruiseControl = new CruiseControlClients({
    url: koperatorCruiseControlUrl({ allowOutsideCluster: config.allowExternalCruiseControl }),
    registry: metrics.registry,
    logger,
    credentials: secrets ? (cluster, secret, signal) => secrets.read(cluster, secret, signal) : undefined,
    trustedCa: secrets ? (cluster, secret, signal) => secrets.readTrustedCa(cluster, secret, signal) : undefined,
  });
  // A cluster whose inter-broker listener is ssl has its client certificate read when a client is made.
  const clientCertificates = kubernetes.kubeConfig ? new ClientCertificateReader(kubernetes.kubeConfig) : undefined;
  // Without its certificate the client cannot get past the handshake: say why once per Secret, not every pass.
  const unreadable = new Set<string>();
  const scramPasswords = kubernetes.kubeConfig ? new ScramPasswordReader(kubernetes.kubeConfig) : undefined;
  const kafka = new KafkaClusterAdmins(
    undefined,
    clientCertificates
      ? async (cluster, secret, signal) => {
          const key = `${cluster.namespace}/${secret}`;
          try {
            const certificate = await clientCertificates.read(cluster, secret, signal);
            unreadable.delete(key);
            return certificate;
          } catch (err) {
            if (!unreadable.has(key))
              logger.warn({ cluster: `${cluster.namespace}/${cluster.name}` }, `Kafka cannot be reached over TLS: ${(err as Error).message}`);
            unreadable.add(key);
            throw err;
          }
        }
      : undefined,
    // A cluster whose inter-broker listener is SASL has kafkaplane's admin password read likewise, and on sasl_ssl the listener's CA.
    scramPasswords ? (cluster, secret, key, signal) => scramPasswords.read(cluster, secret, key, signal) : undefined,
  );
  const alerting = createAlerting(config, logger, kubernetes, cruiseControl, overrides.alerts);
  const operator = startOperatorInBackground({
    config,
    logger,
    kubernetes,
    cruiseControl,
    kafka,
    timings: overrides.operator,
    onRunning: (running) => alerting.handler?.attach(running.cache, running.identity),
  });
  const stopBehindHttp = async (): Promise<void> => {
    // Alerts already claimed are decided before the caches they read go away.
    await alerting.handler?.stop();
    await operator?.stop();
    await kafka.close();
    uninstallClusterDns?.();
  };

  let http: RunningHttpServer;
  try {
    const callers = createCallers(config, kubernetes, logger);
    http = await startHttpServer({
      routers: alerting.router ? [alerting.router] : [],
      port: config.port,
      host: config.host,
      schema: guardSchema(await buildAppSchema()),
      callers,
      recheckMs: Math.max(config.authCacheMs, 100),
      ...(config.allowedOrigins ? { allowedOrigins: config.allowedOrigins } : {}),
      rateLimit: config.rateLimit ?? (callers.enforced ? DEFAULT_RATE_LIMIT : 0),
      maxSubscriptions: config.maxSubscriptions,
      logger,
      shutdownTimeoutMs: config.shutdownTimeoutMs,
      maximumQueryCost: config.maxQueryCost,
      introspection: config.introspection,
      metrics,
      context: createApiServices({ kubernetes, logger, cache: () => operator?.running?.cache, cruiseControl, kafka }),
    });
  } catch (err) {
    await stopBehindHttp();
    throw err;
  }
  for (const check of readinessChecks(kubernetes, operator)) http.probes.add(check);
  const alertsServer = alerting.router && config.alertsPort !== undefined ? await startSideServer(alerting.router, config.alertsPort, config.host) : undefined;
  if (alertsServer) logger.info({ port: alertsServer.port }, 'alerts port listening');
  logger.info({ url: `${http.url}/graphql`, port: http.port, version: VERSION }, 'listening');
  return {
    url: http.url,
    http,
    stop: async () => {
      await Promise.all([http.stop(), alertsServer?.stop()]);
      await stopBehindHttp();
    },
  };
}

/** Who may call: every token reviewed by the API server, or anyone (`--auth none`). */
function createCallers(config: Config, kubernetes: KubernetesConnection, logger: Logger): Callers {
  const mode = authMode(config, kubernetes, logger);
  logger.info({ auth: mode }, 'authentication');
  if (mode === 'none' || kubernetes.kubeConfig === undefined) return openCallers();
  const cache = { ttlMs: config.authCacheMs, max: 10_000 };
  return kubernetesCallers(new TokenReviewAuthenticator(kubernetes.kubeConfig, cache), new SubjectAccessReviewer(kubernetes.kubeConfig, cache));
}
