import { getProperties } from 'properties-file';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { describe, expect, it } from 'vitest';
import { kafkaClusterSpecSchema, type KafkaClusterSpec, type KafkaClusterSpecInput } from '../../src/k8s/crd/kafkaCluster.js';
import { MemoryObjectCache, type CachedKind, type CachedKinds } from '../../src/k8s/objectCache.js';
import type { ObjectAction } from '../../src/operator/reconcile/actions.js';
import { observeCluster } from '../../src/domain/observedCluster.js';
import { rolesOf } from '../../src/domain/serverProperties.js';
import { planCluster, type Plan } from '../../src/operator/reconcile/plan.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';

const cluster = { name: 'kafka', namespace: 'kafka', uid: 'uid-1' };
const specInput = (overrides: Partial<KafkaClusterSpecInput> = {}): KafkaClusterSpecInput =>
  kraftSpecInput({
    brokerConfigGroups: {
      default: {
        processRoles: ['broker'],
        storageConfigs: [{ mountPath: '/kafka-logs', pvcSpec: { storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } } }],
      },
    },
    brokers: [
      { id: 0, brokerConfig: { processRoles: ['controller'] } },
      { id: 1, brokerConfigGroup: 'default' },
      { id: 2, brokerConfigGroup: 'default' },
    ],
    ...overrides,
  });

/** A stand-in for the API server and kubelet: applies the plan's writes to the cache. */
class World {
  readonly cache = new MemoryObjectCache();
  private serial = 0;
  racks = new Map<number, string>();
  restartRequests = new Map<number, string>();
  storageClasses = new Map([
    [
      'standard',
      {
        apiVersion: 'storage.k8s.io/v1' as const,
        kind: 'StorageClass' as const,
        provisioner: 'sandbox',
        metadata: { name: 'standard' },
        allowVolumeExpansion: true,
      },
    ],
  ]);

  plan(
    spec: KafkaClusterSpec,
    kafkaHealthy = true,
    rollingUpgradeErrors = 0,
    controllerRestartAllowed: { ok: boolean; reason: string } | undefined = { ok: true, reason: 'test' },
    rollingUpgradeAlerts: readonly string[] = [],
  ): Plan {
    return planCluster({
      cluster,
      spec,
      clusterId: 'cid',
      observed: observeCluster(this.cache, cluster),
      storageClasses: this.storageClasses,
      racks: this.racks,
      isPerBrokerDynamic: () => false,
      kafkaHealthy,
      rollingUpgradeErrors,
      controllerRestartAllowed,
      restartRequests: this.restartRequests,
      rollingUpgradeAlerts,
    });
  }

  apply(actions: ObjectAction[], options: { podsReady?: boolean } = {}): void {
    for (const action of actions) {
      if (action.type === 'create' || action.type === 'replace') {
        const object = structuredClone(action.object) as CachedKinds[CachedKind];
        const meta = object.metadata ?? {};
        this.serial += 1;
        meta.name ??= `${meta.generateName ?? ''}${this.serial}`;
        meta.resourceVersion = String(this.serial);
        meta.creationTimestamp ??= new Date(Date.UTC(2026, 0, 1, 0, 0, this.serial)).toISOString();
        object.metadata = meta;
        if (object.kind === 'Pod' && options.podsReady !== false) {
          (object as IPod).status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
        }
        this.cache.put(object.kind as CachedKind, object);
      } else if (action.type === 'resizePvc') {
        const pvc = this.cache.get('PersistentVolumeClaim', action.namespace, action.name);
        if (pvc?.spec?.resources?.requests) pvc.spec.resources.requests.storage = action.storage;
      } else if (action.type === 'restartBroker') {
        this.cache.remove('Pod', action.namespace, action.podName);
      } else {
        this.cache.remove(action.kind as CachedKind, action.namespace, action.name);
      }
    }
  }

  /** Runs passes until one plans nothing, returning every action taken. */
  converge(spec: KafkaClusterSpec, maxPasses = 10): ObjectAction[] {
    const all: ObjectAction[] = [];
    for (let i = 0; i < maxPasses; i += 1) {
      const { actions } = this.plan(spec);
      if (actions.length === 0) return all;
      all.push(...actions);
      this.apply(actions);
    }
    throw new Error('did not converge');
  }

