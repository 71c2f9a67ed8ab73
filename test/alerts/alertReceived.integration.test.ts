import type { FormattedExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { labelsFingerprint } from '../../src/alerts/fingerprint.js';
import type { RunningServer } from '../../src/app.js';
import { encodeGlobalId } from '../../src/domain/globalId.js';
import {
  AlertNodeDocument,
  AlertReceivedDocument,
  ClusterAlertsDocument,
  HeartbeatDocument,
  type AlertReceivedSubscription,
  type ClusterAlertsQueryVariables,
} from '../__generated__/graphql.js';
import { startApiServer } from '../support/apiSandbox.js';
import { postGraphQL } from '../support/graphql.js';
import { collect, wsClient } from '../support/subscriber.js';
import { CLUSTER, NAMESPACE } from '../operator/support/operationsSandbox.js';
import { deliver, startAlertsWorld, untilIdle, type AlertsWorld } from './support/alertsWorld.js';

type Received = AlertReceivedSubscription['alertReceived'];

const CLUSTER_ID = encodeGlobalId('KafkaCluster', NAMESPACE, CLUSTER);

let world: AlertsWorld;
/** A second replica on the same Kubernetes, serving the API from its own caches; alerts go to the first. */
let replica: RunningServer;
const clients: Client[] = [];

beforeAll(async () => {
  world = await startAlertsWorld();
  replica = await startApiServer(world.sandbox, ['--reconcile', 'false']);
  await vi.waitFor(async () => expect((await fetch(`${replica.url}/readyz`)).status).toBe(200), { timeout: 20_000, interval: 50 });
  await untilIdle(world);
}, 120_000);
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await replica?.stop();
  await world?.close();
});

function client(url: string): Client {
  const created = wsClient(url);
  clients.push(created);
  return created;
}

/** Once a heartbeat has come back on the same socket, the subscriptions sent before it are set up. */
async function fence(on: Client): Promise<void> {
  await collect(on, HeartbeatDocument, { intervalMs: 10 }, () => true);
}

const pvcOf = (brokerId: number): string => {
  const found = world.sandbox.kube.api.store
    .list('/persistentvolumeclaims', NAMESPACE)
    .find(
      (p) => p.metadata.labels?.brokerId === String(brokerId) && p.metadata.labels.kafka_cr === CLUSTER && p.metadata.annotations?.mountPath === '/kafka-logs',
    );
  if (found === undefined) throw new Error(`no PVC of broker ${brokerId}`);
  return found.metadata.name;
};

interface SentAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
}

/** Alertmanager's webhook_configs body (version 4) for one alert. */
const webhook = (alert: SentAlert) => ({
  version: '4',
  groupKey: '{}:{alertname="x"}',
  truncatedAlerts: 0,
  status: alert.status,
  receiver: 'kafkaplane',
  groupLabels: {},
  commonLabels: alert.labels,
  commonAnnotations: alert.annotations,
  externalURL: 'http://alertmanager:9093',
  alerts: [{ endsAt: '0001-01-01T00:00:00Z', ...alert, generatorURL: 'http://prometheus:9090/graph', fingerprint: labelsFingerprint(alert.labels) }],
});

const alerts = (variables: Omit<ClusterAlertsQueryVariables, 'namespace' | 'name'>, on = replica.url) =>
  postGraphQL(on, ClusterAlertsDocument, { namespace: NAMESPACE, name: CLUSTER, first: 20, ...variables });

/** Waits until the cluster lists this alert decided (no longer PENDING), and returns it. */
async function decided(alertName: string, status: 'FIRING' | 'RESOLVED') {
  let found: Received | undefined;
  await expect
    .poll(
      async () => {
        const result = await alerts({ alertName, status }, world.server.url);
        found = result.data?.cluster?.alerts.nodes[0];
        return found?.outcome;
      },
      { timeout: 20_000, interval: 50 },
    )
    .toMatch(/^(ACTED|DRY_RUN|REFUSED|REJECTED|IGNORED|RESOLVED)$/);
  if (found === undefined) throw new Error('unreachable');
  return found;
}

