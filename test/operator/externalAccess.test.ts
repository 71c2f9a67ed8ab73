import { getProperties } from 'properties-file';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IService } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import type { ExternalListener, KafkaClusterSpec, KafkaClusterSpecInput } from '../../src/k8s/crd/kafkaCluster.js';
import { MemoryObjectCache, type CachedKind, type CachedKinds } from '../../src/k8s/objectCache.js';
import { assignExternalNodes, externalEndpoint, type ExternalFacts } from '../../src/domain/externalAccess.js';
import { listenerStatuses } from '../../src/domain/listenerStatuses.js';
import { observeCluster, observedExternalAccess } from '../../src/domain/observedCluster.js';
import { CONFIG_KEY } from '../../src/domain/objectNames.js';
import { checkKafkaCluster } from '../../src/k8s/crd/support.js';
import { planCluster, type Plan } from '../../src/operator/reconcile/plan.js';
import type { ObjectAction } from '../../src/operator/reconcile/actions.js';
import { kraftSpec } from '../k8s/crd/specs.js';

const cluster = { name: 'kafka', namespace: 'kafka', uid: 'uid-1' };
type ListenerInput = NonNullable<KafkaClusterSpecInput['listenersConfig']['externalListeners']>[number];
const external = (listener: Partial<ListenerInput> = {}): ListenerInput => ({
  type: 'plaintext',
  name: 'external',
  containerPort: 9094,
  externalStartingPort: 31090,
  accessMethod: 'NodePort',
  ...listener,
});
const withExternal = (listener: Partial<ListenerInput> = {}, change: (spec: KafkaClusterSpecInput) => void = () => undefined): KafkaClusterSpec =>
  kraftSpec((spec) => {
    spec.listenersConfig.externalListeners = [external(listener)];
    change(spec);
  });
const listenerOf = (spec: KafkaClusterSpec): ExternalListener => spec.listenersConfig.externalListeners?.[0] as ExternalListener;
const node = (name: string, zone: string, externalIP: string) => ({
  apiVersion: 'v1' as const,
  kind: 'Node' as const,
  metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone } },
  spec: {},
  status: {
    conditions: [{ type: 'Ready', status: 'True' }],
    addresses: [
      { type: 'InternalIP', address: `10.0.0.${name.slice(-1)}` },
      { type: 'ExternalIP', address: externalIP },
    ],
  },
});
const noFacts: ExternalFacts = { nodes: new Map(), services: new Map() };

/** The API server, kubelet and cloud in miniature: applies the plan's writes, assigns node ports, gives load balancers an address. */
class World {
  readonly cache = new MemoryObjectCache();
  private serial = 0;
  constructor() {
    for (const [i, zone] of ['zone-a', 'zone-b', 'zone-c'].entries()) this.cache.put('Node', node(`node-${i + 1}`, zone, `203.0.113.${i + 1}`));
  }

  plan(spec: KafkaClusterSpec): Plan {
    const observed = observeCluster(this.cache, cluster);
    return planCluster({
      cluster,
      spec,
      clusterId: 'cid',
      observed,
      storageClasses: new Map(),
      racks: new Map(),
      isPerBrokerDynamic: () => false,
      kafkaHealthy: true,
      controllerRestartAllowed: { ok: true, reason: 'test' },
      ...observedExternalAccess(this.cache, spec, observed, new Map()),
    });
  }

  apply(actions: ObjectAction[]): void {
    for (const action of actions) {
      if (action.type === 'create' || action.type === 'replace') {
        const object = structuredClone(action.object) as CachedKinds[CachedKind];
        const meta = object.metadata ?? {};
        this.serial += 1;
        meta.name ??= `${meta.generateName ?? ''}${this.serial}`;
        object.metadata = meta;
        if (object.kind === 'Service') {
          for (const port of (object as IService).spec?.ports ?? []) if ((object as IService).spec?.type === 'NodePort') port.nodePort ??= 30100 + this.serial;
        }
        if (object.kind === 'Pod') {
          const pod = object as IPod;
          pod.spec = { ...pod.spec, containers: pod.spec?.containers ?? [], nodeName: pod.spec?.nodeSelector?.['kubernetes.io/hostname'] ?? 'node-1' };
          pod.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
        }
        this.cache.put(object.kind as CachedKind, object);
      } else if (action.type === 'restartBroker') this.cache.remove('Pod', action.namespace, action.podName);
      else if (action.type === 'delete') this.cache.remove(action.kind as CachedKind, action.namespace, action.name);
    }
  }

