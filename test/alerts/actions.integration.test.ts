import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelsFingerprint } from '../../src/alerts/fingerprint.js';
import { readLedger } from '../../src/alerts/ledger.js';
import { CruiseControlClient } from '../../src/cruisecontrol/index.js';
import { effectiveBrokerConfig, kafkaClusterSpecSchema, type KafkaClusterSpec } from '../../src/k8s/crd/index.js';
import { fewestReplicas } from '../../src/alerts/commands/index.js';
import { NAMESPACE, clusterApi, replicasByBroker } from '../operator/support/operationsSandbox.js';
import { deliver, startAlertsWorld, untilIdle, type AlertsWorld } from './support/alertsWorld.js';

let world: AlertsWorld;

beforeAll(async () => {
  world = await startAlertsWorld();
  await untilIdle(world);
}, 90_000);
afterAll(async () => {
  await world.close();
});

type StoredCluster = { metadata: { generation: number; annotations?: Record<string, string> }; spec: KafkaClusterSpec };
const readStored = async () => (await world.custom.getNamespacedCustomObject(clusterApi)) as StoredCluster;
const spec = async () => kafkaClusterSpecSchema.parse((await readStored()).spec);
const mountPaths = async (id: number) => {
  const current = await spec();
  const broker = current.brokers.find((b) => b.id === id);
  return broker === undefined ? [] : (effectiveBrokerConfig(current, broker).storageConfigs ?? []).map((s) => s.mountPath);
};
const pvcs = (brokerId: number) => world.sandbox.kube.api.store.list('/persistentvolumeclaims', NAMESPACE).filter((p) => p.metadata.labels?.brokerId === String(brokerId) && p.metadata.labels.kafka_cr === 'kafka');
const pvcOf = (brokerId: number, mountPath = '/kafka-logs') => {
  const found = pvcs(brokerId).find((p) => p.metadata.annotations?.mountPath === mountPath);
  if (found === undefined) throw new Error(`no PVC of broker ${brokerId} at ${mountPath}`);
  return found as typeof found & { spec: { resources: { requests: { storage: string } } } };
};
const recordOf = async (alertname: string) => (await world.records()).filter((r) => r.alert.labels.alertname === alertname);

/** Alertmanager's webhook_configs body (version 4) for these alerts. */
function webhook(alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string>; startsAt: string }>) {
  return {
    version: '4',
    groupKey: '{}:{alertname="x"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'kafkaplane',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: alerts.map((a) => ({ status: 'firing', ...a, endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus:9090/graph', fingerprint: labelsFingerprint(a.labels) })),
  };
}
const url = (path: string) => `${world.server.url}${path}`;

describe('alerts over HTTP, acted on through the edits service', () => {
  it('refuses a wrong token with 401 and malformed bodies with 400, recording and changing nothing', async () => {
    const before = await readStored();
    const alerts = [{ labels: { alertname: 'PartitionCountHigh', kafka_cr: 'kafka', namespace: NAMESPACE }, annotations: { command: 'upScale', brokerConfigGroup: 'default' }, startsAt: new Date().toISOString() }];
    const post = (path: string, body: unknown, headers: Record<string, string>) =>
      fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    expect((await post('/alertmanager', webhook(alerts), { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post('/api/v2/alerts', alerts, {})).status).toBe(401);
    expect((await post('/api/v2/alerts', '[{"labels":', { authorization: 'Bearer alert-token' })).status).toBe(400);
    expect((await post('/alertmanager', { ...webhook(alerts), version: '3' }, { authorization: 'Bearer alert-token' })).status).toBe(400);
    expect((await post('/api/v2/alerts', [{ labels: {} }], { authorization: 'Bearer alert-token' })).status).toBe(400);
    expect(await world.records()).toEqual([]);
    expect(await readStored()).toEqual(before);
    expect(world.logs.filter((l) => l.msg === 'alert received')).toEqual([]);
  });

  it("adds a disk to broker 2 on an addPvc alert on broker 2's PVC, and a disk rebalance fills it", async () => {
    const before = await spec();
    const labels = { alertname: 'RemainingDiskSpaceLow', namespace: NAMESPACE, persistentvolumeclaim: pvcOf(2).metadata.name };
    const response = await deliver(url('/alertmanager'), webhook([{ labels, annotations: { command: 'addPvc', mountPathPrefix: '/kafka-logs', diskSize: '50Gi' }, startsAt: new Date().toISOString() }]));
    expect(response.status).toBe(200);

    await expect.poll(() => mountPaths(2), { timeout: 10_000, interval: 50 }).toHaveLength(2);
    const added = (await mountPaths(2)).find((m) => m !== '/kafka-logs') ?? '';
    expect(added).toMatch(/^\/kafka-logs-[a-z0-9]{6}$/);
    const after = await spec();
    // Broker 2's own config got the disk; the group and the other brokers are as they were.
    expect(after.brokerConfigGroups).toEqual(before.brokerConfigGroups);
    expect(after.brokers.filter((b) => b.id !== 2)).toEqual(before.brokers.filter((b) => b.id !== 2));
    const volumeState = async () => (await world.readCluster()).status?.brokersState?.['2']?.gracefulActionState?.volumeStates?.[added]?.cruiseControlVolumeState;
    await expect.poll(volumeState, { timeout: 60_000, interval: 50 }).toMatch(/^GracefulDiskRebalance/);
    await expect.poll(volumeState, { timeout: 60_000, interval: 50 }).toBe('GracefulDiskRebalanceSucceeded');
    expect(world.model().logDirContents(2).find((d) => d.path === `${added}/kafka`)?.replicas.length).toBeGreaterThan(0);

    const [record] = await recordOf('RemainingDiskSpaceLow');
    expect(record).toMatchObject({ outcome: 'Acted', command: 'addPvc', changes: [`add a 50Gi volume at ${added} to broker 2`], decisions: 1 });
    expect(world.published.filter((r) => r.name === record?.name).map((r) => r.outcome)).toEqual(['Pending', 'Acted']);
    expect(world.logs.find((l) => l.msg === 'alert acted' && l.command === 'addPvc')).toMatchObject({ cluster: 'kafka', namespace: NAMESPACE, alertname: 'RemainingDiskSpaceLow', outcome: 'Acted' });
  }, 120_000);
});
