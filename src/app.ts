import 'reflect-metadata';
import { hasCredentials } from './alerts/auth.js';
import { loadAlertCredentials } from './alerts/credentials.js';
import { alertReceiverRouter, type AlertSink } from './alerts/receiver.js';
import type { Config } from './config.js';
import { startHttpServer, startSideServer, type RunningHttpServer } from './http/server.js';
import { resolveKubernetesConnection, type KubernetesConnection } from './k8s/connection.js';
import { kubernetesReachable } from './k8s/reachability.js';
import type { Logger } from './logging.js';
import { createEventBus } from './events/pubsub.js';
import { createServerMetrics } from './http/metrics.js';
import { isDynamicPerBroker } from './kafka/index.js';
import { CruiseControlClient } from './cruisecontrol/index.js';
import { OperationRequests } from './operator/operations/requests.js';
import { koperatorCruiseControlUrl, type CruiseControlUrlResolver } from './operator/kafkaHealth.js';
import { RequestLiveData, SharedLiveCache } from './readmodel/liveData.js';
import { networkSources } from './readmodel/liveSources.js';
import { ReadModel } from './readmodel/readModel.js';
import { startOperator, type RunningOperator } from './operator/runtime.js';
import { buildAppSchema } from './schema/build.js';
import { VERSION } from './version.js';

export interface RunningServer {
  url: string;
  http: RunningHttpServer;
  stop(): Promise<void>;
}

/** How long Cruise Control's and Kafka's answers are shared between requests, and a bound on each call. */
const LIVE_TTL_MS = 5_000;
const LIVE_TIMEOUT_MS = 3_000;

export interface ServerOverrides {
  /** The connection to use instead of the configured one (main.ts passes the embedded sandbox's). */
  kubernetes?: KubernetesConnection;
  /** Where each cluster's Cruise Control answers, when not at Koperator's Service address. */
  cruiseControlUrl?: CruiseControlUrlResolver;
  /** Bootstrap addresses of each cluster's brokers, when not their Service names. */
  kafkaBootstrap?: (cluster: { name: string; namespace: string }) => string[] | undefined;
}

/** Wires configuration, Kubernetes, the schema, the operator and the HTTP server together. */
export async function startServer(config: Config, logger: Logger, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const kubernetes = overrides.kubernetes ?? resolveKubernetesConnection(config.kubeconfig);
  logger.info({ mode: kubernetes.mode, apiServerUrl: kubernetes.apiServerUrl }, 'kubernetes connection');
  const schema = await buildAppSchema(createEventBus());
  const alerts = alertEndpoints(config, logger, kubernetes.mode === 'SANDBOX');
  const metrics = createServerMetrics();
  // In the background: while Kubernetes cannot be reached, the HTTP server answers and reports not ready.
  const operator = kubernetes.kubeConfig ? startOperatorInBackground(config, logger, kubernetes, overrides) : undefined;
  // The API reads what the operator's informers hold, with --reconcile=false too.
  const readModel = new ReadModel({ cache: () => operator?.running?.cache, connected: kubernetes.kubeConfig !== undefined, isPerBrokerDynamic: isDynamicPerBroker });
  const sources = networkSources({
    cruiseControlUrl: overrides.cruiseControlUrl ?? koperatorCruiseControlUrl(),
    kafkaBootstrap: overrides.kafkaBootstrap,
    registry: metrics.registry,
    logger,
    timeoutMs: LIVE_TIMEOUT_MS,
  });
  const live = new SharedLiveCache(sources.fetchers, { ttlMs: LIVE_TTL_MS, timeoutMs: LIVE_TIMEOUT_MS });
  // Writes of the mutations: operations asked for by hand, and previews through Cruise Control.
  const operationRequests = kubernetes.kubeConfig ? new OperationRequests(kubernetes.kubeConfig, () => operator?.running?.cache) : undefined;
  const cruiseControlUrl = overrides.cruiseControlUrl ?? koperatorCruiseControlUrl();
  const ccClients = new Map<string, CruiseControlClient>();
  const cruiseControl = (cluster: { namespace: string; name: string }): CruiseControlClient | undefined => {
    const resource = operator?.running?.cache.get('KafkaCluster', cluster.namespace, cluster.name);
    const endpoint = (resource?.spec as { cruiseControlConfig?: { cruiseControlEndpoint?: string } } | undefined)?.cruiseControlConfig?.cruiseControlEndpoint;
    const url = cruiseControlUrl({ ...cluster, uid: resource?.metadata?.uid ?? '' }, endpoint);
    if (url === undefined) return undefined;
    let client = ccClients.get(url);
    if (!client) {
      client = new CruiseControlClient({ url, timeoutMs: LIVE_TIMEOUT_MS * 4, logger });
      ccClients.set(url, client);
    }
    return client;
  };
  let http: RunningHttpServer;
  try {
    http = await startHttpServer({
      routers: alerts ? [alerts] : [],
      port: config.port,
      host: config.host,
      schema,
      logger,
      shutdownTimeoutMs: config.shutdownTimeoutMs,
      maximumQueryCost: config.maxQueryCost,
      metrics,
      context: (clientAddress) => ({ kubernetes, clientAddress, readModel, live: new RequestLiveData(live), operations: operationRequests, cruiseControl, log: logger }),
    });
  } catch (err) {
    await operator?.stop();
    await sources.close();
    throw err;
  }
  const reachable = kubernetesReachable(kubernetes);
  if (reachable) http.probes.add(reachable);
  if (operator) {
    http.probes.add({
      name: 'caches',
      check: () => Promise.resolve(operator.running?.cache.synced === true ? undefined : 'the informer caches have not synced yet'),
    });
  }
  const alertsServer = alerts && config.alertsPort !== undefined ? await startSideServer(alerts, config.alertsPort, config.host) : undefined;
  if (alertsServer) logger.info({ port: alertsServer.port }, 'alerts port listening');
  logger.info({ url: `${http.url}/graphql`, port: http.port, version: VERSION }, 'listening');
  return {
    url: http.url,
    http,
    stop: async () => {
      await Promise.all([http.stop(), alertsServer?.stop()]);
      await operator?.stop();
      await sources.close();
    },
  };
}

