import 'reflect-metadata';
import type { Config } from './config.js';
import { startHttpServer, type RunningHttpServer } from './http/server.js';
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
  const http = await startHttpServer({
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
  logger.info({ url: `${http.url}/graphql`, port: http.port, version: VERSION }, 'listening');
  return { url: http.url, http, stop: () => http.stop() };
}

