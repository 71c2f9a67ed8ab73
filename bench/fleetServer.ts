import { openAccess } from '../src/auth/callerAccess.js';
import { AUTH_DISABLED } from '../src/auth/identity.js';
import { Writable } from 'node:stream';
import type { GraphQLSchema } from 'graphql';
import { guardSchema } from '../src/auth/guard.js';
import { DEFAULT_MAX_QUERY_COST } from '../src/config.js';
import { createServerMetrics, type ServerMetrics } from '../src/http/metrics.js';
import { startHttpServer, type HttpServerOptions, type RunningHttpServer } from '../src/http/server.js';
import type { KubernetesConnection } from '../src/k8s/connection.js';
import type { MemoryObjectCache } from '../src/k8s/objectCache.js';
import { isDynamicPerBroker } from '../src/kafka/index.js';
import { createLogger } from '../src/logging.js';
import { RequestLiveData, SharedLiveCache } from '../src/readmodel/liveData.js';
import { ProposalPreviews } from '../src/operator/operations/preview.js';
import { ReadModel } from '../src/readmodel/readModel.js';
import type { GraphQLContext } from '../src/resolvers/context.js';
import { buildAppSchema } from '../src/schema/build.js';
import { fleetCache, fleetFetchers, type FleetShape } from './fleetFixture.js';

/**
 * The server's schema over a fleet held in memory, and a fresh request context per call (a new
 * per-request DataLoader set, as each HTTP request gets). Cruise Control's answers are shared
 * for an hour: after the first request, the caches are warm.
 */
export async function fleetServer(
  shape: FleetShape,
): Promise<{ schema: GraphQLSchema; context: (signal?: () => AbortSignal) => GraphQLContext; cache: MemoryObjectCache }> {
  const schema = await buildAppSchema();
  const cache = fleetCache(shape);
  const readModel = new ReadModel({ cache: () => cache, connected: true, isPerBrokerDynamic: isDynamicPerBroker });
  const shared = new SharedLiveCache(fleetFetchers(shape), { ttlMs: 3_600_000, timeoutMs: 1_000 });
  const kubernetes: KubernetesConnection = { mode: 'NONE', apiServerUrl: undefined, kubeConfig: undefined };
  const log = createLogger({ logLevel: 'silent', logFormat: 'json' });
  // As src/wiring/apiServices.ts: the signal is made only when a resolver asks for it.
  const context = (signal: () => AbortSignal = () => new AbortController().signal): GraphQLContext => ({
    kubernetes,
    clientAddress: '127.0.0.1',
    access: openAccess(AUTH_DISABLED),
    get signal() {
      return signal();
    },
    readModel,
    live: new RequestLiveData(shared),
    operations: undefined,
    previews: new ProposalPreviews(() => undefined),
    editor: () => undefined,
    clusters: () => undefined,
    log,
  });
  return { schema, context, cache };
}

/**
 * The HTTP server as `src/app.ts` starts it (Express, Apollo Server and its plugins, the cost
 * check at its default maximum, the compiled execution, the guarded schema), over the fleet held
 * in memory, on a free port of 127.0.0.1. It logs at info level as the server does, into nothing.
 * Tests may change its options (`overrides`).
 */
export async function fleetHttpServer(
  shape: FleetShape,
  overrides: Partial<HttpServerOptions> = {},
): Promise<{ http: RunningHttpServer; metrics: ServerMetrics; schema: GraphQLSchema; context: () => GraphQLContext; cache: MemoryObjectCache }> {
  const { schema, context, cache } = await fleetServer(shape);
  const guarded = guardSchema(schema);
  const metrics = createServerMetrics();
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const http = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    schema: guarded,
    logger: createLogger({ logLevel: 'info', logFormat: 'json' }, discard),
    context: (_clientAddress, signal) => context(signal),
    shutdownTimeoutMs: 1_000,
    maximumQueryCost: DEFAULT_MAX_QUERY_COST,
    metrics,
    ...overrides,
  });
  return { http, metrics, schema: guarded, context, cache };
}
