import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { FormattedExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../src/app.js';
import { CruiseControlClient } from '../../src/cruisecontrol/index.js';
import { encodeGlobalId } from '../../src/domain/globalId.js';
import {
  BrokerUpdatedDocument,
  ClusterBrokersDocument,
  ClusterEventReasonsDocument,
  ClusterEventsDocument,
  HeartbeatDocument,
  OperationUpdatedDocument,
  type OperationUpdatedSubscription,
} from '../__generated__/graphql.js';
import { startApiSandbox, startApiServer, type ApiSandbox } from '../support/apiSandbox.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { postGraphQL } from '../support/graphql.js';
import { collect, wsClient } from '../support/subscriber.js';

type Update = OperationUpdatedSubscription['operationUpdated'];

const NAMESPACE = 'default';
const NAME = 'stream';
const CLUSTER_ID = encodeGlobalId('KafkaCluster', NAMESPACE, NAME);
const kafkaCluster = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: NAMESPACE, plural: 'kafkaclusters', name: NAME };

let api: ApiSandbox;
let replica: RunningServer;
let custom: CustomObjectsApi;
let core: CoreV1Api;
const clients: Client[] = [];

beforeAll(async () => {
  api = await startApiSandbox();
  // A second replica on the same Kubernetes, serving from its own caches.
  replica = await startApiServer(api.sandbox, ['--reconcile', 'false']);
  custom = api.sandbox.kube.kubeConfig.makeApiClient(CustomObjectsApi);
  core = api.sandbox.kube.kubeConfig.makeApiClient(CoreV1Api);
  for (const url of [api.server.url, replica.url]) {
    await vi.waitFor(async () => expect((await fetch(`${url}/readyz`)).status).toBe(200), { timeout: 20_000, interval: 100 });
  }
  await custom.createNamespacedCustomObject({
    ...kafkaCluster,
    body: {
      apiVersion: 'kafka.banzaicloud.io/v1beta1',
      kind: 'KafkaCluster',
      metadata: { name: NAME },
      spec: kraftSpecInput({
        brokerConfigGroups: {
          default: {
            storageConfigs: [
              {
                mountPath: '/kafka-logs',
                pvcSpec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } },
              },
            ],
          },
        },
        brokers: [
          ...[0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker' as const, 'controller' as const] } })),
          { id: 3, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker' as const] } },
        ],
      }),
    },
  });
  await vi.waitFor(
    async () => {
      const result = await postGraphQL(api.server.url, ClusterBrokersDocument, { namespace: NAMESPACE, name: NAME, first: 10 });
      expect(result.data?.cluster?.brokers.nodes.map((b) => b.state)).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);
    },
    { timeout: 90_000, interval: 250 },
  );
  // The Cruise Control the operator deploys runs once the metrics topic exists and its Pod started.
  const url = await vi.waitFor(
    () => {
      const found = api.sandbox.world.cruiseControlUrls()[`${NAMESPACE}/${NAME}`];
      if (found === undefined) throw new Error('no Cruise Control runs yet');
      return found;
    },
    { timeout: 60_000, interval: 200 },
  );
  const cc = new CruiseControlClient({ url, retries: 0 });
  await vi.waitFor(async () => expect((await cc.readiness()).ready).toBe(true), { timeout: 30_000, interval: 200 });
}, 180_000);

afterAll(async () => {
  for (const c of clients) await c.dispose();
  await replica?.stop();
  await api?.close();
});

function client(url: string, closes?: number[]): Client {
  const created = wsClient(url, closes);
  clients.push(created);
  return created;
}

/** Once a heartbeat has come back on the same socket, the subscriptions sent before it are set up. */
async function fence(on: Client): Promise<void> {
  await collect(on, HeartbeatDocument, { intervalMs: 10 }, () => true);
}

const updatesOf = (results: ReadonlyArray<FormattedExecutionResult<OperationUpdatedSubscription, unknown>>): Update[] =>
  results.map((r) => {
    expect(r.errors).toBeUndefined();
    if (r.data == null) throw new Error('a result without data');
    return r.data.operationUpdated;
  });

