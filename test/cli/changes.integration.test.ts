import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../src/app.js';
import { applyDemoCluster } from '../../sandbox/demoCluster.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { connect } from '../../src/client/index.js';
import { startApiServer } from '../support/apiSandbox.js';
import { json, runCli, startCli } from './cliProcess.js';

interface Operation {
  name: string;
  type: string;
  state: string;
}

let sandbox: Sandbox;
let server: RunningServer;
let url: string;
const brokerIds = async () => json<Array<{ brokerId: number }>>(await runCli(url, ['brokers', 'kafka/kafka'])).map((b) => b.brokerId);

// Ten times real time, not the API tests' hundred: a drain lasts long enough (seconds) to stop it
// while a follower waits, and to time the follower out before it ends.
beforeAll(async () => {
  sandbox = await startSandbox({
    dir: mkdtempSync(join(tmpdir(), 'kafkaplane-cli-')),
    speed: 10,
    cruiseControl: { monitor: { windowMs: 60_000 }, maxBlockMs: 20, proposalComputeMs: 2_000 },
  });
  server = await startApiServer(sandbox);
  url = server.url;
  const custom = sandbox.kube.kubeConfig.makeApiClient(CustomObjectsApi);
  const state = async () =>
    (
      (await custom.getNamespacedCustomObject({
        group: 'kafka.banzaicloud.io',
        version: 'v1beta1',
        namespace: 'kafka',
        plural: 'kafkaclusters',
        name: 'kafka',
      })) as { status?: { state?: string } }
    ).status?.state;
  await vi.waitFor(() => applyDemoCluster(sandbox.kube.kubeConfig), { timeout: 30_000, interval: 100 });
  await vi.waitFor(async () => expect(await state()).toBe('ClusterRunning'), { timeout: 90_000, interval: 200 });
  // Cruise Control proposes once its load monitor has a valid window.
  await vi.waitFor(async () => expect((await runCli(url, ['clusters'])).stdout).toContain('"ready": true'), { timeout: 90_000, interval: 1_000 });
}, 200_000);
afterAll(async () => {
  await server.stop();
  await sandbox.close();
});

