import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type Router } from 'express';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '../logging.js';
import type { GraphQLContext } from '../resolvers/context.js';
import { SLOW_SUBSCRIBER_CLOSE_CODE } from '../subscriptions/limits.js';
import { createCompiledExecution } from './compiledExecution.js';
import { consoleRouter } from './console.js';
import { ideRouter } from './ide.js';
import { createServerMetrics, type ServerMetrics } from './metrics.js';
import { Probes } from './probes.js';
import { queryCostPlugin } from './queryCost.js';

export interface HttpServerOptions {
  /** Further endpoints on the same port (the alert receiver). */
  routers?: Router[];
  port: number;
  host: string;
  schema: GraphQLSchema;
  logger: Logger;
  /** Builds the per-request context from the caller's address, and a signal aborted once the caller is gone. */
  context: (clientAddress: string, signal: AbortSignal) => GraphQLContext;
  /** How long in-flight HTTP requests may take to finish when stopping. */
  shutdownTimeoutMs: number;
  /** Operations that cost more (see queryCost.ts) are refused before they run. */
  maximumQueryCost: number;
  /** Served at /metrics; others (the Cruise Control client) may register on its registry too. */
  metrics?: ServerMetrics;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  probes: Probes;
  /** Stops accepting, finishes in-flight requests, closes subscriptions (graphql-ws 1001 Going away). */
  stop(): Promise<void>;
}

/** One port: /graphql (HTTP and graphql-ws), /healthz, /readyz, /metrics and the IDE. */
/** What the server needs of a graphql-ws socket: to close it, and to know when it closed. */
interface WebSocketLike {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** A signal aborted when the HTTP response closes before it was sent: the client went away. */
function requestGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the client closed its request'));
  });
  return controller.signal;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { schema, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  const metrics = options.metrics ?? createServerMetrics();
  const probes = new Probes();

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  // One signal per socket, not one listener per operation on a long-lived connection.
  const socketGone = new WeakMap<object, AbortSignal>();
  const goneSignal = (socket: WebSocketLike): AbortSignal => {
    let signal = socketGone.get(socket);
    if (signal === undefined) {
      const controller = new AbortController();
      socket.once('close', () => controller.abort(new Error('the client closed its socket')));
      signal = controller.signal;
      socketGone.set(socket, signal);
    }
    return signal;
  };
  const wsCleanup = useServer<Record<string, unknown>, { request: { socket: { remoteAddress?: string } }; socket: WebSocketLike }>(
    {
      schema,
      context: (ctx) => ({
        ...options.context(ctx.extra.request.socket.remoteAddress ?? 'unknown', goneSignal(ctx.extra.socket)),
        dropConnection: (reason: string) => ctx.extra.socket.close(SLOW_SUBSCRIBER_CLOSE_CODE, reason),
      }),
      onSubscribe: (_ctx, _id, payload) => {
        metrics.subscriptionStarted(payload.operationName);
      },
      onComplete: () => {
        metrics.subscriptionEnded();
      },
    },
    wsServer,
  );

  const compiled = createCompiledExecution(schema, {
    onAnswered: (path) => metrics.executionAnswered(path),
    onCompiled: (operation, readPath) => logger.debug({ operation, readPath: readPath.ok, ...(readPath.ok ? {} : { reason: readPath.reason }) }, 'operation compiled'),
  });
  const apollo = new ApolloServer<GraphQLContext>({
    gateway: compiled.gateway,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false, // main.ts owns the signals and the order of shutdown
    logger,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      metrics.apolloPlugin,
      queryCostPlugin(schema, { maximumCost: options.maximumQueryCost }),
      {
        serverWillStart() {
          return Promise.resolve({
            drainServer: async () => {
              await wsCleanup.dispose();
            },
          });
        },
      },
    ],
  });
  await apollo.start();

  app.use(probes.router());
  for (const router of options.routers ?? []) app.use(router);
  app.get('/metrics', (_req, res) => {
    void metrics.registry.metrics().then((text) => res.type(metrics.registry.contentType).send(text));
  });
  app.use(ideRouter(), consoleRouter());
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: ({ req, res }) => Promise.resolve(options.context(req.socket.remoteAddress ?? 'unknown', requestGone(res))),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const displayHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const url = `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${port}`;

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    probes,
    stop: () => {
      stopping ??= (async () => {
        probes.markShuttingDown();
        await apollo.stop();
        await closeServer(httpServer);
        logger.info('http server stopped');
      })();
      return stopping;
    },
  };
}

/** A second port serving only `router` (the alerts port); stops without waiting on idle sockets. */
export async function startSideServer(router: Router, port: number, host: string): Promise<{ port: number; stop(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.use(router);
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => {
      server.closeIdleConnections();
      return closeServer(server);
    },
  };
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => server.close(() => resolve()));
}
