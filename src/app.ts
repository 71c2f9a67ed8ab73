import 'reflect-metadata';
import { hostname } from 'node:os';
import { hasCredentials } from './alerts/auth.js';
import { loadAlertCredentials } from './alerts/credentials.js';
import { feedAlertRecords } from './alerts/feed.js';
import { AlertHandler } from './alerts/handler.js';
import { alertReceiverRouter, type AlertSink } from './alerts/receiver.js';
import { cruiseControlReplicaCounts } from './alerts/replicaCounts.js';
import type { Config } from './config.js';
import { startHttpServer, startSideServer, type RunningHttpServer } from './http/server.js';
import { resolveKubernetesConnection, type KubernetesConnection } from './k8s/connection.js';
import { EventRecorder } from './k8s/events.js';
import { kubernetesReachability } from './k8s/reachability.js';
import type { Logger } from './logging.js';
import { createEventBus, type EventBus } from './events/pubsub.js';
import { createServerMetrics } from './http/metrics.js';
import { isDynamicPerBroker, KafkaAdminPool } from './kafka/index.js';
import { internalBootstrapServers } from './domain/serverProperties.js';
import { ClusterLifecycle } from './operator/clusters/lifecycle.js';
import { CruiseControlClient } from './cruisecontrol/index.js';
import { OperationRequests } from './operator/operations/requests.js';
import { ClusterEditor } from './operator/edits/index.js';
import { koperatorCruiseControlUrl, type CruiseControlUrlResolver } from './operator/kafkaHealth.js';
import { RequestLiveData, SharedLiveCache } from './readmodel/liveData.js';
import { networkSources } from './readmodel/liveSources.js';
import { ReadModel } from './readmodel/readModel.js';
import { startOperator, type OperatorOptions, type RunningOperator } from './operator/runtime.js';
import { buildAppSchema } from './schema/build.js';
import { VERSION } from './version.js';

export interface RunningServer {
  url: string;
  http: RunningHttpServer;
  /** The event bus behind subscriptions. */
  events: EventBus;
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
  /** Timings of the operator (tests shorten them). */
  operator?: Pick<OperatorOptions, 'leaseDurationMs' | 'renewDeadlineMs' | 'retryPeriodMs' | 'requeueAfterMs' | 'operationPollIntervalMs' | 'operationRetryBackoffMs'>;
  /** Timings of the alert handler (tests shorten them). */
  alerts?: { claimTimeoutMs?: number; sweepIntervalMs?: number };
}

