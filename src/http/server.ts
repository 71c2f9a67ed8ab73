import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  OperationTypeNode,
  parse,
  validate,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import stringify from 'safe-stable-stringify';
import { LRUCache } from 'lru-cache';
import { WebSocketServer, type WebSocket } from 'ws';
import { sharedAccess, type CallerAccess } from '../auth/callerAccess.js';
import { forbidden as forbiddenError } from '../auth/errors.js';
import { PERMISSIONS, type ResourceCheck } from '../auth/permissions.js';
import type { Logger } from '../logging.js';
import type { GraphQLContext } from '../resolvers/context.js';
import { SLOW_SUBSCRIBER_CLOSE_CODE } from '../subscriptions/limits.js';
import { answerWithApollo, apolloHandler } from './apolloHandler.js';
import { authenticateHttp, openCallers, type Callers } from './callers.js';
import { createCompiledExecution } from './compiledExecution.js';
import { documentLimitsRule, MAX_TOKENS } from './documentLimits.js';
import { consoleRouter } from './console.js';
import { ideRouter } from './ide.js';
import { createServerMetrics, type ServerMetrics } from './metrics.js';
import { Probes } from './probes.js';
import { graphqlPostLane, MAX_BODY_TEXT } from './graphqlPost.js';
import { knownQueries } from './knownQueries.js';
import { queryCost, queryCostPlugin } from './queryCost.js';
import { rateLimit, rateLimiter } from './rateLimit.js';
import { createSharedSubscriptions } from './sharedSubscriptions.js';
import { allowedOrigin } from './origins.js';

export interface HttpServerOptions {
  /** Further endpoints on the same port (the alert receiver). */
  routers?: Router[];
  port: number;
  host: string;
  schema: GraphQLSchema;
  logger: Logger;
  /** Builds the per-request context from the caller's address and access, and a signal aborted once the caller is gone (made when first asked for). */
  context: (clientAddress: string, signal: () => AbortSignal, access: CallerAccess) => GraphQLContext;
  /** Who calls (default: authentication off). */
  callers?: Callers;
  /** How often a subscriber's token and permissions are checked again (default 10 s). */
  recheckMs?: number;
  /** Browser origins allowed to open a WebSocket besides the server's own. */
  allowedOrigins?: string[];
  /** Requests per second per caller over HTTP (0: no limit; default 0). */
  rateLimit?: number;
  /** Subscriptions one socket may hold at once (default 100). */
  maxSubscriptions?: number;
  /** How long in-flight HTTP requests may take to finish when stopping. */
  shutdownTimeoutMs: number;
  /** Operations that cost more (see queryCost.ts) are refused before they run. */
  maximumQueryCost: number;
  /** Answer __schema and __type (default true); the same rule over HTTP and the socket. */
  introspection?: boolean;
  /** Served at /metrics; others (the Cruise Control clients) may register on its registry too. */
  metrics?: ServerMetrics;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  probes: Probes;
  /** The graphql-ws sockets open now (the benchmark writes to them directly, to compare). */
  readonly webSockets: ReadonlySet<WebSocket>;
  /** Stops accepting, finishes in-flight requests, closes subscriptions (graphql-ws 1001 Going away). */
  stop(): Promise<void>;
}

