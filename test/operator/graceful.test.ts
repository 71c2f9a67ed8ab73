import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPod } from 'kubernetes-models/v1/Pod';
import { describe, expect, it } from 'vitest';
import { kafkaClusterSpecSchema, type KafkaClusterSpec } from '../../src/k8s/crd/index.js';
import { planGraceful, withScheduled, type GracefulInput } from '../../src/operator/operations/graceful.js';
import { readOperation, type OperationRecord } from '../../src/domain/operationRecord.js';
import type { ObservedBroker, ObservedCluster } from '../../src/domain/observedCluster.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';

const storage = (mountPath: string) => ({ mountPath, pvcSpec: { resources: { requests: { storage: '10Gi' } } } });

function spec(ids: number[], controllers: number[] = [], disks: Record<number, string[]> = {}): KafkaClusterSpec {
  return kafkaClusterSpecSchema.parse(
    kraftSpecInput({
      brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
      brokers: ids.map((id) => ({
        id,
        brokerConfigGroup: 'default',
        brokerConfig: {
          processRoles: controllers.includes(id) ? ['broker', 'controller'] : ['broker'],
          ...(disks[id] ? { storageConfigs: disks[id].map(storage) } : {}),
        },
      })),
    }),
  );
}

function pod(id: number, ready = true, roles = 'broker'): IPod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `kafka-${id}-x`, labels: { brokerId: String(id), processRoles: roles } },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

function pvc(mountPath: string, annotations: Record<string, string> = {}): IPersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: `pvc${mountPath.replaceAll('/', '-')}`, annotations: { mountPath, ...annotations } },
    spec: {},
  };
}

function observed(brokers: Array<{ id: number; pod?: IPod; pvcs?: IPersistentVolumeClaim[] }>): ObservedCluster {
  const map = new Map<number, ObservedBroker>();
  for (const b of brokers) {
    map.set(b.id, {
      id: b.id,
      pod: b.pod,
      terminatingPods: [],
      configMap: undefined,
      service: undefined,
      pvcs: new Map((b.pvcs ?? [pvc('/kafka-logs')]).map((p) => [p.metadata?.annotations?.mountPath ?? '', p])),
    });
  }
  return { brokers: map, headlessService: undefined };
}