  /** The cloud's part: every LoadBalancer Service gets an ingress address. */
  balance(): void {
    for (const service of this.cache.list('Service', cluster.namespace)) {
      if (service.spec?.type === 'LoadBalancer') service.status = { loadBalancer: { ingress: [{ ip: `198.51.100.${service.metadata?.name?.length ?? 0}` }] } };
    }
  }

  converge(spec: KafkaClusterSpec): void {
    for (let i = 0; i < 10; i += 1) {
      const { actions } = this.plan(spec);
      if (actions.length === 0) return;
      this.apply(actions);
    }
    throw new Error('did not converge');
  }

  service(name: string): IService | undefined {
    return this.cache.get('Service', cluster.namespace, name);
  }

  serverProperties(brokerId: number): Record<string, string> {
    return getProperties(this.cache.get('ConfigMap', cluster.namespace, `kafka-config-${brokerId}`)?.data?.[CONFIG_KEY] ?? '');
  }
}

describe('the address of a broker on an external listener', () => {
  const broker = { id: 2, brokerConfigGroup: 'default' };
  const nodeFacts: ExternalFacts = {
    nodes: new Map([
      [
        2,
        {
          name: 'node-3',
          addresses: [
            { type: 'InternalIP', address: '10.0.0.3' },
            { type: 'ExternalIP', address: '203.0.113.3' },
          ],
        },
      ],
    ]),
    services: new Map(),
  };

  it('is the ExternalIP of its node on externalStartingPort + id for NodePort, or the address type the broker asks for', () => {
    const spec = withExternal();
    expect(externalEndpoint(cluster, spec, broker, listenerOf(spec), nodeFacts)).toEqual({ host: '203.0.113.3', port: 31092 });
    const internal = withExternal({}, (s) => {
      s.brokerConfigGroups = { default: { ...s.brokerConfigGroups?.default, nodePortNodeAddressType: 'InternalIP' } };
    });
    expect(externalEndpoint(cluster, internal, broker, listenerOf(internal), nodeFacts)).toEqual({ host: '10.0.0.3', port: 31092 });
    expect(externalEndpoint(cluster, spec, broker, listenerOf(spec), noFacts)).toBeUndefined();
  });

  it('follows hostnameOverride and nodePortExternalIP as Koperator does, and the node port Kubernetes assigned', () => {
    const named = withExternal({ hostnameOverride: '.example.com' });
    expect(externalEndpoint(cluster, named, broker, listenerOf(named), noFacts)).toEqual({ host: 'kafka-2-external.kafka.example.com', port: 31092 });
    const pinnedIP = withExternal({}, (s) => {
      s.brokerConfigGroups = { default: { ...s.brokerConfigGroups?.default, nodePortExternalIP: { external: '192.0.2.7' } } };
    });
    expect(externalEndpoint(cluster, pinnedIP, broker, listenerOf(pinnedIP), noFacts)).toEqual({ host: '192.0.2.7', port: 9094 });
    const assigned = withExternal({ externalStartingPort: 0 });
    const service: IService = { apiVersion: 'v1', kind: 'Service', spec: { ports: [{ name: 'broker-2', port: 9094, nodePort: 30555 }] } };
    const facts = { ...nodeFacts, services: new Map([['kafka-2-external', service]]) };
    expect(externalEndpoint(cluster, assigned, broker, listenerOf(assigned), facts)).toEqual({ host: '203.0.113.3', port: 30555 });
    expect(externalEndpoint(cluster, assigned, broker, listenerOf(assigned), nodeFacts)).toBeUndefined();
  });

  it('is the load balancer address on externalStartingPort + id for LoadBalancer, or hostnameOverride', () => {
    const spec = withExternal({ accessMethod: 'LoadBalancer', externalStartingPort: 19090 });
    const service: IService = { apiVersion: 'v1', kind: 'Service', status: { loadBalancer: { ingress: [{ ip: '198.51.100.9' }] } } };
    const facts = { nodes: new Map(), services: new Map([['kafka-2-external', service]]) };
    expect(externalEndpoint(cluster, spec, broker, listenerOf(spec), facts)).toEqual({ host: '198.51.100.9', port: 19092 });
    expect(externalEndpoint(cluster, spec, broker, listenerOf(spec), noFacts)).toBeUndefined();
    const named = withExternal({ accessMethod: 'LoadBalancer', externalStartingPort: 19090, hostnameOverride: 'kafka.example.com' });
    expect(externalEndpoint(cluster, named, broker, listenerOf(named), noFacts)).toEqual({ host: 'kafka.example.com', port: 19092 });
  });
});

