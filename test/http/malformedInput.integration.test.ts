import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { startDemoApiSandbox, type ApiSandbox } from '../support/apiSandbox.js';
import { wsClient } from '../support/subscriber.js';

/**
 * Malformed input at volume, through the interfaces a user touches: GraphQL over HTTP and over
 * graphql-ws, and the Alertmanager and Prometheus alert endpoints. Every answer must be a 4xx or
 * a typed error; the server must stay up; and nothing may reach Kubernetes or Cruise Control.
 */
let api: ApiSandbox;
let url: string;
let clusterId: string;

beforeAll(async () => {
  api = await startDemoApiSandbox();
  url = api.server.url;
  const answer = await graphql({ query: '{ clusters(first: 1) { edges { node { id } } } }' });
  clusterId = (answer.body as { data: { clusters: { edges: Array<{ node: { id: string } }> } } }).data.clusters.edges[0]?.node.id ?? '';
  expect(clusterId).not.toBe('');
}, 180_000);
afterAll(async () => {
  await api.close();
});

type Answer = { status: number; body: unknown };

async function post(path: string, body: string, contentType = 'application/json'): Promise<Answer> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: judged by its status alone
  }
  return { status: response.status, body: parsed };
}
const graphql = (request: Record<string, unknown>) => post('/graphql', JSON.stringify(request));

type GraphQLBody = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };

/** Why a GraphQL answer is not a clear refusal; undefined when it is one. */
function notRefused(answer: Answer | { status: 200; body: GraphQLBody }): string | undefined {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  if (answer.status >= 400) return undefined;
  const body = answer.body as GraphQLBody;
  const internal = body.errors?.find((e) => e.extensions?.code === undefined || e.extensions.code === 'INTERNAL_SERVER_ERROR');
  if (internal !== undefined) return `untyped error: ${internal.message.slice(0, 200)}`;
  if ((body.errors?.length ?? 0) > 0) return undefined;
  // A mutation that answered data must have refused through its userErrors.
  for (const [field, payload] of Object.entries(body.data ?? {})) {
    if (payload === null) continue;
    const userErrors = (payload as { userErrors?: unknown[] }).userErrors;
    if (userErrors !== undefined && userErrors.length === 0) return `${field} accepted the input`;
  }
  return undefined;
}

const huge = (n: number) => 'x'.repeat(n);
const badQuantities = ['1e999', '-1Gi', '0', '1Gi\n', ' 1Gi', 'NaN', '1.5.5Gi', '9'.repeat(5_000), '1Zi', '∞', '', '1e-999'];
const badMountPaths = ['/a\nb', `/${huge(5_000)}`, 'relative', '/a,b', '/a b', '/../etc', '', '/', '//x', '/kafka-logs/', '/a/./b', '/ü'];
const badConfigNames = [huge(10_000), 'a\nb', '', ' ', 'a=b', '#x', 'listeners', 'log.dirs', 'process.roles', 'node.id'];
const badIds = ['x', 1.5, 2 ** 40, -(2 ** 40), null, { id: 1 }, [1], true, '1'];