function operation(
  name: string,
  task: { operation: string; parameters: Record<string, string> },
  state?: string,
  extra: { errorPolicy?: string; paused?: boolean } = {},
): OperationRecord {
  return readOperation({
    metadata: { name, labels: { kafka_cr: 'kafka', ...(extra.paused ? { pause: 'true' } : {}) }, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { errorPolicy: extra.errorPolicy ?? 'retry' },
    status: { currentTask: { ...task, ...(state !== undefined ? { state } : {}) } },
  });
}

const running = (ids: number[]) => ids.map((id) => ({ id, pod: pod(id) }));
const state = (value: string, ref?: string) => ({
  gracefulActionState: { cruiseControlState: value, ...(ref ? { cruiseControlOperationReference: { name: ref } } : {}) },
});

function input(partial: Partial<GracefulInput> & Pick<GracefulInput, 'spec' | 'observed'>): GracefulInput {
  return {
    brokersState: {},
    operations: [],
    replicaCounts: new Map(),
    logDirReplicas: new Map(),
    inSync: new Set([0, 1, 2, 3, 4, 5, 6, 7]),
    now: Date.parse('2026-01-01T00:10:00Z'),
    ...partial,
  };
}

describe('planning graceful actions', () => {
  it('moves no data at creation, but onto a broker added to a serving cluster', () => {
    const atCreation = planGraceful(input({ spec: spec([0, 1, 2]), observed: observed([]) }));
    expect([...atCreation.states.values()].map((s) => s?.cruiseControlState)).toEqual([
      'GracefulUpscaleSucceeded',
      'GracefulUpscaleSucceeded',
      'GracefulUpscaleSucceeded',
    ]);
    const brokersState = { 0: state('GracefulUpscaleSucceeded'), 1: state('GracefulUpscaleSucceeded'), 2: state('GracefulUpscaleSucceeded') };
    const added = planGraceful(input({ spec: spec([0, 1, 2, 3]), observed: observed(running([0, 1, 2])), brokersState }));
    expect(added.states.get(3)?.cruiseControlState).toBe('GracefulUpscaleRequired');
    expect(added.request).toBeUndefined();
  });

  it('asks for one add_broker for every new broker once each runs what is wanted', () => {
    const brokersState = { 0: state('GracefulUpscaleSucceeded'), 6: state('GracefulUpscaleRequired'), 7: state('GracefulUpscaleRequired') };
    const notReady = planGraceful(
      input({
        spec: spec([0, 6, 7]),
        observed: observed([
          { id: 0, pod: pod(0) },
          { id: 6, pod: pod(6) },
          { id: 7, pod: pod(7, false) },
        ]),
        brokersState,
      }),
    );
    expect(notReady.request?.task.parameters.brokerid).toBe('6');
    const plan = planGraceful(input({ spec: spec([0, 6, 7]), observed: observed(running([0, 6, 7])), brokersState }));
    expect(plan.request?.task).toEqual({
      operation: 'add_broker',
      parameters: { brokerid: '6,7', exclude_recently_demoted_brokers: 'true', exclude_recently_removed_brokers: 'true' },
    });
    const scheduled = plan.request ? withScheduled(plan.states, plan.request.targets, { name: 'kafka-addbroker-a' }) : plan.states;
    expect(scheduled.get(6)).toEqual({ cruiseControlState: 'GracefulUpscaleScheduled', cruiseControlOperationReference: { name: 'kafka-addbroker-a' } });
  });

  it('waits a while for brokers added together, so that one add_broker moves load onto all of them', () => {
    const brokersState = { 0: state('GracefulUpscaleSucceeded'), 6: state('GracefulUpscaleRequired'), 7: state('GracefulUpscaleRequired') };
    const readyAt = (time: string): IPod => {
      const ready = pod(6);
      ready.status = { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: time }] };
      return ready;
    };
    const world = (time: string) =>
      observed([
        { id: 0, pod: pod(0) },
        { id: 6, pod: readyAt(time) },
        { id: 7, pod: pod(7, false) },
      ]);
    const now = Date.parse('2026-01-01T00:10:00Z');
    const justReady = planGraceful(input({ spec: spec([0, 6, 7]), observed: world('2026-01-01T00:09:30Z'), brokersState, now }));
    expect(justReady.request).toBeUndefined();
    expect(justReady.waiting.join('\n')).toContain('waiting for broker 7');
    const windowPassed = planGraceful(input({ spec: spec([0, 6, 7]), observed: world('2026-01-01T00:08:59Z'), brokersState, now }));
    expect(windowPassed.request?.task.parameters.brokerid).toBe('6');
  });

  it('drains brokers removed together with one remove_broker, and deletes nothing meanwhile', () => {
    const brokersState = { 0: state('GracefulUpscaleSucceeded'), 1: state('GracefulUpscaleSucceeded'), 2: state('GracefulUpscaleSucceeded') };
    const plan = planGraceful(input({ spec: spec([0]), observed: observed(running([0, 1, 2])), brokersState }));
    expect(plan.states.get(1)?.cruiseControlState).toBe('GracefulDownscaleRequired');
    expect(plan.request?.task.operation).toBe('remove_broker');
    expect(plan.request?.task.parameters.brokerid).toBe('1,2');
    expect(plan.releasedBrokers).toEqual([]);
  });

  it('adopts the operation a crash left unreferenced instead of asking twice', () => {
    const brokersState = { 0: state('GracefulUpscaleSucceeded'), 1: state('GracefulUpscaleSucceeded') };
    const left = operation('kafka-removebroker-x', {
      operation: 'remove_broker',
      parameters: { brokerid: '1', exclude_recently_demoted_brokers: 'true', exclude_recently_removed_brokers: 'true' },
    });
    const plan = planGraceful(input({ spec: spec([0]), observed: observed(running([0, 1])), brokersState, operations: [left] }));
    expect(plan.request?.adopt).toBe('kafka-removebroker-x');
  });

  it('releases a drained broker only after Kafka confirmed it empty, and records that first', () => {
    const done = operation('op', { operation: 'remove_broker', parameters: { brokerid: '1' } }, 'Completed');
    const base = { spec: spec([0]), observed: observed(running([0, 1])), operations: [done] };
    const brokersState = { 0: state('GracefulUpscaleSucceeded'), 1: state('GracefulDownscaleRunning', 'op') };
    const unasked = planGraceful(input({ ...base, brokersState }));
    expect(unasked.states.get(1)?.cruiseControlState).toBe('GracefulDownscaleSucceeded');
    expect(unasked.confirm.brokers).toEqual([1]);
    expect(unasked.releasedBrokers).toEqual([]);

    const stillHolds = planGraceful(input({ ...base, brokersState, replicaCounts: new Map([[1, 4]]) }));
    expect(stillHolds.states.get(1)?.cruiseControlState).toBe('GracefulDownscaleRequired');
    expect(stillHolds.releasedBrokers).toEqual([]);

    const confirmed = planGraceful(input({ ...base, brokersState, replicaCounts: new Map([[1, 0]]) }));
    expect(confirmed.states.get(1)?.drainConfirmed).toBe(true);
    expect(confirmed.releasedBrokers).toEqual([]);

    const next = planGraceful(
      input({
        ...base,
        brokersState: {
          ...brokersState,
          1: { gracefulActionState: { ...state('GracefulDownscaleSucceeded', 'op').gracefulActionState, drainConfirmed: true } },
        },
      }),
    );
    expect(next.releasedBrokers).toEqual([1]);
  });

  it('keeps a broker whose drain failed under errorPolicy ignore, serving, and says why', () => {
    const failed = operation('op', { operation: 'remove_broker', parameters: { brokerid: '1' } }, 'CompletedWithError', { errorPolicy: 'ignore' });
    const plan = planGraceful(
      input({
        spec: spec([0]),
        observed: observed(running([0, 1])),
        operations: [failed],
        brokersState: { 1: state('GracefulDownscaleRunning', 'op') },
        replicaCounts: new Map([[1, 0]]),
      }),
    );
    expect(plan.states.get(1)?.cruiseControlState).toBe('GracefulDownscaleCompletedWithError');
    expect(plan.releasedBrokers).toEqual([]);
    expect(plan.blocked[0]?.reason).toBe('BrokerDrainFailed');
  });

  it('asks again for a drain whose operation disappeared before it completed', () => {
    const plan = planGraceful(input({ spec: spec([0]), observed: observed(running([0, 1])), brokersState: { 1: state('GracefulDownscaleRunning', 'gone') } }));
    expect(plan.states.get(1)?.cruiseControlState).toBe('GracefulDownscaleRequired');
    expect(plan.request?.task.operation).toBe('remove_broker');
  });

  it('refuses to remove a controller when the quorum would lose its majority', () => {
    const controllers = [
      { id: 3, pod: pod(3, true, 'broker_controller') },
      { id: 4, pod: pod(4, true, 'broker_controller') },
    ];
    const plan = planGraceful(
      input({
        spec: spec([4], [4]),
        observed: observed(controllers),
        brokersState: { 3: state('GracefulUpscaleSucceeded'), 4: state('GracefulUpscaleSucceeded') },
      }),
    );
    expect(plan.blocked.map((b) => b.reason)).toEqual(['BrokerIsController']);
    expect(plan.request).toBeUndefined();
  });

  it('drains a dropped disk with remove_disks and keeps it mounted until Kafka reports its log dir empty', () => {
    const withExtra = observed([{ id: 3, pod: pod(3), pvcs: [pvc('/kafka-logs'), pvc('/extra')] }]);
    const plan = planGraceful(input({ spec: spec([3]), observed: withExtra, brokersState: { 3: state('GracefulUpscaleSucceeded') } }));
    expect(plan.states.get(3)?.volumeStates?.['/extra']?.cruiseControlVolumeState).toBe('GracefulDiskRemovalRequired');
    expect(plan.retainedVolumes.get(3)).toEqual(['/extra']);
    expect(plan.request?.task).toEqual({ operation: 'remove_disks', parameters: { brokerid_and_logdirs: '3-/extra/kafka' } });

    const drained = {
      3: {
        gracefulActionState: {
          cruiseControlState: 'GracefulUpscaleSucceeded',
          volumeStates: { '/extra': { cruiseControlVolumeState: 'GracefulDiskRemovalRunning', cruiseControlOperationReference: { name: 'rd' } } },
        },
      },
    };
    const done = operation('rd', { operation: 'remove_disks', parameters: { brokerid_and_logdirs: '3-/extra/kafka' } }, 'Completed');
    const confirmedEmpty = planGraceful(
      input({ spec: spec([3]), observed: withExtra, brokersState: drained, operations: [done], logDirReplicas: new Map([['3:/extra', 0]]) }),
    );
    expect(confirmedEmpty.states.get(3)?.volumeStates?.['/extra']).toMatchObject({
      cruiseControlVolumeState: 'GracefulDiskRemovalSucceeded',
      drainConfirmed: true,
    });
    expect(confirmedEmpty.retainedVolumes.get(3)).toEqual(['/extra']);
    const released = planGraceful(
      input({
        spec: spec([3]),
        observed: withExtra,
        brokersState: {
          3: {
            gracefulActionState: {
              cruiseControlState: 'GracefulUpscaleSucceeded',
              volumeStates: { '/extra': { cruiseControlVolumeState: 'GracefulDiskRemovalSucceeded', drainConfirmed: true } },
            },
          },
        },
      }),
    );
    expect(released.releasedVolumes.get(3)).toEqual(['/extra']);
  });

  it('drains a disk dropped after a disk rebalance filled it, the drain referring to no operation yet, on every pass', () => {
    const withExtra = observed([{ id: 3, pod: pod(3), pvcs: [pvc('/kafka-logs'), pvc('/extra')] }]);
    const filled = operation('rb', { operation: 'rebalance', parameters: { destination_broker_ids: '3', rebalance_disk: 'true' } }, 'Completed');
    const rebalanced = {
      3: {
        gracefulActionState: {
          cruiseControlState: 'GracefulUpscaleSucceeded',
          volumeStates: { '/extra': { cruiseControlVolumeState: 'GracefulDiskRebalanceSucceeded', cruiseControlOperationReference: { name: 'rb' } } },
        },
      },
    };
    const dropped = planGraceful(input({ spec: spec([3]), observed: withExtra, brokersState: rebalanced, operations: [filled] }));
    // The rebalance's record is not the drain's: read as the drain's, its Completed would pass for a drain done.
    expect(dropped.states.get(3)?.volumeStates?.['/extra']).toEqual({ cruiseControlVolumeState: 'GracefulDiskRemovalRequired' });
    const next = planGraceful(
      input({ spec: spec([3]), observed: withExtra, brokersState: { 3: { gracefulActionState: dropped.states.get(3) } }, operations: [filled] }),
    );
    expect(next.request?.task).toEqual({ operation: 'remove_disks', parameters: { brokerid_and_logdirs: '3-/extra/kafka' } });
    expect(next.confirm.logDirs).toEqual([]);
  });

  it('fills a disk added to a running broker with a disk rebalance once the broker runs with it', () => {
    const added = pvc('/extra', { 'kafkaplane.io/added-to-running-broker': 'true' });
    const notMounted = planGraceful(
      input({
        spec: spec([3], [], { 3: ['/extra'] }),
        observed: observed([{ id: 3, pod: pod(3), pvcs: [pvc('/kafka-logs'), added] }]),
        brokersState: { 3: state('GracefulUpscaleSucceeded') },
      }),
    );
    expect(notMounted.states.get(3)?.volumeStates?.['/extra']?.cruiseControlVolumeState).toBe('GracefulDiskRebalanceRequired');
    expect(notMounted.request).toBeUndefined();
    const restarted = { ...pod(3), spec: { containers: [], volumes: [{ name: 'extra', persistentVolumeClaim: { claimName: added.metadata?.name ?? '' } }] } };
    const plan = planGraceful(
      input({
        spec: spec([3], [], { 3: ['/extra'] }),
        observed: observed([{ id: 3, pod: restarted, pvcs: [pvc('/kafka-logs'), added] }]),
        brokersState: { 3: state('GracefulUpscaleSucceeded') },
      }),
    );
    expect(plan.request?.task).toEqual({
      operation: 'rebalance',
      parameters: { destination_broker_ids: '3', rebalance_disk: 'true', exclude_recently_demoted_brokers: 'true', exclude_recently_removed_brokers: 'true' },
    });
    const restarting = planGraceful(
      input({
        spec: spec([3], [], { 3: ['/extra'] }),
        observed: observed([{ id: 3, pod: restarted, pvcs: [pvc('/kafka-logs'), added] }]),
        brokersState: { 3: state('GracefulUpscaleSucceeded') },
        inSync: new Set(),
      }),
    );
    expect(restarting.request).toBeUndefined();
  });
});
