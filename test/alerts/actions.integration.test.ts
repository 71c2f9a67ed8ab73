import { labelsFingerprint } from '../../src/alerts/fingerprint.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../../src/alerts/ledger.js';
import { claimEvent } from '../../src/alerts/record.js';
import { CruiseControlClient } from '../../src/cruisecontrol/index.js';
import { effectiveBrokerConfig, kafkaClusterSpecSchema, type KafkaClusterSpec } from '../../src/k8s/crd/index.js';
import { fewestReplicas } from '../../src/alerts/commands/index.js';
import { NAMESPACE, clusterApi, replicasByBroker } from '../operator/support/operationsSandbox.js';
import { deliver, startAlertsWorld, untilIdle, webhook, type AlertsWorld } from './support/alertsWorld.js';

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
const pvcs = (brokerId: number) =>
  world.sandbox.kube.api.store
    .list('/persistentvolumeclaims', NAMESPACE)
    .filter((p) => p.metadata.labels?.brokerId === String(brokerId) && p.metadata.labels.kafka_cr === 'kafka');
const pvcOf = (brokerId: number, mountPath = '/kafka-logs') => {
  const found = pvcs(brokerId).find((p) => p.metadata.annotations?.mountPath === mountPath);
  if (found === undefined) throw new Error(`no PVC of broker ${brokerId} at ${mountPath}`);
  return found as typeof found & { spec: { resources: { requests: { storage: string } } } };
};
const recordOf = async (alertname: string) => (await world.records()).filter((r) => r.alert.labels.alertname === alertname);

const url = (path: string) => `${world.server.url}${path}`;