/** One port: /graphql (HTTP and graphql-ws), /healthz, /readyz, /metrics and the IDE. */
/** What the server needs of a graphql-ws socket: to close it, to know when it closed, and to send shared answers. */
interface WebSocketLike {
  readonly readyState: number;
  send(data: string, done: (err?: Error) => void): void;
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * A signal aborted when the HTTP response closes before it was sent: the client went away. Made
 * when first asked for (only a mutation waiting on something asks): a query answered at once
 * needs neither the controller nor a listener on its response.
 */
function requestGone(res: ServerResponse): () => AbortSignal {
  let signal: AbortSignal | undefined;
  return () => {
    if (signal === undefined) {
      const controller = new AbortController();
      const gone = (): void => {
        if (!res.writableFinished) controller.abort(new Error('the client closed its request'));
      };
      if (res.closed) gone();
      else res.once('close', gone);
      signal = controller.signal;
    }
    return signal;
  };
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const app = express();
  app.disable('x-powered-by');
  // POST /graphql takes its own lane (graphqlPost.ts); everything else goes through Express.
  // Set once the routes are mounted, before the server listens.
  const mounted: { lane?: { handle(req: IncomingMessage, res: ServerResponse): boolean } } = {};
  const httpServer = createServer((req, res) => {
    if (mounted.lane?.handle(req, res) !== true) app(req, res);
  });
  const metrics = options.metrics ?? createServerMetrics();
  const probes = new Probes();
  const subscriptions = serveSubscriptions(httpServer, options, metrics);
  const { apollo, known } = createApollo(httpServer, options, metrics, subscriptions);
  await apollo.start();
  mounted.lane = mountRoutes(app, options, { apollo, known, probes, metrics });
  const port = await listen(httpServer, options.port, options.host);

  let stopping: Promise<void> | undefined;
  return {
    url: displayUrl(options.host, port),
    port,
    probes,
    webSockets: subscriptions.sockets,
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

/** graphql-ws's close codes (graphql-ws src/common.ts, CloseCode). */
const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;
/** The largest message a socket accepts, as the HTTP body limit. */
const MAX_SOCKET_PAYLOAD = 1024 * 1024;

interface SocketExtra extends Record<PropertyKey, unknown> {
  request: IncomingMessage;
  socket: WebSocketLike;
  /** Set once connection_init carried an accepted token. */
  access?: CallerAccess;
  authorization?: unknown;
  /** What each running subscription was authorized for, checked again as reviews expire. */
  held?: Map<string, () => unknown>;
  recheck?: NodeJS.Timeout;
}

/**
 * graphql-ws on /graphql of the same server: origins checked at the upgrade, the token in
 * connection_init (4401 without an accepted one), the same rules as HTTP for every operation
 * (cost, authorization), a cap on subscriptions per socket, and each subscription authorized
 * again whenever its reviews expire (4401 or 4403 once they no longer hold). A subscriber too
 * slow to keep up has its socket closed.
 */
function serveSubscriptions(
  httpServer: Server,
  options: HttpServerOptions,
  metrics: ServerMetrics,
): { dispose(): Promise<void> | void; sockets: ReadonlySet<WebSocket> } {
  const callers = options.callers ?? openCallers();
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: MAX_SOCKET_PAYLOAD,
    verifyClient: ({ req }: { req: IncomingMessage }) => allowedOrigin(req, options.allowedOrigins ?? []),
  });
  const maxSubscriptions = options.maxSubscriptions ?? 100;
  const documents = subscriptionDocuments(options.schema, executionRules(options));
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
  // The token and each held subscription's permissions, asked again (the caches answer until their answers expire).
  const recheck = async (extra: SocketExtra): Promise<void> => {
    const access = await callers.resolve(extra.authorization);
    if (!access) {
      extra.socket.close(CLOSE_UNAUTHORIZED, 'Unauthorized');
      return;
    }
    extra.access = access;
    for (const check of extra.held?.values() ?? []) {
      try {
        await check();
      } catch (err) {
        const forbidden = err instanceof GraphQLError && err.extensions.code === 'FORBIDDEN';
        extra.socket.close(forbidden ? CLOSE_FORBIDDEN : CLOSE_UNAUTHORIZED, forbidden ? 'Forbidden' : 'Unauthorized');
        return;
      }
    }
  };
  const shared = createSharedSubscriptions({
    context: (signal) => options.context('shared subscription', () => signal, sharedAccess()),
    format: (result) => formatted(result, options.logger) ?? result,
    onExecuted: (path) => metrics.subscriptionExecuted(path),
    onError: (err) => options.logger.error({ err }, 'a shared subscription failed'),
  });
  const served = useServer<Record<string, unknown>, SocketExtra>(
    {
      schema: options.schema,
      // Subscribers with the same document, variables and authorization decision share one execution per event.
      subscribe: (args) => shared.subscribe(args),
      onOperation: (ctx, id, _payload, args, result) =>
        shared.join(result, args, {
          socket: ctx.extra.socket,
          id,
          decision: authorizationDecision(args.contextValue as GraphQLContext, args.document, args.variableValues ?? {}),
          drop: (reason) => ctx.extra.socket.close(SLOW_SUBSCRIBER_CLOSE_CODE, reason),
        }),
      onConnect: async (ctx) => {
        const extra = ctx.extra;
        extra.authorization = ctx.connectionParams?.authorization;
        let access: CallerAccess | undefined;
        try {
          access = await callers.resolve(extra.authorization);
        } catch (err) {
          options.logger.error({ err }, 'authentication of a socket failed');
        }
        if (!access) {
          extra.socket.close(CLOSE_UNAUTHORIZED, 'Unauthorized');
          return false;
        }
        extra.access = access;
        extra.held = new Map();
        if (callers.enforced) {
          extra.recheck = setInterval(
            () => void recheck(extra).catch((err: unknown) => options.logger.error({ err }, 'recheck of a socket failed')),
            options.recheckMs ?? 10_000,
          );
          extra.socket.once('close', () => clearInterval(extra.recheck));
        }
        return true;
      },
      context: (ctx) => ({
        ...options.context(ctx.extra.request.socket.remoteAddress ?? 'unknown', () => goneSignal(ctx.extra.socket), ctx.extra.access as CallerAccess),
        dropConnection: (reason: string) => ctx.extra.socket.close(SLOW_SUBSCRIBER_CLOSE_CODE, reason),
      }),
      onSubscribe: (ctx, id, payload) => {
        if (Object.keys(ctx.subscriptions).length > maxSubscriptions)
          return [new GraphQLError(`at most ${maxSubscriptions} subscriptions per connection`, { extensions: { code: 'LIMIT_REACHED' } })];
        // The same document limits, introspection rule and cost limit as over HTTP; a document is parsed and validated once for every subscriber sending it.
        const checked = documents.check(payload.query);
        if ('errors' in checked) return checked.errors;
        const { document } = checked;
        try {
          const cost = queryCost(options.schema, document, payload.variables ?? {}, payload.operationName ?? undefined);
          if (cost > options.maximumQueryCost)
            return [new GraphQLError(`Query cost ${cost} exceeds the maximum of ${options.maximumQueryCost}`, { extensions: { code: 'MAX_COST_EXCEEDED' } })];
          holdSubscription(ctx.extra, id, document, payload.variables ?? {});
        } catch {
          // Variables the operation does not accept: the execution reports why itself.
        }
        metrics.subscriptionStarted(payload.operationName);
        return { schema: options.schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      // Subscription results skip Apollo's formatError: the same masking here.
      onNext: (_ctx, _id, _payload, _args, result) => formatted(result, options.logger),
      onComplete: (ctx, id) => {
        ctx.extra.held?.delete(id);
        metrics.subscriptionEnded();
      },
    },
    wsServer,
  );
  return { dispose: () => served.dispose(), sockets: wsServer.clients };
}

/**
 * Documents sent over graphql-ws, parsed and validated (our rules first, then
 * GraphQL's rules, as graphql-ws would) once per text: thousands of dashboards send the same
 * subscription, and each would otherwise hold its own syntax tree for as long as it runs. Kept
 * by their text's size, as Apollo Server's document store keeps the HTTP ones.
 */
type CheckedDocument = { document: DocumentNode } | { errors: readonly GraphQLError[] };

function subscriptionDocuments(schema: GraphQLSchema, rules: ValidationRule[]): { check(query: string): CheckedDocument } {
  const known = new LRUCache<string, CheckedDocument>({ maxSize: 4 * 1024 * 1024, sizeCalculation: (_value, query) => query.length + 1 });
  return {
    check(query) {
      let checked = known.get(query);
      if (checked === undefined) {
        checked = parseAndValidate(schema, rules, query);
        known.set(query, checked);
      }
      return checked;
    },
  };
}

function parseAndValidate(schema: GraphQLSchema, rules: ValidationRule[], query: string): CheckedDocument {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS });
  } catch (err) {
    return {
      errors: [err instanceof GraphQLError ? err : new GraphQLError('the document cannot be parsed', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })],
    };
  }
  const limited = validate(schema, document, rules);
  if (limited.length > 0) return { errors: limited };
  const invalid = validate(schema, document);
  return invalid.length > 0 ? { errors: invalid } : { document };
}

