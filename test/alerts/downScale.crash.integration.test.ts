import { describe, expect, it } from 'vitest';
import { kafkaClusterSpecSchema } from '../../src/k8s/crd/index.js';
import { cruiseControlSettled, NAMESPACE, replicasByBroker } from '../operator/support/operationsSandbox.js';
import { ALERT_TOKEN, killAtEveryWrite, type Flow, type FlowWorld } from '../operator/support/killAtEveryWrite.js';
import { actedOnce, pvcsOf, smallSpec, STARTS_AT, stored } from './support/alertFlows.js';
import { deliver, webhook } from './support/alertsWorld.js';

const DOWN_SCALE = 'PartitionCountLow';
/** Alertmanager's webhook asking for one broker fewer, the alert naming none: the safeguards pick it. */
const downScaleAlert = webhook([
  { labels: { alertname: DOWN_SCALE, kafka_cr: 'kafka', namespace: NAMESPACE }, annotations: { command: 'downScale' }, startsAt: STARTS_AT },
]);
const specBrokers = async (world: FlowWorld): Promise<number[]> => kafkaClusterSpecSchema.parse((await stored(world)).spec).brokers.map((b) => b.id);
const brokerObjects = (world: FlowWorld, id: number) =>
  world.sandbox.kube.api.store
    .list('/pods', NAMESPACE)
    .concat(pvcsOf(world, id))
    .filter((o) => o.metadata.labels?.kafka_cr === 'kafka' && o.metadata.labels.brokerId === String(id)).length;

/**
 * A downScale alert naming no broker: the data broker Cruise Control reports with the fewest
 * replicas leaves the spec, one remove_broker drains it, and its Pod and claim go only then.
 * Four brokers: three data brokers to choose from, and three left for the demo topics.
 */
const downScale: Flow = {
  spec: smallSpec(4),
  onServer: true,
  task: 'remove_broker',
  // Data moves at 1 GiB/s: the drain ends in a few progress polls.
  ready: (world) => {
    world.model().copyBytesPerSec = 1024 * 1024 * 1024;
  },
  noOtherTasks: true,
  oneStory: true,
  change: async (world) => {
    expect((await deliver(`${world.url()}/alertmanager`, downScaleAlert, ALERT_TOKEN)).status).toBe(200);
  },
  afterRestart: async (world) => {
    await deliver(`${world.url()}/alertmanager`, downScaleAlert, ALERT_TOKEN);
  },
  finished: async (world) => {
    const brokers = await specBrokers(world).catch(() => [0, 1, 2, 3]);
    const removed = [0, 1, 2, 3].filter((id) => !brokers.includes(id));
    const state = (await world.readCluster().catch(() => undefined))?.status?.brokersState;
    // The end: the broker gone, and Cruise Control restarted without it (its capacity no longer lists it).
    return removed.length > 0 && removed.every((id) => brokerObjects(world, id) === 0 && state?.[String(id)] === undefined) && cruiseControlSettled(world);
  },
  // A broker's claim may go only once it is empty; a Pod only of a broker that left the spec, and only empty too.
  dataAt: (world, object) => {
    const id = object.metadata.labels?.brokerId;
    if (id === undefined || object.metadata.labels?.kafka_cr !== 'kafka') return undefined;
    const inSpec = (
      (world.sandbox.kube.api.store.get('kafka.banzaicloud.io/kafkaclusters', NAMESPACE, 'kafka')?.spec as { brokers?: Array<{ id: number }> } | undefined)
        ?.brokers ?? []
    ).some((b) => String(b.id) === id);
    if (object.kind === 'PersistentVolumeClaim' || (object.kind === 'Pod' && !inSpec)) return replicasByBroker(world.model()).get(Number(id)) ?? 0;
    return undefined;
  },
  endProblem: async (world) => {
    const brokers = await specBrokers(world);
    if (brokers.length !== 3) return `brokers left: ${brokers.join(', ')}`;
    return actedOnce(world, DOWN_SCALE);
  },
};

describe('a downScale alert survives the server dying at any point', () => {
  it('removes one broker, drained by one remove_broker before anything of it goes, and is recorded Acted once, wherever the server dies', async () => {
    expect(await killAtEveryWrite(downScale, 10)).toEqual([]);
  }, 900_000);
});
