import { describe, expect, it } from 'vitest';
import {
  addBroker,
  addBrokerVolume,
  combinedDrain,
  describeDrain,
  removeBroker,
  removeBrokerVolume,
  resizeBrokerVolume,
  restartBroker,
  setBrokerResources,
  type ClusterEdit,
  type Drain,
} from '../../../src/operator/edits/index.js';
import { context, pvc, sixBrokers, volume } from './fixtures.js';

const EXCLUDES = { exclude_recently_demoted_brokers: 'true', exclude_recently_removed_brokers: 'true' };
const byBroker = (operation: string, brokerid: string, starts: Drain['starts']): Drain => ({
  task: { operation, parameters: { brokerid, ...EXCLUDES } },
  starts,
});

/** Broker 1 has a disk of its own at /disk2; broker 6 is a KRaft controller only. */
function cluster() {
  const spec = sixBrokers();
  const withDisk = spec.brokers.map((b) => (b.id === 1 ? { ...b, brokerConfig: { ...b.brokerConfig, storageConfigs: [volume('/disk2')] } } : b));
  return { ...spec, brokers: [...withDisk, { id: 6, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['controller' as const] } }] };
}

const drainOf = (edit: ClusterEdit): Drain | undefined => {
  const plan = edit.plan(context(cluster(), [...[0, 1, 2, 3, 4, 5].map((id) => pvc(id, '/kafka-logs')), pvc(1, '/disk2')]));
  if (!plan.ok) throw new Error(plan.errors.map((e) => e.message).join('; '));
  return plan.drain;
};

describe('the Cruise Control task each edit leads to', () => {
  it.each<{ name: string; edit: ClusterEdit; drain: Drain | undefined }>([
    { name: 'removing a broker drains it at once', edit: removeBroker({ brokerId: 2 }), drain: byBroker('remove_broker', '2', 'now') },
    { name: 'removing a controller-only node drains nothing: it holds no data', edit: removeBroker({ brokerId: 6 }), drain: undefined },
    {
      name: 'removing a disk drains its log dir at once',
      edit: removeBrokerVolume({ brokerId: 1, mountPath: '/disk2' }),
      drain: { task: { operation: 'remove_disks', parameters: { brokerid_and_logdirs: '1-/disk2/kafka' } }, starts: 'now' },
    },
    {
      name: 'adding a broker moves load onto it once it runs',
      edit: addBroker({ brokerConfigGroup: 'default' }),
      drain: byBroker('add_broker', '7', 'onceRunning'),
    },
    {
      name: 'adding a disk fills it with a disk rebalance of its broker once it runs',
      edit: addBrokerVolume({ brokerId: 2, mountPath: '/disk3', size: '10Gi' }),
      drain: { task: { operation: 'rebalance', parameters: { destination_broker_ids: '2', rebalance_disk: 'true', ...EXCLUDES } }, starts: 'onceRunning' },
    },
    { name: 'growing a disk moves nothing', edit: resizeBrokerVolume({ brokerId: 2, mountPath: '/kafka-logs', size: '200Gi' }), drain: undefined },
    { name: 'a restart moves nothing', edit: restartBroker({ brokerId: 2, requestedAt: '2026-12-06T10:00:00.000Z' }), drain: undefined },
    { name: 'new resources move nothing', edit: setBrokerResources({ brokerId: 2, requests: { cpu: '1' }, limits: {} }), drain: undefined },
  ])('$name', ({ edit, drain }) => {
    expect(drainOf(edit)).toEqual(drain);
  });

  it('brokers added in one write get one add_broker, as the operator batches them', () => {
    const one = (id: number): Drain => byBroker('add_broker', String(id), 'onceRunning');
    expect(combinedDrain([one(7), undefined, one(8)])).toEqual(byBroker('add_broker', '7,8', 'onceRunning'));
  });

  it('says in words what Cruise Control will be asked', () => {
    expect(describeDrain(byBroker('remove_broker', '2', 'now'))).toBe("Cruise Control's remove_broker of broker 2");
    const parameters = { destination_broker_ids: '2', rebalance_disk: 'true' };
    const diskRebalance: Drain = { task: { operation: 'rebalance', parameters }, starts: 'onceRunning' };
    expect(describeDrain(diskRebalance)).toBe("Cruise Control's disk rebalance of broker 2, once it runs");
  });
});