/** Reads (get, list) of Events the Kubernetes sandbox served. */
const eventReads = (): Array<[string, number]> =>
  [...world.sandbox.kube.faults.requests()].filter(([key]) => /^(get|list) /.test(key) && key.includes('events'));

const receivedOf = (results: ReadonlyArray<FormattedExecutionResult<AlertReceivedSubscription, unknown>>): Received[] =>
  results.map((r) => {
    expect(r.errors).toBeUndefined();
    if (r.data == null) throw new Error('a result without data');
    return r.data.alertReceived;
  });

/** The four alerts the tests send, in this order, each once the one before is decided. */
const startsAt = new Date(Date.now() - 60_000).toISOString();
const volumeAlmostFull = (): SentAlert => ({
  status: 'firing',
  labels: { alertname: 'VolumeAlmostFull', namespace: NAMESPACE, persistentvolumeclaim: pvcOf(1) },
  annotations: { command: 'resizePvc', incrementBy: '10Gi', summary: 'kafka disk is 90% full' },
  startsAt,
});

describe('alertReceived and KafkaCluster.alerts', () => {
  let leaderStream: Received[];
  let replicaStream: Received[];

  it('sends every alert to a subscriber on each replica, when it is recorded and when it is decided, whichever replica received it', async () => {
    const onLeader = client(world.server.url);
    const onReplica = client(replica.url);
    // Until the last alert sent below is decided.
    const lastDecided = (results: ReadonlyArray<FormattedExecutionResult<AlertReceivedSubscription, unknown>>): boolean =>
      results.some((r) => r.data?.alertReceived.name === 'KafkaNote' && r.data.alertReceived.outcome !== 'PENDING');
    const leaderResults = collect(onLeader, AlertReceivedDocument, { clusterId: CLUSTER_ID }, lastDecided);
    const replicaResults = collect(onReplica, AlertReceivedDocument, { clusterId: CLUSTER_ID }, lastDecided);
    await Promise.all([fence(onLeader), fence(onReplica)]);

    // 1. A resizePvc alert on broker 1's PVC: acted on.
    expect((await deliver(`${world.server.url}/alertmanager`, webhook(volumeAlmostFull()))).status).toBe(200);
    await decided('VolumeAlmostFull', 'FIRING');
    // 2. It resolves.
    expect(
      (await deliver(`${world.server.url}/alertmanager`, webhook({ ...volumeAlmostFull(), status: 'resolved', endsAt: new Date().toISOString() }))).status,
    ).toBe(200);
    await decided('VolumeAlmostFull', 'RESOLVED');
    // 3. Another resizePvc, on broker 2's PVC, within the cooldown: refused.
    const second = { ...volumeAlmostFull(), labels: { alertname: 'DiskFillingUp', namespace: NAMESPACE, persistentvolumeclaim: pvcOf(2) } };
    expect((await deliver(`${world.server.url}/alertmanager`, webhook(second))).status).toBe(200);
    await decided('DiskFillingUp', 'FIRING');
    // 4. An alert without a command, as Prometheus posts it: recorded only.
    const note = [
      {
        labels: { alertname: 'KafkaNote', kafka_cr: CLUSTER, namespace: NAMESPACE },
        annotations: { summary: 'just so you know' },
        startsAt: new Date().toISOString(),
      },
    ];
    expect((await deliver(`${world.server.url}/api/v2/alerts`, note)).status).toBe(200);

    leaderStream = receivedOf(await leaderResults);
    replicaStream = receivedOf(await replicaResults);
    const outcomes = (stream: Received[]) => stream.map((a) => [a.name, a.status, a.outcome]);
    expect(outcomes(leaderStream)).toEqual([
      ['VolumeAlmostFull', 'FIRING', 'PENDING'],
      ['VolumeAlmostFull', 'FIRING', 'ACTED'],
      ['VolumeAlmostFull', 'RESOLVED', 'PENDING'],
      ['VolumeAlmostFull', 'RESOLVED', 'RESOLVED'],
      ['DiskFillingUp', 'FIRING', 'PENDING'],
      ['DiskFillingUp', 'FIRING', 'REFUSED'],
      ['KafkaNote', 'FIRING', 'PENDING'],
      ['KafkaNote', 'FIRING', 'IGNORED'],
    ]);
    // The replica that received none of them sent the same, from its own watch of the records.
    expect(replicaStream).toEqual(leaderStream);

    const [, acted, , resolved, , refused, , ignored] = leaderStream;
    expect(acted).toMatchObject({
      command: 'resizePvc',
      source: 'ALERTMANAGER',
      receiver: 'kafkaplane',
      labels: [
        { name: 'alertname', value: 'VolumeAlmostFull' },
        { name: 'namespace', value: NAMESPACE },
        { name: 'persistentvolumeclaim', value: pvcOf(1) },
      ],
      annotations: [
        { name: 'command', value: 'resizePvc' },
        { name: 'incrementBy', value: '10Gi' },
        { name: 'summary', value: 'kafka disk is 90% full' },
      ],
      fingerprint: labelsFingerprint(volumeAlmostFull().labels),
      startsAt,
      endsAt: null,
      changes: ['grow /kafka-logs of broker 1 from 100Gi to 110Gi'],
      dryRun: false,
      decisions: 1,
      reasons: [],
    });
    expect(acted?.generation).toBeGreaterThan(1);
    expect(acted?.message).toMatch(/^VolumeAlmostFull: resizePvc: /);
    expect(resolved).toMatchObject({ command: 'resizePvc', open: false, changes: [], generation: null });
    expect(refused?.reasons.map((r) => r.code)).toContain('COOLDOWN');
    expect(refused).toMatchObject({ command: 'resizePvc', changes: [], open: true });
    expect(ignored).toMatchObject({ command: null, source: 'PROMETHEUS', receiver: null, reasons: [] });
  }, 90_000);

  it('lists the alerts of the cluster newest first with their outcomes, on either replica, from the cache (no read of Events from Kubernetes)', async () => {
    const before = eventReads();
    const result = await alerts({});
    expect(eventReads()).toEqual(before);
    expect(result.errors).toBeUndefined();
    const listed = result.data?.cluster?.alerts;
    expect(listed?.totalCount).toBe(4);
    expect(listed?.nodes.map((a) => [a.name, a.status, a.outcome, a.open])).toEqual([
      ['KafkaNote', 'FIRING', 'IGNORED', true],
      ['DiskFillingUp', 'FIRING', 'REFUSED', true],
      ['VolumeAlmostFull', 'RESOLVED', 'RESOLVED', false],
      // Its resolution has come: no longer open.
      ['VolumeAlmostFull', 'FIRING', 'ACTED', false],
    ]);
    const times = listed?.nodes.map((a) => Date.parse(a.receivedAt as string)) ?? [];
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // The same records the subscription sent, as they are once decided.
    const decidedStream = leaderStream.filter((a) => a.outcome !== 'PENDING').reverse();
    expect(listed?.nodes).toEqual(decidedStream.map((a) => ({ ...a, open: a.name === 'VolumeAlmostFull' ? false : a.open })));
    expect((await alerts({}, world.server.url)).data).toEqual(result.data);
  });

  it.each([
    ['status RESOLVED', { status: 'RESOLVED' }, ['VolumeAlmostFull/RESOLVED']],
    ['status FIRING', { status: 'FIRING' }, ['KafkaNote/IGNORED', 'DiskFillingUp/REFUSED', 'VolumeAlmostFull/ACTED']],
    ['open', { open: true }, ['KafkaNote/IGNORED', 'DiskFillingUp/REFUSED']],
    ['not open', { open: false }, ['VolumeAlmostFull/RESOLVED', 'VolumeAlmostFull/ACTED']],
    ['outcomes', { outcomes: ['ACTED', 'REFUSED'] }, ['DiskFillingUp/REFUSED', 'VolumeAlmostFull/ACTED']],
    ['name', { alertName: 'VolumeAlmostFull' }, ['VolumeAlmostFull/RESOLVED', 'VolumeAlmostFull/ACTED']],
    ['open and name', { open: true, alertName: 'VolumeAlmostFull' }, []],
  ] as const)('filters by %s', async (_name, filter, expected) => {
    const result = await alerts(filter as Omit<ClusterAlertsQueryVariables, 'namespace' | 'name'>);
    expect(result.errors).toBeUndefined();
    expect(result.data?.cluster?.alerts.nodes.map((a) => `${a.name}/${a.outcome}`)).toEqual(expected);
    expect(result.data?.cluster?.alerts.totalCount).toBe(expected.length);
  });

  it('pages through them with cursors, and finds each again by its id', async () => {
    const first = await alerts({ first: 3 });
    const page = first.data?.cluster?.alerts;
    expect(page?.nodes).toHaveLength(3);
    expect(page?.pageInfo.hasNextPage).toBe(true);
    const rest = await alerts({ first: 3, after: page?.pageInfo.endCursor });
    expect(rest.data?.cluster?.alerts.nodes.map((a) => `${a.name}/${a.outcome}`)).toEqual(['VolumeAlmostFull/ACTED']);
    expect(rest.data?.cluster?.alerts.pageInfo.hasNextPage).toBe(false);

    const refused = page?.nodes[1];
    const node = await postGraphQL(replica.url, AlertNodeDocument, { id: refused?.id ?? '' });
    expect(node.data?.node).toEqual({ id: refused?.id, name: 'DiskFillingUp', outcome: 'REFUSED', open: true });
  });

  it('refuses a subscription for an id that is no cluster, or a cluster that does not exist, with typed errors', async () => {
    const on = client(replica.url);
    const [notAnId] = await collect(on, AlertReceivedDocument, { clusterId: 'nope' }, () => true);
    expect(notAnId?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'clusterId' });
    const [missing] = await collect(on, AlertReceivedDocument, { clusterId: encodeGlobalId('KafkaCluster', NAMESPACE, 'missing') }, () => true);
    expect(missing?.errors?.[0]).toMatchObject({ message: `no cluster ${NAMESPACE}/missing`, extensions: { code: 'NOT_FOUND' } });
  });
});

