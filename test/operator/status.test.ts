import { describe, expect, it } from 'vitest';
import { checkKafkaCluster, kafkaClusterSpecSchema } from '../../src/k8s/crd/index.js';
import type { ObservedCluster } from '../../src/domain/observedCluster.js';
import type { Plan } from '../../src/operator/reconcile/plan.js';
import { CLUSTER_WIDE_CONFIG_IN_SYNC, desiredStatus, STEP_BLOCKED } from '../../src/operator/reconcile/status.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';

const specInput = kraftSpecInput({
  brokerConfigGroups: {
    default: {
      processRoles: ['broker', 'controller'],
      storageConfigs: [{ mountPath: '/kafka-logs', pvcSpec: { resources: { requests: { storage: '1Gi' } } } }],
    },
  },
  brokers: [
    { id: 1, brokerConfigGroup: 'default' },
    { id: 2, brokerConfigGroup: 'default' },
  ],
});
const spec = kafkaClusterSpecSchema.parse(specInput);
const check = checkKafkaCluster({ apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: 'k' }, spec: specInput });
const now = new Date('2026-11-25T08:00:00.123Z');

const pod = (ready: boolean) => ({
  apiVersion: 'v1' as const,
  kind: 'Pod' as const,
  metadata: { name: 'p' },
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const observed = (readyIds: number[]): ObservedCluster => ({
  headlessService: undefined,
  brokers: new Map(
    [1, 2].map((id) => [id, { id, pod: pod(readyIds.includes(id)), terminatingPods: [], configMap: undefined, service: undefined, pvcs: new Map() }]),
  ),
});
const plan = (overrides: Partial<Plan> = {}): Plan => ({
  actions: [],
  blocked: [],
  waiting: [],
  configurationStates: new Map([
    [1, 'ConfigInSync'],
    [2, 'ConfigInSync'],
  ]),
  dynamicConfigs: new Map(),
  ...overrides,
});

describe('the status a pass leaves', () => {
  it('is Running with every broker Ready and nothing to do, with the time of that success', () => {
    const status = desiredStatus({ current: undefined, spec, check, plan: plan(), observed: observed([1, 2]), generation: 3, clusterId: 'cid', now });
    expect(status).toMatchObject({
      state: 'ClusterRunning',
      brokersReady: '2/2',
      observedGeneration: 3,
      clusterID: 'cid',
      rollingUpgradeStatus: { lastSuccess: '2026-11-25 08:00:00', errorCount: 0 },
    });
    expect(status.brokersState).toEqual({ '1': { configurationState: 'ConfigInSync' }, '2': { configurationState: 'ConfigInSync' } });
    expect(status.conditions?.map((c) => [c.type, c.status])).toEqual([
      ['SpecAccepted', 'True'],
      ['UnsupportedField', 'False'],
      [STEP_BLOCKED, 'False'],
    ]);
  });

  it('is Reconciling while a broker is not Ready, RollingUpgrading while one is out of sync', () => {
    expect(desiredStatus({ current: undefined, spec, check, plan: plan(), observed: observed([1]), generation: 1, clusterId: 'c', now }).state).toBe(
      'ClusterReconciling',
    );
    const rolling = plan({
      configurationStates: new Map([
        [1, 'ConfigOutOfSync'],
        [2, 'ConfigInSync'],
      ]),
    });
    const status = desiredStatus({ current: undefined, spec, check, plan: rolling, observed: observed([1, 2]), generation: 1, clusterId: 'c', now });
    expect(status.state).toBe('ClusterRollingUpgrading');
    expect(status.brokersState?.['1']?.configurationState).toBe('ConfigOutOfSync');
  });

  it('is the same object when nothing changed, so the controller writes nothing', () => {
    const first = desiredStatus({ current: undefined, spec, check, plan: plan(), observed: observed([1, 2]), generation: 1, clusterId: 'c', now });
    const later = desiredStatus({
      current: first,
      spec,
      check,
      plan: plan(),
      observed: observed([1, 2]),
      generation: 1,
      clusterId: 'c',
      now: new Date('2026-11-25T09:00:00Z'),
    });
    expect(later).toEqual(first);
  });

  it('records the cluster-wide keys kafkaplane set, keeps them when Kafka refuses, and drops the field once none are left', () => {
    const base = { spec, check, plan: plan(), observed: observed([1, 2]), generation: 1, clusterId: 'c', now };
    const applied = desiredStatus({ ...base, current: undefined, clusterWide: { keys: ['log.retention.ms'] } });
    expect(applied.clusterWideConfigKeys).toEqual(['log.retention.ms']);
    expect(applied.conditions?.find((c) => c.type === CLUSTER_WIDE_CONFIG_IN_SYNC)).toMatchObject({ status: 'True', reason: 'ClusterWideConfigApplied' });
    const refused = desiredStatus({
      ...base,
      current: applied,
      clusterWide: { keys: ['log.retention.ms'], error: 'INVALID_REQUEST: Cannot update these configs dynamically: Set(log.dirs)' },
    });
    expect(refused.clusterWideConfigKeys).toEqual(['log.retention.ms']);
    expect(refused.conditions?.find((c) => c.type === CLUSTER_WIDE_CONFIG_IN_SYNC)).toMatchObject({ status: 'False', reason: 'ClusterWideConfigError' });
    expect(refused.conditions?.find((c) => c.type === CLUSTER_WIDE_CONFIG_IN_SYNC)?.message).toContain('log.dirs');
    expect(desiredStatus({ ...base, current: applied }).clusterWideConfigKeys).toEqual(['log.retention.ms']);
    expect(desiredStatus({ ...base, current: applied, clusterWide: { keys: [] } })).not.toHaveProperty('clusterWideConfigKeys');
  });

  it('keeps the first KRaft quorum until the cluster first runs, then drops it', () => {
    const initialControllers = '1@kafka-1:29093:q1Sh-9_ISia_zwGINzRvyQ';
    const forming = desiredStatus({
      current: { clusterID: 'c', initialControllers },
      spec,
      check,
      plan: plan(),
      observed: observed([1]),
      generation: 1,
      clusterId: 'c',
      now,
    });
    expect(forming).toMatchObject({ state: 'ClusterReconciling', initialControllers });
    const running = desiredStatus({ current: forming, spec, check, plan: plan(), observed: observed([1, 2]), generation: 1, clusterId: 'c', now });
    expect(running.state).toBe('ClusterRunning');
    expect(running.initialControllers).toBeUndefined();
  });

  it('says which step is blocked and why', () => {
    const blocked = plan({ blocked: [{ brokerId: 1, reason: 'VolumeShrinkRefused', message: 'cannot shrink /kafka-logs of broker 1' }] });
    const status = desiredStatus({ current: undefined, spec, check, plan: blocked, observed: observed([1, 2]), generation: 1, clusterId: 'c', now });
    expect(status.state).toBe('ClusterReconciling');
    expect(status.conditions?.find((c) => c.type === STEP_BLOCKED)).toMatchObject({
      status: 'True',
      reason: 'VolumeShrinkRefused',
      message: 'cannot shrink /kafka-logs of broker 1',
    });
  });

  it('counts a broker that fails during a roll, and forgets the count once the cluster runs in sync', () => {
    const rolling = { state: 'ClusterRollingUpgrading' as const, rollingUpgradeStatus: { lastSuccess: '2026-11-25 07:00:00', errorCount: 0 } };
    const failedPass = plan({
      configurationStates: new Map([
        [1, 'ConfigOutOfSync'],
        [2, 'ConfigInSync'],
      ]),
      actions: [{ type: 'restartBroker', namespace: 'n', podName: 'p', brokerId: 1, reason: 'BrokerPodFailed' }],
    });
    const failed = desiredStatus({ current: rolling, spec, check, plan: failedPass, observed: observed([2]), generation: 1, clusterId: 'c', now });
    expect(failed.rollingUpgradeStatus).toEqual({ lastSuccess: '2026-11-25 07:00:00', errorCount: 1 });
    const recovered = desiredStatus({ current: failed, spec, check, plan: plan(), observed: observed([1, 2]), generation: 1, clusterId: 'c', now });
    expect(recovered.rollingUpgradeStatus).toEqual({ lastSuccess: '2026-11-25 08:00:00', errorCount: 0 });
  });
});