/** A subscription result as its subscriber may see it: unexpected errors masked (undefined when there is nothing to mask). */
function formatted<R extends { errors?: readonly GraphQLError[] }>(result: R, logger: Logger): R | undefined {
  return result.errors ? { ...result, errors: result.errors.map((error) => maskUnexpected(error.toJSON(), error, logger)) } : undefined;
}

/** What a subscription's root fields require of its caller (the permission table), or undefined for another operation. */
function subscriptionChecks(document: DocumentNode, variables: Record<string, unknown>): ResourceCheck[] | undefined {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return undefined;
  const fields = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
  return fields.flatMap((field) => {
    const rule = PERMISSIONS.Subscription[field.name.value];
    const args = Object.fromEntries((field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));
    const requirement = rule?.(args);
    return !requirement || 'visibleNamespaces' in requirement ? [] : requirement.checks;
  });
}

/**
 * The decision that let a subscriber in, to group it with subscribers decided alike: with
 * authorization off, everyone's; with it on, every check its root field required, each allowed
 * (the guard refused it otherwise). What a subscription of clusterEvents or operationUpdated
 * sends depends on its document, its variables and that decision, not on who the caller is.
 */
function authorizationDecision(context: GraphQLContext, document: DocumentNode, variables: Record<string, unknown>): string {
  if (!context.access.enforced) return 'open';
  return `allowed ${stringify(subscriptionChecks(document, variables) ?? [])}`;
}

