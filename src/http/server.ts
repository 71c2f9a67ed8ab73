import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
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
  /** Served at /metrics; others (the Cruise Control clients) may register on its registry too. */
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
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  const metrics = options.metrics ?? createServerMetrics();
  const probes = new Probes();
  const subscriptions = serveSubscriptions(httpServer, options, metrics);
  const apollo = createApollo(httpServer, options, metrics, subscriptions);
  await apollo.start();
  mountRoutes(app, options, { apollo, probes, metrics });
  const port = await listen(httpServer, options.port, options.host);

  let stopping: Promise<void> | undefined;
  return {
    url: displayUrl(options.host, port),
    port,
    probes,
    stop: () => {
      stopping ??= (async () => {
        probes.markShuttingDown();
        await apollo.stop();
        await closeServer(httpServer);
        options.logger.info('http server stopped');
      })();
      return stopping;
    },
  };
}

/** graphql-ws on /graphql of the same server; a subscriber too slow to keep up has its socket closed. */
function serveSubscriptions(httpServer: Server, options: HttpServerOptions, metrics: ServerMetrics): { dispose(): Promise<void> | void } {
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
  return useServer<Record<string, unknown>, { request: { socket: { remoteAddress?: string } }; socket: WebSocketLike }>(
    {
      schema: options.schema,
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
}

/** Apollo Server over the compiled execution, with its plugins; stopping it drains HTTP and then the subscriptions. */
function createApollo(
  httpServer: Server,
  options: HttpServerOptions,
  metrics: ServerMetrics,
  subscriptions: { dispose(): Promise<void> | void },
): ApolloServer<GraphQLContext> {
  const { schema, logger } = options;
  const compiled = createCompiledExecution(schema, {
    onAnswered: (path) => metrics.executionAnswered(path),
    onCompiled: (operation, readPath) =>
      logger.debug({ operation, readPath: readPath.ok, ...(readPath.ok ? {} : { reason: readPath.reason }) }, 'operation compiled'),
  });
  const drainSubscriptions: ApolloServerPlugin<GraphQLContext> = {
    serverWillStart: () => Promise.resolve({ drainServer: async () => await subscriptions.dispose() }),
  };
  return new ApolloServer<GraphQLContext>({
    gateway: compiled.gateway,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false, // main.ts owns the signals and the order of shutdown
    logger,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      metrics.apolloPlugin,
      queryCostPlugin(schema, { maximumCost: options.maximumQueryCost }),
      drainSubscriptions,
    ],
  });
}

/** The probes, further routers, /metrics, the IDE and /graphql over HTTP. */
function mountRoutes(app: Express, options: HttpServerOptions, parts: { apollo: ApolloServer<GraphQLContext>; probes: Probes; metrics: ServerMetrics }): void {
  const { apollo, probes, metrics } = parts;
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
    badBody,
  );
}

/**
 * A body express.json could not read (not JSON, too large, a bad charset) is answered as GraphQL
 * over HTTP answers a bad request: its 4xx status and a JSON error, not Express's HTML page with
 * a stack trace.
 */
function badBody(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const status = (err as { status?: unknown }).status;
  if (res.headersSent || typeof status !== 'number' || status < 400 || status >= 500) return next(err);
  const message = status === 413 ? 'the request body is too large (at most 1mb)' : `the request body is not valid JSON: ${(err as Error).message}`;
  res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
}

/** A second port serving only `router` (the alerts port); stops without waiting on idle sockets. */
export async function startSideServer(router: Router, port: number, host: string): Promise<{ port: number; stop(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.use(router);
  const server = createServer(app);
  const listening = await listen(server, port, host);
  return {
    port: listening,
    stop: () => {
      server.closeIdleConnections();
      return closeServer(server);
    },
  };
}

/** Listens, and answers the port it got (port 0 asks for any). */
async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** The URL to show: a wildcard host is shown as localhost, an IPv6 one in brackets. */
function displayUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => server.close(() => resolve()));
}
