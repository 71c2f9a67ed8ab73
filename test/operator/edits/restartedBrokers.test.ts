import { describe, expect, it } from 'vitest';
import { addBrokerVolume, resizeBrokerVolume, restartBroker, setBrokerResources, type ClusterEdit } from '../../../src/operator/edits/index.js';
import { restartedBrokers } from '../../../src/operator/edits/restartedBrokers.js';
import { context, sixBrokers, volume } from './fixtures.js';

const cluster = { namespace: 'kafka', name: 'kafka' };

function restartedBy(edit: ClusterEdit, before = sixBrokers()): number[] {
  const plan = edit.plan(context(before));
  if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
  return restartedBrokers(cluster, before, plan.spec, plan.annotations);
}

describe('the brokers an edit restarts', () => {
  it('is the one broker whose Pod changes: its resources, or a disk added to it', () => {
    expect(restartedBy(setBrokerResources({ brokerId: 1, requests: { cpu: '3' } }))).toEqual([1]);
    expect(restartedBy(addBrokerVolume({ brokerId: 2, mountPath: '/kafka-logs-2', size: '10Gi' }))).toEqual([2]);
  });

  it('is none for a volume grown in place, and the one asked for by restartBroker', () => {
    expect(restartedBy(resizeBrokerVolume({ brokerId: 2, mountPath: '/kafka-logs', incrementBy: '10Gi' }))).toEqual([]);
    expect(restartedBy(restartBroker({ brokerId: 4, requestedAt: '2026-12-06T10:00:00Z' }))).toEqual([4]);
  });

  it('is every broker of a group whose Pod template changes, and every broker for a static cluster config', () => {
    const before = sixBrokers();
    const bigger = sixBrokers({
      brokerConfigGroups: { default: { storageConfigs: [volume('/kafka-logs')], resourceRequirements: { requests: { cpu: '2' } } } },
    });
    expect(restartedBrokers(cluster, before, bigger)).toEqual([0, 1, 2, 3, 4, 5]);
    const configured = sixBrokers({ readOnlyConfig: 'auto.create.topics.enable=false' });
    expect(restartedBrokers(cluster, before, configured)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(restartedBrokers(cluster, before, sixBrokers())).toEqual([]);
  });
});