  /** The kubelet's part: every Pod becomes Ready. */
  markAllReady(): void {
    for (const pod of this.pods()) pod.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
  }

  pods(): IPod[] {
    return this.cache.list('Pod', cluster.namespace);
  }
}

const summary = (actions: ObjectAction[]) =>
  actions.map((a) =>
    a.type === 'create' || a.type === 'replace' ? `${a.type} ${a.object.kind}${a.brokerId !== undefined ? ` ${a.brokerId}` : ''}` : `${a.type} ${a.brokerId}`,
  );

describe('planning a cluster', () => {
  it('creates ConfigMaps, Services and PVCs first, then the Pods, then does nothing at all', () => {
    const world = new World();
    const spec = kafkaClusterSpecSchema.parse(specInput());
    const first = world.plan(spec);
    expect(summary(first.actions).sort()).toEqual(
      [
        'create Service',
        // The brokers' JMX exporter rules, which every broker Pod mounts.
        'create ConfigMap',
        'create ConfigMap 0',
        'create Service 0',
        'create Pod 0',
        'create ConfigMap 1',
        'create Service 1',
        'create PersistentVolumeClaim 1',
        'create ConfigMap 2',
        'create Service 2',
        'create PersistentVolumeClaim 2',
      ].sort(),
    );
    expect(first.waiting).toEqual(['broker 1: waiting for its PVCs before creating its Pod', 'broker 2: waiting for its PVCs before creating its Pod']);
    world.apply(first.actions);
    expect(summary(world.plan(spec).actions)).toEqual(['create Pod 1', 'create Pod 2']);
    world.converge(spec);
    expect(world.plan(spec).actions).toEqual([]);
    expect(world.pods()).toHaveLength(3);
  });

  it('rolls a config change one broker at a time, brokers before controllers, only while all are Ready', () => {
    const world = new World();
    world.converge(kafkaClusterSpecSchema.parse(specInput()));
    const changed = kafkaClusterSpecSchema.parse(specInput({ readOnlyConfig: 'num.partitions=6' }));

    const pass = world.plan(changed);
    expect(summary(pass.actions)).toEqual(['replace ConfigMap 0', 'replace ConfigMap 1', 'replace ConfigMap 2', 'restartBroker 1']);
    expect([...pass.configurationStates.values()]).toEqual(['ConfigOutOfSync', 'ConfigOutOfSync', 'ConfigOutOfSync']);
    world.apply(pass.actions, { podsReady: false });
    // Broker 1's new Pod is not Ready yet: nobody else restarts.
    const recreate = world.plan(changed);
    expect(summary(recreate.actions)).toEqual(['create Pod 1']);
    world.apply(recreate.actions, { podsReady: false });
    const waiting = world.plan(changed);
    expect(waiting.actions).toEqual([]);
    expect(waiting.waiting).toEqual(['rolling restart: waiting for broker 1 to be Ready']);

    world.markAllReady();
    const restarts = world
      .converge(changed)
      .filter((a) => a.type === 'restartBroker')
      .map((a) => a.brokerId);
    expect(restarts).toEqual([2, 0]);
    expect(world.plan(changed).actions).toEqual([]);
  });

  it('restarts the one broker a restart was asked for, once per request', () => {
    const world = new World();
    const spec = kafkaClusterSpecSchema.parse(specInput());
    world.converge(spec);
    world.restartRequests.set(2, '2026-12-06T10:00:00Z');
    const pass = world.plan(spec);
    expect(pass.actions.filter((a) => a.type === 'restartBroker').map((a) => [a.brokerId, a.reason])).toEqual([[2, 'BrokerRestartRequested']]);
    expect(summary(world.converge(spec))).toEqual(['restartBroker 2', 'create Pod 2']);
    expect(world.pods().find((p) => p.metadata?.labels?.brokerId === '2')?.metadata?.annotations?.['kafkaplane.io/restart-requested']).toBe(
      '2026-12-06T10:00:00Z',
    );
    world.restartRequests.set(2, '2026-12-06T11:00:00Z');
    expect(summary(world.converge(spec))).toEqual(['restartBroker 2', 'create Pod 2']);
  });

  it('stops rolling once as many brokers failed as rollingUpgradeConfig.failureThreshold allows', () => {
    const world = new World();
    world.converge(kafkaClusterSpecSchema.parse(specInput()));
    const changed = kafkaClusterSpecSchema.parse(specInput({ readOnlyConfig: 'num.partitions=6', rollingUpgradeConfig: { failureThreshold: 2 } }));
    expect(world.plan(changed, true, 1).actions.some((a) => a.type === 'restartBroker')).toBe(true);
    const stopped = world.plan(changed, true, 2);
    expect(stopped.actions.filter((a) => a.type === 'restartBroker')).toEqual([]);
    expect(stopped.blocked.map((b) => b.reason)).toEqual(['RollingUpgradeFailureThreshold']);
  });

  it('counts firing alerts labelled rollingupgrade with the failed brokers against failureThreshold, as Koperator does', () => {
    const world = new World();
    world.converge(kafkaClusterSpecSchema.parse(specInput()));
    const changed = kafkaClusterSpecSchema.parse(specInput({ readOnlyConfig: 'num.partitions=6', rollingUpgradeConfig: { failureThreshold: 2 } }));
    expect(world.plan(changed, true, 0, undefined, ['UnderReplicated']).actions.some((a) => a.type === 'restartBroker')).toBe(true);
    for (const [errors, alerts] of [
      [0, ['OfflinePartitions', 'UnderReplicated']],
      [1, ['UnderReplicated']],
    ] as const) {
      const held = world.plan(changed, true, errors, undefined, alerts);
      expect(held.actions.filter((a) => a.type === 'restartBroker')).toEqual([]);
      expect(held.blocked.map((b) => b.reason)).toEqual(['RollingUpgradeFailureThreshold']);
      expect(held.blocked[0]?.message).toContain(`${alerts.length} alert(s) labelled rollingupgrade are firing (${alerts.join(', ')})`);
    }
  });

  it('does not restart while Kafka reports under-replicated partitions', () => {
    const world = new World();
    world.converge(kafkaClusterSpecSchema.parse(specInput()));
    const changed = kafkaClusterSpecSchema.parse(specInput({ readOnlyConfig: 'num.partitions=6' }));
    const pass = world.plan(changed, false);
    expect(pass.actions.filter((a) => a.type === 'restartBroker')).toEqual([]);
    expect(pass.waiting).toContain('rolling restart: waiting for Kafka to report every partition fully replicated');
  });

  it('restarts a controller only when the KRaft quorum keeps a caught-up majority without it', () => {
    const world = new World();
    world.converge(kafkaClusterSpecSchema.parse(specInput()));
    const changed = kafkaClusterSpecSchema.parse(specInput({ readOnlyConfig: 'num.partitions=6' }));
    const controllers = new Set(changed.brokers.filter((b) => rolesOf(changed, b).includes('controller')).map((b) => b.id));
    // Roll the brokers (they go first) until the controller is next.
    let next: ObjectAction | undefined;
    for (let i = 0; i < 30; i += 1) {
      const pass = world.plan(changed);
      next = pass.actions.find((a) => a.type === 'restartBroker');
      if (next?.type === 'restartBroker' && controllers.has(next.brokerId)) break;
      world.apply(pass.actions, { podsReady: true });
    }
    expect(next?.type === 'restartBroker' && controllers.has(next.brokerId)).toBe(true);
    const lagging = world.plan(changed, true, 0, { ok: false, reason: 'restarting controller 0 would leave 1 of 3 voters caught up' });
    expect(lagging.actions.filter((a) => a.type === 'restartBroker')).toEqual([]);
    expect(lagging.waiting).toContain('rolling restart: restarting controller 0 would leave 1 of 3 voters caught up');
    expect(
      world
        .plan(changed)
        .actions.filter((a) => a.type === 'restartBroker')
        .map((a) => a.brokerId),
    ).toHaveLength(1);
  });

  it('restarts brokers of one rack together with concurrentBrokerRestartCountPerRack, controllers alone', () => {
    const world = new World();
    const five = (overrides: Partial<KafkaClusterSpecInput> = {}) =>
      specInput({
        brokers: [{ id: 0, brokerConfig: { processRoles: ['controller'] } }, ...[1, 2, 3, 4].map((id) => ({ id, brokerConfigGroup: 'default' }))],
        rollingUpgradeConfig: { failureThreshold: 1, concurrentBrokerRestartCountPerRack: 2 },
        ...overrides,
      });
    world.converge(kafkaClusterSpecSchema.parse(five()));
    world.racks = new Map([
      [0, 'zone-a'],
      [1, 'zone-a'],
      [2, 'zone-b'],
      [3, 'zone-a'],
      [4, 'zone-b'],
    ]);
    const changed = kafkaClusterSpecSchema.parse(five({ readOnlyConfig: 'num.partitions=6' }));
    const rounds: number[][] = [];
    for (let i = 0; i < 30 && rounds.length < 4; i += 1) {
      const pass = world.plan(changed);
      const restarted = pass.actions.filter((a) => a.type === 'restartBroker').map((a) => a.brokerId);
      if (restarted.length > 0) rounds.push(restarted);
      world.apply(pass.actions, { podsReady: true });
    }
    expect(rounds).toEqual([[1, 3], [2, 4], [0]]);
  });

  it('adds a disk to broker 2 alone: a new PVC, then only broker 2 restarts', () => {
    const world = new World();
    const base = specInput();
    world.converge(kafkaClusterSpecSchema.parse(base));
    const withDisk = kafkaClusterSpecSchema.parse({
      ...base,
      brokers: [
        base.brokers[0],
        base.brokers[1],
        {
          id: 2,
          brokerConfigGroup: 'default',
          brokerConfig: {
            storageConfigs: [{ mountPath: '/kafka-logs-2', pvcSpec: { storageClassName: 'standard', resources: { requests: { storage: '5Gi' } } } }],
          },
        },
      ],
    });
    const actions = world.converge(withDisk);
    expect(summary(actions)).toEqual(['replace ConfigMap 2', 'create PersistentVolumeClaim 2', 'restartBroker 2', 'create Pod 2']);
  });

  it('refuses to remove a disk that may hold data, leaving that broker exactly as it runs', () => {
    const world = new World();
    const base = specInput();
    const withDisk = {
      ...base,
      brokers: [
        base.brokers[0],
        base.brokers[1],
        {
          id: 2,
          brokerConfigGroup: 'default',
          brokerConfig: {
            storageConfigs: [{ mountPath: '/kafka-logs-2', pvcSpec: { storageClassName: 'standard', resources: { requests: { storage: '5Gi' } } } }],
          },
        },
      ],
    } as typeof base;
    world.converge(kafkaClusterSpecSchema.parse(withDisk));
    const pass = world.plan(kafkaClusterSpecSchema.parse(base));
    expect(pass.actions).toEqual([]);
    expect(pass.blocked.map((b) => [b.brokerId, b.reason])).toEqual([[2, 'VolumeRemovalNotSupported']]);
    expect(world.cache.list('PersistentVolumeClaim', 'kafka', { brokerId: '2' })).toHaveLength(2);
  });

  it("keeps a controller's metadata log on its disk when a disk is added before it, and never releases that disk", () => {
    const world = new World();
    const base = specInput();
    const combined = (own: string[]) =>
      kafkaClusterSpecSchema.parse({
        ...base,
        brokers: [
          base.brokers[0],
          base.brokers[1],
          {
            id: 2,
            brokerConfigGroup: 'default',
            brokerConfig: {
              processRoles: ['broker', 'controller'],
              storageConfigs: own.map((mountPath) => ({ mountPath, pvcSpec: { storageClassName: 'standard', resources: { requests: { storage: '5Gi' } } } })),
            },
          },
        ],
      });
    const serverProperties = () => getProperties(world.cache.get('ConfigMap', 'kafka', 'kafka-config-2')?.data?.['broker-config'] ?? '');
    world.converge(combined([]));
    expect(serverProperties()['metadata.log.dir']).toBe('/kafka-logs/kafka');
    // A broker's own disks come first in log.dirs; the metadata log stays where it is.
    world.converge(combined(['/kafka-logs-2']));
    expect(serverProperties()).toMatchObject({ 'log.dirs': '/kafka-logs-2/kafka,/kafka-logs/kafka', 'metadata.log.dir': '/kafka-logs/kafka' });

    // A node that started with its own disk first has its metadata log there: that disk stays.
    const fresh = new World();
    fresh.converge(combined(['/kafka-logs-2']));
    const pass = fresh.plan(combined([]));
    expect(pass.actions).toEqual([]);
    expect(pass.blocked.map((b) => [b.brokerId, b.reason])).toEqual([[2, 'MetadataDiskRemovalRefused']]);
    expect(fresh.cache.list('PersistentVolumeClaim', 'kafka', { brokerId: '2' })).toHaveLength(2);
  });

  it('grows a volume in place, and refuses where the StorageClass does not allow it', () => {
    const world = new World();
    world.converge(kafkaClusterSpecSchema.parse(specInput()));
    const bigger = specInput();
    const group = bigger.brokerConfigGroups?.default;
    if (!group?.storageConfigs?.[0]?.pvcSpec) throw new Error('bad fixture');
    group.storageConfigs[0].pvcSpec = { storageClassName: 'standard', resources: { requests: { storage: '20Gi' } } };
    const spec = kafkaClusterSpecSchema.parse(bigger);
    expect(summary(world.plan(spec).actions)).toEqual(['resizePvc 1', 'resizePvc 2']);

    const standard = world.storageClasses.get('standard');
    if (standard) standard.allowVolumeExpansion = false;
    const refused = world.plan(spec);
    expect(refused.actions).toEqual([]);
    expect(refused.blocked.map((b) => b.message)).toEqual([
      'cannot grow /kafka-logs of broker 1 to 20Gi: StorageClass "standard" does not allow volume expansion',
      'cannot grow /kafka-logs of broker 2 to 20Gi: StorageClass "standard" does not allow volume expansion',
    ]);
  });

  it('refuses to shrink a volume and changes nothing', () => {
    const world = new World();
    world.converge(kafkaClusterSpecSchema.parse(specInput()));
    const smaller = specInput();
    const group = smaller.brokerConfigGroups?.default;
    if (!group?.storageConfigs?.[0]?.pvcSpec) throw new Error('bad fixture');
    group.storageConfigs[0].pvcSpec = { storageClassName: 'standard', resources: { requests: { storage: '5Gi' } } };
    const pass = world.plan(kafkaClusterSpecSchema.parse(smaller));
    expect(pass.actions).toEqual([]);
    expect(pass.blocked.map((b) => [b.reason, b.message])).toEqual([
      ['VolumeShrinkRefused', 'cannot shrink /kafka-logs of broker 1 from 10Gi to 5Gi: volumes only grow'],
      ['VolumeShrinkRefused', 'cannot shrink /kafka-logs of broker 2 from 10Gi to 5Gi: volumes only grow'],
    ]);
  });

  it('restarts a broker whose volume waits for a file system resize, and replaces a failed Pod at once', () => {
    const world = new World();
    const spec = kafkaClusterSpecSchema.parse(specInput());
    world.converge(spec);
    const pvc = world.cache.list('PersistentVolumeClaim', 'kafka', { brokerId: '1' })[0] as IPersistentVolumeClaim;
    pvc.status = { phase: 'Bound', conditions: [{ type: 'FileSystemResizePending', status: 'True' }] };
    expect(summary(world.plan(spec).actions)).toEqual(['restartBroker 1']);
    pvc.status = { phase: 'Bound' };

    const pod = world.cache.list('Pod', 'kafka', { brokerId: '2' })[0];
    if (!pod) throw new Error('no pod');
    pod.status = { phase: 'Failed' };
    const pass = world.plan(spec);
    expect(pass.actions.map((a) => [a.type, a.reason])).toEqual([['restartBroker', 'BrokerPodFailed']]);
  });
});