/** Mutations, each with a document and inputs that must all be refused (dryRun false: a yes would write). */
function mutationCases(): Array<{ query: string; variables: Record<string, unknown> }> {
  const cases: Array<{ query: string; variables: Record<string, unknown> }> = [];
  const doc = (name: string, type: string) => `mutation M($i: ${type}!) { ${name}(input: $i) { userErrors { field code message } } }`;
  const add = (name: string, type: string, input: unknown) => cases.push({ query: doc(name, type), variables: { i: input } });
  const base = { clusterId: 'PLACEHOLDER', dryRun: false };
  for (const size of badQuantities) {
    add('addBrokerVolume', 'AddBrokerVolumeInput', { ...base, brokerId: 1, volume: { mountPath: '/kafka-extra', size } });
    add('resizeBrokerVolume', 'ResizeBrokerVolumeInput', { ...base, brokerId: 1, mountPath: '/kafka-logs', size });
    add('resizeBrokerVolume', 'ResizeBrokerVolumeInput', { ...base, brokerId: 1, mountPath: '/kafka-logs', incrementBy: size });
    add('addBrokers', 'AddBrokersInput', { ...base, brokerConfigGroup: 'default', storage: { mountPath: '/kafka-more', size } });
    for (const kind of ['requests', 'limits'])
      for (const resource of ['cpu', 'memory']) add('setBrokerResources', 'SetBrokerResourcesInput', { ...base, brokerId: 1, [kind]: { [resource]: size } });
  }
  for (const mountPath of badMountPaths) {
    add('addBrokerVolume', 'AddBrokerVolumeInput', { ...base, brokerId: 1, volume: { mountPath, size: '10Gi' } });
    add('addBrokers', 'AddBrokersInput', { ...base, brokerConfigGroup: 'default', storage: { mountPath, size: '10Gi' } });
    add('removeBrokerVolume', 'RemoveBrokerVolumeInput', { ...base, brokerId: 1, mountPath });
    add('resizeBrokerVolume', 'ResizeBrokerVolumeInput', { ...base, brokerId: 1, mountPath, incrementBy: '1Gi' });
  }
  for (const name of badConfigNames) {
    add('setBrokerConfig', 'SetBrokerConfigInput', { ...base, brokerId: 1, set: [{ name, value: '1' }] });
    add('setBrokerConfig', 'SetBrokerConfigInput', { ...base, brokerId: 1, unset: [name] });
    add('setClusterConfig', 'SetClusterConfigInput', { ...base, set: [{ name, value: '1' }] });
  }
  add('setClusterConfig', 'SetClusterConfigInput', { ...base, set: [{ name: 'log.cleaner.threads', value: huge(100_000) }] });
  add('setClusterConfig', 'SetClusterConfigInput', { ...base, set: Array.from({ length: 1_000 }, (_, i) => ({ name: `custom.key.${i}`, value: '1' })) });
  for (const brokerId of badIds) {
    for (const [name, type, extra] of [
      ['removeBroker', 'RemoveBrokerInput', {}],
      ['restartBroker', 'RestartBrokerInput', {}],
      ['removeBrokerVolume', 'RemoveBrokerVolumeInput', { mountPath: '/kafka-logs' }],
      ['setBrokerConfig', 'SetBrokerConfigInput', { set: [{ name: 'log.cleaner.threads', value: '2' }] }],
    ] as const) {
      add(name, type, { ...base, brokerId, ...extra });
    }
  }
  // Out-of-range and negative ids that are Ints, unknown and malformed global ids, stale generations.
  for (const brokerId of [-1, 2 ** 31 - 1, 999, -(2 ** 31)]) add('removeBroker', 'RemoveBrokerInput', { ...base, brokerId });
  for (const id of ['', 'garbage', 'a2Fma2FwbGFuZTovL05vZGUveC95', huge(10_000), 'a2Fma2FwbGFuZTovL0thZmthQ2x1c3Rlci9rYWZrYS9ub3BlCg', 42, null]) {
    add('restartBroker', 'RestartBrokerInput', { clusterId: id, brokerId: 1, dryRun: false });
    add('stopOperation', 'StopOperationInput', { clusterId: id, dryRun: false });
    add('retryOperation', 'RetryOperationInput', { operationId: id, dryRun: false });
    add('deleteCluster', 'DeleteClusterInput', { clusterId: id, dryRun: false });
  }
  for (const expectedGeneration of [0, -5, 999_999, 2 ** 31 - 1]) {
    add('restartBroker', 'RestartBrokerInput', { ...base, brokerId: 1, expectedGeneration });
    add('removeBroker', 'RemoveBrokerInput', { ...base, brokerId: 1, expectedGeneration });
    add('setBrokerConfig', 'SetBrokerConfigInput', { ...base, brokerId: 1, expectedGeneration, set: [{ name: 'log.cleaner.threads', value: '2' }] });
  }
  for (const count of [0, -1, 10_000, 2 ** 31 - 1]) add('addBrokers', 'AddBrokersInput', { ...base, count });
  for (const bad of [{ brokers: 0 }, { brokers: 100_000 }, { controllers: 2 }, { name: huge(5_000) }, { name: 'Bad_Name' }, { namespace: '../x' }]) {
    add('createCluster', 'CreateClusterInput', { name: 'fresh', namespace: 'kafka', dryRun: false, ...bad });
  }
  // Whole inputs of the wrong shape.
  for (const input of [null, 1, 'x', [], [1, 2], {}, { nope: 1 }]) add('removeBroker', 'RemoveBrokerInput', input);
  return cases;
}