describe('the node of a broker reached through its node', () => {
  const candidates = ['node-1', 'node-2', 'node-3'].map((name, i) => ({
    name,
    labels: { zone: `zone-${i}` },
    addresses: [],
    schedulable: name !== 'node-2',
  }));

  it('stays where the broker runs, and a new broker gets the schedulable node with the fewest brokers', () => {
    const spec = withExternal();
    const assigned = assignExternalNodes(spec, new Map([[0, 'node-1']]), candidates, new Map());
    expect([...assigned]).toEqual([
      [0, 'node-1'],
      [1, 'node-3'],
      [2, 'node-1'],
    ]);
  });

  it('respects the rack a broker is pinned to, and leaves out brokers advertised by name', () => {
    const spec = withExternal();
    expect(assignExternalNodes(spec, new Map(), candidates, new Map([[0, { key: 'zone', value: 'zone-2' }]])).get(0)).toBe('node-3');
    expect(assignExternalNodes(withExternal({ hostnameOverride: '.example.com' }), new Map(), candidates, new Map()).size).toBe(0);
  });
});

describe('planning a cluster with an external listener', () => {
  it('gives each broker a NodePort Service, pins its Pod to a node, and advertises that node from its first start', () => {
    const world = new World();
    const spec = withExternal();
    world.converge(spec);
    for (const id of [0, 1, 2]) {
      const service = world.service(`kafka-${id}-external`);
      expect(service?.spec).toMatchObject({
        type: 'NodePort',
        selector: { app: 'kafka', kafka_cr: 'kafka', brokerId: String(id) },
        ports: [{ name: `broker-${id}`, port: 9094, targetPort: 9094, nodePort: 31090 + id }],
      });
      const pod = world.cache.list('Pod', cluster.namespace).find((p) => p.metadata?.labels?.brokerId === String(id));
      const nodeName = pod?.spec?.nodeSelector?.['kubernetes.io/hostname'];
      expect(nodeName).toBe(`node-${id + 1}`);
      const properties = world.serverProperties(id);
      expect(properties.listeners).toBe('INTERNAL://:29092,CONTROLLER://:29093,EXTERNAL://:9094');
      expect(properties['advertised.listeners']).toContain(`EXTERNAL://203.0.113.${id + 1}:${31090 + id}`);
      expect(properties['listener.security.protocol.map']).toBe('INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT');
      expect(pod?.spec?.containers[0]?.ports).toContainEqual({ name: 'external', containerPort: 9094 });
    }
    // Converged: the pinned Pods run where their config says, so nothing restarts.
    expect(world.plan(spec).actions).toEqual([]);
  });

  it('moves a broker whose Pod went while its node takes no more Pods, and advertises its new node', () => {
    const world = new World();
    const spec = withExternal();
    world.converge(spec);
    const podOf = (id: number) => world.cache.list('Pod', cluster.namespace).find((p) => p.metadata?.labels?.brokerId === String(id));
    const node2 = world.cache.get('Node', undefined, 'node-2');
    if (node2) node2.spec = { unschedulable: true };
    // Still running there: it stays.
    expect(world.plan(spec).actions).toEqual([]);
    world.cache.remove('Pod', cluster.namespace, podOf(1)?.metadata?.name ?? '');
    world.converge(spec);
    const moved = podOf(1)?.spec?.nodeSelector?.['kubernetes.io/hostname'];
    expect(moved).not.toBe('node-2');
    expect(world.serverProperties(1)['advertised.listeners']).toContain(`EXTERNAL://203.0.113.${moved?.slice(-1) ?? '?'}:31091`);
  });

  it('creates a broker Pod on a LoadBalancer listener only once its load balancer has an address', () => {
    const world = new World();
    const spec = withExternal({ accessMethod: 'LoadBalancer', externalStartingPort: 19090 });
    world.converge(spec);
    expect(world.cache.list('Pod', cluster.namespace)).toEqual([]);
    expect(world.plan(spec).waiting).toContain('broker 0: waiting for the address of its external listener external before creating its Pod');
    expect(world.service('kafka-all-broker-external')?.spec).toMatchObject({
      type: 'LoadBalancer',
      selector: { app: 'kafka', kafka_cr: 'kafka', isBrokerNode: 'true' },
      ports: [{ name: 'tcp-all-broker', port: 29092, targetPort: 9094 }],
    });
    world.balance();
    world.converge(spec);
    expect(world.cache.list('Pod', cluster.namespace)).toHaveLength(3);
    const address = world.service('kafka-1-external')?.status?.loadBalancer?.ingress?.[0]?.ip;
    expect(world.serverProperties(1)['advertised.listeners']).toContain(`EXTERNAL://${address ?? ''}:19091`);
    expect(world.service('kafka-1-external')?.spec).toMatchObject({ type: 'LoadBalancer', ports: [{ name: 'broker-1', port: 19091, targetPort: 9094 }] });
  });

  it('deletes the Services of a listener taken out of the spec', () => {
    const world = new World();
    const spec = withExternal({ accessMethod: 'LoadBalancer', externalStartingPort: 19090 });
    world.converge(spec);
    const plan = world.plan(kraftSpec());
    const deleted = plan.actions.filter((a) => a.type === 'delete').map((a) => (a.type === 'delete' ? a.name : ''));
    expect(deleted.sort()).toEqual(['kafka-0-external', 'kafka-1-external', 'kafka-2-external', 'kafka-all-broker-external']);
  });
});

