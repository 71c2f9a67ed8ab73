import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';

/**
 * `npm run sandbox` then `npm start -- --kubeconfig .sandbox/kubeconfig`: the sandbox as its own
 * process, a cluster with the CRDs and the demo KafkaCluster applied, and servers that know it
 * only by its kubeconfig (their Cruise Control and Kafka addresses are the cluster's names).
 */
const dir = join(mkdtempSync(join(tmpdir(), 'kafkaplane-sandbox-process-')), 'sandbox');
let sandbox: ChildProcess;
const servers: ServerProcess[] = [];

const CLUSTER_QUERY =
  '{ cluster(name: "kafka", namespace: "kafka") { state brokers(first: 10) { totalCount nodes { brokerId load { replicas } } } cruiseControl { reachable monitorState } } }';

interface ClusterView {
  state: string;
  brokers: { totalCount: number; nodes: Array<{ brokerId: number; load: { replicas: number } | null }> };
  cruiseControl: { reachable: boolean; monitorState: string | null };
}

/** The sandbox admin's token from its kubeconfig: against a cluster, the server checks callers with a TokenReview. */
const adminToken = (): string =>
  (parse(readFileSync(join(dir, 'kubeconfig'), 'utf8')) as { users: Array<{ user: { token: string } }> }).users[0]?.user.token ?? '';

async function cluster(server: ServerProcess): Promise<ClusterView | null> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken()}` },
    body: JSON.stringify({ query: CLUSTER_QUERY }),
  });
  return ((await response.json()) as { data?: { cluster: ClusterView | null } }).data?.cluster ?? null;
}

/** The cluster Running with its 6 brokers, each with the load its Cruise Control reports. */
async function expectServing(server: ServerProcess): Promise<void> {
  await expect
    .poll(
      async () => {
        const view = await cluster(server);
        return {
          state: view?.state,
          brokers: view?.brokers.totalCount,
          cruiseControl: view?.cruiseControl.reachable,
          loaded: view?.brokers.nodes.filter((b) => (b.load?.replicas ?? 0) > 0).length,
        };
      },
      { timeout: 90_000, interval: 500 },
    )
    .toEqual({ state: 'RUNNING', brokers: 6, cruiseControl: true, loaded: 6 });
}

beforeAll(async () => {
  sandbox = spawn(process.execPath, ['dist/sandbox/cli.js', '--dir', dir, '--speed', '100'], {
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  sandbox.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sandbox did not start within 30 s: ${output}`)), 30_000);
    sandbox.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Stop with Ctrl-C.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    sandbox.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}: ${output}`)));
  });
}, 60_000);
afterAll(async () => {
  for (const server of servers) server.kill('SIGKILL');
  sandbox.kill('SIGTERM');
  await once(sandbox, 'exit');
});

describe('npm run sandbox, then servers with --kubeconfig', () => {
  it('a server brings the demo cluster up and shows its brokers and Cruise Control', async () => {
    const server = await startServerProcess(['--kubeconfig', join(dir, 'kubeconfig')]);
    servers.push(server);
    // The server found the sandbox's cluster DNS in the kubeconfig, and nothing else told it where anything is.
    expect(server.logs.find((l) => l.msg === 'kubernetes connection')?.clusterDns).toMatch(/^127\.0\.0\.1:\d+$/);
    await expectServing(server);
  }, 120_000);

  it('a server killed without warning is replaced by another that picks up', async () => {
    const first = servers[0];
    first?.kill('SIGKILL');
    if (first) await first.exited;
    const next = await startServerProcess(['--kubeconfig', join(dir, 'kubeconfig')]);
    servers.push(next);
    await expectServing(next);
  }, 120_000);
});