interface BackgroundOperator {
  running: RunningOperator | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the operator without holding up the HTTP server: while Kubernetes cannot be reached the
 * server answers /healthz and reports not ready, and the operator keeps trying.
 */
function startOperatorInBackground(config: Config, logger: Logger, kubernetes: KubernetesConnection, overrides: ServerOverrides): BackgroundOperator {
  const kubeConfig = kubernetes.kubeConfig;
  const holder: BackgroundOperator = { running: undefined, stop: () => Promise.resolve() };
  if (kubeConfig === undefined) return holder;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const attempt = (): void => {
    startOperator({
      kubeConfig,
      logger,
      namespaces: config.namespaces,
      reconcile: config.reconcile,
      installCrds: config.installCrds ?? kubernetes.mode === 'SANDBOX',
      leaderElectionNamespace: config.leaderElectionNamespace,
      ...(overrides.cruiseControlUrl !== undefined ? { cruiseControlUrl: overrides.cruiseControlUrl } : {}),
      ...(overrides.kafkaBootstrap !== undefined ? { kafkaBootstrap: overrides.kafkaBootstrap } : {}),
    }).then(
      (running) => {
        if (stopped) void running.stop();
        else holder.running = running;
      },
      (err: unknown) => {
        logger.warn({ err: (err as Error).message, retryInMs: 5_000 }, 'operator could not start; retrying');
        if (!stopped) retry = setTimeout(attempt, 5_000);
      },
    );
  };
  attempt();
  holder.stop = async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await holder.running?.stop();
  };
  return holder;
}

/** The alert receiver, or none: with no credential configured it is off, but on the embedded sandbox. */
function alertEndpoints(config: Config, logger: Logger, onSandbox: boolean) {
  const credentials = loadAlertCredentials(config);
  const secured = hasCredentials(credentials);
  if (!secured && !onSandbox) {
    if (config.alertsPort !== undefined) logger.warn('--alerts-port ignored: no alert credentials are configured');
    return undefined;
  }
  if (!secured) logger.warn('alert endpoints accept alerts without credentials (embedded sandbox)');
  // Until alert actions are wired in, every alert is recorded in the log, and nothing is done.
  const sink: AlertSink = {
    receive: (received, origin) => {
      for (const alert of received) {
        logger.info(
          { alertname: alert.labels.alertname, fingerprint: alert.fingerprint, status: alert.status, command: alert.annotations.command, via: alert.via, ...origin },
          'alert received',
        );
      }
    },
  };
  return alertReceiverRouter({ credentials, open: !secured, sink, logger });
}

