import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { CruiseControlClient, CruiseControlError, type CruiseControlErrorCode } from '../../src/cruisecontrol/index.js';
import {
  ADD_BROKER_RESULT,
  errorBody,
  INVALID_LOG_DIRS,
  LOAD,
  MISSING_BROKER_ID,
  NOT_ENOUGH_WINDOWS,
  ONGOING_EXECUTION,
  REVIEW_DISABLED,
  TASK_ID,
  TOO_MANY_TASKS,
  UNEXPECTED_HEADER,
  UNKNOWN_BROKER,
} from './examples.js';
import { startReferenceServer, type ReferenceServer } from './referenceServer.js';

async function failure(promise: Promise<unknown>): Promise<CruiseControlError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CruiseControlError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('Cruise Control client: errors, timeouts, retries, auth, metrics and logs', () => {
  let server: ReferenceServer;
  afterEach(async () => server.close());

  it('maps each documented error answer to a stable code and keeps the server errorMessage and task id', async () => {
    server = await startReferenceServer();
    const client = new CruiseControlClient({ url: server.url, retries: 0 });
    const cases: Array<[string, number, unknown, CruiseControlErrorCode, string | undefined]> = [
      ['POST add_broker', 400, MISSING_BROKER_ID, 'CC_BAD_PARAMETER', undefined],
      ['POST remove_broker', 500, errorBody(NOT_ENOUGH_WINDOWS), 'CC_NOT_ENOUGH_VALID_WINDOWS', TASK_ID],
      ['POST rebalance', 500, errorBody(ONGOING_EXECUTION), 'CC_ONGOING_EXECUTION', TASK_ID],
      ['POST remove_disks', 500, errorBody(INVALID_LOG_DIRS), 'CC_INVALID_LOG_DIRS', TASK_ID],
      [
        'POST demote_broker',
        500,
        errorBody("Error processing POST request '/demote_broker' due to: 'Broker 7 does not exist.'."),
        'CC_UNKNOWN_BROKER',
        TASK_ID,
      ],
      ['POST fix_offline_replicas', 500, errorBody('Insufficient number of racks to distribute each replica.'), 'CC_OPTIMIZATION_FAILED', TASK_ID],
      ['POST review', 403, errorBody(REVIEW_DISABLED), 'CC_REVIEW_DISABLED', undefined],
      ['POST stop_proposal_execution', 404, "Unrecognized endpoint in request '/stop_proposal_execution'", 'CC_UNKNOWN_ENDPOINT', undefined],
      ['POST pause_sampling', 500, errorBody('Cannot pause the load monitor because it is in SAMPLING state.'), 'CC_MONITOR_NOT_READY', undefined],
    ];
    for (const [route, status, body, , taskId] of cases) server.on(route, { status, body, headers: taskId ? { 'User-Task-ID': taskId } : {} });
    const calls: Array<Promise<unknown>> = [
      client.addBroker({ brokerIds: [], dryrun: false }),
      client.removeBroker({ brokerIds: [1], dryrun: false }),
      client.rebalance({ dryrun: false }),
      client.removeDisks({ dryrun: false, logDirs: [{ brokerId: 3, logDir: '/nope' }] }),
      client.demoteBroker({ dryrun: false, brokerIds: [7] }),
      client.fixOfflineReplicas({ dryrun: false }),
      client.review({ approve: [1] }),
      client.stopProposalExecution(),
      client.pauseSampling(),
    ];
    for (const [index, [route, status, body, code, taskId]] of cases.entries()) {
      const error = await failure(calls[index] ?? Promise.resolve());
      const said = typeof body === 'string' ? body : (body as { errorMessage: string }).errorMessage;
      expect({ route, code: error.code, status: error.status, errorMessage: error.errorMessage, taskId: error.taskId }).toEqual({
        route,
        code,
        status,
        errorMessage: said,
        taskId,
      });
      expect(error.message).toContain(said);
    }
    const missing = await failure(client.addBroker({ brokerIds: [], dryrun: false }));
    expect(missing.message).toBe(
      'Cruise Control add_broker: Cruise Control rejected a request parameter: Target broker ID is not provided for ADD_BROKER request',
    );
  });

  it('maps unknown brokers, too many user tasks and a stale User-Task-ID on a re-poll', async () => {
    server = await startReferenceServer();
    const client = new CruiseControlClient({ url: server.url, retries: 0 });
    server.on(
      'POST add_broker',
      { status: 202, body: { progress: [], version: 1 }, headers: { 'User-Task-ID': TASK_ID } },
      { status: 500, body: errorBody(UNEXPECTED_HEADER) },
    );
    server.on('POST remove_broker', { status: 500, body: errorBody(UNKNOWN_BROKER), headers: { 'User-Task-ID': TASK_ID } });
    server.on('GET user_tasks', { status: 500, body: errorBody(TOO_MANY_TASKS) });
    const pending = await client.addBroker({ brokerIds: [3], dryrun: false });
    if (pending.state !== 'inProgress') throw new Error('expected a 202');
    expect((await failure(client.poll(pending.pending))).code).toBe('CC_UNKNOWN_TASK');
    expect((await failure(client.removeBroker({ brokerIds: [7], dryrun: true }))).code).toBe('CC_UNKNOWN_BROKER');
    const busy = await failure(client.userTasks());
    expect([busy.code, busy.status, busy.errorMessage]).toEqual(['CC_TOO_MANY_USER_TASKS', 500, TOO_MANY_TASKS]);
  });

  it('rejects a body that does not have the documented shape with CC_BAD_RESPONSE naming the field', async () => {
    server = await startReferenceServer();
    const client = new CruiseControlClient({ url: server.url });
    server.on('GET load', { status: 200, body: { ...LOAD, brokers: [{ ...LOAD.brokers[0], Broker: '0' }] }, headers: { 'User-Task-ID': TASK_ID } });
    server.on('GET kafka_cluster_state', { status: 200, body: '{not json', contentType: 'application/json;charset=utf-8' });
    const shape = await failure(client.load());
    expect(shape.code).toBe('CC_BAD_RESPONSE');
    expect(shape.errorMessage).toContain('brokers.0.Broker');
    expect((await failure(client.kafkaClusterState())).code).toBe('CC_BAD_RESPONSE');
  });

  it('times out every request, retries GETs but never a POST that could start work', async () => {
    server = await startReferenceServer();
    const client = new CruiseControlClient({ url: server.url, timeoutMs: 100, retries: 2, retryDelayMs: 1 });
    server.on('GET state', 'hang');
    server.on('POST rebalance', 'hang');
    const get = await failure(client.state());
    expect([get.code, get.errorMessage]).toEqual(['CC_TIMEOUT', 'no answer within 100 ms']);
    expect(server.requests.filter((r) => r.endpoint === 'state')).toHaveLength(3);
    const post = await failure(client.rebalance({ dryrun: false }));
    expect(post.code).toBe('CC_TIMEOUT');
    expect(server.requests.filter((r) => r.endpoint === 'rebalance')).toHaveLength(1);
  });

  it('retries a GET that got no connection and then succeeds', async () => {
    server = await startReferenceServer();
    // The first connection is cut before an answer; the retry gets the state.
    let cut = false;
    const relay = createServer((req, res) => {
      if (!cut) {
        cut = true;
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ userTasks: [], version: 1 }));
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const client = new CruiseControlClient({
        url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/kafkacruisecontrol`,
        retries: 1,
        retryDelayMs: 1,
      });
      expect(await client.userTasks()).toEqual([]);
      expect(cut).toBe(true);
      const refused = new CruiseControlClient({ url: 'http://127.0.0.1:1/kafkacruisecontrol', retries: 0 });
      expect((await failure(refused.state())).code).toBe('CC_UNAVAILABLE');
    } finally {
      relay.closeAllConnections();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
  });

  it('tells a POST that may have reached Cruise Control (connection lost after it was written) from one that never left (connection refused)', async () => {
    server = await startReferenceServer();
    let taken = 0;
    const relay = createServer((req) => {
      taken += 1;
      req.socket.destroy();
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const dropped = new CruiseControlClient({ url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/kafkacruisecontrol`, retries: 2 });
      const lost = await failure(dropped.removeBroker({ brokerIds: [1], dryrun: false }));
      expect(lost).toMatchObject({ code: 'CC_UNAVAILABLE', maybeDelivered: true });
      // A POST is never retried: Cruise Control may have started its task.
      expect(taken).toBe(1);
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const closedPort = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const refused = new CruiseControlClient({ url: `http://127.0.0.1:${closedPort}/kafkacruisecontrol`, retries: 0 });
      expect(await failure(refused.removeBroker({ brokerIds: [1], dryrun: false }))).toMatchObject({ code: 'CC_UNAVAILABLE', maybeDelivered: false });
      const cancelled = new AbortController();
      cancelled.abort();
      expect(await failure(dropped.removeBroker({ brokerIds: [1], dryrun: false, signal: cancelled.signal }))).toMatchObject({
        code: 'CC_ABORTED',
        maybeDelivered: false,
      });
      expect(taken).toBe(1);
    } finally {
      relay.closeAllConnections();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
  });

  it('cancels a request through its AbortSignal', async () => {
    server = await startReferenceServer();
    const client = new CruiseControlClient({ url: server.url, timeoutMs: 10_000 });
    server.on('GET load', 'hang');
    const controller = new AbortController();
    const pending = failure(client.load({ signal: controller.signal }));
    await expect.poll(() => server.requests.length).toBe(1);
    controller.abort();
    expect((await pending).code).toBe('CC_ABORTED');
    expect(server.requests).toHaveLength(1);
  });

  it('sends basic credentials or a bearer token, and maps a 401 to CC_UNAUTHORIZED', async () => {
    server = await startReferenceServer();
    server.on('GET user_tasks', (r) =>
      r.headers.authorization === 'Bearer s3cret' || r.headers.authorization === `Basic ${Buffer.from('admin:pw').toString('base64')}`
        ? { status: 200, body: { userTasks: [], version: 1 } }
        : { status: 401, body: '<html><body><h2>HTTP ERROR 401 Unauthorized</h2></body></html>', contentType: 'text/html' },
    );
    expect(await new CruiseControlClient({ url: server.url, auth: { basic: { user: 'admin', password: 'pw' } } }).userTasks()).toEqual([]);
    expect(await new CruiseControlClient({ url: server.url, auth: { bearerToken: 's3cret' } }).userTasks()).toEqual([]);
    const denied = await failure(new CruiseControlClient({ url: server.url, auth: { bearerToken: 'wrong' }, retries: 0 }).userTasks());
    expect([denied.code, denied.status]).toEqual(['CC_UNAUTHORIZED', 401]);
    // Jetty's error page is reduced to its heading.
    expect(denied.errorMessage).toBe('HTTP ERROR 401 Unauthorized');
  });

  it('reads credentials from a source at each request, and sends nothing when it cannot give them', async () => {
    server = await startReferenceServer();
    server.on('GET user_tasks', (r) =>
      r.headers.authorization === `Basic ${Buffer.from('kafkaplane:pw').toString('base64')}`
        ? { status: 200, body: { userTasks: [], version: 1 } }
        : { status: 401, body: 'nope', contentType: 'text/plain' },
    );
    let secret: { user: string; password: string } | undefined = { user: 'kafkaplane', password: 'pw' };
    const client = new CruiseControlClient({
      url: server.url,
      retries: 0,
      auth: () => (secret === undefined ? Promise.reject(new Error('the Secret "cc" does not exist')) : Promise.resolve({ basic: secret })),
    });
    expect(await client.userTasks()).toEqual([]);
    secret = undefined;
    const unreadable = await failure(client.userTasks());
    expect([unreadable.code, unreadable.status, unreadable.errorMessage]).toEqual(['CC_CREDENTIALS', undefined, 'the Secret "cc" does not exist']);
    expect(server.requests).toHaveLength(1);
  });

  it('counts requests per endpoint and outcome on the given registry and logs them with the task id', async () => {
    server = await startReferenceServer();
    const registry = new Registry();
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        callback();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    const client = new CruiseControlClient({ url: server.url, registry, logger, retries: 0 });
    // A second client on the same registry shares the counter instead of failing to register it.
    const other = new CruiseControlClient({ url: server.url, registry, retries: 0 });
    server.on('POST add_broker', { status: 200, body: ADD_BROKER_RESULT, headers: { 'User-Task-ID': TASK_ID } });
    server.on('POST remove_broker', { status: 500, body: errorBody(NOT_ENOUGH_WINDOWS), headers: { 'User-Task-ID': TASK_ID } });
    await client.addBroker({ brokerIds: [3], dryrun: false });
    await other.addBroker({ brokerIds: [3], dryrun: false });
    await failure(client.removeBroker({ brokerIds: [1], dryrun: false }));
    const text = await registry.metrics();
    expect(text).toContain('kafkaplane_cruise_control_requests_total{endpoint="add_broker",method="POST",outcome="ok"} 2');
    expect(text).toContain('kafkaplane_cruise_control_requests_total{endpoint="remove_broker",method="POST",outcome="CC_NOT_ENOUGH_VALID_WINDOWS"} 1');
    await expect.poll(() => lines.length).toBe(2);
    expect(lines[0]).toMatchObject({ endpoint: 'add_broker', status: 200, taskId: TASK_ID });
    expect(lines[1]).toMatchObject({ endpoint: 'remove_broker', status: 500, code: 'CC_NOT_ENOUGH_VALID_WINDOWS', taskId: TASK_ID, level: 40 });
  });
});
