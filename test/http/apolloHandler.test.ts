import { get as httpGet } from 'node:http';
import { describe, expect, it } from 'vitest';
import { fleetHttpServer } from '../../bench/fleetServer.js';

describe('answers from Apollo Server over Express', () => {
  it('sends a POST answer whole with its length, and a GET answer with an ETag a client can revalidate', async () => {
    const { http } = await fleetHttpServer({ clusters: 2, brokers: 2, disks: 1, configEntries: 1 });
    const url = `http://127.0.0.1:${http.port}/graphql`;
    const query = '{ clusters(first: 5) { totalCount nodes { name brokers(first: 5) { nodes { brokerId } } } } }';
    try {
      const posted = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      const text = await posted.text();
      expect(posted.status).toBe(200);
      expect(posted.headers.get('content-type')).toContain('application/json');
      expect(Number(posted.headers.get('content-length'))).toBe(Buffer.byteLength(text));
      expect(JSON.parse(text)).toMatchObject({ data: { clusters: { totalCount: 2, nodes: [{ name: 'cluster-000' }, { name: 'cluster-001' }] } } });

      // GET needs a header a browser cannot send cross-site without a preflight (Apollo's CSRF rule).
      const first = await fetch(`${url}?query=${encodeURIComponent(query)}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual(JSON.parse(text));
      const etag = first.headers.get('etag');
      expect(etag).toBeTruthy();
      // fetch marks a request with If-None-Match no-cache (the Fetch standard), so node:http revalidates.
      const revalidated = await new Promise<number>((resolve, reject) =>
        httpGet(`${url}?query=${encodeURIComponent(query)}`, { headers: { 'apollo-require-preflight': 'true', 'if-none-match': etag ?? '' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject),
      );
      expect(revalidated).toBe(304);

      const malformed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ clusters(' }) });
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    } finally {
      await http.stop();
    }
  });
});
