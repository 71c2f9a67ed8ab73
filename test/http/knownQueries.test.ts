import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FLEET_QUERY } from '../../bench/fleetQueries.js';
import { fleetHttpServer } from '../../bench/fleetServer.js';
import { JsonBytes } from '../../src/http/readQuery/jsonBytes.js';
import type { RunningHttpServer } from '../../src/http/server.js';

/**
 * A query Apollo Server answered once is answered again without its request pipeline
 * (src/http/knownQueries.ts): the same bytes, and the same refusals, as Apollo's.
 */
let http: RunningHttpServer;
let url: string;

beforeAll(async () => {
  // A maximum cost the page query fits in and a larger page does not; introspection off.
  ({ http } = await fleetHttpServer({ clusters: 3, brokers: 3, disks: 1, configEntries: 1 }, { maximumQueryCost: 200, introspection: false }));
  url = `http://127.0.0.1:${http.port}`;
}, 60_000);
afterAll(async () => {
  await http.stop();
});

interface Answer {
  status: number;
  contentType: string | null;
  /** Every header but the date. */
  headers: Array<[string, string]>;
  text: string;
}

async function post(body: unknown, headers: Record<string, string> = {}, server = url): Promise<Answer> {
  const answer = await fetch(`${server}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const sent = [...answer.headers].filter(([name]) => name !== 'date');
  return { status: answer.status, contentType: answer.headers.get('content-type'), headers: sent, text: await answer.text() };
}

async function knownAnswers(): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('kafkaplane_graphql_known_query_answers_total '));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

/** Requests of the operation Page answered, by Apollo Server or as known queries alike. */
async function pageRequests(): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('kafkaplane_graphql_requests_total{operation="Page",type="query",outcome="success"} '));
  return Number(line?.split(' ')[1] ?? 0);
}

const PAGE = 'query Page($first: Int!) { clusters(first: $first) { totalCount nodes { name state brokers(first: 3) { nodes { brokerId } } } } }';

describe('queries answered again without Apollo Server’s pipeline', () => {
  it('answers a repeated query with the bytes Apollo Server sent the first time', async () => {
    const before = await knownAnswers();
    const first = await post({ query: PAGE, variables: { first: 2 } });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject({ data: { clusters: { totalCount: 3 } }, extensions: { cost: { maximumAvailable: 200 } } });
    expect(await knownAnswers()).toBe(before);
    const again = await post({ query: PAGE, variables: { first: 2 }, operationName: 'Page' });
    const third = await post({ query: PAGE, variables: { first: 2 } });
    expect(third).toEqual(first);
    // With operationName given, the request is another one for Apollo the first time, then known too.
    expect(again).toEqual(first);
    expect(await knownAnswers()).toBe(before + 1);
    expect(await post({ query: PAGE, variables: { first: 2 }, operationName: 'Page' })).toEqual(first);
    expect(await knownAnswers()).toBe(before + 2);
  });

  it('writes a large answer as the bytes of its JSON text, the bytes Apollo Server sent', async () => {
    const { http: fleet } = await fleetHttpServer({ clusters: 10, brokers: 10, disks: 3, configEntries: 10 });
    const written = vi.spyOn(JsonBytes.prototype, 'written');
    try {
      const fleetUrl = `http://127.0.0.1:${fleet.port}`;
      const first = await post({ query: FLEET_QUERY }, {}, fleetUrl);
      expect(first.status).toBe(200);
      expect(first.text.length).toBeGreaterThan(64 * 1024);
      // Known from now on: built as objects the first time, when its size is not known yet; then written as bytes.
      const known = await post({ query: FLEET_QUERY }, {}, fleetUrl);
      expect(written).not.toHaveBeenCalled();
      const asBytes = await post({ query: FLEET_QUERY }, {}, fleetUrl);
      expect(written).toHaveBeenCalledTimes(1);
      expect(known).toEqual(first);
      expect(asBytes).toEqual(first);
    } finally {
      written.mockRestore();
      await fleet.stop();
    }
  });

  it('answers each set of variables with its own values, and a set of variables seen before as before', async () => {
    const names = (answer: Answer): number => (JSON.parse(answer.text) as { data: { clusters: { nodes: unknown[] } } }).data.clusters.nodes.length;
    const before = await knownAnswers();
    const requestsBefore = await pageRequests();
    const sent: Array<[number, Answer]> = [];
    // Each count twice (Apollo, then known), then each again in another order: none may take another's variables or cost.
    for (const first of [1, 3, 2, 1, 3, 2, 2, 1]) sent.push([first, await post({ query: PAGE, variables: { first } })]);
    for (const [first, answer] of sent) {
      expect(answer.status).toBe(200);
      expect(names(answer)).toBe(first);
      expect(answer).toEqual(sent.find(([f]) => f === first)?.[1]);
    }
    const cost = (answer: Answer): number =>
      (JSON.parse(answer.text) as { extensions: { cost: { requestedQueryCost: number } } }).extensions.cost.requestedQueryCost;
    expect(new Set(sent.map(([, answer]) => cost(answer))).size).toBe(3);
    // The first page of 2 was known from the test above: only the first 1 and the first 3 went to Apollo.
    expect(await knownAnswers()).toBe(before + 6);
    // Variables whose text differs but whose values coerce alike (an Int sent as 2.0 is the JSON number 2).
    const asFloat = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":${JSON.stringify(PAGE)},"variables":{"first":2.0}}`,
    });
    expect(await asFloat.text()).toBe(sent.find(([f]) => f === 2)?.[1].text);
    // Every one counted once on /metrics, however often it is read.
    expect(await pageRequests()).toBe(requestsBefore + 9);
    expect(await pageRequests()).toBe(requestsBefore + 9);
  });

  it('still refuses what costs more than the maximum, however often the document was answered', async () => {
    await post({ query: PAGE, variables: { first: 1 } });
    for (let i = 0; i < 3; i += 1) {
      const refused = await post({ query: PAGE, variables: { first: 30 } });
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.text)).toMatchObject({ errors: [{ extensions: { code: 'MAX_COST_EXCEEDED' } }] });
    }
  });

  it('refuses introspection every time, and variables of the wrong type', async () => {
    for (let i = 0; i < 2; i += 1) {
      const refused = await post({ query: '{ __schema { queryType { name } } }' });
      expect(refused.status).toBe(400);
      expect((JSON.parse(refused.text) as { errors: Array<{ message: string }> }).errors[0]?.message).toContain('introspection has been disabled');
    }
    await post({ query: PAGE, variables: { first: 1 } });
    const wrong = await post({ query: PAGE, variables: { first: 'two' } });
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.text)).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('leaves to Apollo Server a client that asks for another media type, and extensions it reads', async () => {
    await post({ query: PAGE, variables: { first: 1 } });
    const before = await knownAnswers();
    const graphqlResponse = await post({ query: PAGE, variables: { first: 1 } }, { accept: 'application/graphql-response+json' });
    expect(graphqlResponse.status).toBe(200);
    expect(graphqlResponse.contentType).toBe('application/graphql-response+json; charset=utf-8');
    const persisted = await post({ query: PAGE, variables: { first: 1 }, extensions: { persistedQuery: { version: 1, sha256Hash: 'nope' } } });
    expect(persisted.status).toBe(400);
    expect(await knownAnswers()).toBe(before);
  });
});
