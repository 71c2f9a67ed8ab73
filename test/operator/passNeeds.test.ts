import { describe, expect, it } from 'vitest';
import { planGraceful } from '../../src/operator/operations/graceful.js';
import { readOperation } from '../../src/domain/operationRecord.js';
import { planBrokerConfigs, planClusterWideConfig } from '../../src/operator/reconcile/dynamicConfigs.js';
import { clusterDefaultsNeeded, clusterNeeds, operationsNeedReading } from '../../src/operator/reconcile/needs.js';
import { gracefulInputOf } from '../../src/operator/reconcile/planInputs.js';
import type { ClusterView } from '../../src/operator/reconcile/world.js';
import { described, pod, upscaled, world } from './support/passWorld.js';

const viewOf = (options: Parameters<typeof world>[0] = {}): ClusterView => {
  const view = world(options).details?.view;
  if (view === undefined) throw new Error('no view: the world has no cluster id');
  return view;
};
const nothingConfirmed = { replicaCounts: new Map<number, number>(), logDirReplicas: new Map<string, number>() };
const operation = (name: string) => readOperation({ metadata: { name, labels: { kafka_cr: 'kafka' } }, spec: { errorPolicy: 'retry' }, status: {} });

describe('what a pass asks before it plans', () => {
  it.each([
    { case: 'nothing to create and every reference known', running: [0, 1], refs: ['known'], cached: ['known'], read: false },
    { case: 'a reference the cache does not show yet', running: [0, 1], refs: ['fresh'], cached: ['known'], read: true },
    { case: 'a new operation about to be created', running: [0, 1, 2], refs: [], cached: [], read: true },
  ])('reads the operations from the API only with $case', ({ running, refs, cached, read }) => {
    const runningUnder = (name: string) => ({
      gracefulActionState: { cruiseControlState: 'GracefulUpscaleRunning', cruiseControlOperationReference: { name } },
    });
    const referenced = Object.fromEntries(refs.map((name, i) => [String(10 + i), runningUnder(name)]));
    const removed: Record<string, typeof upscaled> = running.includes(2) ? { 2: upscaled } : {};
    const view = viewOf({ running, status: { clusterID: 'cid', brokersState: { 0: upscaled, 1: upscaled, ...removed, ...referenced } } });
    const operations = cached.map(operation);
    const preview = planGraceful(gracefulInputOf(view, operations, nothingConfirmed));
    expect(operationsNeedReading(view.current, operations, preview)).toBe(read);
  });

  it.each([
    { case: 'a broker restart', inSpec: [1], failed: false, restart: { brokerId: 1, controller: false } },
    { case: 'a controller restart, once no broker is left to roll', inSpec: [], failed: false, restart: { brokerId: 0, controller: true } },
    { case: 'no restart while a failed Pod is replaced (it needs no gate)', inSpec: [1], failed: true, restart: undefined },
  ])('names $case for Kafka health', ({ inSpec, failed, restart }) => {
    const view = viewOf({ inSpec });
    const broker = view.observed.brokers.get(1);
    if (failed && broker) broker.pod = { ...pod(1), status: { phase: 'Failed' } };
    expect(clusterNeeds(view, undefined).restart).toEqual(restart);
  });

  it.each([
    { case: 'Ready with per-broker entries', config: 'log.cleaner.threads=2', previous: undefined, ready: true, asked: [1] },
    { case: 'never had a per-broker config', config: '', previous: undefined, ready: true, asked: [] },
    { case: 'had one that left the spec', config: '', previous: 'PerBrokerConfigInSync', ready: true, asked: [1] },
    { case: 'not Ready', config: 'log.cleaner.threads=2', previous: undefined, ready: false, asked: [] },
  ])('asks Kafka for the config of a broker $case', ({ config, previous, ready, asked }) => {
    const state = previous !== undefined ? { ...upscaled, perBrokerConfigurationState: previous } : upscaled;
    const view = viewOf({ status: { clusterID: 'cid', brokersState: { 0: upscaled, 1: state } } });
    const spec = { ...view.spec, brokers: view.spec.brokers.map((b) => (b.id === 1 ? { ...b, brokerConfig: { ...b.brokerConfig, config } } : b)) };
    const broker = view.observed.brokers.get(1);
    if (!ready && broker) broker.pod = { ...pod(1), status: { conditions: [{ type: 'Ready', status: 'False' }] } };
    expect(clusterNeeds({ ...view, spec }, undefined).brokerConfigs).toEqual(asked);
  });

  it.each([
    { case: 'a cluster that never had one', wanted: '', keys: [], needed: false },
    { case: 'a wanted entry', wanted: 'message.max.bytes=2000000', keys: [], needed: true },
    { case: 'keys set before that left the spec', wanted: '', keys: ['num.io.threads'], needed: true },
  ])('asks Kafka for the cluster default with $case', ({ wanted, keys, needed }) => {
    const status = { clusterID: 'cid', clusterWideConfigKeys: keys, brokersState: { 0: upscaled, 1: upscaled } };
    const view = viewOf({ spec: { clusterWideConfig: wanted }, status });
    expect(clusterDefaultsNeeded(view)).toBe(needed);
  });
});