describe('status.listenerStatuses', () => {
  it('lists any-broker and each broker, internal listeners by DNS name, external ones once known', () => {
    const spec = withExternal({ accessMethod: 'LoadBalancer', externalStartingPort: 19090 });
    const lb = (ip: string): IService => ({ apiVersion: 'v1', kind: 'Service', status: { loadBalancer: { ingress: [{ ip }] } } });
    const services = new Map([
      ['kafka-all-broker-external', lb('198.51.100.1')],
      ['kafka-0-external', lb('198.51.100.10')],
      ['kafka-2-external', lb('198.51.100.12')],
    ]);
    expect(listenerStatuses(cluster, spec, { nodes: new Map(), services })).toEqual({
      internalListeners: {
        internal: [
          { name: 'any-broker', address: 'kafka-headless.kafka.svc.cluster.local:29092' },
          { name: 'broker-0', address: 'kafka-0.kafka-headless.kafka.svc.cluster.local:29092' },
          { name: 'broker-1', address: 'kafka-1.kafka-headless.kafka.svc.cluster.local:29092' },
          { name: 'broker-2', address: 'kafka-2.kafka-headless.kafka.svc.cluster.local:29092' },
        ],
      },
      externalListeners: {
        external: [
          { name: 'any-broker', address: '198.51.100.1:29092' },
          { name: 'broker-0', address: '198.51.100.10:19090' },
          { name: 'broker-2', address: '198.51.100.12:19092' },
        ],
      },
    });
  });
});

describe('what is refused', () => {
  const problems = (change: (spec: KafkaClusterSpecInput) => void): string[] =>
    checkKafkaCluster({
      apiVersion: 'kafka.banzaicloud.io/v1beta1',
      kind: 'KafkaCluster',
      metadata: { name: 'kafka' },
      spec: kraftSpecWith(change),
    }).problems.map((p) => p.message);
  const kraftSpecWith = (change: (spec: KafkaClusterSpecInput) => void): KafkaClusterSpecInput => {
    const spec = JSON.parse(JSON.stringify(kraftSpec())) as KafkaClusterSpecInput;
    change(spec);
    return spec;
  };

  it('an ingress controller in front of a LoadBalancer listener, and the ClusterIP access method that needs one', () => {
    expect(
      problems((s) => {
        s.ingressController = 'envoy';
        s.listenersConfig.externalListeners = [external({ accessMethod: 'LoadBalancer' })];
      }),
    ).toEqual([
      'spec.ingressController envoy is not supported: kafkaplane deploys no ingress controller (Envoy, Contour, Istio). Remove it: the LoadBalancer listener "external" then gets a LoadBalancer Service per broker and one to bootstrap from.',
    ]);
    expect(
      problems((s) => {
        s.listenersConfig.externalListeners = [external({ accessMethod: 'ClusterIP' })];
      })[0],
    ).toContain('accessMethod ClusterIP (listener "external") is not supported');
    expect(
      problems((s) => {
        s.ingressController = 'envoy';
        s.listenersConfig.externalListeners = [external()];
      }),
    ).toEqual([]);
  });
});
