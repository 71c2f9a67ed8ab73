import { describe, expect, it } from 'vitest';
import { checkKafkaCluster } from '../../src/k8s/crd/index.js';
import type { Action } from '../../src/operator/reconcile/actions.js';
import { readOperation } from '../../src/domain/operationRecord.js';
import { planPass, type PassPlan } from '../../src/operator/reconcile/planPass.js';
import { reportPass } from '../../src/operator/reconcile/report.js';
import { described, upscaled, world } from './support/passWorld.js';

const kinds = (pass: PassPlan) => pass.actions.map((a) => a.type).filter((t) => !['create', 'replace', 'resizePvc', 'restartBroker', 'delete'].includes(t));
const nothingDone = { applied: [], refused: [] };

describe('planning a pass', () => {
  it('writes the first status alone, with a fresh cluster id, on the version it read', () => {
    const pass = planPass(world({ status: {} }));
    expect(pass.actions).toEqual([]);
    expect(pass.report).toMatchObject({ kind: 'fixed', resourceVersion: '7', next: 'now', status: { clusterID: 'new-id', state: 'ClusterReconciling' } });
  });

  it.each([
    { case: 'first seen', again: false },
    { case: 'already reported', again: true },
  ])('refuses an invalid spec with a Warning per problem only when the status changes ($case)', ({ again }) => {
    const resource = { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: 'kafka' }, spec: { brokers: 'none' } };
    const invalid = { ...world(), check: checkKafkaCluster(resource), details: undefined };
    const first = planPass({ ...invalid, current: undefined });
    const pass = again && first.report.kind === 'fixed' ? planPass({ ...invalid, current: first.report.status }) : first;
    expect(pass.actions).toEqual([]);
    expect(invalid.check.problems.length).toBeGreaterThan(0);
    expect(pass.report.kind === 'fixed' ? pass.report.events.length : -1).toBe(again ? 0 : invalid.check.problems.length);
  });

  it('orders the writes: objects, per-broker then cluster-wide dynamic config, the operation, then unregistrations', () => {
    const status = { clusterID: 'cid', brokersState: { 0: upscaled, 1: upscaled, 2: upscaled, 3: upscaled } };
    const pass = planPass(
      world({
        running: [0, 1, 2],
        status,
        spec: { clusterWideConfig: 'message.max.bytes=2000000' },
        outside: { brokerConfigs: new Map([[1, described([])]]), clusterDefaults: described([]) },
      }),
    );
    expect(kinds(pass)).toEqual(['alterBrokerConfigs', 'alterClusterDefaultConfigs', 'createOperation', 'unregisterBroker']);
    const firstKafkaWrite = pass.actions.findIndex((a) => a.type === 'alterBrokerConfigs');
    expect(pass.actions.slice(firstKafkaWrite).some((a) => a.type === 'create')).toBe(false);
    const operation = pass.actions.find((a) => a.type === 'createOperation');
    expect(operation).toMatchObject({ name: 'kafka-removebroker-abc123', brokerIds: [2], task: { operation: 'remove_broker' } });
    expect(pass.actions.find((a) => a.type === 'unregisterBroker')).toMatchObject({ brokerId: 3 });
  });

  it.each<{ case: string; kafkaConnected: boolean; status: Record<string, typeof upscaled>; unregisters: number }>([
    { case: 'no Kafka connection', kafkaConnected: false, status: { 3: upscaled }, unregisters: 0 },
    { case: 'no entry left in the status', kafkaConnected: true, status: {}, unregisters: 0 },
    { case: 'an entry and a connection', kafkaConnected: true, status: { 3: upscaled }, unregisters: 1 },
  ])('unregisters a forgotten broker only with $case', ({ kafkaConnected, status, unregisters }) => {
    const pass = planPass(world({ status: { clusterID: 'cid', brokersState: { 0: upscaled, 1: upscaled, ...status } }, outside: { kafkaConnected } }));
    expect(pass.actions.filter((a) => a.type === 'unregisterBroker')).toHaveLength(unregisters);
  });

  it('adopts an operation a crash left instead of creating a second one', () => {
    const excludes = { exclude_recently_demoted_brokers: 'true', exclude_recently_removed_brokers: 'true' };
    const left = readOperation({
      metadata: { name: 'kafka-removebroker-old', labels: { kafka_cr: 'kafka' }, creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { errorPolicy: 'retry' },
      status: { currentTask: { operation: 'remove_broker', parameters: { brokerid: '2', ...excludes } } },
    });
    const status = { clusterID: 'cid', brokersState: { 0: upscaled, 1: upscaled, 2: upscaled } };
    const pass = planPass(world({ running: [0, 1, 2], status, outside: { operations: [left] } }));
    expect(kinds(pass)).not.toContain('createOperation');
    const report = reportPass(pass.report, nothingDone);
    expect(report.operationScheduled).toBe(true);
    expect(report.status.brokersState?.['2']?.gracefulActionState).toEqual({
      cruiseControlState: 'GracefulDownscaleScheduled',
      cruiseControlOperationReference: { name: 'kafka-removebroker-old' },
    });
  });
});

