import { describe, expect, it } from 'vitest';
import { effectiveBrokerConfig, kafkaClusterSpecSchema } from '../../src/k8s/crd/index.js';
import { cruiseControlSettled, NAMESPACE, replicasByBroker } from '../operator/support/operationsSandbox.js';
import { ALERT_TOKEN, killAtEveryWrite, type Flow, type FlowWorld } from '../operator/support/killAtEveryWrite.js';
import { actedOnce, pvcsOf, smallSpec, STARTS_AT, stored } from './support/alertFlows.js';
import { deliver, webhook } from './support/alertsWorld.js';

const ADD_PVC = 'RemainingDiskSpaceLow';
/** Alertmanager's webhook for broker 0's log disk filling up: add a 50Gi disk to broker 0. */
const addPvcAlert = (world: FlowWorld) => {
  const pvc = pvcsOf(world, 0).find((p) => p.metadata.annotations?.mountPath === '/kafka-logs');
  return webhook([
    {
      labels: { alertname: ADD_PVC, namespace: NAMESPACE, persistentvolumeclaim: pvc?.metadata.name ?? '' },
      annotations: { command: 'addPvc', mountPathPrefix: '/kafka-logs', diskSize: '50Gi' },
      startsAt: STARTS_AT,
    },
  ]);
};
const mountPathsOf0 = async (world: FlowWorld): Promise<string[]> => {
  const spec = kafkaClusterSpecSchema.parse((await stored(world)).spec);
  const broker = spec.brokers.find((b) => b.id === 0);
  return broker === undefined ? [] : (effectiveBrokerConfig(spec, broker).storageConfigs ?? []).map((s) => s.mountPath);
};

/**
 * An addPvc alert on broker 0's disk, delivered as Alertmanager does (and again after a
 * restart): one disk added, its claim created, the broker restarted with it, one disk rebalance.
 * Three brokers: the fewest that hold the demo topics (replication factor 3).
 */
const addPvc: Flow = {
  spec: smallSpec(3),
  onServer: true,
  task: 'rebalance',
  // Data moves at 1 GiB/s: the disk rebalance ends in a few progress polls.
  ready: (world) => {
    world.model().copyBytesPerSec = 1024 * 1024 * 1024;
  },
  noOtherTasks: true,
  oneStory: true,
  change: async (world) => {
    expect((await deliver(`${world.url()}/alertmanager`, addPvcAlert(world), ALERT_TOKEN)).status).toBe(200);
  },
  afterRestart: async (world) => {
    await deliver(`${world.url()}/alertmanager`, addPvcAlert(world), ALERT_TOKEN);
  },
  finished: async (world) => {
    const added = (await mountPathsOf0(world).catch(() => [])).find((m) => m !== '/kafka-logs');
    if (added === undefined) return false;
    const cluster = await world.readCluster().catch(() => undefined);
    return (
      cluster?.status?.brokersState?.['0']?.gracefulActionState?.volumeStates?.[added]?.cruiseControlVolumeState === 'GracefulDiskRebalanceSucceeded' &&
      cruiseControlSettled(world)
    );
  },
  restartsBrokers: true,
  // Adding a disk deletes no claim: any that went would have lost its broker's data.
  dataAt: (world, object) =>
    object.kind === 'PersistentVolumeClaim' && object.metadata.labels?.kafka_cr === 'kafka'
      ? (replicasByBroker(world.model()).get(Number(object.metadata.labels.brokerId)) ?? 0)
      : undefined,
  endProblem: async (world) => {
    const paths = await mountPathsOf0(world);
    if (paths.length !== 2) return `broker 0 has disks ${paths.join(', ')}`;
    if (pvcsOf(world, 0).length !== 2) return `broker 0 has ${pvcsOf(world, 0).length} claims`;
    return actedOnce(world, ADD_PVC);
  },
};

describe('an addPvc alert survives the server dying at any point', () => {
  it('adds one disk, filled by one disk rebalance, and is recorded Acted once, wherever the server dies', async () => {
    expect(await killAtEveryWrite(addPvc, 15)).toEqual([]);
  }, 900_000);
});