/** Wires configuration, Kubernetes, the schema, the operator and the HTTP server together. */
export async function startServer(config: Config, logger: Logger, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const kubernetes = overrides.kubernetes ?? resolveKubernetesConnection(config.kubeconfig);
  logger.info({ mode: kubernetes.mode, apiServerUrl: kubernetes.apiServerUrl }, 'kubernetes connection');
  const events = createEventBus();
  const schema = await buildAppSchema(events);
  // Alerts act through the cluster's spec: only where this server reconciles (--reconcile=false writes nothing).
  const alertHandler =
    kubernetes.kubeConfig !== undefined && config.reconcile
      ? new AlertHandler({
          kubeConfig: kubernetes.kubeConfig,
          logger,
          replicaCounts: cruiseControlReplicaCounts(overrides.cruiseControlUrl ?? koperatorCruiseControlUrl(), logger),
          ...overrides.alerts,
        })
      : undefined;
  const alerts = alertEndpoints(config, logger, kubernetes.mode === 'SANDBOX', alertHandler);
  const metrics = createServerMetrics();
  let stopFeed: (() => void) | undefined;
  // In the background: while Kubernetes cannot be reached, the HTTP server answers and reports not ready.
  const operator = kubernetes.kubeConfig
    ? startOperatorInBackground(config, logger, kubernetes, overrides, (running) => {
        alertHandler?.attach(running.cache, running.identity);
        stopFeed = feedAlertRecords(running.cache, events);
      })
    : undefined;
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
  // Writes of the mutations: edits of a cluster's spec (once the caches hold what they check
  // against), operations asked for by hand, and previews through Cruise Control.
  // Who asked for each change is recorded on the cluster's Events, as this replica.
  const apiEvents = kubernetes.kubeConfig ? new EventRecorder(kubernetes.kubeConfig, 'kafkaplane-api', hostname(), logger) : undefined;
  let editor: ClusterEditor | undefined;
  const clusterEditor = (): ClusterEditor | undefined => {
    const cache = operator?.running?.cache;
    if (!kubernetes.kubeConfig || cache?.synced !== true) return undefined;
    editor ??= new ClusterEditor({ kubeConfig: kubernetes.kubeConfig, cache, logger, ...(apiEvents ? { events: apiEvents } : {}) });
    return editor;
  };
  // Kafka is asked what a cluster holds before the cluster may be deleted.
  const lifecyclePool = new KafkaAdminPool({ connectTimeoutMs: 2_000, requestTimeoutMs: 5_000, operationTimeoutMs: 8_000, retries: 1 });
  let lifecycle: ClusterLifecycle | undefined;
  const clusterLifecycle = (): ClusterLifecycle | undefined => {
    const cache = operator?.running?.cache;
    if (!kubernetes.kubeConfig || cache?.synced !== true) return undefined;
    lifecycle ??= new ClusterLifecycle({
      kubeConfig: kubernetes.kubeConfig,
      cache,
      logger,
      events: apiEvents,
      kafkaAdmin: (ref, spec) => {
        const bootstrap = overrides.kafkaBootstrap?.(ref) ?? internalBootstrapServers(ref.name, ref.namespace, spec);
        return bootstrap !== undefined && bootstrap.length > 0 ? lifecyclePool.get({ cluster: `${ref.namespace}/${ref.name}`, bootstrapServers: bootstrap }) : undefined;
      },
    });
    return lifecycle;
  };
  const operationRequests = kubernetes.kubeConfig ? new OperationRequests(kubernetes.kubeConfig, () => operator?.running?.cache, apiEvents) : undefined;
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
      context: (clientAddress) => ({ kubernetes, clientAddress, readModel, live: new RequestLiveData(live), operations: operationRequests, cruiseControl, editor: clusterEditor, clusters: clusterLifecycle, log: logger }),
    });
  } catch (err) {
    await alertHandler?.stop();
    stopFeed?.();
    await operator?.stop();
    await sources.close();
    await lifecyclePool.close();
    throw err;
  }
  const reachable = kubernetesReachability(kubernetes);
  if (reachable) http.probes.add({ name: 'kubernetes', check: reachable });
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
    events,
    stop: async () => {
      await Promise.all([http.stop(), alertsServer?.stop()]);
      // Alerts already claimed are decided before the caches they read go away.
      await alertHandler?.stop();
      stopFeed?.();
      await operator?.stop();
      await sources.close();
      await lifecyclePool.close();
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
function startOperatorInBackground(
  config: Config,
  logger: Logger,
  kubernetes: KubernetesConnection,
  overrides: ServerOverrides,
  onRunning: (running: RunningOperator) => void,
): BackgroundOperator {
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
      ...overrides.operator,
    }).then(
      (running) => {
        if (stopped) void running.stop();
        else {
          holder.running = running;
          onRunning(running);
        }
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

/**
 * The alert receiver, or none: with no credential configured it is off, but on the embedded
 * sandbox. Without Kubernetes, or under --reconcile=false, alerts are logged and nothing else.
 */
function alertEndpoints(config: Config, logger: Logger, onSandbox: boolean, handler: AlertHandler | undefined) {
  const credentials = loadAlertCredentials(config);
  const secured = hasCredentials(credentials);
  if (!secured && !onSandbox) {
    if (config.alertsPort !== undefined) logger.warn('--alerts-port ignored: no alert credentials are configured');
    return undefined;
  }
  if (!secured) logger.warn('alert endpoints accept alerts without credentials (embedded sandbox)');
  const sink: AlertSink = {
    receive: (received, origin) => {
      for (const alert of received) {
        logger.info(
          { alertname: alert.labels.alertname, fingerprint: alert.fingerprint, status: alert.status, command: alert.annotations.command, via: alert.via, ...origin },
          'alert received',
        );
      }
      if (handler === undefined) {
        logger.info({ alerts: received.length, reason: config.reconcile ? 'no Kubernetes' : '--reconcile=false' }, 'alerts not acted on');
        return Promise.resolve({ ok: true });
      }
      return handler.receive(received, origin);
    },
  };
  return alertReceiverRouter({ credentials, open: !secured, sink, logger });
}