/** Documents that are malformed themselves: syntax, depth, aliases, unknown fields, huge lists. */
function documentCases(): Array<Record<string, unknown>> {
  const deep = `{ clusters(first: 1) { edges { node { ${'brokers(first: 1) { edges { node { cluster { '.repeat(20)} id ${'} } } } }'.repeat(20)} } } } }`;
  const aliases = `{ ${Array.from({ length: 2_000 }, (_, i) => `a${i}: clusters(first: 100) { edges { node { id name } } }`).join(' ')} }`;
  return [
    { query: '{' },
    { query: '' },
    { query: 'mutation { nope }' },
    { query: '{ clusters { edges { node { id } } } }' },
    { query: '{ clusters(first: -1) { edges { node { id } } } }' },
    { query: '{ clusters(first: 1000000000) { edges { node { id } } } }' },
    { query: deep },
    { query: aliases },
    { query: `{ nodes(ids: [${Array.from({ length: 10_000 }, () => '"x"').join(',')}]) { id } }` },
    { query: '{ node(id: "garbage") { id } }' },
    { query: `{ node(id: "${huge(100_000)}") { id } }` },
    { query: '{ cluster(name: 1, namespace: 2) { id } }' },
    { query: '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }', variables: [1] },
    { query: '{ clusters(first: 1) { edges { node { id } } } }', operationName: 7 },
    { query: '{ a: clusters(first: 1) { edges { node { id } } } } { b: clusters(first: 1) { edges { node { id } } } }' },
    { query: `query Q($x: Int!) { clusters(first: $x) { edges { node { id } } } }`, variables: { x: 'ten' } },
    { query: `query Q($x: Int!) { clusters(first: $x) { edges { node { id } } } }`, variables: { x: 2 ** 53 } },
    { query: `query Q($x: Int!) { clusters(first: $x) { edges { node { id } } } }` },
  ];
}

const badBodies = ['{bad json', '', 'null', '[]', '"string"', '{"query":', 'x'.repeat(2_000_000), '{"query": {"a":1}}', '{"variables": 3}', '\u0000'];

/** Alert endpoint bodies: bad JSON, wrong shapes, unknown commands, labels that name nothing, enormous arrays. */
function alertCases(): Array<{ path: string; body: string }> {
  const webhook = (alerts: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      version: '4',
      groupKey: 'g',
      status: 'firing',
      receiver: 'kafkaplane',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      alerts,
      ...extra,
    });
  const alert = (labels: Record<string, unknown>, annotations: Record<string, unknown> = {}) => ({
    status: 'firing',
    labels,
    annotations,
    startsAt: new Date().toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: '',
    fingerprint: 'f',
  });
  const cases: Array<{ path: string; body: string }> = [];
  for (const path of ['/alertmanager', '/api/v2/alerts']) {
    for (const body of badBodies.filter((b) => b.length < 1_000_000)) cases.push({ path, body });
    cases.push({ path, body: JSON.stringify({ alerts: 'x' }) }, { path, body: JSON.stringify([1, 2, 3]) }, { path, body: JSON.stringify([{ labels: 5 }]) });
  }
  const labelSets: Array<Record<string, unknown>> = [
    { alertname: 'x', kafka_cr: 'nope', namespace: 'kafka' },
    { alertname: 'x', kafka_cr: 'kafka', namespace: 'nowhere' },
    { alertname: 'x', persistentvolumeclaim: 'no-such-claim', namespace: 'kafka' },
    { alertname: 'x', kafka_cr: 'kafka', namespace: 'kafka', brokerId: '999' },
    { alertname: huge(10_000), kafka_cr: huge(10_000), namespace: huge(10_000) },
    { alertname: 5, kafka_cr: ['kafka'] },
    {},
  ];
  const commands = ['bogus', '', 'addPvc', 'downScale', 'upScale', huge(5_000)];
  for (const labels of labelSets) {
    for (const command of commands) {
      const annotations = { command, diskSize: '1e999', mountPathPrefix: '/a\nb', storageClass: 'gold' };
      cases.push({ path: '/alertmanager', body: webhook([alert(labels, annotations)]) });
      cases.push({ path: '/api/v2/alerts', body: JSON.stringify([alert(labels, annotations)]) });
    }
  }
  cases.push({ path: '/alertmanager', body: webhook([alert({ alertname: 'x' })], { version: '3' }) });
  cases.push({ path: '/alertmanager', body: webhook(Array.from({ length: 20_000 }, () => alert({ alertname: 'x', kafka_cr: 'nope' }))) });
  cases.push({ path: '/api/v2/alerts', body: JSON.stringify(Array.from({ length: 20_000 }, () => alert({ alertname: 'x' }))) });
  return cases;
}