describe('alerts labelled rollingupgrade (Koperator)', () => {
  type Condition = { type: string; status: string; reason?: string; message?: string };
  const stepBlocked = async (): Promise<Condition | undefined> => {
    const cluster = (await world.readCluster()) as { status?: { conditions?: Condition[] } };
    return cluster.status?.conditions?.find((c) => c.type === 'StepBlocked');
  };
  const brokerPods = async (): Promise<string[]> =>
    (await world.core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: `app=kafka,kafka_cr=${CLUSTER}` })).items
      .map((p) => p.metadata?.uid ?? '')
      .sort();

  it('hold a rolling restart while they fire (failureThreshold 1), and release it once resolved', async () => {
    await untilIdle(world);
    const underReplicated = {
      status: 'firing' as const,
      labels: { alertname: 'UnderReplicatedPartitions', kafka_cr: CLUSTER, namespace: NAMESPACE, rollingupgrade: 'true' },
      annotations: {},
      startsAt: new Date().toISOString(),
    };
    expect((await deliver(`${world.server.url}/alertmanager`, webhook(underReplicated))).status).toBe(200);
    await decided('UnderReplicatedPartitions', 'FIRING');
    const pods = await brokerPods();

    // A change of a static config: every broker must restart, one at a time.
    await world.patchSpec([{ op: 'add', path: '/spec/readOnlyConfig', value: 'num.partitions=6' }]);
    await expect.poll(stepBlocked, { timeout: 20_000, interval: 50 }).toMatchObject({ status: 'True', reason: 'RollingUpgradeFailureThreshold' });
    expect((await stepBlocked())?.message).toContain('1 alert(s) labelled rollingupgrade are firing (UnderReplicatedPartitions)');
    expect(await brokerPods()).toEqual(pods);

    expect(
      (await deliver(`${world.server.url}/alertmanager`, webhook({ ...underReplicated, status: 'resolved', endsAt: new Date().toISOString() }))).status,
    ).toBe(200);
    // The roll goes on: a broker's Pod is replaced.
    await expect.poll(async () => (await brokerPods()).filter((uid) => !pods.includes(uid)).length, { timeout: 30_000, interval: 100 }).toBeGreaterThan(0);
  }, 90_000);
});
