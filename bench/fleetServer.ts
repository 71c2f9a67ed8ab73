import { openAccess } from '../src/auth/callerAccess.js';
import { AUTH_DISABLED } from '../src/auth/identity.js';
import type { GraphQLSchema } from 'graphql';
import type { KubernetesConnection } from '../src/k8s/connection.js';
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
export async function fleetServer(shape: FleetShape): Promise<{ schema: GraphQLSchema; context: () => GraphQLContext }> {
  const schema = await buildAppSchema();
  const cache = fleetCache(shape);
  const readModel = new ReadModel({ cache: () => cache, connected: true, isPerBrokerDynamic: isDynamicPerBroker });
  const shared = new SharedLiveCache(fleetFetchers(shape), { ttlMs: 3_600_000, timeoutMs: 1_000 });
  const kubernetes: KubernetesConnection = { mode: 'NONE', apiServerUrl: undefined, kubeConfig: undefined };
  const log = createLogger({ logLevel: 'silent', logFormat: 'json' });
  const context = (): GraphQLContext => ({
    kubernetes,
    clientAddress: '127.0.0.1',
    access: openAccess(AUTH_DISABLED),
    signal: new AbortController().signal,
    readModel,
    live: new RequestLiveData(shared),
    operations: undefined,
    previews: new ProposalPreviews(() => undefined),
    editor: () => undefined,
    clusters: () => undefined,
    log,
  });
  return { schema, context };
}