/** The validation rules both transports add to GraphQL's own: document limits, and introspection when it is off. */
function executionRules(options: HttpServerOptions): ValidationRule[] {
  return options.introspection === false ? [documentLimitsRule(), NoSchemaIntrospectionCustomRule] : [documentLimitsRule()];
}

/** Remembers what a subscription's root fields require, to check it again later with the caller's fresh access. */
function holdSubscription(extra: SocketExtra, id: string, document: DocumentNode, variables: Record<string, unknown>): void {
  const checks = subscriptionChecks(document, variables);
  if (checks === undefined) return;
  extra.held?.set(id, async () => {
    const access = extra.access;
    if (!access?.enforced) return;
    for (const check of checks) if (!(await access.allowed(check))) throw forbiddenError(access.caller.display, check);
  });
}

/**
 * Apollo Server over the compiled execution, with its plugins, and the queries it answered that
 * may be answered again without its pipeline; stopping it drains HTTP and then the subscriptions.
 */
function createApollo(
  httpServer: Server,
  options: HttpServerOptions,
  metrics: ServerMetrics,
  subscriptions: { dispose(): Promise<void> | void },
): { apollo: ApolloServer<GraphQLContext>; known: ReturnType<typeof knownQueries> } {
  const { schema, logger } = options;
  const compiled = createCompiledExecution(schema, {
    onAnswered: (path) => metrics.executionAnswered(path),
    onCompiled: (operation, readPath) =>
      logger.debug({ operation, readPath: readPath.ok, ...(readPath.ok ? {} : { reason: readPath.reason }) }, 'operation compiled'),
  });
  let stopping = false;
  const drainSubscriptions: ApolloServerPlugin<GraphQLContext> = {
    serverWillStart: () =>
      Promise.resolve({
        drainServer: async () => await subscriptions.dispose(),
        serverWillStop: () => {
          stopping = true;
          return Promise.resolve();
        },
      }),
  };
  const cost = queryCostPlugin(schema, { maximumCost: options.maximumQueryCost });
  const known = knownQueries({ compiled, cost, maximumCost: options.maximumQueryCost, metrics, open: () => !stopping });
  const apollo = new ApolloServer<GraphQLContext>({
    gateway: compiled.gateway,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    // Introspection is allowed in Apollo and refused by our own rule, so that HTTP and the socket
    // refuse it with the same words.
    introspection: true,
    validationRules: executionRules(options),
    formatError: (formatted, error) => maskUnexpected(formatted, error, logger),
    stopOnTerminationSignals: false, // main.ts owns the signals and the order of shutdown
    logger,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      // The API sets no cache hints (no @cacheControl, no setCacheHint), so the default plugin's
      // Cache-Control header would always say nothing is cacheable; to find that out it defines
      // willResolveField, which makes Apollo wrap every resolver of the schema, default ones too,
      // and call it for every field of every answer (over the fleet query, a sixth of the time).
      // No plugin here may define willResolveField, for the same reason.
      ApolloServerPluginCacheControlDisabled(),
      metrics.apolloPlugin,
      cost,
      known.plugin,
      drainSubscriptions,
    ],
  });
  return { apollo, known };
}