describe('alerts over HTTP, acted on through the edits service', () => {
  it('refuses a wrong token with 401 and malformed bodies with 400, recording and changing nothing', async () => {
    const before = await readStored();
    const alerts = [
      {
        labels: { alertname: 'PartitionCountHigh', kafka_cr: 'kafka', namespace: NAMESPACE },
        annotations: { command: 'upScale', brokerConfigGroup: 'default' },
        startsAt: new Date().toISOString(),
      },
    ];
    const post = (path: string, body: unknown, headers: Record<string, string>) =>
      fetch(url(path), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
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
    const response = await deliver(
      url('/alertmanager'),
      webhook([{ labels, annotations: { command: 'addPvc', mountPathPrefix: '/kafka-logs', diskSize: '50Gi' }, startsAt: new Date().toISOString() }]),
    );
    expect(response.status).toBe(200);

    await expect.poll(() => mountPaths(2), { timeout: 10_000, interval: 50 }).toHaveLength(2);
    const added = (await mountPaths(2)).find((m) => m !== '/kafka-logs') ?? '';
    expect(added).toMatch(/^\/kafka-logs-[a-z0-9]{6}$/);
    const after = await spec();
    // Broker 2's own config got the disk; the group and the other brokers are as they were.
    expect(after.brokerConfigGroups).toEqual(before.brokerConfigGroups);
    expect(after.brokers.filter((b) => b.id !== 2)).toEqual(before.brokers.filter((b) => b.id !== 2));
    const volumeState = async () =>
      (await world.readCluster()).status?.brokersState?.['2']?.gracefulActionState?.volumeStates?.[added]?.cruiseControlVolumeState;
    await expect.poll(volumeState, { timeout: 60_000, interval: 50 }).toMatch(/^GracefulDiskRebalance/);
    await expect.poll(volumeState, { timeout: 60_000, interval: 50 }).toBe('GracefulDiskRebalanceSucceeded');
    expect(
      world
        .model()
        .logDirContents(2)
        .find((d) => d.path === `${added}/kafka`)?.replicas.length,
    ).toBeGreaterThan(0);

    const [record] = await recordOf('RemainingDiskSpaceLow');
    expect(record).toMatchObject({ outcome: 'Acted', command: 'addPvc', changes: [`add a 50Gi volume at ${added} to broker 2`], decisions: 1 });
    await expect
      .poll(() => world.published.filter((r) => r.name === record?.name).map((r) => r.outcome), { timeout: 10_000, interval: 50 })
      .toEqual(['Pending', 'Acted']);
    expect(world.logs.find((l) => l.msg === 'alert acted' && l.command === 'addPvc')).toMatchObject({
      cluster: 'kafka',
      namespace: NAMESPACE,
      alertname: 'RemainingDiskSpaceLow',
      outcome: 'Acted',
    });
  }, 120_000);

  it('grows a volume by incrementBy on a resizePvc alert, once, however often and whichever way the alert comes, and after a restart', async () => {
    const pvcName = pvcOf(1).metadata.name;
    const labels = { alertname: 'DiskFilling', namespace: NAMESPACE, persistentvolumeclaim: pvcName };
    const annotations = { command: 'resizePvc', incrementBy: '10Gi' };
    const startsAt = new Date().toISOString();
    const prometheus = [
      { labels, annotations, startsAt, endsAt: new Date(Date.now() + 3_600_000).toISOString(), generatorURL: 'http://prometheus:9090/graph' },
    ];
    // Three deliveries at once: two as Prometheus sends them, one as Alertmanager does.
    const responses = await Promise.all([
      deliver(url('/api/v2/alerts'), prometheus),
      deliver(url('/api/v2/alerts'), prometheus),
      deliver(url('/alertmanager'), webhook([{ labels, annotations, startsAt }])),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);

    await expect.poll(() => pvcOf(1).spec.resources.requests.storage, { timeout: 20_000, interval: 50 }).toBe('110Gi');
    await expect.poll(async () => (await recordOf('DiskFilling')).map((r) => r.outcome), { timeout: 10_000, interval: 50 }).toEqual(['Acted']);
    const [record] = await recordOf('DiskFilling');
    expect(record).toMatchObject({ decisions: 1, changes: ['grow /kafka-logs of broker 1 from 100Gi to 110Gi'] });
    expect(world.logs.filter((l) => l.msg === 'alert delivered again; handled already' && l.alertname === 'DiskFilling')).toHaveLength(2);

    await world.restartServer();
    expect((await deliver(url('/api/v2/alerts'), prometheus)).status).toBe(200);
    await expect
      .poll(() => world.logs.filter((l) => l.msg === 'alert delivered again; handled already' && l.alertname === 'DiskFilling').length, {
        timeout: 10_000,
        interval: 50,
      })
      .toBe(3);
    await untilIdle(world);
    expect(pvcOf(1).spec.resources.requests.storage).toBe('110Gi');
    expect(readLedger((await readStored()).metadata.annotations).filter((e) => e.key === record?.name)).toHaveLength(1);
    expect((await recordOf('DiskFilling')).map((r) => [r.outcome, r.decisions])).toEqual([['Acted', 1]]);
  }, 90_000);

  it('refuses a second alert of the same command within the cooldown, and records why', async () => {
    const labels = { alertname: 'DiskFillingFast', namespace: NAMESPACE, persistentvolumeclaim: pvcOf(1).metadata.name };
    expect(
      (await deliver(url('/api/v2/alerts'), [{ labels, annotations: { command: 'resizePvc', incrementBy: '10Gi' }, startsAt: new Date().toISOString() }]))
        .status,
    ).toBe(200);
    await expect.poll(async () => (await recordOf('DiskFillingFast')).map((r) => r.outcome), { timeout: 10_000, interval: 50 }).toEqual(['Refused']);
    const [record] = await recordOf('DiskFillingFast');
    expect(record?.reasons.map((r) => r.code)).toEqual(['COOLDOWN']);
    expect(record?.message).toMatch(/resizePvc ran on this cluster \d+ s ago .*the cooldown is 300 s/);
    expect(pvcOf(1).spec.resources.requests.storage).toBe('110Gi');
    const events = await world.core.listNamespacedEvent({ namespace: NAMESPACE, fieldSelector: `involvedObject.name=kafka` });
    expect(events.items.find((e) => e.metadata?.name === record?.name)).toMatchObject({ type: 'Warning', reason: 'AlertRefused' });
  });

  it('adds a broker from the named group on an upScale alert', async () => {
    await untilIdle(world);
    const labels = { alertname: 'PartitionCountHigh', kafka_cr: 'kafka', namespace: NAMESPACE };
    expect(
      (
        await deliver(
          url('/alertmanager'),
          webhook([{ labels, annotations: { command: 'upScale', brokerConfigGroup: 'default' }, startsAt: new Date().toISOString() }]),
        )
      ).status,
    ).toBe(200);
    await expect.poll(async () => (await spec()).brokers.map((b) => b.id), { timeout: 10_000, interval: 50 }).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await spec()).brokers.find((b) => b.id === 6)).toEqual({ id: 6, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker'] } });
    await expect
      .poll(async () => (await world.readCluster()).status?.brokersState?.['6']?.gracefulActionState?.cruiseControlState, { timeout: 60_000, interval: 50 })
      .toBe('GracefulUpscaleSucceeded');
    expect(replicasByBroker(world.model()).get(6)).toBeGreaterThan(0);
  }, 90_000);

  it('drains and removes the broker Cruise Control reports with the fewest replicas on a downScale alert', async () => {
    await untilIdle(world);
    const cc = new CruiseControlClient({ url: world.sandbox.world.cruiseControlUrls()[`${NAMESPACE}/kafka`] ?? '' });
    const counts = new Map(Object.entries((await cc.kafkaClusterState()).KafkaBrokerState.ReplicaCountByBrokerId).map(([id, n]) => [Number(id), n]));
    const expected = fewestReplicas(await spec(), counts);
    expect(expected).toBeDefined();
    const labels = { alertname: 'PartitionCountLow', kafka_cr: 'kafka', namespace: NAMESPACE };
    expect((await deliver(url('/api/v2/alerts'), [{ labels, annotations: { command: 'downScale' }, startsAt: new Date().toISOString() }])).status).toBe(200);

    await expect.poll(async () => (await spec()).brokers.some((b) => b.id === expected), { timeout: 10_000, interval: 50 }).toBe(false);
    await expect
      .poll(async () => (await world.readCluster()).status?.brokersState?.[String(expected)]?.gracefulActionState?.cruiseControlState, {
        timeout: 20_000,
        interval: 20,
      })
      .toMatch(/GracefulDownscale/);
    await expect
      .poll(
        () =>
          pvcs(expected ?? -1).length +
          world.sandbox.kube.api.store.list('/pods', NAMESPACE).filter((p) => p.metadata.labels?.brokerId === String(expected)).length,
        { timeout: 90_000, interval: 50 },
      )
      .toBe(0);
    expect(replicasByBroker(world.model()).get(expected ?? -1) ?? 0).toBe(0);
    const [record] = await recordOf('PartitionCountLow');
    expect(record?.changes).toEqual([`remove broker ${expected} (drained through Cruise Control before anything is deleted)`]);
  }, 120_000);

  it('refuses alerts at the limits, and records them, changing nothing', async () => {
    await untilIdle(world);
    const brokers = (await spec()).brokers.length;
    await world.patchSpec([
      {
        op: 'add',
        path: '/spec/alertManagerConfig',
        value: { upScaleLimit: brokers, downScaleLimit: brokers, maxDisksPerBroker: 2, maxVolumeSize: '110Gi', cooldownSeconds: 0 },
      },
    ]);
    await untilIdle(world);
    const before = await readStored();
    const startsAt = new Date().toISOString();
    const cluster = { kafka_cr: 'kafka', namespace: NAMESPACE };
    await deliver(
      url('/alertmanager'),
      webhook([
        { labels: { alertname: 'LimitUp', ...cluster }, annotations: { command: 'upScale', brokerConfigGroup: 'default' }, startsAt },
        { labels: { alertname: 'LimitDown', ...cluster, brokerId: '0' }, annotations: { command: 'downScale' }, startsAt },
        {
          labels: { alertname: 'LimitDisks', namespace: NAMESPACE, persistentvolumeclaim: pvcOf(2).metadata.name },
          annotations: { command: 'addPvc', mountPathPrefix: '/kafka-logs', diskSize: '10Gi' },
          startsAt,
        },
        {
          labels: { alertname: 'LimitSize', namespace: NAMESPACE, persistentvolumeclaim: pvcOf(1).metadata.name },
          annotations: { command: 'resizePvc', incrementBy: '10Gi' },
          startsAt,
        },
      ]),
    );
    const outcomes = async () =>
      Object.fromEntries(
        (await world.records())
          .filter((r) => r.alert.labels.alertname?.startsWith('Limit'))
          .map((r) => [r.alert.labels.alertname ?? '', `${r.outcome} ${r.reasons.map((x) => x.code).join(',')}`]),
      );
    await expect.poll(outcomes, { timeout: 10_000, interval: 50 }).toEqual({
      LimitUp: 'Refused LIMIT_REACHED',
      LimitDown: 'Refused LIMIT_REACHED',
      LimitDisks: 'Refused LIMIT_REACHED',
      LimitSize: 'Refused LIMIT_REACHED',
    });
    expect(await readStored()).toEqual(before);
  });

  it("refuses addPvc on a node where one of the cluster's claims still waits for its volume, as Koperator skips it", async () => {
    await world.patchSpec([{ op: 'replace', path: '/spec/alertManagerConfig', value: { cooldownSeconds: 0 } }]);
    await untilIdle(world);
    // The sandbox's scheduler names the node it bound broker 2's volume on, as Kubernetes' does.
    const node = pvcOf(2).metadata.annotations?.['volume.kubernetes.io/selected-node'];
    expect(node).toMatch(/^sandbox-node-/);
    await world.core.createNamespacedPersistentVolumeClaim({
      namespace: NAMESPACE,
      body: {
        metadata: {
          name: 'kafka-waits-for-a-volume',
          labels: { app: 'kafka', kafka_cr: 'kafka' },
          annotations: { 'volume.kubernetes.io/selected-node': node ?? '' },
        },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } },
      },
    });
    const before = await readStored();
    const labels = { alertname: 'DiskOnBusyNode', namespace: NAMESPACE, persistentvolumeclaim: pvcOf(2).metadata.name, node: node ?? '' };
    await deliver(
      url('/alertmanager'),
      webhook([{ labels, annotations: { command: 'addPvc', mountPathPrefix: '/kafka-logs', diskSize: '10Gi' }, startsAt: new Date().toISOString() }]),
    );
    await expect
      .poll(async () => (await recordOf('DiskOnBusyNode')).map((r) => `${r.outcome} ${r.reasons.map((x) => x.code).join(',')}`), {
        timeout: 10_000,
        interval: 50,
      })
      .toEqual(['Refused VOLUME_PENDING']);
    const [record] = await recordOf('DiskOnBusyNode');
    expect(record?.message).toContain(`PersistentVolumeClaim kafka-waits-for-a-volume on node ${node ?? ''} is Pending, not Bound`);
    expect(await readStored()).toEqual(before);
    await world.core.deleteNamespacedPersistentVolumeClaim({ name: 'kafka-waits-for-a-volume', namespace: NAMESPACE });
  });

  it('in dry-run mode records what an alert would do, and does nothing', async () => {
    await world.patchSpec([{ op: 'replace', path: '/spec/alertManagerConfig', value: { dryRun: true, cooldownSeconds: 0 } }]);
    await untilIdle(world);
    const before = await readStored();
    const labels = { alertname: 'TryUp', kafka_cr: 'kafka', namespace: NAMESPACE };
    await deliver(url('/api/v2/alerts'), [{ labels, annotations: { command: 'upScale', brokerConfigGroup: 'default' }, startsAt: new Date().toISOString() }]);
    await expect.poll(async () => (await recordOf('TryUp')).map((r) => r.outcome), { timeout: 10_000, interval: 50 }).toEqual(['DryRun']);
    const [record] = await recordOf('TryUp');
    expect(record?.message).toContain('dry run (alertManagerConfig.dryRun), nothing changed; would add broker');
    expect(await readStored()).toEqual(before);
  });

  it('decides an alert whose claim was left unfinished (its replica died after answering)', async () => {
    const alert = {
      fingerprint: labelsFingerprint({ alertname: 'Orphan', namespace: NAMESPACE, persistentvolumeclaim: pvcOf(0).metadata.name }),
      status: 'firing' as const,
      labels: { alertname: 'Orphan', namespace: NAMESPACE, persistentvolumeclaim: pvcOf(0).metadata.name },
      annotations: { command: 'resizePvc', incrementBy: '1Gi' },
      startsAt: new Date().toISOString(),
      endsAt: undefined,
      generatorURL: undefined,
      via: 'alertmanager' as const,
    };
    const stored = (await readStored()) as StoredCluster & { metadata: { uid?: string } };
    const claimedLongAgo = new Date(Date.now() - 60_000);
    await world.core.createNamespacedEvent({
      namespace: NAMESPACE,
      body: claimEvent({
        cluster: { namespace: NAMESPACE, name: 'kafka', uid: stored.metadata.uid },
        alert,
        receiver: 'kafkaplane',
        identity: 'a-replica-that-died',
        now: claimedLongAgo,
      }),
    });
    await expect.poll(async () => (await recordOf('Orphan')).map((r) => r.outcome), { timeout: 10_000, interval: 50 }).toEqual(['DryRun']);
    expect(world.logs.some((l) => l.msg === 'alert left undecided by another replica; deciding it')).toBe(true);
  });

  it('sends every alert it recorded, with its outcome, to a subscriber of alertReceived', async () => {
    const recorded = await world.records();
    const finalPublished = () => new Map(world.published.map((r) => [r.name, r.outcome]));
    await expect
      .poll(() => Object.fromEntries(recorded.map((r) => [r.name, finalPublished().get(r.name)])), { timeout: 10_000, interval: 50 })
      .toEqual(Object.fromEntries(recorded.map((r) => [r.name, r.outcome])));
  });
});