describe('reporting a pass', () => {
  const removal = () => planPass(world({ running: [0, 1, 2], status: { clusterID: 'cid', brokersState: { 0: upscaled, 1: upscaled, 2: upscaled } } }));
  const created = (pass: PassPlan): Action[] => pass.actions.filter((a) => a.type === 'createOperation');

  it.each([
    { case: 'created', outcome: (p: PassPlan) => ({ applied: created(p), refused: [] }), state: 'GracefulDownscaleScheduled', scheduled: true },
    { case: 'not created (an earlier write failed)', outcome: () => nothingDone, state: 'GracefulDownscaleRequired', scheduled: false },
  ])('schedules the drained broker only under an operation that was $case', ({ outcome, state, scheduled }) => {
    const pass = removal();
    const report = reportPass(pass.report, outcome(pass));
    expect(report.status.brokersState?.['2']?.gracefulActionState?.cruiseControlState).toBe(state);
    expect(report.operationScheduled).toBe(scheduled);
  });

  const refused = (action: Action, message = 'broker not available') => ({ applied: [], refused: [{ action, error: new Error(message) }] });
  const alterBroker: Action = { type: 'alterBrokerConfigs', brokerId: 1, change: { set: { 'log.cleaner.threads': '2' } }, reason: 'PerBrokerConfigApplied' };
  const alterDefault: Action = { type: 'alterClusterDefaultConfigs', change: { set: { 'message.max.bytes': '2000000' } }, reason: 'ClusterWideConfigApplied' };

  it.each([
    { case: 'starts failing', previous: 'PerBrokerConfigInSync' as const, warnings: 1 },
    { case: 'keeps failing', previous: 'PerBrokerConfigError' as const, warnings: 0 },
  ])('puts a broker whose dynamic config Kafka refused in error, warning when it $case', ({ previous, warnings }) => {
    const status = { clusterID: 'cid', brokersState: { 0: upscaled, 1: { ...upscaled, perBrokerConfigurationState: previous } } };
    const pass = planPass(world({ status, outside: { brokerConfigs: new Map([[1, described([])]]) } }));
    const report = reportPass(pass.report, refused(alterBroker));
    expect(report.status.brokersState?.['1']?.perBrokerConfigurationState).toBe('PerBrokerConfigError');
    expect(report.events.filter((e) => e.reason === 'PerBrokerConfigError')).toHaveLength(warnings);
  });

  it('keeps the cluster-wide keys set before when Kafka refuses the cluster default, with the condition False', () => {
    const status = { clusterID: 'cid', clusterWideConfigKeys: ['num.io.threads'], brokersState: { 0: upscaled, 1: upscaled } };
    const pass = planPass(world({ status, spec: { clusterWideConfig: 'message.max.bytes=2000000' }, outside: { clusterDefaults: described([]) } }));
    const report = reportPass(pass.report, refused(alterDefault, 'invalid value'));
    expect(report.status.clusterWideConfigKeys).toEqual(['num.io.threads']);
    expect(report.status.conditions?.find((c) => c.type === 'ClusterWideConfigInSync')).toMatchObject({ status: 'False', message: 'invalid value' });
    expect(report.events.map((e) => e.reason)).toContain('ClusterWideConfigError');
  });

  it.each([
    { case: 'unregistered', outcome: () => nothingDone, kept: false },
    { case: 'refused', outcome: () => refused({ type: 'unregisterBroker', brokerId: 3, reason: 'BrokerUnregistered' }), kept: true },
  ])('forgets a removed broker once Kafka $case it, else keeps its entry to try again', ({ outcome, kept }) => {
    const status = { clusterID: 'cid', brokersState: { 0: upscaled, 1: upscaled, 3: upscaled } };
    const report = reportPass(planPass(world({ status })).report, outcome());
    expect(report.status.brokersState?.['3'] !== undefined).toBe(kept);
  });
});
