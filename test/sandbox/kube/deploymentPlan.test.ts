import { describe, expect, it } from 'vitest';
import { planDeployment, REVISION, type DeploymentAction } from '../../../sandbox/kube/controllers/deploymentPlan.js';
import { planReplicaSet } from '../../../sandbox/kube/controllers/replicaSetPlan.js';
import type { StoredObject } from '../../../sandbox/kube/index.js';

const template = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } });

function deployment(
  replicas: number,
  image: string,
  strategy: Record<string, unknown> = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
): StoredObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd-uid', resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z', generation: 1 },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: template(image), strategy, revisionHistoryLimit: 10 },
  };
}

function replicaSet(name: string, image: string, replicas: number, available: number, revision: number, created: string): StoredObject {
  const t = template(image);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `${name}-uid`,
      resourceVersion: '1',
      creationTimestamp: created,
      annotations: { [REVISION]: String(revision), 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5' },
    },
    spec: { replicas, template: { ...t, metadata: { labels: { ...t.metadata.labels, 'pod-template-hash': name.slice(4) } } } },
    status: { replicas, availableReplicas: available },
  };
}

const summary = (actions: DeploymentAction[]): string[] =>
  actions.map((a) =>
    a.type === 'scale'
      ? `scale ${a.replicaSet.metadata.name} ${(a.replicaSet.spec as { replicas: number }).replicas}->${a.replicas}`
      : `${a.type} ${a.type === 'create' ? `${(a.replicaSet.spec as { replicas: number }).replicas}` : a.replicaSet.metadata.name}`,
  );
const plan = (d: StoredObject, sets: StoredObject[]): string[] =>
  summary(
    planDeployment(
      d,
      sets,
      (rs) => (rs.status as { availableReplicas?: number } | undefined)?.availableReplicas ?? 0,
      () => 0,
    ).actions,
  );

describe('the Deployment controller plans one step of a rollout', () => {
  it.each([
    ['a new Deployment gets a ReplicaSet of its full size', deployment(4, 'v1'), [], ['create 4']],
    [
      'a scaled Deployment resizes its only ReplicaSet',
      deployment(6, 'v1'),
      [replicaSet('web-old', 'v1', 4, 4, 1, '2026-01-01T00:00:01Z')],
      ['scale web-old 4->6'],
    ],
    // 4 replicas, maxSurge 1 (25% rounded up): a new ReplicaSet of 1 beside the old 4, and (maxUnavailable 1) one old Pod less.
    [
      'a changed template starts a new ReplicaSet within maxSurge',
      deployment(4, 'v2'),
      [replicaSet('web-old', 'v1', 4, 4, 1, '2026-01-01T00:00:01Z')],
      ['create 1', 'scale web-old 4->3'],
    ],
    // maxUnavailable 1: with one old Pod gone and the new one not yet available, nothing more may go.
    [
      'old Pods go only as far as maxUnavailable allows',
      deployment(4, 'v2'),
      [replicaSet('web-old', 'v1', 3, 3, 1, '2026-01-01T00:00:01Z'), replicaSet('web-new', 'v2', 2, 0, 2, '2026-01-01T00:00:02Z')],
      [],
    ],
    [
      'the new ReplicaSet grows once old Pods went',
      deployment(4, 'v2'),
      [replicaSet('web-old', 'v1', 3, 3, 1, '2026-01-01T00:00:01Z'), replicaSet('web-new', 'v2', 1, 1, 2, '2026-01-01T00:00:02Z')],
      ['scale web-new 1->2'],
    ],
    [
      'Recreate scales the old ReplicaSet to zero before creating the new one',
      deployment(2, 'v2', { type: 'Recreate' }),
      [replicaSet('web-old', 'v1', 2, 2, 1, '2026-01-01T00:00:01Z')],
      ['create 0', 'scale web-old 2->0'],
    ],
  ])('%s', (_name, d, sets, expected) => {
    expect(plan(d, sets)).toEqual(expected);
  });

  it('gives a ReplicaSet that is wanted again (rollout undo) the next revision, and keeps the old one in the history', () => {
    const sets = [replicaSet('web-first', 'v1', 0, 0, 1, '2026-01-01T00:00:01Z'), replicaSet('web-second', 'v2', 4, 4, 2, '2026-01-01T00:00:02Z')];
    const step = planDeployment(
      deployment(4, 'v1'),
      sets,
      (rs) => (rs.status as { availableReplicas: number }).availableReplicas,
      () => 0,
    );
    expect(step.revision).toBe('3');
    expect(step.actions[0]).toMatchObject({ type: 'scale', replicas: 1, annotations: { [REVISION]: '3', 'deployment.kubernetes.io/revision-history': '1' } });
  });
});

describe('the ReplicaSet controller', () => {
  const pod = (name: string, ready: boolean, node = true): StoredObject =>
    ({
      metadata: { name, uid: name, resourceVersion: '1', creationTimestamp: `2026-01-01T00:00:0${name.slice(-1)}Z` },
      spec: node ? { nodeName: 'n' } : {},
      status: {
        phase: ready ? 'Running' : 'Pending',
        conditions: ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] : [],
      },
    }) as unknown as StoredObject;
  const rs = (replicas: number): StoredObject =>
    ({ metadata: { name: 'web-1', uid: 'rs', resourceVersion: '1', creationTimestamp: '', generation: 2 }, spec: { replicas } }) as unknown as StoredObject;

  it('creates the Pods missing and counts the ready ones', () => {
    expect(planReplicaSet(rs(3), [pod('p1', true)], Date.now())).toMatchObject({
      create: 2,
      remove: [],
      status: { replicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 2 },
    });
  });

  it('deletes unscheduled, then not ready, then the newest Pods first', () => {
    const removed = planReplicaSet(rs(1), [pod('p1', true), pod('p2', false), pod('p3', true), pod('p4', false, false)], Date.now()).remove.map(
      (p) => p.metadata.name,
    );
    expect(removed).toEqual(['p4', 'p2', 'p3']);
  });
});
