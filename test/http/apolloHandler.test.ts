import { get as httpGet, request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { fleetHttpServer } from '../../bench/fleetServer.js';

describe('answers from Apollo Server over HTTP', () => {
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

  it('reads a POST body of JSON as express.json did, and leaves other bodies to Express', async () => {
    const { http } = await fleetHttpServer({ clusters: 1, brokers: 1, disks: 1, configEntries: 1 });
    const url = `http://127.0.0.1:${http.port}/graphql`;
    const send = async (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
      const answer = await fetch(url, { method: 'POST', headers, body });
      const text = await answer.text();
      return { status: answer.status, text, code: (JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code };
    };
    try {
      const query = JSON.stringify({ query: '{ clusters(first: 1) { totalCount } }' });
      expect(await send(query)).toMatchObject({ status: 200, code: undefined });
      expect(await send(query, { 'content-type': 'application/json; charset=UTF-8' })).toMatchObject({ status: 200, code: undefined });
      // A byte order mark is not part of the JSON.
      expect(await send(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(query)]))).toMatchObject({ status: 200, code: undefined });
      const bad = await send('{bad json');
      expect(bad).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
      expect(bad.text).toContain('the request body is not valid JSON');
      // Strict, as express.json: only an object or an array.
      for (const body of ['null', '"string"', '3']) expect(await send(body)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
      // Arrays are batches, which Apollo Server refuses; an empty body is an empty object, which it refuses too.
      expect(await send('[]')).toMatchObject({ status: 400 });
      expect((await send('')).text).toContain('POST body missing');
      const large = await send(JSON.stringify({ query: `{ clusters(first: 1) { totalCount } } #${'x'.repeat(1024 * 1024)}` }));
      expect(large).toMatchObject({ status: 413, code: 'BAD_REQUEST' });
      // Sent in chunks without a length, the limit holds as the body arrives.
      const chunked = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        for (let i = 0; i < 20; i += 1) req.write('x'.repeat(64 * 1024));
        req.end();
      });
      expect(chunked).toBe(413);
      // Another charset, and a simple content type a browser sends cross-site, go through Express as before:
      // express.json refuses the charset, Apollo Server's CSRF rule the text.
      expect((await send(query, { 'content-type': 'application/json; charset=latin1' })).status).toBe(415);
      const text = await send(query, { 'content-type': 'text/plain' });
      expect(text.status).toBe(400);
      expect(text.text).toContain('Cross-Site Request Forgery');
    } finally {
      await http.stop();
    }
  });
});
