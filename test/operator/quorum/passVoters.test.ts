import { describe, expect, it } from 'vitest';
import { KafkaAdminError, type QuorumDescription, type QuorumReplica } from '../../../src/kafka/index.js';
import type { Action } from '../../../src/operator/reconcile/actions.js';
import type { ObservedCluster } from '../../../src/domain/observedCluster.js';
import { planPass } from '../../../src/operator/reconcile/planPass.js';
import { reportPass } from '../../../src/operator/reconcile/report.js';
import type { World } from '../../../src/operator/reconcile/world.js';
import { upscaled, world } from '../support/passWorld.js';

/** The KRaft voters within a pass: the quorum observed, the change planned as an action, its outcome reported. */
const now = new Date('2026-01-01T00:10:00Z').getTime();
const replica = (id: number, directoryId: string | null = `dir-${id}`): QuorumReplica => ({
  id,
  directoryId,
  logEndOffset: 100n,
  lastFetchTimestamp: now - 100,
  lastCaughtUpTimestamp: now - 100,
});
const quorum = (voters: number[], observers: number[]): QuorumDescription => ({
  leaderId: voters[0] ?? -1,
  leaderEpoch: 3,
  highWatermark: 100n,
  voters: voters.map((id) => replica(id)),
  observers: observers.map((id) => replica(id)),
  nodes: [],
});
const storage = { mountPath: '/kafka-logs', pvcSpec: { storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } } };
const node = (id: number, roles: string[]) => ({ id, brokerConfig: { processRoles: roles, storageConfigs: [storage] } });

/** A world whose spec has `nodes` (id and roles), with `running` observed: those in `controllers` run as controllers, the others as brokers. */
function quorumWorld(options: { nodes: Array<[number, string[]]>; running: number[]; controllers: number[]; quorum?: QuorumDescription }): World {
  const ids = options.nodes.map(([id]) => id).filter((id) => id !== 0);
  const status = { clusterID: 'cid', brokersState: Object.fromEntries([0, ...ids, ...options.running].map((id) => [String(id), upscaled])) };
  const base = world({
    inSpec: ids,
    running: options.running,
    status,
    spec: { brokers: options.nodes.map(([id, roles]) => node(id, roles)) },
    outside: { operations: [], quorum: options.quorum !== undefined ? { ok: true, value: options.quorum } : undefined },
  });
  const observed: ObservedCluster = {
    ...base.observed,
    brokers: new Map(
      [...base.observed.brokers].map(([id, b]) => {
        const label = options.controllers.includes(id) ? 'controller' : 'broker';
        const pod = b.pod !== undefined ? { ...b.pod, metadata: { ...b.pod.metadata, labels: { ...b.pod.metadata?.labels, processRoles: label } } } : undefined;
        return [id, { ...b, pod }];
      }),
    ),
  };
  const details = base.details !== undefined ? { ...base.details, view: { ...base.details.view, observed } } : undefined;
  return { ...base, observed, ...(details !== undefined ? { details } : {}) };
}

const voterWrites = (actions: Action[]) => actions.filter((a) => a.type === 'addRaftVoter' || a.type === 'removeRaftVoter');

