import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiSandbox } from '../support/apiSandbox.js';
import { startDemoApiClients } from '../support/apiSandbox.js';
import { json, runCli, startCli } from './cliProcess.js';

let api: ApiSandbox;
let url: string;

beforeAll(async () => {
  ({ api, url } = await startDemoApiClients());
}, 90_000);
afterAll(async () => {
  await api.close();
});

describe('kafkaplane reading commands, run as a process against the sandbox', () => {
  it('lists the demo cluster: JSON when piped, a table with --output table, YAML with --output yaml', async () => {
    const piped = await runCli(url, ['clusters']);
    expect(piped.code).toBe(0);
    expect(json<Array<{ namespace: string; name: string; state: string; counts: { brokersReady: number } }>>(piped)).toMatchObject([
      { namespace: 'kafka', name: 'kafka', state: 'RUNNING', counts: { brokersReady: 6 } },
    ]);
    const table = await runCli(url, ['clusters', '--output', 'table']);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+STATE\s+BROKERS/);
    expect(table.stdout).toMatch(/kafka\s+kafka\s+RUNNING\s+6\/6/);
    expect((await runCli(url, ['clusters', '-o', 'yaml'])).stdout).toMatch(/^- id: \S+\n {2}namespace: kafka\n {2}name: kafka\n/);
  });

  it('lists brokers, disks, configs, operations and events, each as JSON a script can read', async () => {
    const brokers = json<Array<{ brokerId: number; state: string }>>(await runCli(url, ['brokers', 'kafka/kafka']));
    expect(brokers.map((b) => [b.brokerId, b.state])).toEqual([0, 1, 2, 3, 4, 5].map((id) => [id, 'RUNNING']));
    const disks = json<Array<{ brokerId: number; mountPath: string; state: string }>>(await runCli(url, ['disks', 'kafka/kafka', '--broker', '2']));
    expect(disks).toEqual([expect.objectContaining({ brokerId: 2, mountPath: '/kafka-logs', state: 'ACTIVE' })]);
    const configs = json<Array<{ name: string; value: string; source: string }>>(await runCli(url, ['configs', 'kafka/kafka']));
    expect(configs).toContainEqual(expect.objectContaining({ name: 'min.insync.replicas', value: '2', source: 'CLUSTER' }));
    const brokerConfigs = json<Array<{ name: string; value: string; source: string }>>(await runCli(url, ['configs', 'kafka/kafka', '--broker', '1']));
    expect(brokerConfigs).toContainEqual(expect.objectContaining({ name: 'node.id', value: '1', source: 'OPERATOR' }));
    expect(json<unknown[]>(await runCli(url, ['operations', 'kafka/kafka']))).toEqual([]);
    const events = json<Array<{ reason: string }>>(await runCli(url, ['events', 'kafka/kafka', '--limit', '100']));
    expect(events.map((e) => e.reason)).toContain('BrokerPodCreated');
    const table = await runCli(url, ['brokers', 'kafka/kafka', '-o', 'table']);
    expect(table.stdout).toMatch(/^ID\s+ROLES\s+STATE/);
    expect(table.stdout).toMatch(/\n5\s+broker\s+RUNNING\s+zone-c\s+kafka-5-/);
  });

  it('follows events as JSON lines until Ctrl-C, which ends it with 0', async () => {
    const follow = startCli(url, ['events', 'kafka/kafka', '--follow']);
    // A restart records Events; the follower was connected before the change only once it printed
    // nothing, so keep restarting broker 3 until a line comes (each restart is a new Event).
    await vi.waitFor(
      async () => {
        if (follow.stdout() === '') await runCli(url, ['restart-broker', 'kafka/kafka', '3']);
        expect(follow.stdout()).toContain('\n');
      },
      { timeout: 30_000, interval: 500 },
    );
    const first = JSON.parse(follow.stdout().split('\n')[0] ?? '') as { reason: string; involvedObject: { kind: string } };
    expect(first.reason).toMatch(/\w+/);
    follow.child.kill('SIGINT');
    expect(await follow.exited).toBe(0);
  });

  it('exits 2 on bad usage, naming the problem', async () => {
    for (const args of [['brokers', 'kafka'], ['remove-broker', 'kafka/kafka', 'five'], ['no-such-command'], ['clusters', '--output', 'xml'], ['brokers']]) {
      const result = await runCli(url, args);
      expect([args.join(' '), result.code]).toEqual([args.join(' '), 2]);
      expect(result.stderr).not.toBe('');
    }
  });

  it('exits 3 when what is named does not exist, and when the server refuses a change (its userErrors printed)', async () => {
    const missing = await runCli(url, ['brokers', 'kafka/nope']);
    expect([missing.code, missing.stderr]).toEqual([3, 'kafkaplane: there is no KafkaCluster kafka/nope\n']);
    const refused = await runCli(url, ['remove-broker', 'kafka/kafka', '9']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/refused: .*broker 9.* \[NOT_FOUND at input\.brokerId\]/);
    expect(json<{ userErrors: Array<{ code: string }> }>(refused).userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
  });

  it('exits 4 when the server cannot be reached or refuses the token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await runCli(`http://127.0.0.1:${port}`, ['clusters']);
    expect([unreachable.code, unreachable.stderr]).toEqual([4, expect.stringContaining('ECONNREFUSED')]);

    const guarded = createServer((request, response) => {
      response.writeHead(request.headers.authorization === 'Bearer right' ? 200 : 401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { clusters: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } } }));
    });
    await new Promise<void>((resolve) => guarded.listen(0, '127.0.0.1', resolve));
    const guardedUrl = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}`;
    try {
      expect((await runCli(guardedUrl, ['clusters', '--token', 'wrong'])).code).toBe(4);
      expect((await runCli(guardedUrl, ['clusters'], { KAFKAPLANE_TOKEN: 'right' })).code).toBe(0);
    } finally {
      await new Promise((resolve) => guarded.close(resolve));
    }
  });
});
