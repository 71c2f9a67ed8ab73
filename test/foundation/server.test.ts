import { createClient, type Client } from 'graphql-ws';
import { print } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HeartbeatDocument, ServerInfoDocument, type HeartbeatSubscription } from '../__generated__/graphql.js';
import { postGraphQL } from '../support/graphql.js';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';

let server: ServerProcess | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.dispose();
  client = undefined;
  if (server && server.child.exitCode === null) {
    server.kill('SIGKILL');
    await server.exited;
  }
  server = undefined;
});

function wsClient(url: string, onClose?: (code: number) => void): Client {
  return createClient({
    url: `${url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    // The close is asserted through `on.closed`; without this the client prints it to stderr.
    onNonLazyError: () => undefined,
    on: { closed: (event) => onClose?.((event as { code: number }).code) },
  });
}

describe('the server process', () => {
  it('answers serverInfo over HTTP with its version and no Kubernetes', async () => {
    server = await startServerProcess();
    const result = await postGraphQL(server.url, ServerInfoDocument);
    expect(result.errors).toBeUndefined();
    expect(result.data?.serverInfo.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(result.data?.serverInfo.kubernetes).toEqual({ mode: 'NONE', apiServerUrl: null });
  });

  it('streams numbered heartbeats over graphql-ws', async () => {
    server = await startServerProcess();
    client = wsClient(server.url);
    const ticks: HeartbeatSubscription['heartbeat'][] = [];
    const subscription = client.iterate<HeartbeatSubscription>({ query: print(HeartbeatDocument), variables: { intervalMs: 20 } });
    for await (const event of subscription) {
      expect(event.errors).toBeUndefined();
      if (event.data) ticks.push(event.data.heartbeat);
      if (ticks.length === 3) break;
    }
    expect(ticks.map((t) => t.sequence)).toEqual([1, 2, 3]);
    const times = ticks.map((t) => Date.parse(String(t.at)));
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect(times[2]).toBeGreaterThanOrEqual(times[0] ?? Infinity);
  });

  it('refuses a heartbeat interval out of range with a typed error', async () => {
    server = await startServerProcess();
    client = wsClient(server.url);
    const subscription = client.iterate({ query: print(HeartbeatDocument), variables: { intervalMs: 1 } });
    const first = await subscription.next();
    expect(first.done).toBe(false);
    const errors = (first.value as { errors?: Array<{ message: string; extensions?: { code?: string } }> }).errors ?? [];
    expect(errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors[0]?.message).toBe('intervalMs must be between 10 and 60000, got 1');
  });

  it('counts requests per operation at /metrics, with process metrics', async () => {
    server = await startServerProcess();
    await postGraphQL(server.url, ServerInfoDocument);
    await postGraphQL(server.url, ServerInfoDocument);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('kafkaplane_graphql_requests_total{operation="ServerInfo",type="query",outcome="success"} 2');
    expect(metrics).toMatch(/kafkaplane_graphql_request_duration_seconds_count\{operation="ServerInfo",type="query"\} 2/);
    expect(metrics).toContain('process_cpu_user_seconds_total');
  });

  // A query over the socket must not get around a rule of HTTP: the same words on both.
  it('refuses introspection on both transports alike when NODE_ENV=production, and answers it with --introspection true', async () => {
    const introspect = '{ __schema { queryType { name } } }';
    const overHttp = async (url: string) =>
      (await (
        await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: introspect }) })
      ).json()) as {
        data?: unknown;
        errors?: Array<{ message: string; extensions?: { code?: string } }>;
      };
    const overSocket = async (url: string) => {
      client = wsClient(url);
      try {
        const first = await client.iterate({ query: introspect }).next();
        return first.value as { data?: unknown; errors?: Array<{ message: string }> };
      } catch (errors) {
        // graphql-ws sends a document that fails validation as an `error` message: the iterator throws its errors.
        return { errors: errors as Array<{ message: string }> };
      } finally {
        await client.dispose();
        client = undefined;
      }
    };

    server = await startServerProcess([], { NODE_ENV: 'production' });
    const refusedHttp = await overHttp(server.url);
    expect(refusedHttp.data).toBeUndefined();
    expect(refusedHttp.errors?.[0]?.message).toBe('GraphQL introspection has been disabled, but the requested query contained the field "__schema".');
    expect(refusedHttp.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const refusedSocket = await overSocket(server.url);
    expect(refusedSocket.errors?.[0]?.message).toBe(refusedHttp.errors?.[0]?.message);
    server.kill('SIGKILL');
    await server.exited;

    server = await startServerProcess(['--introspection', 'true'], { NODE_ENV: 'production' });
    expect((await overHttp(server.url)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect((await overSocket(server.url)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('ends cleanly on SIGTERM while a subscription is open, closing it with 1001', async () => {
    server = await startServerProcess(['--shutdown-timeout', '5']);
    let closeCode: number | undefined;
    client = wsClient(server.url, (code) => (closeCode = code));
    const subscription = client.iterate<HeartbeatSubscription>({ query: print(HeartbeatDocument), variables: { intervalMs: 10 } });
    const first = await subscription.next();
    expect(first.done).toBe(false);

    server.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    // graphql-ws closes with 1001 Going Away when the server goes down.
    await expect.poll(() => closeCode, { timeout: 2_000 }).toBe(1001);
    expect(server.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });
});

describe('probes and the IDE', () => {
  it('is alive and ready without Kubernetes', async () => {
    server = await startServerProcess();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('serves GraphiQL to browsers from local files only', async () => {
    server = await startServerProcess();
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(sources.length).toBe(4);
    for (const source of sources) {
      expect(source.startsWith('/graphql/ide/')).toBe(true);
      const asset = await fetch(`${server.url}${source}`);
      expect(asset.status, source).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });
});
