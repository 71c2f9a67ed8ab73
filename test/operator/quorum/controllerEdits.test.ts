import { describe, expect, it } from 'vitest';
import type { IPod } from 'kubernetes-models/v1/Pod';
import { addBroker, removeBrokerVolume, type EditPlan } from '../../../src/operator/edits/index.js';
import { roleChanges } from '../../../src/operator/quorum/roleChanges.js';
import type { ObservedCluster } from '../../../src/domain/observedCluster.js';
import { context, sixBrokers, volume } from '../edits/fixtures.js';

const codes = (plan: EditPlan) => (plan.ok ? [] : plan.errors.map((e) => `${e.field.join('.')}:${e.code}`));

describe('editing KRaft controllers', () => {
  it('adds a controller-only node with addBroker processRoles', () => {
    const plan = addBroker({ storage: { mountPath: '/kafka-logs', size: '10Gi' }, processRoles: ['controller'] }).plan(context(sixBrokers()));
    expect(plan).toMatchObject({ ok: true, changes: ['add broker 6 from its own config (/kafka-logs) with roles controller'] });
    expect(plan.ok && plan.spec.brokers.at(-1)?.brokerConfig?.processRoles).toEqual(['controller']);
  });

  const role = (id: number): Array<'broker' | 'controller'> => (id >= 3 ? ['broker', 'controller'] : ['broker']);
  const withNode3 = (storage: string[]) =>
    sixBrokers({
      brokers: [
        ...[0, 1, 2, 4, 5].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: role(id) } })),
        { id: 3, brokerConfig: { processRoles: ['controller' as const], storageConfigs: storage.map((path) => volume(path, '10Gi')) } },
      ],
    });

  it.each([
    ['the disk of its metadata log, not started yet (its first disk)', undefined, '/meta', ['mountPath:BROKER_IS_CONTROLLER']],
    ['another disk, not started yet', undefined, '/data', []],
    ['the disk its running config names in metadata.log.dir', '/data/kafka', '/data', ['mountPath:BROKER_IS_CONTROLLER']],
    ['its first disk, when the metadata log is on another one', '/data/kafka', '/meta', []],
  ])("refuses to remove a controller's %s only", (_case, metadataLogDir, mountPath, expected) => {
    const edit = context(withNode3(['/meta', '/data']), []);
    const metadataLogDirs = new Map(metadataLogDir !== undefined ? [[3, metadataLogDir]] : []);
    expect(codes(removeBrokerVolume({ brokerId: 3, mountPath }).plan({ ...edit, metadataLogDirs }))).toEqual(expected);
  });
});

const pod = (roles: string): IPod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { processRoles: roles } } });
const observed = (roles: Partial<Record<number, string>>): ObservedCluster => ({
  headlessService: undefined,
  brokers: new Map(
    Object.entries(roles).map(([id, r]) => [
      Number(id),
      { id: Number(id), pod: pod(r ?? ''), terminatingPods: [], configMap: undefined, service: undefined, pvcs: new Map() },
    ]),
  ),
});

describe('refusing role changes of a running node', () => {
  it.each([
    { name: 'roles as they run', running: { 3: 'broker_controller', 0: 'broker' }, refused: [] },
    { name: 'a broker made a controller', running: { 3: 'broker_controller', 0: 'controller' }, refused: [[0, /from controller to broker/]] },
    {
      name: 'a controller made a broker only',
      running: { 3: 'controller', 0: 'broker' },
      refused: [[3, /from controller to broker, controller: Kafka cannot change a node's process.roles in place; add a new node/]],
    },
    { name: 'a node not running yet', running: {}, refused: [] },
  ])('$name', ({ running, refused }) => {
    const spec = sixBrokers();
    const blocked = roleChanges(spec, observed(running));
    expect(blocked.map((b) => b.brokerId)).toEqual(refused.map(([id]) => id));
    refused.forEach(([, message], i) => expect(blocked[i]?.message).toMatch(message as RegExp));
  });
});