/**
 * Unexpected errors (a bug, a Kubernetes error body, a socket error: anything thrown that is not
 * a GraphQLError made on purpose) reach the caller as INTERNAL_SERVER_ERROR with no detail, and
 * the log with everything. GraphQL's own errors (syntax, validation) and the coded errors of
 * resolvers (FORBIDDEN, BAD_USER_INPUT, ...) pass unchanged.
 */
function maskUnexpected(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original === undefined || original === null || original instanceof GraphQLError) return formatted;
  logger.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
  return { message: 'Internal server error', ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * The probes, further routers, /metrics, the IDE and /graphql over HTTP; answers the lane that
 * takes POST /graphql before Express, with the same authentication, rate limit and context.
 */
function mountRoutes(
  app: Express,
  options: HttpServerOptions,
  parts: { apollo: ApolloServer<GraphQLContext>; known: ReturnType<typeof knownQueries>; probes: Probes; metrics: ServerMetrics },
): ReturnType<typeof graphqlPostLane> {
  const { apollo, known, probes, metrics } = parts;
  app.use(probes.router());
  for (const router of options.routers ?? []) app.use(router);
  app.get('/metrics', (_req, res) => {
    void metrics.registry.metrics().then((text) => res.type(metrics.registry.contentType).send(text));
  });
  app.use(ideRouter(), consoleRouter());
  const callers = options.callers ?? openCallers();
  const limiter = rateLimiter(options.rateLimit ?? 0);
  const onAuthenticationFailure = (err: unknown): void => options.logger.error({ err }, 'authentication failed');
  const contextOf = (req: IncomingMessage, res: ServerResponse, access: CallerAccess): GraphQLContext =>
    options.context(req.socket.remoteAddress ?? 'unknown', requestGone(res), access);
  const context = (req: IncomingMessage, res: ServerResponse, access: CallerAccess): Promise<GraphQLContext> => Promise.resolve(contextOf(req, res, access));
  app.use(
    '/graphql',
    authenticateHttp(callers, onAuthenticationFailure),
    rateLimit(limiter),
    express.json({ limit: MAX_BODY_TEXT }),
    apolloHandler(apollo, ({ req, res }) => context(req, res, res.locals.access as CallerAccess)),
    badBody,
  );
  return graphqlPostLane({
    callers,
    limiter,
    onAuthenticationFailure,
    answer: (req, res, body, access) => {
      const apolloAnswers = (): Promise<void> => answerWithApollo(apollo, { req, res, body }, () => context(req, res, access));
      const answered = known.answer(req, res, body, () => contextOf(req, res, access));
      if (answered === true) return undefined;
      return answered === false ? apolloAnswers() : answered.then((done) => (done ? undefined : apolloAnswers()));
    },
    onError: (err) => options.logger.error({ err }, 'a GraphQL request failed'),
  });
}

/**
 * A body express.json could not read (not JSON, too large, a bad charset) is answered as GraphQL
 * over HTTP answers a bad request: its 4xx status and a JSON error, not Express's HTML page with
 * a stack trace.
 */
function badBody(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const status = (err as { status?: unknown }).status;
  if (res.headersSent || typeof status !== 'number' || status < 400 || status >= 500) return next(err);
  const message = status === 413 ? `the request body is too large (at most ${MAX_BODY_TEXT})` : `the request body is not valid JSON: ${(err as Error).message}`;
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