describe('kafkaplane changes, run as a process against the sandbox', () => {
  it("previews remove-broker --dry-run with Cruise Control's proposal, per broker, changing nothing", async () => {
    const table = await runCli(url, ['remove-broker', 'kafka/kafka', '5', '--dry-run', '-o', 'table']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Dry run on kafka/kafka: nothing was changed.');
    expect(table.stdout).toMatch(/Cruise Control's proposal \(from \d+ metric windows\): \d+ replica movements, \d+ MB of data to move/);
    expect(table.stdout).toMatch(/\n5\s+\d+ → 0\s+\d+ → 0\s+\d+ → 0\n/);
    const preview = json<{ dryRun: boolean; preview: { replicaMovements: number; brokersAfter: unknown[] } }>(
      await runCli(url, ['remove-broker', 'kafka/kafka', '5', '--dry-run']),
    );
    expect(preview.dryRun).toBe(true);
    expect(preview.preview.replicaMovements).toBeGreaterThan(100);
    expect(await brokerIds()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('remove-broker --wait prints progress lines, and exits 0 once the broker is gone', async () => {
    const removed = await runCli(url, ['remove-broker', 'kafka/kafka', '5', '--wait']);
    expect([removed.code, removed.stderr]).toEqual([0, expect.stringMatching(/kafka-removebroker-\w+ RUNNING Executing: [\d.]+% of data moved/)]);
    expect(json<{ operations: Operation[] }>(removed).operations).toMatchObject([{ type: 'REMOVE_BROKER', state: 'COMPLETED' }]);
    expect(await brokerIds()).toEqual([0, 1, 2, 3, 4]);
  }, 120_000);

  it('exits 5 when the wait times out, 1 when the operation followed is paused by stop, and retry --wait finishes it', async () => {
    // Reassignments crawl (64 KB/s) whenever an attempt must still be running when it is stopped: no move in flight
    // can finish then, so the drain cannot end before its stop, however busy the machine.
    const model = sandbox.world.model('kafka', 'kafka');
    if (!model) throw new Error('the sandbox has no Kafka model for kafka/kafka');
    const copyRate = model.copyBytesPerSec;
    const crawl = 64 * 1024;
    model.copyBytesPerSec = crawl;
    const timedOut = await runCli(url, ['remove-broker', 'kafka/kafka', '4', '--wait', '--timeout', '3s']);
    expect([timedOut.code, timedOut.stderr]).toEqual([5, expect.stringContaining('timed out after 3 s; the change goes on')]);
    // The drain went on without its follower (once the Cruise Control restarted by broker 5's
    // removal had loaded its samples again); stop pauses it.
    const watcher = connect({ server: `${url}/graphql` });
    await vi.waitFor(async () => expect((await watcher.operations({ namespace: 'kafka', name: 'kafka' }, { states: ['RUNNING'] })).length).toBe(1), {
      timeout: 60_000,
      interval: 100,
    });
    await watcher.close();
    const stopped = json<{ stopped: Operation }>(await runCli(url, ['stop', 'kafka/kafka']));
    expect(stopped.stopped).toMatchObject({ type: 'REMOVE_BROKER' });

    // Cruise Control starts no new execution while the stopped one's moves still run in Kafka: they
    // finish at full speed, and only then does the retry start, its own moves crawling again, so that
    // the stop below finds it still moving data whenever it is accepted.
    model.copyBytesPerSec = copyRate;
    await vi.waitFor(() => expect(model.moves()).toEqual([]), { timeout: 60_000, interval: 50 });
    model.copyBytesPerSec = crawl;
    const follower = startCli(url, ['retry', 'kafka/kafka', stopped.stopped.name, '--wait']);
    await vi.waitFor(() => expect(follower.stderr()).toContain('RUNNING Executing'), { timeout: 60_000, interval: 20 });
    // Between two attempts (a retry Cruise Control refused while the last execution was still stopping) nothing runs
    // and stop is refused; it is accepted once an attempt executes.
    const client = connect({ server: `${url}/graphql` });
    await vi.waitFor(async () => expect((await client.stopOperation({ namespace: 'kafka', name: 'kafka' })).stopped).toBeTruthy(), {
      timeout: 60_000,
      interval: 50,
    });
    await client.close();
    // Stopped: the moves in flight may finish at full speed.
    model.copyBytesPerSec = copyRate;
    expect(await follower.exited).toBe(1);
    expect(follower.stderr()).toContain(`operation ${stopped.stopped.name} is paused`);

    const finished = await runCli(url, ['retry', 'kafka/kafka', stopped.stopped.name, '--wait']);
    expect([finished.code, json<{ operations: Operation[] }>(finished).operations]).toMatchObject([0, [{ name: stopped.stopped.name, state: 'COMPLETED' }]]);
    expect(await brokerIds()).toEqual([0, 1, 2, 3]);
  }, 180_000);

  it('adds, grows and refuses to remove disks, sets resources and configs, restarts a broker and previews a rebalance', async () => {
    // First, while no operation runs: the disk added below starts a disk rebalance.
    // Cruise Control restarted as brokers left (its capacity file changed): until it has loaded its
    // samples again a preview is refused, as a real one refuses it.
    const rebalance = await vi.waitFor(
      async () => {
        const answer = await runCli(url, ['rebalance', 'kafka/kafka', '--dry-run', '-o', 'table']);
        expect(answer.code, answer.stderr).toBe(0);
        return answer;
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(rebalance.stdout).toMatch(/Cruise Control's proposal .*\nBROKER\s+REPLICAS\s+LEADERS\s+DATA MB\n/);
    const added = await runCli(url, ['add-brokers', 'kafka/kafka', '--count', '2', '--group', 'default', '--dry-run']);
    expect([added.code, json<{ changes: string[]; dryRun: boolean }>(added)]).toMatchObject([
      0,
      { changes: [expect.stringContaining('add broker'), expect.stringContaining('add broker')], dryRun: true },
    ]);
    const volume = await runCli(url, ['add-volume', 'kafka/kafka', '2', '/kafka-logs-2', '10Gi', '-o', 'table']);
    expect([volume.code, volume.stdout]).toEqual([0, expect.stringContaining('add a 10Gi volume at /kafka-logs-2 to broker 2')]);
    const grown = await runCli(url, ['resize-volume', 'kafka/kafka', '1', '/kafka-logs', '--increment-by', '10Gi']);
    expect([grown.code, json<{ changes: string[] }>(grown).changes]).toEqual([0, [expect.stringContaining('from 100Gi to 110Gi')]]);
    const lastVolume = await runCli(url, ['remove-volume', 'kafka/kafka', '1', '/kafka-logs']);
    expect([lastVolume.code, lastVolume.stderr]).toEqual([3, expect.stringContaining('LAST_VOLUME')]);
    const resources = await runCli(url, ['set-resources', 'kafka/kafka', '1', '--cpu', '2', '--dry-run']);
    expect([resources.code, json<{ restartedBrokers: number[] }>(resources).restartedBrokers]).toEqual([0, [1]]);
    const config = await runCli(url, ['set-config', 'kafka/kafka', 'log.retention.ms=604800000']);
    expect([config.code, json<{ applied: unknown[] }>(config).applied]).toMatchObject([0, [{ name: 'log.retention.ms', live: true, restartRequired: false }]]);
    const badConfig = await runCli(url, ['set-config', 'kafka/kafka', '--broker', '1', 'num.io.threads=many']);
    expect([badConfig.code, badConfig.stderr]).toEqual([3, expect.stringContaining('INVALID_INPUT')]);
    const typo = await runCli(url, ['set-config', 'kafka/kafka', 'log.retention.hour=48', '--dry-run']);
    expect([typo.code, typo.stderr]).toEqual([3, expect.stringContaining('Did you mean log.retention.hours?')]);
    const plugin = await runCli(url, ['set-config', 'kafka/kafka', 'my.plugin.setting=on', '--custom', 'my.plugin.setting', '--dry-run']);
    expect([plugin.code, json<{ applied: Array<{ name: string }> }>(plugin).applied.map((a) => a.name)]).toEqual([0, ['my.plugin.setting']]);

    const restarted = await runCli(url, ['restart-broker', 'kafka/kafka', '0', '--wait']);
    expect([restarted.code, restarted.stderr]).toEqual([0, expect.stringContaining('waiting for broker 0 to restart')]);
  }, 180_000);
});
