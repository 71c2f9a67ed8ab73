import { CoreV1Api, CustomObjectsApi, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { PERMISSIONS } from '../../src/auth/permissions.js';
import { startApiServer, startDemoApiSandbox, type ApiSandbox } from '../support/apiSandbox.js';
import { encodeGlobalId } from '../../src/domain/globalId.js';
import type { RunningServer } from '../../src/app.js';

// The server with --auth kubernetes on the sandbox with RBAC on: ServiceAccounts get tokens from
// the TokenRequest API, Roles say what each may do, and the API asks Kubernetes about every call.
const KAFKA = 'kafka.banzaicloud.io';
const CLUSTER_ID = encodeGlobalId('KafkaCluster', 'kafka', 'kafka');
const OTHER_ID = encodeGlobalId('KafkaCluster', 'other', 'kafka');
const OPERATION_ID = encodeGlobalId('Operation', 'kafka', 'kafka-rebalance-abc123');

let api: ApiSandbox;
let url: string;
const tokens: Record<'reader' | 'editor' | 'watcher' | 'colleague', string> = { reader: '', editor: '', watcher: '', colleague: '' };

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function post(query: string, token?: string, base = url, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

/** A ServiceAccount in namespace kafka bound to a Role of these rules, and a token for it. */
async function serviceAccount(name: string, rules: Array<{ resources: string[]; verbs: string[] }>): Promise<string> {
  const kc = api.sandbox.kube.kubeConfig;
  const core = kc.makeApiClient(CoreV1Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  await core.createNamespacedServiceAccount({ namespace: 'kafka', body: { metadata: { name } } });
  await rbac.createNamespacedRole({ namespace: 'kafka', body: { metadata: { name }, rules: rules.map((r) => ({ apiGroups: [KAFKA], ...r })) } });
  await rbac.createNamespacedRoleBinding({
    namespace: 'kafka',
    body: {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: 'kafka' }],
    },
  });
  const request = await core.createNamespacedServiceAccountToken({ namespace: 'kafka', name, body: { spec: { audiences: [] } } });
  return request.status?.token ?? '';
}

function socket(token: string | undefined, closes: number[], base = url): Client {
  return createClient({
    url: `${base.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    connectionParams: token !== undefined ? { authorization: `Bearer ${token}` } : {},
    on: { closed: (event) => closes.push((event as { code: number }).code) },
  });
}

beforeAll(async () => {
  api = await startDemoApiSandbox(['--auth', 'kubernetes', '--auth-cache', '0.5', '--max-subscriptions', '3', '--rate-limit', '0'], { kubeRbac: true });
  url = api.server.url;
  // A second cluster elsewhere, which the reader may not see.
  const kc = api.sandbox.kube.kubeConfig;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'other' } } });
  const demo = (await kc
    .makeApiClient(CustomObjectsApi)
    .getNamespacedCustomObject({ group: KAFKA, version: 'v1beta1', namespace: 'kafka', plural: 'kafkaclusters', name: 'kafka' })) as {
    spec: Record<string, unknown>;
  };
  const { spec } = demo;
  await kc.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
    group: KAFKA,
    version: 'v1beta1',
    namespace: 'other',
    plural: 'kafkaclusters',
    body: { apiVersion: `${KAFKA}/v1beta1`, kind: 'KafkaCluster', metadata: { name: 'kafka' }, spec },
  });
  tokens.reader = await serviceAccount('reader', [{ resources: ['kafkaclusters'], verbs: ['get', 'list'] }]);
  tokens.editor = await serviceAccount('editor', [{ resources: ['kafkaclusters'], verbs: ['get', 'list', 'patch'] }]);
  tokens.watcher = await serviceAccount('watcher', [{ resources: ['kafkaclusters'], verbs: ['get', 'watch'] }]);
  tokens.colleague = await serviceAccount('colleague', [{ resources: ['kafkaclusters'], verbs: ['get', 'watch'] }]);
  await vi.waitFor(
    async () => expect((await post('{ clusters(first: 10) { totalCount } }', tokens.editor)).body.data).toEqual({ clusters: { totalCount: 1 } }),
    {
      timeout: 30_000,
    },
  );
}, 240_000);
afterAll(async () => {
  await api?.close();
});

describe('authentication', () => {
  it('refuses a request without a token, or with one the API server does not accept, with 401 and a Bearer challenge', async () => {
    // Answered twice with a token, the query is known (answered without Apollo Server's pipeline): still refused without one.
    for (let i = 0; i < 2; i += 1) expect((await post('{ serverInfo { version } }', tokens.reader)).status).toBe(200);
    for (const token of [undefined, 'not-a-token']) {
      const answer = await post('{ serverInfo { version } }', token);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await post('{ serverInfo { version } }', tokens.reader)).status).toBe(200);
  });

  it('refuses a known query once its token is revoked (its ServiceAccount deleted), when the cached review expires', async () => {
    const token = await serviceAccount('revoked', [{ resources: ['kafkaclusters'], verbs: ['get', 'list'] }]);
    const query = '{ clusters(first: 10) { totalCount } }';
    // Answered by Apollo Server, then as a known query.
    for (let i = 0; i < 2; i += 1) expect((await post(query, token)).body.data).toEqual({ clusters: { totalCount: 1 } });
    await api.sandbox.kube.kubeConfig.makeApiClient(CoreV1Api).deleteNamespacedServiceAccount({ namespace: 'kafka', name: 'revoked' });
    // The server keeps a TokenReview's answer for --auth-cache (0.5 s), as the API server's own token cache does.
    await vi.waitFor(async () => expect((await post(query, token)).status).toBe(401), { timeout: 20_000, interval: 100 });
    const refused = await post(query, token);
    expect(refused.body).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] });
    expect((await post(query, tokens.reader)).status).toBe(200);
  });
});

describe('authorization by Kubernetes RBAC', () => {
  it('lists only the namespaces where the caller may list clusters, and refuses a cluster elsewhere naming what is missing', async () => {
    await vi.waitFor(
      async () =>
        expect((await post('{ clusters(first: 10) { totalCount } }', api.sandbox.kube.token)).body).toMatchObject({ data: { clusters: { totalCount: 2 } } }),
      {
        timeout: 10_000,
      },
    );
    const listed = await post('{ clusters(first: 10) { totalCount nodes { namespace name } } }', tokens.reader);
    expect(listed.body.data).toEqual({ clusters: { totalCount: 1, nodes: [{ namespace: 'kafka', name: 'kafka' }] } });
    const elsewhere = await post('{ cluster(namespace: "other", name: "kafka") { name } }', tokens.reader);
    expect(elsewhere.body.errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      permission: { verb: 'get', group: KAFKA, resource: 'kafkaclusters', namespace: 'other', name: 'kafka' },
    });
    expect(elsewhere.body.errors?.[0]?.message).toBe(
      'system:serviceaccount:kafka:reader may not get kafkaclusters.kafka.banzaicloud.io "kafka" in the namespace "other"',
    );
    const byId = await post(`{ node(id: "${OTHER_ID}") { id } }`, tokens.reader);
    expect(byId.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await post(`{ node(id: "${CLUSTER_ID}") { id } }`, tokens.reader)).body.data).toEqual({ node: { id: CLUSTER_ID } });
  });

  // Each mutation, as a ServiceAccount that may only read: refused with the permission it lacks, and nothing written.
  const mutations: Record<string, { input: string; missing: { verb: string; resource: string; name: string | null } }> = {
    addBrokerVolume: {
      input: `{ clusterId: "${CLUSTER_ID}", brokerId: 0, volume: { mountPath: "/kafka-logs-9", size: "10Gi" } }`,
      missing: { verb: 'patch', resource: 'kafkaclusters', name: 'kafka' },
    },
    addBrokers: { input: `{ clusterId: "${CLUSTER_ID}" }`, missing: { verb: 'patch', resource: 'kafkaclusters', name: 'kafka' } },
    removeBroker: { input: `{ clusterId: "${CLUSTER_ID}", brokerId: 5 }`, missing: { verb: 'patch', resource: 'kafkaclusters', name: 'kafka' } },
    removeBrokerVolume: {
      input: `{ clusterId: "${CLUSTER_ID}", brokerId: 0, mountPath: "/kafka-logs" }`,
      missing: { verb: 'patch', resource: 'kafkaclusters', name: 'kafka' },
    },
    resizeBrokerVolume: {
      input: `{ clusterId: "${CLUSTER_ID}", brokerId: 0, mountPath: "/kafka-logs", size: "100Gi" }`,
      missing: { verb: 'patch', resource: 'kafkaclusters', name: 'kafka' },
    },
    restartBroker: { input: `{ clusterId: "${CLUSTER_ID}", brokerId: 0 }`, missing: { verb: 'patch', resource: 'kafkaclusters', name: 'kafka' } },
    setBrokerConfig: { input: `{ clusterId: "${CLUSTER_ID}", brokerId: 0 }`, missing: { verb: 'patch', resource: 'kafkaclusters', name: 'kafka' } },
    setBrokerResources: { input: `{ clusterId: "${CLUSTER_ID}", brokerId: 0 }`, missing: { verb: 'patch', resource: 'kafkaclusters', name: 'kafka' } },
    setClusterConfig: { input: `{ clusterId: "${CLUSTER_ID}" }`, missing: { verb: 'patch', resource: 'kafkaclusters', name: 'kafka' } },
    createCluster: { input: `{ namespace: "kafka", name: "second" }`, missing: { verb: 'create', resource: 'kafkaclusters', name: 'second' } },
    deleteCluster: { input: `{ clusterId: "${CLUSTER_ID}", force: true }`, missing: { verb: 'delete', resource: 'kafkaclusters', name: 'kafka' } },
    rebalanceCluster: { input: `{ clusterId: "${CLUSTER_ID}" }`, missing: { verb: 'create', resource: 'cruisecontroloperations', name: null } },
    stopOperation: { input: `{ clusterId: "${CLUSTER_ID}" }`, missing: { verb: 'patch', resource: 'cruisecontroloperations', name: null } },
    retryOperation: {
      input: `{ operationId: "${OPERATION_ID}" }`,
      missing: { verb: 'patch', resource: 'cruisecontroloperations', name: 'kafka-rebalance-abc123' },
    },
  };

  it('has a case here for every mutation of the permission table', () => {
    expect(Object.keys(mutations).sort()).toEqual(Object.keys(PERMISSIONS.Mutation).sort());
  });

  it.each(Object.entries(mutations))('refuses %s to a reader with the permission it lacks, and changes nothing', async (field, { input, missing }) => {
    const custom = api.sandbox.kube.kubeConfig.makeApiClient(CustomObjectsApi);
    const before = (await custom.getNamespacedCustomObject({
      group: KAFKA,
      version: 'v1beta1',
      namespace: 'kafka',
      plural: 'kafkaclusters',
      name: 'kafka',
    })) as {
      metadata: { resourceVersion: string };
    };
    const answer = await post(`mutation { ${field}(input: ${input}) { __typename } }`, tokens.reader);
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      permission: { verb: missing.verb, group: KAFKA, resource: missing.resource, namespace: 'kafka', name: missing.name },
    });
    const after = (await custom.getNamespacedCustomObject({
      group: KAFKA,
      version: 'v1beta1',
      namespace: 'kafka',
      plural: 'kafkaclusters',
      name: 'kafka',
    })) as {
      metadata: { resourceVersion: string };
    };
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    const operations = (await custom.listNamespacedCustomObject({
      group: KAFKA,
      version: 'v1alpha1',
      namespace: 'kafka',
      plural: 'cruisecontroloperations',
    })) as {
      items: unknown[];
    };
    expect(operations.items).toEqual([]);
  });

  it('lets a ServiceAccount that may patch the cluster edit it, and the Event of the edit names that ServiceAccount', async () => {
    const answer = await post(`mutation { restartBroker(input: { clusterId: "${CLUSTER_ID}", brokerId: 1 }) { userErrors { code message } } }`, tokens.editor);
    expect(answer.body.data).toEqual({ restartBroker: { userErrors: [] } });
    const core = api.sandbox.kube.kubeConfig.makeApiClient(CoreV1Api);
    await vi.waitFor(
      async () => {
        const events = (await core.listNamespacedEvent({ namespace: 'kafka' })).items.filter((e) => e.reason === 'RestartBrokerRequested');
        expect(events.map((e) => e.message)).toEqual([expect.stringContaining('(asked by system:serviceaccount:kafka:editor)')]);
      },
      { timeout: 20_000 },
    );
  });

  it('masks unexpected errors: a failed SubjectAccessReview reaches the caller as INTERNAL_SERVER_ERROR without the Kubernetes answer', async () => {
    api.sandbox.kube.faults.inject({ method: 'POST', path: '/subjectaccessreviews', times: 1, error: { code: 500 } });
    const answer = await post('{ cluster(namespace: "kafka", name: "nowhere") { name } }', tokens.reader);
    expect(answer.body.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(answer.body)).not.toContain('injected');
  });
});

describe('graphql-ws', () => {
  it('closes a socket without an accepted token with 4401', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const closes: number[] = [];
      const client = socket(token, closes);
      await vi.waitFor(() => expect(closes).toEqual([4401]), { timeout: 10_000 });
      await client.dispose();
    }
  });

  it('refuses the upgrade from a page of another origin, and accepts the server origin', async () => {
    const open = (origin: string): Promise<number | 'open'> =>
      new Promise((resolve) => {
        const ws = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { headers: { origin } });
        ws.once('open', () => {
          ws.close();
          resolve('open');
        });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      });
    expect(await open('https://evil.example')).toBe(401);
    expect(await open(url)).toBe('open');
  });

  it('closes a socket sent a message over 1 MiB with 1009', async () => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(1024 * 1024 + 10) } }));
    expect(await closed).toBe(1009);
  });

  it('refuses subscriptions beyond the cap of one connection', async () => {
    const closes: number[] = [];
    const client = socket(tokens.reader, closes);
    const errors: unknown[] = [];
    const stops = [0, 1, 2, 3].map(() =>
      client.subscribe(
        { query: 'subscription { heartbeat(intervalMs: 60000) { at } }' },
        { next: () => undefined, error: (e) => errors.push(e), complete: () => undefined },
      ),
    );
    await vi.waitFor(() => expect(JSON.stringify(errors)).toContain('at most 3 subscriptions per connection'), { timeout: 10_000 });
    expect(errors).toHaveLength(1);
    for (const stop of stops) stop();
    await client.dispose();
  });

  it('authorizes a subscription when it starts, and closes it with 4403 once the access is revoked, while a subscriber allowed alike goes on', async () => {
    const refused: unknown[] = [];
    const readerClient = socket(tokens.reader, []);
    readerClient.subscribe(
      { query: `subscription { clusterEvents(clusterId: "${CLUSTER_ID}") { reason } }` },
      {
        next: (result) => refused.push(result),
        error: (e) => refused.push(e),
        complete: () => undefined,
      },
    );
    await vi.waitFor(() => expect(JSON.stringify(refused)).toContain('FORBIDDEN'), { timeout: 10_000 });
    await readerClient.dispose();

    // Two callers allowed the same, with the same document: they share one execution per event.
    const follow = (token: string, closes: number[]): { client: Client; counts: number[] } => {
      const counts: number[] = [];
      const client = socket(token, closes);
      client.subscribe(
        { query: `subscription { clusterEvents(clusterId: "${CLUSTER_ID}") { reason count } }` },
        {
          next: (result) => {
            const event = result.data?.clusterEvents as { reason?: string; count?: number } | undefined;
            if (event?.reason === 'RestartBrokerRequested' && event.count !== undefined) counts.push(event.count);
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
      return { client, counts };
    };
    const closes: number[] = [];
    const colleagueCloses: number[] = [];
    const watcher = follow(tokens.watcher, closes);
    const colleague = follow(tokens.colleague, colleagueCloses);
    const restart = () => post(`mutation { restartBroker(input: { clusterId: "${CLUSTER_ID}", brokerId: 2 }) { userErrors { code } } }`, tokens.editor);
    // Events flow to both while they may watch.
    await vi.waitFor(
      async () => {
        await restart();
        expect(watcher.counts.length).toBeGreaterThan(0);
        expect(colleague.counts.length).toBeGreaterThan(0);
      },
      { timeout: 20_000, interval: 1_000 },
    );
    await api.sandbox.kube.kubeConfig.makeApiClient(RbacAuthorizationV1Api).deleteNamespacedRoleBinding({ namespace: 'kafka', name: 'watcher' });
    await vi.waitFor(() => expect(closes).toEqual([4403]), { timeout: 20_000 });
    const watcherGot = [...watcher.counts];
    const colleagueGot = colleague.counts.length;
    // The colleague still gets each new request (the Event counted once more); the watcher, nothing.
    await vi.waitFor(
      async () => {
        await restart();
        expect(colleague.counts.length).toBeGreaterThan(colleagueGot);
      },
      { timeout: 20_000, interval: 1_000 },
    );
    expect(watcher.counts).toEqual(watcherGot);
    expect(colleagueCloses).toEqual([]);
    await watcher.client.dispose();
    await colleague.client.dispose();
  });
});

describe('document limits', () => {
  // No count of aliases: a flood of them is refused by its cost (src/http/queryCost.ts).
  const aliasFlood = `{ clusters(first: 100) { nodes { ${Array.from({ length: 2_000 }, (_, i) => `a${i}: name`).join(' ')} } } }`;
  const deep = `{ ${'a { '.repeat(21)}b${' }'.repeat(21)} }`;
  const long = `{ serverInfo { ${'version '.repeat(10_001)}} }`;

  it('refuses an alias flood, too deep a document and too many tokens over HTTP', async () => {
    expect(JSON.stringify((await post(aliasFlood, tokens.reader)).body.errors)).toContain('MAX_COST_EXCEEDED');
    expect(JSON.stringify((await post(deep, tokens.reader)).body.errors)).toContain('at most 20');
    expect(JSON.stringify((await post(long, tokens.reader)).body.errors)).toContain('10000 tokens. Parsing aborted');
  });

  it('refuses them over graphql-ws too', async () => {
    const client = socket(tokens.reader, []);
    for (const [query, expected] of [
      [aliasFlood, 'MAX_COST_EXCEEDED'],
      [long, '10000 tokens. Parsing aborted'],
    ] as const) {
      const seen: unknown[] = [];
      client.subscribe({ query }, { next: (r) => seen.push(r), error: (e) => seen.push(e), complete: () => undefined });
      await vi.waitFor(() => expect(JSON.stringify(seen)).toContain(expected), { timeout: 10_000 });
    }
    await client.dispose();
  });
});

describe('rate limit', () => {
  let limited: RunningServer;
  beforeAll(async () => {
    limited = await startApiServer(api.sandbox, ['--auth', 'kubernetes', '--rate-limit', '1', '--reconcile', 'false']);
  }, 60_000);
  afterAll(async () => {
    await limited?.stop();
  });

  it('answers 429 with Retry-After once a caller spent its bucket, and other callers still pass', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const answer = await post('{ serverInfo { version } }', tokens.reader, limited.url);
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await post('{ serverInfo { version } }', tokens.editor, limited.url)).status).toBe(200);
  });
});

// Last: the operation it starts keeps running and would hold back the edits of the tests above.
describe('who asked, on an operation', () => {
  it('names the ServiceAccount on the CruiseControlOperation its rebalance created', async () => {
    const token = await serviceAccount('automation', [
      { resources: ['kafkaclusters'], verbs: ['get'] },
      { resources: ['cruisecontroloperations'], verbs: ['create'] },
    ]);
    const answer = await post(`mutation { rebalanceCluster(input: { clusterId: "${CLUSTER_ID}" }) { operation { name } userErrors { code message } } }`, token);
    const started = answer.body.data?.rebalanceCluster as { operation: { name: string } | null; userErrors: unknown[] } | undefined;
    expect(started?.userErrors).toEqual([]);
    const custom = api.sandbox.kube.kubeConfig.makeApiClient(CustomObjectsApi);
    const operation = (await custom.getNamespacedCustomObject({
      group: KAFKA,
      version: 'v1alpha1',
      namespace: 'kafka',
      plural: 'cruisecontroloperations',
      name: started?.operation?.name ?? '',
    })) as { metadata: { annotations?: Record<string, string> } };
    expect(operation.metadata.annotations?.['kafkaplane.io/requested-by']).toBe('system:serviceaccount:kafka:automation');
  });
});
