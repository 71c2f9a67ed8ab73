import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMESPACE, sixBrokerSpec, startOperationsWorld, untilClusterServes, type OperationsWorld } from '../operator/support/operationsSandbox.js';

let world: OperationsWorld;

beforeAll(async () => {
  world = await startOperationsWorld();
  await world.startOperator();
  // monitoringConfig gives Cruise Control's Pod the JMX exporter agent, with the default rules for its sensors.
  await world.createCluster({ ...sixBrokerSpec, monitoringConfig: {} });
  await untilClusterServes(world);
}, 90_000);
afterAll(async () => {
  await world?.close();
});

type TargetGroup = { targets: string[]; labels: Record<string, string> };

describe("Cruise Control's metrics", () => {
  it("serves its load monitor's and executor's sensors on the agent's port at its Pod's address, listed for Prometheus", async () => {
    const file = join(world.sandbox.scrapeTargetsDir, 'kafka.json');
    const target = async () =>
      (JSON.parse(await readFile(file, 'utf8')) as TargetGroup[]).find((t) => t.labels.pod?.startsWith('kafka-cruisecontrol-') === true);
    await expect.poll(async () => (await target())?.labels, { timeout: 20_000, interval: 100 }).toMatchObject({ namespace: NAMESPACE, kafka_cr: 'kafka' });
    expect((await target())?.labels.brokerId).toBeUndefined();

    const scrape = async () => {
      const address = (await target())?.targets[0];
      return address === undefined ? '' : (await fetch(`http://${address}/metrics`).catch(() => undefined))?.text();
    };
    await expect.poll(scrape, { timeout: 20_000, interval: 100 }).toMatch(/^kafka_cruisecontrol_loadmonitor_valid_windows_value [1-9]\d*\.0$/m);
    const exposition = (await scrape()) ?? '';
    expect(exposition).toContain('# TYPE kafka_cruisecontrol_executor_replica_action_in_progress_value gauge');
    expect(exposition).toMatch(/^kafka_cruisecontrol_executor_ongoing_execution_non_kafka_assigner_value 0\.0$/m);

    // A drain shows as an ongoing execution while it runs.
    await world.patchSpec([{ op: 'remove', path: '/spec/brokers/1' }]);
    await expect.poll(scrape, { timeout: 30_000, interval: 50 }).toMatch(/^kafka_cruisecontrol_executor_ongoing_execution_non_kafka_assigner_value 1\.0$/m);
  }, 90_000);
});