describe('the KRaft voters in a pass', () => {
  it('promotes a caught-up observer in the spec as a controller with an addRaftVoter action, before any other write', () => {
    const pass = planPass(
      quorumWorld({
        nodes: [
          [0, ['controller']],
          [1, ['broker']],
          [5, ['controller']],
        ],
        running: [0, 1, 5],
        controllers: [0, 5],
        quorum: quorum([0], [1, 5]),
      }),
    );
    expect(voterWrites(pass.actions)).toEqual([
      {
        type: 'addRaftVoter',
        brokerId: 5,
        voter: { id: 5, directoryId: 'dir-5' },
        listeners: [expect.objectContaining({ name: 'CONTROLLER', port: 29093 })],
        reason: 'ControllerPromoted',
      },
    ]);
    expect(pass.actions[0]?.type).toBe('addRaftVoter');
  });

  it('removes a leaving controller from the voters and deletes nothing of it while it votes', () => {
    const pass = planPass(
      quorumWorld({
        nodes: [
          [0, ['controller']],
          [1, ['controller']],
          [2, ['controller']],
          [4, ['broker']],
        ],
        running: [0, 1, 2, 3, 4],
        controllers: [0, 1, 2, 3],
        quorum: quorum([0, 1, 2, 3], [4]),
      }),
    );
    expect(voterWrites(pass.actions)).toEqual([{ type: 'removeRaftVoter', brokerId: 3, voter: { id: 3, directoryId: 'dir-3' }, reason: 'ControllerDemoted' }]);
    expect(pass.actions.filter((a) => a.type === 'delete' || a.type === 'restartBroker').filter((a) => 'brokerId' in a && a.brokerId === 3)).toEqual([]);
  });

  it('changes no voter without a quorum described, and keeps a leaving controller waiting', () => {
    const nodes: Array<[number, string[]]> = [
      [0, ['controller']],
      [1, ['controller']],
      [2, ['controller']],
      [4, ['broker']],
    ];
    const pass = planPass(quorumWorld({ nodes, running: [0, 1, 2, 3, 4], controllers: [0, 1, 2, 3] }));
    expect(voterWrites(pass.actions)).toEqual([]);
    expect(pass.report.kind === 'reconciled' ? pass.report.plan.waiting.join('\n') : '').toContain(
      'controller 3: waiting for Kafka to describe the KRaft quorum',
    );
  });

  it('holds a node whose roles the spec changed: no write for it, not even a voter change, and the change refused', () => {
    const nodes: Array<[number, string[]]> = [
      [0, ['controller']],
      [1, ['controller']],
      [2, ['broker']],
    ];
    const pass = planPass(quorumWorld({ nodes, running: [0, 1, 2], controllers: [0], quorum: quorum([0], [1, 2]) }));
    expect(pass.actions.filter((a) => 'brokerId' in a && a.brokerId === 1)).toEqual([]);
    expect(pass.report.kind === 'reconciled' ? pass.report.plan.blocked.map((b) => b.reason) : []).toContain('ProcessRolesChangeRefused');
  });

  it.each([
    { kafka: 'REQUEST_TIMED_OUT', blocked: false },
    { kafka: 'UNSUPPORTED_VERSION', blocked: true },
    { kafka: undefined, blocked: false },
  ])('reports a voter change Kafka answered with $kafka as blocked: $blocked', ({ kafka, blocked }) => {
    const pass = planPass(
      quorumWorld({
        nodes: [
          [0, ['controller']],
          [1, ['broker']],
          [5, ['controller']],
        ],
        running: [0, 1, 5],
        controllers: [0, 5],
        quorum: quorum([0], [1, 5]),
      }),
    );
    const [action] = voterWrites(pass.actions);
    if (action === undefined) throw new Error('no voter change planned');
    const detail = kafka !== undefined ? { code: 1, name: kafka, serverMessage: null, retriable: false } : undefined;
    const error = new KafkaAdminError(kafka !== undefined ? 'KAFKA_ERROR_RESPONSE' : 'KAFKA_UNREACHABLE', 'addRaftVoter(5)', 'kafka/kafka', 'refused', detail);
    const report = reportPass(pass.report, { applied: [], refused: [{ action, error }] });
    const conditions = JSON.stringify(report.status.conditions ?? []);
    expect(conditions.includes('VoterChangeRefused') || conditions.includes('Kafka refused AddRaftVoter')).toBe(blocked);
    expect(report.events.some((e) => e.type === 'recordEvent' && e.reason === 'VoterChangeRefused')).toBe(blocked);
    expect(report.next).toBe('soon');
  });

  it('looks at the quorum again soon after a voter change was made', () => {
    const pass = planPass(
      quorumWorld({
        nodes: [
          [0, ['controller']],
          [1, ['broker']],
          [5, ['controller']],
        ],
        running: [0, 1, 5],
        controllers: [0, 5],
        quorum: quorum([0], [1, 5]),
      }),
    );
    const report = reportPass(pass.report, { applied: voterWrites(pass.actions), refused: [] });
    expect(report.next).toBe('soon');
  });
});
