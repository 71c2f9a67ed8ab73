import { CoreV1Api, PatchStrategy, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';

let sandbox: KubeSandbox;
let core: CoreV1Api;
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

beforeAll(async () => {
  sandbox = await startKubeSandbox();
  core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
});
afterAll(async () => {
  await sandbox.close();
});

const pod = (name: string, spec: Partial<NonNullable<V1Pod['spec']>> = {}, requests: Record<string, string> = {}): V1Pod => ({
  metadata: { name },
  spec: { containers: [{ name: 'kafka', image: 'kafka', resources: { requests } }], ...spec },
});

/** The PodScheduled condition once the scheduler has decided. */
async function scheduled(name: string): Promise<{ status?: string; reason?: string; message?: string }> {
  let condition: { status?: string; reason?: string; message?: string } | undefined;
  await expect
    .poll(
      async () => {
        condition = (await core.readNamespacedPod({ name, namespace: 'default' })).status?.conditions?.find((c) => c.type === 'PodScheduled');
        return condition !== undefined;
      },
      { timeout: 5_000 },
    )
    .toBe(true);
  return { status: condition?.status, reason: condition?.reason, message: condition?.message };
}

const setTaints = async (taints: Array<{ key: string; value?: string; effect: string }>): Promise<void> => {
  for (const node of ['sandbox-node-1', 'sandbox-node-2', 'sandbox-node-3']) await core.patchNode({ name: node, body: { spec: { taints } } }, merge);
};

describe('scheduling', () => {
  it("keeps a Pod no node tolerates Pending with the scheduler's message, and places it once it tolerates the taint", async () => {
    await setTaints([{ key: 'dedicated', value: 'zookeeper', effect: 'NoSchedule' }]);
    try {
      await core.createNamespacedPod({ namespace: 'default', body: pod('untolerated') });
      expect(await scheduled('untolerated')).toEqual({
        status: 'False',
        reason: 'Unschedulable',
        message:
          '0/3 nodes are available: 3 node(s) had untolerated taint(s). preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      });
      const events = await core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.name=untolerated' });
      expect(events.items.map((e) => [e.type, e.reason, e.source?.component])).toEqual([['Warning', 'FailedScheduling', 'default-scheduler']]);
      // Tolerations may be added to a Pod; the scheduler then tries it again.
      await core.patchNamespacedPod(
        {
          name: 'untolerated',
          namespace: 'default',
          body: { spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'zookeeper', effect: 'NoSchedule' }] } },
        },
        merge,
      );
      await expect
        .poll(async () => (await core.readNamespacedPod({ name: 'untolerated', namespace: 'default' })).spec?.nodeName, { timeout: 5_000 })
        .toMatch(/^sandbox-node-\d$/);
    } finally {
      await setTaints([]);
    }
  });

  it('counts memory requests against allocatable, and says which node failed which filter', async () => {
    // 64Gi allocatable per node: 40Gi fits once on zone-a's node, not twice.
    await core.createNamespacedPod({
      namespace: 'default',
      body: pod('big-1', { nodeSelector: { 'topology.kubernetes.io/zone': 'zone-a' } }, { memory: '40Gi' }),
    });
    await expect
      .poll(async () => (await core.readNamespacedPod({ name: 'big-1', namespace: 'default' })).spec?.nodeName, { timeout: 5_000 })
      .toBe('sandbox-node-1');
    await core.createNamespacedPod({
      namespace: 'default',
      body: pod('big-2', { nodeSelector: { 'topology.kubernetes.io/zone': 'zone-a' } }, { memory: '40Gi', cpu: '100' }),
    });
    expect((await scheduled('big-2')).message).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
    // Freeing the node lets the waiting Pod in, once it asks for what the node has.
    await core.deleteNamespacedPod({ name: 'big-2', namespace: 'default' });
    await core.createNamespacedPod({
      namespace: 'default',
      body: pod('big-3', { nodeSelector: { 'topology.kubernetes.io/zone': 'zone-a' } }, { memory: '40Gi' }),
    });
    expect((await scheduled('big-3')).status).toBe('False');
    await core.deleteNamespacedPod({ name: 'big-1', namespace: 'default', gracePeriodSeconds: 0 });
    await expect
      .poll(async () => (await core.readNamespacedPod({ name: 'big-3', namespace: 'default' })).spec?.nodeName, { timeout: 5_000 })
      .toBe('sandbox-node-1');
  });

  it('keeps brokers with required pod anti-affinity on separate hosts, and names the InterPodAffinity reasons', async () => {
    const namespace = 'affinity';
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const apart = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'broker' } }, topologyKey: 'kubernetes.io/hostname' }],
      },
    };
    const create = (name: string, labels: Record<string, string>, affinity?: NonNullable<V1Pod['spec']>['affinity']): Promise<V1Pod> =>
      core.createNamespacedPod({
        namespace,
        body: { metadata: { name, labels }, spec: { containers: [{ name: 'kafka', image: 'kafka' }], ...(affinity ? { affinity } : {}) } },
      });
    const placed = async (name: string): Promise<{ node?: string; message?: string }> => {
      let pod: V1Pod | undefined;
      await expect
        .poll(async () => (pod = await core.readNamespacedPod({ name, namespace })).status?.conditions?.some((c) => c.type === 'PodScheduled'), {
          timeout: 5_000,
        })
        .toBe(true);
      return { node: pod?.spec?.nodeName, message: pod?.status?.conditions?.find((c) => c.type === 'PodScheduled')?.message };
    };
    const nodes = new Set<string | undefined>();
    for (const name of ['broker-0', 'broker-1', 'broker-2']) {
      await create(name, { app: 'broker' }, apart);
      nodes.add((await placed(name)).node);
    }
    expect(nodes).toEqual(new Set(['sandbox-node-1', 'sandbox-node-2', 'sandbox-node-3']));
    await create('broker-3', { app: 'broker' }, apart);
    expect((await placed('broker-3')).message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    );
    // A Pod with no terms of its own is kept off by the brokers' terms (the symmetric check).
    await create('labelled-like-a-broker', { app: 'broker' });
    expect((await placed('labelled-like-a-broker')).message).toBe(
      "0/3 nodes are available: 3 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    );
    // Required affinity to Pods that do not exist: unresolvable.
    await create(
      'needs-zookeeper',
      { app: 'kafka-client' },
      {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'zookeeper' } }, topologyKey: 'topology.kubernetes.io/zone' },
          ],
        },
      },
    );
    expect((await placed('needs-zookeeper')).message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    // Once a matching Pod runs in a zone, the affine Pod follows it there.
    await create('zookeeper', { app: 'zookeeper' });
    const zookeeperNode = (await placed('zookeeper')).node;
    await expect
      .poll(async () => (await core.readNamespacedPod({ name: 'needs-zookeeper', namespace })).spec?.nodeName, { timeout: 5_000 })
      .toBe(zookeeperNode);
  });

  it('spreads Pods over zones within maxSkew, and names the PodTopologySpread reasons', async () => {
    const namespace = 'spread';
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const spread = (topologyKey: string): NonNullable<V1Pod['spec']>['topologySpreadConstraints'] => [
      { maxSkew: 1, topologyKey, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'zk' } } },
    ];
    const create = (name: string, spec: Partial<NonNullable<V1Pod['spec']>>): Promise<V1Pod> =>
      core.createNamespacedPod({
        namespace,
        body: { metadata: { name, labels: { app: 'zk' } }, spec: { containers: [{ name: 'zk', image: 'zookeeper' }], ...spec } },
      });
    const placed = async (name: string): Promise<{ node?: string; message?: string }> => {
      let pod: V1Pod | undefined;
      await expect
        .poll(async () => (pod = await core.readNamespacedPod({ name, namespace })).status?.conditions?.some((c) => c.type === 'PodScheduled'), {
          timeout: 5_000,
        })
        .toBe(true);
      return { node: pod?.spec?.nodeName, message: pod?.status?.conditions?.find((c) => c.type === 'PodScheduled')?.message };
    };
    // Two matching Pods pinned to zone-a: a spread Pod may not go there (2 + 1 - 0 > 1).
    for (const name of ['zk-a1', 'zk-a2']) {
      await create(name, { nodeSelector: { 'topology.kubernetes.io/zone': 'zone-a' } });
      expect((await placed(name)).node).toBe('sandbox-node-1');
    }
    await create('zk-spread', { topologySpreadConstraints: spread('topology.kubernetes.io/zone') });
    expect(['sandbox-node-2', 'sandbox-node-3']).toContain((await placed('zk-spread')).node);
    // With the other zones tainted, zone-a is the only candidate, and it is too full.
    for (const node of ['sandbox-node-2', 'sandbox-node-3'])
      await core.patchNode({ name: node, body: { spec: { taints: [{ key: 'maintenance', effect: 'NoSchedule' }] } } }, merge);
    try {
      await create('zk-skewed', { topologySpreadConstraints: spread('topology.kubernetes.io/zone') });
      expect((await placed('zk-skewed')).message).toBe(
        "0/3 nodes are available: 1 node(s) didn't match pod topology spread constraints, 2 node(s) had untolerated taint(s). preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
      );
    } finally {
      for (const node of ['sandbox-node-2', 'sandbox-node-3']) await core.patchNode({ name: node, body: { spec: { taints: null } } }, merge);
    }
    // A key no node has: unresolvable.
    await create('zk-rack', { topologySpreadConstraints: spread('topology.kubernetes.io/rack') });
    expect((await placed('zk-rack')).message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it('leaves cordoned nodes and NoExecute taints out, and lets a blanket toleration through', async () => {
    await core.patchNode({ name: 'sandbox-node-1', body: { spec: { unschedulable: true } } }, merge);
    await core.patchNode({ name: 'sandbox-node-2', body: { spec: { taints: [{ key: 'maintenance', effect: 'NoExecute' }] } } }, merge);
    try {
      await core.createNamespacedPod({
        namespace: 'default',
        body: pod('picky', { nodeSelector: { 'topology.kubernetes.io/zone': 'zone-c' } }, { cpu: '64' }),
      });
      expect((await scheduled('picky')).message).toBe(
        '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
      );
      await core.createNamespacedPod({
        namespace: 'default',
        body: pod('tolerant', { tolerations: [{ operator: 'Exists' }], nodeSelector: { 'topology.kubernetes.io/zone': 'zone-b' } }),
      });
      await expect
        .poll(async () => (await core.readNamespacedPod({ name: 'tolerant', namespace: 'default' })).spec?.nodeName, { timeout: 5_000 })
        .toBe('sandbox-node-2');
    } finally {
      await core.patchNode({ name: 'sandbox-node-1', body: { spec: { unschedulable: null } } }, merge);
      await core.patchNode({ name: 'sandbox-node-2', body: { spec: { taints: null } } }, merge);
    }
  });
});
