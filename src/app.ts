import 'reflect-metadata';
import { hasCredentials } from './alerts/auth.js';
import { loadAlertCredentials } from './alerts/credentials.js';
import { alertReceiverRouter, type AlertSink } from './alerts/receiver.js';
import type { Config } from './config.js';
import { startHttpServer, startSideServer, type RunningHttpServer } from './http/server.js';
import { resolveKubernetesConnection } from './k8s/connection.js';
import { kubernetesReachable } from './k8s/reachability.js';
import type { Logger } from './logging.js';
import { createEventBus } from './events/pubsub.js';
import { buildAppSchema } from './schema/build.js';
import { VERSION } from './version.js';

export interface RunningServer {
  url: string;
  http: RunningHttpServer;
  stop(): Promise<void>;
}

/** Wires configuration, Kubernetes, the schema and the HTTP server together. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const kubernetes = resolveKubernetesConnection(config.kubeconfig);
  logger.info({ mode: kubernetes.mode, apiServerUrl: kubernetes.apiServerUrl }, 'kubernetes connection');
  const schema = await buildAppSchema(createEventBus());
  const alerts = alertEndpoints(config, logger, kubernetes.mode === 'SANDBOX');
  const http = await startHttpServer({
    routers: alerts ? [alerts] : [],
    port: config.port,
    host: config.host,
    schema,
    logger,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    maximumQueryCost: config.maxQueryCost,
    context: (clientAddress) => ({ kubernetes, clientAddress }),
  });
  const reachable = kubernetesReachable(kubernetes);
  if (reachable) http.probes.add(reachable);
  const alertsServer = alerts && config.alertsPort !== undefined ? await startSideServer(alerts, config.alertsPort, config.host) : undefined;
  if (alertsServer) logger.info({ port: alertsServer.port }, 'alerts port listening');
  logger.info({ url: `${http.url}/graphql`, port: http.port, version: VERSION }, 'listening');
  return {
    url: http.url,
    http,
    stop: async () => {
      await Promise.all([http.stop(), alertsServer?.stop()]);
    },
  };
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