const finished = (results: ReadonlyArray<{ data?: OperationUpdatedSubscription | null }>): boolean =>
  results.some((r) => r.data?.operationUpdated.state === 'COMPLETED' || r.data?.operationUpdated.state === 'FAILED');

describe('operationUpdated', () => {
  it('refuses a call without exactly one of id and clusterId, or with an id of another type, with typed errors', async () => {
    const on = client(api.server.url);
    const cases: Array<[{ id?: string; clusterId?: string }, string, string | undefined]> = [
      [{}, 'operationUpdated takes exactly one of id (one operation) and clusterId (every operation of a cluster)', undefined],
      [{ id: 'x', clusterId: CLUSTER_ID }, 'operationUpdated takes exactly one of id (one operation) and clusterId (every operation of a cluster)', undefined],
      [
        { id: CLUSTER_ID },
        `${JSON.stringify(CLUSTER_ID)} is not the id of an Operation: ids come from the \`id\` field of an object and must be passed back unchanged.`,
        'id',
      ],
      [{ clusterId: encodeGlobalId('KafkaCluster', NAMESPACE, 'nope') }, `no cluster ${NAMESPACE}/nope`, 'clusterId'],
    ];
    for (const [variables, message, argumentName] of cases) {
      const [first] = await collect(on, OperationUpdatedDocument, variables, () => true);
      expect(first?.errors?.[0]).toMatchObject({ message, extensions: argumentName === undefined ? { code: 'BAD_USER_INPUT' } : { argumentName } });
    }
  });

  it('follows a broker removal on two replicas: the same updates, to the end of the drain, then the stream by id completes', async () => {
    const script = client(api.server.url);
    const dashboard = client(replica.url);
    // Every operation of the cluster, on each replica, until the first one is final.
    const onLeader = collect(script, OperationUpdatedDocument, { clusterId: CLUSTER_ID }, finished);
    const onReplica = collect(dashboard, OperationUpdatedDocument, { clusterId: CLUSTER_ID }, finished);
    await Promise.all([fence(script), fence(dashboard)]);

    const early = client(api.server.url);
    const first = collect(early, OperationUpdatedDocument, { clusterId: CLUSTER_ID }, () => true);
    await fence(early);
    await custom.patchNamespacedCustomObject(
      { ...kafkaCluster, body: [{ op: 'remove', path: '/spec/brokers/3' }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    // Two followers of the operation by id while it runs, one after the other: the second joins
    // the first's subscription, and must start from the current state all the same.
    const operationId = updatesOf(await first)[0]?.id ?? '';
    const byIdFirst = collect(client(api.server.url), OperationUpdatedDocument, { id: operationId });
    const byIdSecond = collect(client(api.server.url), OperationUpdatedDocument, { id: operationId });

    const leaderUpdates = updatesOf(await onLeader);
    const replicaUpdates = updatesOf(await onReplica);
    const last = leaderUpdates.at(-1);
    expect(last).toMatchObject({ type: 'REMOVE_BROKER', state: 'COMPLETED', brokerIds: [3], cluster: { name: NAME } });
    expect(last?.progress).toMatchObject({ phase: 'Completed', percentDataMoved: 100, dataRemainingMB: 0, estimatedSecondsRemaining: 0 });
    expect(leaderUpdates.every((u) => u.id === last?.id)).toBe(true);
    // It was seen pending or running before it completed, with data moving.
    expect(leaderUpdates.length).toBeGreaterThan(1);
    expect(leaderUpdates.some((u) => u.state === 'RUNNING' && (u.progress?.percentDataMoved ?? 0) > 0 && (u.progress?.percentDataMoved ?? 100) < 100)).toBe(
      true,
    );
    // Consecutive updates differ: a watch event that changes nothing is not sent.
    leaderUpdates.slice(1).forEach((u, i) => expect(u).not.toEqual(leaderUpdates[i]));
    // Both replicas sent the same updates, from their own watch streams.
    expect(replicaUpdates).toEqual(leaderUpdates);

    // Followed by id from the middle: the updates from the state it was in on, to completion.
    const fromMiddle = updatesOf(await byIdFirst);
    const joined = updatesOf(await byIdSecond);
    expect(fromMiddle.at(-1)).toEqual(last);
    expect(leaderUpdates.slice(-fromMiddle.length)).toEqual(fromMiddle);
    expect(fromMiddle.slice(-joined.length)).toEqual(joined);
    expect(joined.length).toBeGreaterThan(0);

    // By id: the current state first, and completion since it is final.
    const byId = updatesOf(await collect(script, OperationUpdatedDocument, { id: last?.id ?? '' }));
    expect(byId).toEqual([last]);
  }, 120_000);
});

describe('clusterEvents', () => {
  /** An Event as a controller records one, about `involvedObject` in the cluster's namespace. */
  async function record(reason: string, involvedObject: { kind: string; name: string }): Promise<void> {
    await core.createNamespacedEvent({
      namespace: NAMESPACE,
      body: {
        metadata: { name: `${reason.toLowerCase()}-${Date.now()}`, namespace: NAMESPACE },
        involvedObject: { ...involvedObject, namespace: NAMESPACE },
        reason,
        message: `${reason} happened`,
        type: 'Warning',
        count: 1,
        source: { component: 'subscriptions-test' },
      },
    });
  }

  it("streams the Events of the cluster and of its labelled objects as they are added, and not others'", async () => {
    const on = client(api.server.url);
    const events = collect(on, ClusterEventsDocument, { clusterId: CLUSTER_ID }, (results) =>
      results.some((r) => r.data?.clusterEvents.reason === 'ClusterThing'),
    );
    await fence(on);
    const pods = await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: `app=kafka,kafka_cr=${NAME}` });
    const pod = pods.items[0]?.metadata?.name;
    if (pod === undefined) throw new Error('no broker pod');
    // Before the two that count: an Event about another cluster, and one about an unlabelled object.
    await record('OtherCluster', { kind: 'KafkaCluster', name: 'another' });
    await record('Unlabelled', { kind: 'ConfigMap', name: 'kube-root-ca.crt' });
    await record('PodThing', { kind: 'Pod', name: pod });
    await record('ClusterThing', { kind: 'KafkaCluster', name: NAME });
    const received = (await events).map((r) => {
      expect(r.errors).toBeUndefined();
      return r.data?.clusterEvents;
    });
    // The operator's own Events about the cluster may come in between; none about anything else.
    expect(
      received.every((e) => (e?.involvedObject.kind === 'KafkaCluster' && e.involvedObject.name === NAME) || e?.involvedObject.name.startsWith(`${NAME}-`)),
    ).toBe(true);
    const ours = received.filter((e) => ['OtherCluster', 'Unlabelled', 'PodThing', 'ClusterThing'].includes(e?.reason ?? ''));
    expect(ours).toMatchObject([
      { type: 'WARNING', reason: 'PodThing', message: 'PodThing happened', count: 1, involvedObject: { kind: 'Pod', name: pod } },
      { type: 'WARNING', reason: 'ClusterThing', message: 'ClusterThing happened', count: 1, involvedObject: { kind: 'KafkaCluster', name: NAME } },
    ]);
  });
  it('sends subscribers with the same document and variables each event once, the same answer, and others their own answers', async () => {
    /** Shared executions of subscription events on the server's /metrics. */
    const sharedExecutions = async (): Promise<number> => {
      const text = await (await fetch(`${api.server.url}/metrics`)).text();
      return Number(/^kafkaplane_graphql_subscription_executions_total\{path="shared"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const [a, b, c, d] = [0, 1, 2, 3].map(() => client(api.server.url));
    if (a === undefined || b === undefined || c === undefined || d === undefined) throw new Error('four clients');
    const untilSecond = (results: ReadonlyArray<{ data?: { clusterEvents: { reason: string } } | null }>): boolean =>
      results.some((r) => r.data?.clusterEvents.reason === 'SharedSecond');
    // Two sockets with the same document and variables; one document with two sets of variables.
    const same = [a, b].map((on) => collect(on, ClusterEventsDocument, { clusterId: CLUSTER_ID }, untilSecond));
    const withMessage = collect(c, ClusterEventReasonsDocument, { clusterId: CLUSTER_ID, withMessage: true }, untilSecond);
    const withoutMessage = collect(d, ClusterEventReasonsDocument, { clusterId: CLUSTER_ID, withMessage: false }, untilSecond);
    for (const on of [a, b, c, d]) await fence(on);
    const before = await sharedExecutions();
    await record('SharedFirst', { kind: 'KafkaCluster', name: NAME });
    await record('SharedSecond', { kind: 'KafkaCluster', name: NAME });

    const ours = <T extends { reason: string }>(results: ReadonlyArray<{ data?: { clusterEvents: T } | null; errors?: unknown }>): T[] =>
      results.flatMap((r) => {
        expect(r.errors).toBeUndefined();
        const event = r.data?.clusterEvents;
        return event !== undefined && event.reason.startsWith('Shared') ? [event] : [];
      });
    const [fromA, fromB] = await Promise.all(same);
    const involvedObject = { kind: 'KafkaCluster', name: NAME };
    // Each event once, in order: a repeat of the first would have come before the second.
    expect(ours(fromA ?? [])).toMatchObject([
      { type: 'WARNING', reason: 'SharedFirst', message: 'SharedFirst happened', count: 1, involvedObject },
      { type: 'WARNING', reason: 'SharedSecond', message: 'SharedSecond happened', count: 1, involvedObject },
    ]);
    expect(ours(fromB ?? [])).toEqual(ours(fromA ?? []));
    expect(ours(await withMessage)).toEqual([
      { reason: 'SharedFirst', message: 'SharedFirst happened' },
      { reason: 'SharedSecond', message: 'SharedSecond happened' },
    ]);
    expect(ours(await withoutMessage)).toEqual([{ reason: 'SharedFirst' }, { reason: 'SharedSecond' }]);
    // Executed once per event for each of the three groups (the operator's own Events may add to it).
    expect((await sharedExecutions()) - before).toBeGreaterThanOrEqual(6);
  });
});

describe('brokerUpdated', () => {
  it("sends a broker each time its state or its Pod's readiness changes, as the operator replaces a deleted Pod", async () => {
    const on = client(api.server.url);
    const pods = await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: `kafka_cr=${NAME},brokerId=1` });
    const deleted = pods.items[0]?.metadata?.name;
    if (deleted === undefined) throw new Error('no Pod for broker 1');
    const back = (
      results: ReadonlyArray<{ data?: { brokerUpdated: { brokerId: number; state: string; pod?: { name: string; ready: boolean } | null } } | null }>,
    ): boolean =>
      results.some(
        (r) =>
          r.data?.brokerUpdated.brokerId === 1 &&
          r.data.brokerUpdated.state === 'RUNNING' &&
          r.data.brokerUpdated.pod?.ready === true &&
          r.data.brokerUpdated.pod.name !== deleted,
      );
    const updates = collect(on, BrokerUpdatedDocument, { clusterId: CLUSTER_ID }, back);
    await fence(on);
    await core.deleteNamespacedPod({ namespace: NAMESPACE, name: deleted });

    const received = (await updates).map((r) => {
      expect(r.errors).toBeUndefined();
      if (r.data == null) throw new Error('a result without data');
      return r.data.brokerUpdated;
    });
    const broker1 = received.filter((b) => b.brokerId === 1);
    // Nothing is sent on subscribing: the first update is already a change, away from a ready broker.
    expect(broker1[0]?.state !== 'RUNNING' || broker1[0].pod?.ready !== true || broker1[0].pod.name !== deleted).toBe(true);
    expect(broker1.some((b) => b.state !== 'RUNNING' || b.pod?.ready !== true)).toBe(true);
    // Never the same broker twice in a row unchanged.
    broker1.slice(1).forEach((b, i) => expect(b).not.toEqual(broker1[i]));
    expect(broker1.at(-1)).toMatchObject({ state: 'RUNNING', pod: { ready: true } });
  }, 90_000);
});
