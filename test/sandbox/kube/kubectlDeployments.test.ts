import { describe, expect, it } from 'vitest';
import { kubectlPresent, useKubectlSandbox } from '../../support/kubectl.js';

interface ReplicaSet {
  metadata: { name: string; annotations: Record<string, string> };
  spec: { replicas: number };
}

// The Deployment controller's ReplicaSets and revisions, as `kubectl rollout` and `kubectl scale` use them.
describe.skipIf(!kubectlPresent)('kubectl with Deployments', () => {
  const ctx = useKubectlSandbox();
  const replicaSets = async (): Promise<ReplicaSet[]> =>
    (JSON.parse(await ctx.kubectl.out('get', 'replicasets', '-l', 'app=web', '-o', 'json')) as { items: ReplicaSet[] }).items;
  const revisionOf = (rs: ReplicaSet): string => rs.metadata.annotations['deployment.kubernetes.io/revision'] ?? '';

  it('creates a Deployment whose ReplicaSet runs its Pods, and waits for the rollout', async () => {
    const { kubectl } = ctx;
    expect(await kubectl.out('create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80')).toBe('deployment.apps/web created\n');
    expect(await kubectl.out('rollout', 'status', 'deployment/web', '--timeout=30s')).toMatch(/deployment "web" successfully rolled out\n$/);
    const table = (await kubectl.out('get', 'deployment', 'web', '-o', 'wide')).split('\n');
    expect(table[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/);
    expect(table[1]).toMatch(/^web\s+2\/2\s+2\s+2\s+\d+s\s+nginx\s+nginx:1.27\s+app=web$/);
    const all = (await kubectl.out('get', 'all', '-o', 'name')).split('\n');
    expect(all).toContain('deployment.apps/web');
    expect(all.filter((n) => n.startsWith('replicaset.apps/web-'))).toHaveLength(1);
    expect(all.filter((n) => n.startsWith('pod/web-'))).toHaveLength(2);
    const [rs] = await replicaSets();
    expect(rs?.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(rs && revisionOf(rs)).toBe('1');
    const pods = (await kubectl.out('get', 'pods', '-l', 'app=web', '--no-headers')).trim().split('\n');
    expect(pods).toHaveLength(2);
    for (const pod of pods) expect(pod).toMatch(new RegExp(`^${rs?.metadata.name ?? ''}-[a-z0-9]{5}\\s+1/1\\s+Running\\s+0\\s+`));
    // The defaults of apps/v1 and core/v1, as a real server fills them in.
    const spec = (JSON.parse(await kubectl.out('get', 'deployment', 'web', '-o', 'json')) as { spec: Record<string, unknown> }).spec;
    expect(spec).toMatchObject({
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    });
    expect(spec.template).toMatchObject({
      spec: {
        restartPolicy: 'Always',
        dnsPolicy: 'ClusterFirst',
        containers: [{ name: 'nginx', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
      },
    });
  });

  it('scales through the scale subresource', async () => {
    const { kubectl } = ctx;
    expect(await kubectl.out('scale', 'deployment', 'web', '--replicas=4')).toBe('deployment.apps/web scaled\n');
    await kubectl.out('rollout', 'status', 'deployment/web', '--timeout=30s');
    expect((await kubectl.out('get', 'deployment', 'web', '--no-headers')).split(/\s+/).slice(0, 4)).toEqual(['web', '4/4', '4', '4']);
    expect((await replicaSets()).map((rs) => rs.spec.replicas)).toEqual([4]);
  });

  it('restarts with a new ReplicaSet and rolls back to the first with rollout undo', async () => {
    const { kubectl } = ctx;
    const [first] = await replicaSets();
    expect(await kubectl.out('rollout', 'restart', 'deployment/web')).toBe('deployment.apps/web restarted\n');
    expect(await kubectl.out('rollout', 'status', 'deployment/web', '--timeout=30s')).toMatch(/deployment "web" successfully rolled out\n$/);
    const restarted = await replicaSets();
    expect(restarted).toHaveLength(2);
    const second = restarted.find((rs) => rs.metadata.name !== first?.metadata.name);
    expect(second && revisionOf(second)).toBe('2');
    expect(second?.spec.replicas).toBe(4);
    expect(restarted.find((rs) => rs.metadata.name === first?.metadata.name)?.spec.replicas).toBe(0);
    const template = (
      JSON.parse(await kubectl.out('get', 'deployment', 'web', '-o', 'json')) as { spec: { template: { metadata: { annotations: Record<string, string> } } } }
    ).spec.template;
    expect(template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await kubectl.out('rollout', 'history', 'deployment/web')).toMatch(/^deployment.apps\/web \nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n\n$/);

    expect(await kubectl.out('rollout', 'undo', 'deployment/web')).toBe('deployment.apps/web rolled back\n');
    await kubectl.out('rollout', 'status', 'deployment/web', '--timeout=30s');
    // The first ReplicaSet is the new one again, with the next revision.
    const undone = await replicaSets();
    expect(undone).toHaveLength(2);
    const back = undone.find((rs) => rs.metadata.name === first?.metadata.name);
    expect(back?.spec.replicas).toBe(4);
    expect(back && revisionOf(back)).toBe('3');
    expect(back?.metadata.annotations['deployment.kubernetes.io/revision-history']).toBe('1');
    const described = await kubectl.out('describe', 'deployment', 'web');
    expect(described).toMatch(/^NewReplicaSet:\s+web-\w+ \(4\/4 replicas created\)$/m);
    expect(described).toMatch(/Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-\w+ from 0 to 2/);
  });

  it('deletes a Deployment with its ReplicaSets and Pods, in the foreground', async () => {
    const { kubectl } = ctx;
    expect(await kubectl.out('delete', 'deployment', 'web', '--cascade=foreground', '--wait=true', '--timeout=30s')).toBe('deployment.apps "web" deleted\n');
    expect(await kubectl.out('get', 'replicasets,pods', '-l', 'app=web', '-o', 'name')).toBe('');
  });
});