/** A request in a line: the operation's name and its input, both cut short. */
function describeRequest(request: { query?: unknown; variables?: unknown }): string {
  const query = typeof request.query === 'string' ? request.query : JSON.stringify(request.query);
  const input = JSON.stringify(request.variables ?? null).replace(/"clusterId":"[^"]*",?/, '');
  return `${(query ?? '').slice(0, 60)} ${input.slice(0, 200)}`;
}

/** The sandbox API server's count of writes (post, put, patch, delete) by verb and resource, Leases and Events left out. */
function writesByResource(): Map<string, number> {
  return new Map([...api.sandbox.kube.faults.requests()].filter(([key]) => /^(post|put|patch|delete) /.test(key) && !/ (leases|events)$/.test(key)));
}

function wsOutcome(client: Client, request: { query: string; variables?: Record<string, unknown> }): Promise<string | undefined> {
  return new Promise((resolve) => {
    let verdict: string | undefined;
    client.subscribe(request, {
      next: (result) => {
        verdict ??= notRefused({ status: 200, body: result as GraphQLBody });
      },
      // A refused operation comes back as graphql-ws's error message, a list of GraphQL errors; anything else (a closed socket) is a failure.
      error: (error) => resolve(Array.isArray(error) ? undefined : `the socket failed: ${JSON.stringify(error) ?? 'unknown'}`),
      complete: () => resolve(verdict),
    });
  });
}

describe('malformed input at volume', () => {
  it('answers every one with a 4xx or a typed error, stays up, and writes nothing to Kubernetes or Cruise Control', async () => {
    const cruiseControl = api.sandbox.world.cruiseControl('kafka', 'kafka');
    const tasksBefore = cruiseControl?.tasks.list().length ?? 0;
    // Lease renewals are the leader's own, whatever the input, and an alert that names a cluster
    // is recorded as an Event on it even when refused (docs/alerts.md); every other write counts.
    // The demo cluster settles first (per-broker configs, statuses): the count starts once the operator writes nothing more.
    let last = '';
    await expect
      .poll(
        () => {
          const now = JSON.stringify([...writesByResource()]);
          const quiet = now === last;
          last = now;
          return quiet;
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toBe(true);
    const writesBefore = writesByResource();

    const failures: string[] = [];
    let sent = 0;
    const mutations = mutationCases().map((c) => ({
      ...c,
      variables: JSON.parse(JSON.stringify(c.variables).replaceAll('PLACEHOLDER', clusterId)) as Record<string, unknown>,
    }));
    for (const request of [...mutations, ...documentCases()]) {
      sent += 1;
      const why = notRefused(await graphql(request));
      if (why !== undefined) failures.push(`HTTP ${describeRequest(request)}: ${why}`);
    }
    for (const body of badBodies) {
      sent += 1;
      const answer = await post('/graphql', body);
      if (answer.status < 400 || answer.status >= 500) failures.push(`body ${JSON.stringify(body.slice(0, 40))}: HTTP ${answer.status}`);
    }
    const client = wsClient(url);
    try {
      for (const request of mutations.slice(0, 150)) {
        sent += 1;
        const why = await wsOutcome(client, request);
        if (why !== undefined) failures.push(`graphql-ws ${describeRequest(request)}: ${why}`);
      }
    } finally {
      await client.dispose();
    }
    for (const { path, body } of alertCases()) {
      sent += 1;
      const answer = await post(path, body);
      if (answer.status >= 500) failures.push(`${path} ${body.slice(0, 120)}: HTTP ${answer.status}`);
    }

    expect(sent).toBeGreaterThanOrEqual(500);
    expect(failures).toEqual([]);
    // Still up, and still right.
    expect((await graphql({ query: '{ clusters(first: 1) { edges { node { id } } } }' })).status).toBe(200);
    const writesAfter = writesByResource();
    expect([...writesAfter].filter(([key, n]) => n !== (writesBefore.get(key) ?? 0))).toEqual([]);
    expect(cruiseControl?.tasks.list().length ?? 0).toBe(tasksBefore);
  }, 600_000);
});