describe('keeping dynamic configs', () => {
  const wanted = new Map([[1, new Map([['log.cleaner.threads', '2']])]]);
  const held = ['log.cleaner.threads', '2', 'DYNAMIC_BROKER_CONFIG'] as const;
  const stray = ['num.io.threads', '4', 'DYNAMIC_BROKER_CONFIG'] as const;
  it.each([
    { case: 'a missing entry is set', read: described([]), state: 'PerBrokerConfigInSync', writes: 1, warnings: 0 },
    { case: 'an entry already held needs no write', read: described([[...held]]), state: 'PerBrokerConfigInSync', writes: 0, warnings: 0 },
    { case: 'a stray dynamic entry is deleted', read: described([[...held], [...stray]]), state: 'PerBrokerConfigInSync', writes: 1, warnings: 0 },
    { case: 'a describe that failed is an error', read: { ok: false as const, error: 'timed out' }, state: 'PerBrokerConfigError', writes: 0, warnings: 1 },
  ])('per broker: $case', ({ read, state, writes, warnings }) => {
    const planned = planBrokerConfigs(wanted, new Map([[1, read]]), { clusterID: 'cid' });
    expect(planned.states.get(1)).toBe(state);
    expect(planned.actions.filter((a) => a.type === 'alterBrokerConfigs')).toHaveLength(writes);
    expect(planned.actions.filter((a) => a.type === 'recordEvent')).toHaveLength(warnings);
  });

  it('per broker: a broker Kafka was not asked about keeps its state', () => {
    expect(planBrokerConfigs(wanted, new Map(), { clusterID: 'cid' })).toEqual({ states: new Map(), actions: [] });
  });

  const heldDefault = ['message.max.bytes', '2000000', 'DYNAMIC_DEFAULT_BROKER_CONFIG'] as const;
  it.each([
    { case: 'not asked', read: undefined, result: undefined, writes: 0 },
    { case: 'a wanted entry missing', read: described([]), result: { keys: ['message.max.bytes'] }, writes: 1 },
    { case: 'already held', read: described([[...heldDefault]]), result: { keys: ['message.max.bytes'] }, writes: 0 },
    { case: 'a describe that failed', read: { ok: false as const, error: 'timed out' }, result: { keys: ['num.io.threads'], error: 'timed out' }, writes: 0 },
  ])('cluster-wide: $case', ({ read, result, writes }) => {
    const view = viewOf({ spec: { clusterWideConfig: 'message.max.bytes=2000000' } });
    const planned = planClusterWideConfig(view.spec, read, { clusterID: 'cid', clusterWideConfigKeys: ['num.io.threads'] });
    expect(planned.result).toEqual(result);
    expect(planned.actions.filter((a) => a.type === 'alterClusterDefaultConfigs')).toHaveLength(writes);
  });
});
