import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CLUSTER_PAGE_QUERY, FLEET_QUERY } from '../../bench/fleetQueries.js';
import { fleetHttpServer } from '../../bench/fleetServer.js';
import { parseConfig } from '../../src/config.js';
import { DEFAULT_LIST_SIZE, LEAF_COST, queryCost } from '../../src/http/queryCost.js';
import { startServerProcess } from '../support/serverProcess.js';
import { wsClient } from '../support/subscriber.js';

const schema = buildSchema(`
  type Query { clusters(first: Int, last: Int): ClusterConnection!, version: String! }
  type ClusterConnection { nodes: [Cluster!]!, totalCount: Int! }
  type Cluster { name: String!, brokers: [Broker!]!, owner: Owner }
  type Broker { id: Int! }
  type Owner { team: String! }
`);

describe('query cost', () => {
  it.each([
    ['{ version }', LEAF_COST],
    ['{ clusters(first: 5) { totalCount } }', 1 + 5 * LEAF_COST],
    ['{ clusters(first: 5) { nodes { name } } }', 1 + 5 * (1 + LEAF_COST)],
    ['{ clusters(last: 2) { nodes { owner { team } } } }', 1 + 2 * (1 + (1 + LEAF_COST))],
    ['query Q($n: Int) { clusters(first: $n) { nodes { brokers { id } } } }', 1 + 3 * (1 + DEFAULT_LIST_SIZE * (1 + LEAF_COST))],
    // Every alias of a scalar counts, in each item of the page.
    ['{ clusters(first: 5) { nodes { a: name b: name c: name } } }', 1 + 5 * (1 + 3 * LEAF_COST)],
  ])('%s costs %i', (query, expected) => {
    expect(queryCost(schema, parse(query), { n: 3 })).toBe(expected);
  });
});

describe('query cost over HTTP', () => {
  it('reports the cost of each answer, and refuses one over the maximum before it runs', async () => {
    const server = await startServerProcess(['--max-query-cost', '2']);
    try {
      const post = (query: string) =>
        fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      const cheap = await post('{ serverInfo { version } }');
      expect(await cheap.json()).toMatchObject({ data: { serverInfo: {} }, extensions: { cost: { requestedQueryCost: 2, maximumAvailable: 2 } } });

      const dear = await post('{ serverInfo { version kubernetes { mode } } }');
      expect(dear.status).toBe(400);
      const body = (await dear.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.data).toBeUndefined();
      expect(body.errors[0]?.extensions.code).toBe('MAX_COST_EXCEEDED');
      expect(body.errors[0]?.message).toContain('Query cost 4 exceeds the maximum of 2');
      // Counted once and kept: the same document is refused again the same way.
      const again = await post('{ serverInfo { version kubernetes { mode } } }');
      expect(again.status).toBe(400);
      expect(((await again.json()) as typeof body).errors[0]?.message).toContain('Query cost 4 exceeds the maximum of 2');
    } finally {
      server.kill('SIGKILL');
      await server.exited;
    }
  });
});

describe('an alias flood', () => {
  // One scalar under 2,000 aliases in every item of a page of 100: 200,101 points, over the default.
  const flood = `{ clusters(first: 100) { nodes { ${Array.from({ length: 2_000 }, (_, i) => `a${i}: name`).join(' ')} } } }`;
  // Many aliases of a small object are answered: there is no count of aliases, only the cost.
  const many = `{ ${Array.from({ length: 60 }, (_, i) => `a${i}: serverInfo { version }`).join(' ')} }`;

  it('is refused by its cost before it runs, over HTTP and over graphql-ws, by a server with the default maximum', async () => {
    const server = await startServerProcess([]);
    const client = wsClient(server.url);
    try {
      const post = async (query: string) => {
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        return {
          status: response.status,
          body: (await response.json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions: { code: string } }> },
        };
      };
      const refused = await post(flood);
      expect(refused.status).toBe(400);
      expect(refused.body.data).toBeUndefined();
      expect(refused.body.errors?.[0]?.extensions.code).toBe('MAX_COST_EXCEEDED');
      expect(refused.body.errors?.[0]?.message).toContain('Query cost 200101 exceeds the maximum of 200000');
      const answered = await post(many);
      expect(answered.status).toBe(200);
      expect(Object.keys(answered.body.data ?? {})).toHaveLength(60);

      const seen: unknown[] = [];
      await new Promise<void>((resolve) => {
        client.subscribe({ query: flood }, { next: (r) => seen.push(r), error: (e) => (seen.push(e), resolve()), complete: () => resolve() });
      });
      expect(JSON.stringify(seen)).toContain('MAX_COST_EXCEEDED');
      expect(JSON.stringify(seen)).toContain('Query cost 200101 exceeds the maximum of 200000');
    } finally {
      await client.dispose();
      server.kill('SIGKILL');
      await server.exited;
    }
  });
});

describe('the default maximum', () => {
  it("accepts a portal's fleet overview and a cluster's page from a server started with defaults", async () => {
    const parsed = parseConfig([], {});
    if (parsed.help) throw new Error('no configuration');
    // The cost is counted from the query's page sizes, not from the data: a small fleet answers quickly.
    const { http } = await fleetHttpServer({ clusters: 3, brokers: 2, disks: 3, configEntries: 2 });
    try {
      const post = async (query: string) => {
        const response = await fetch(`http://127.0.0.1:${http.port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown; extensions: { cost: unknown } } };
      };
      const fleet = await post(FLEET_QUERY);
      expect(fleet.status).toBe(200);
      expect(fleet.body.errors).toBeUndefined();
      expect(fleet.body).toMatchObject({
        data: { clusters: { totalCount: 3 } },
        extensions: { cost: { requestedQueryCost: 194_201, maximumAvailable: parsed.config.maxQueryCost } },
      });
      const again = await post(FLEET_QUERY);
      expect(again.body).toMatchObject({ data: fleet.body.data, extensions: fleet.body.extensions });
      const page = await post(CLUSTER_PAGE_QUERY.replace('cluster-042', 'cluster-002'));
      expect(page.body.errors).toBeUndefined();
      expect(page.body).toMatchObject({ data: { cluster: { name: 'cluster-002', brokers: { totalCount: 2 } } } });
    } finally {
      await http.stop();
    }
  });
});
