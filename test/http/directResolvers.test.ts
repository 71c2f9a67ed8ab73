import { openAccess } from '../../src/auth/callerAccess.js';
import { AUTH_DISABLED } from '../../src/auth/identity.js';
import { createLogger } from '../../src/logging.js';
import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fleetCache, fleetFetchers } from '../../bench/fleetFixture.js';
import { isDynamicPerBroker } from '../../src/kafka/index.js';
import { RequestLiveData, SharedLiveCache } from '../../src/readmodel/liveData.js';
import { ProposalPreviews } from '../../src/operator/operations/preview.js';
import { ReadModel } from '../../src/readmodel/readModel.js';
import type { GraphQLContext } from '../../src/resolvers/context.js';
import { buildAppSchema } from '../../src/schema/build.js';

const shape = { clusters: 2, brokers: 4, disks: 2, configEntries: 3 };
const query = parse(`{
  clusters(first: 2, labelSelector: "env=prod") { nodes { name counts { partitions } brokers(first: 2, state: RUNNING) { nodes { brokerId load { leaders } disks { usedMB } configs(source: GROUP) { name } } } } }
}`);

describe('resolvers with arguments', () => {
  it('get their arguments and answer synchronously once the caches are warm (type-graphql would answer with promises)', async () => {
    const schema = await buildAppSchema();
    const cache = fleetCache(shape);
    const shared = new SharedLiveCache(fleetFetchers(shape), { ttlMs: 60_000, timeoutMs: 1_000 });
    const context = (): GraphQLContext => ({
      kubernetes: { mode: 'NONE', apiServerUrl: undefined },
      clientAddress: '127.0.0.1',
      access: openAccess(AUTH_DISABLED),
      signal: new AbortController().signal,
      operations: undefined,
      previews: new ProposalPreviews(() => undefined),
      editor: () => undefined,
      clusters: () => undefined,
      log: createLogger({ logLevel: 'silent', logFormat: 'json' }),
      readModel: new ReadModel({ cache: () => cache, connected: true, isPerBrokerDynamic: isDynamicPerBroker }),
      live: new RequestLiveData(shared),
    });
    const cold = await execute({ schema, document: query, contextValue: context() });
    const warm = execute({ schema, document: query, contextValue: context() });
    expect(warm).not.toBeInstanceOf(Promise);
    expect(warm).toEqual(cold);
    expect(cold.errors).toBeUndefined();
    const clusters = (
      cold.data as {
        clusters: { nodes: Array<{ name: string; brokers: { nodes: Array<{ brokerId: number; configs: unknown[]; disks: Array<{ usedMB: number }> }> } }> };
      }
    ).clusters.nodes;
    expect(clusters.map((c) => c.name)).toEqual(['cluster-000']);
    expect(clusters[0]?.brokers.nodes.map((b) => b.brokerId)).toEqual([0, 1]);
    expect(clusters[0]?.brokers.nodes[0]?.configs).toHaveLength(3);
    expect(clusters[0]?.brokers.nodes[0]?.disks[0]?.usedMB).toBe(100_000);
  });
});
