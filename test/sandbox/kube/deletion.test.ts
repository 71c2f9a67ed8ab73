import { ApiException, CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';
import { apiError } from '../../support/kubeErrors.js';

let sandbox: KubeSandbox;
let core: CoreV1Api;

beforeAll(async () => {
  sandbox = await startKubeSandbox({ gcIntervalMs: 20 });
  core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
});
afterAll(async () => {
  await sandbox.close();
});

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const read = async (name: string): Promise<V1ConfigMap | undefined> => {
  try {
    return await core.readNamespacedConfigMap({ name, namespace: 'default' });
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) return undefined;
    throw err;
  }
};

describe('delete: preconditions, finalizers, foreground deletion', () => {
  it('refuses a delete whose preconditions do not match with 409 Conflict (rest/delete.go BeforeDelete)', async () => {
    const cm = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'guarded' } } });
    const uid = cm.metadata?.uid ?? '';
    const rv = cm.metadata?.resourceVersion ?? '';
    expect(await apiError(core.deleteNamespacedConfigMap({ name: 'guarded', namespace: 'default', body: { preconditions: { uid: 'other-uid' } } }))).toEqual({
      code: 409,
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on ConfigMap "guarded": the UID in the precondition (other-uid) does not match the UID in record (${uid}). The object might have been deleted and then recreated`,
      details: { name: 'guarded', kind: 'ConfigMap' },
    });
    await core.patchNamespacedConfigMap({ name: 'guarded', namespace: 'default', body: [{ op: 'add', path: '/data', value: { k: 'v' } }] });
    const stale = await apiError(core.deleteNamespacedConfigMap({ name: 'guarded', namespace: 'default', body: { preconditions: { resourceVersion: rv } } }));
    expect(stale.code).toBe(409);
    expect(stale.message).toMatch(
      new RegExp(
        `^Operation cannot be fulfilled on ConfigMap "guarded": the ResourceVersion in the precondition \\(${rv}\\) does not match the ResourceVersion in record \\(\\d+\\)\\. The object might have been modified$`,
      ),
    );
    expect(await read('guarded')).toBeDefined();
    await core.deleteNamespacedConfigMap({ name: 'guarded', namespace: 'default', body: { preconditions: { uid } } });
    expect(await read('guarded')).toBeUndefined();
  });

  it('keeps an object with finalizers, marked with deletionTimestamp, until the last finalizer goes', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'held', finalizers: ['kafkaplane.io/hold'] } } });
    await core.deleteNamespacedConfigMap({ name: 'held', namespace: 'default' });
    const marked = await read('held');
    expect(marked?.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    expect(marked?.metadata?.finalizers).toEqual(['kafkaplane.io/hold']);
    // A second delete returns the object unchanged.
    await core.deleteNamespacedConfigMap({ name: 'held', namespace: 'default' });
    expect((await read('held'))?.metadata?.resourceVersion).toBe(marked?.metadata?.resourceVersion);
    const added = await apiError(
      core.patchNamespacedConfigMap({ name: 'held', namespace: 'default', body: [{ op: 'add', path: '/metadata/finalizers/-', value: 'kafkaplane.io/more' }] }),
    );
    expect(added.code).toBe(422);
    expect(added.message).toContain('no new finalizers can be added if the object is being deleted');
    // Creating the same name while it is being deleted.
    expect((await apiError(core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'held' } } }))).message).toBe(
      'object is being deleted: configmaps "held" already exists',
    );
    await core.patchNamespacedConfigMap({ name: 'held', namespace: 'default', body: [{ op: 'replace', path: '/metadata/finalizers', value: [] }] });
    expect(await read('held')).toBeUndefined();
  });

  it('deletes in the foreground: the owner stays until its blocking dependents are gone', async () => {
    const owner = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'owner' } } });
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata?.uid ?? '', blockOwnerDeletion: true };
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'blocker', ownerReferences: [ref], finalizers: ['kafkaplane.io/hold'] } },
    });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'follower', ownerReferences: [{ ...ref, blockOwnerDeletion: false }] } },
    });
    await core.deleteNamespacedConfigMap({ name: 'owner', namespace: 'default', propagationPolicy: 'Foreground' });
    const deleting = await read('owner');
    expect(deleting?.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    expect(deleting?.metadata?.finalizers).toEqual(['foregroundDeletion']);
    // The collector deletes the dependents; the blocking one is held by its own finalizer.
    await until(
      async () => (await read('blocker'))?.metadata?.deletionTimestamp !== undefined && (await read('follower')) === undefined,
      'the dependents deleted',
    );
    expect((await read('owner'))?.metadata?.finalizers).toEqual(['foregroundDeletion']);
    await core.patchNamespacedConfigMap({ name: 'blocker', namespace: 'default', body: [{ op: 'remove', path: '/metadata/finalizers' }] });
    await until(async () => (await read('owner')) === undefined, 'the owner gone');
    expect(await read('blocker')).toBeUndefined();
  });

  it('keeps a dependent with another owner when one owner is deleted in the foreground, taking only that reference off it', async () => {
    const leaving = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'leaving-owner' } } });
    const staying = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'staying-owner' } } });
    const refTo = (o: V1ConfigMap) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: o.metadata?.name ?? '',
      uid: o.metadata?.uid ?? '',
      blockOwnerDeletion: true,
    });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'shared', ownerReferences: [refTo(leaving), refTo(staying)] } } });
    await core.deleteNamespacedConfigMap({ name: 'leaving-owner', namespace: 'default', propagationPolicy: 'Foreground' });
    await until(async () => (await read('leaving-owner')) === undefined, 'the owner deleted in the foreground gone');
    // garbagecollector.go attemptToDeleteItem: a solid owner left, so the reference is removed, not the object.
    expect((await read('shared'))?.metadata?.ownerReferences?.map((r) => r.name)).toEqual(['staying-owner']);
  });

  it('deletes in the foreground a dependent that has dependents of its own when its owner is deleted in the foreground', async () => {
    const top = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'fg-top' } } });
    const refTo = (o: V1ConfigMap) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: o.metadata?.name ?? '',
      uid: o.metadata?.uid ?? '',
      blockOwnerDeletion: true,
    });
    const middle = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'fg-middle', ownerReferences: [refTo(top)] } } });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'fg-bottom', ownerReferences: [refTo(middle)], finalizers: ['kafkaplane.io/hold'] } },
    });
    await core.deleteNamespacedConfigMap({ name: 'fg-top', namespace: 'default', propagationPolicy: 'Foreground' });
    // The middle one waits for the held bottom one, and so the top one waits for the middle one.
    await until(async () => (await read('fg-bottom'))?.metadata?.deletionTimestamp !== undefined, 'the bottom one deleted');
    expect((await read('fg-middle'))?.metadata?.finalizers).toEqual(['foregroundDeletion']);
    expect((await read('fg-top'))?.metadata?.finalizers).toEqual(['foregroundDeletion']);
    await core.patchNamespacedConfigMap({ name: 'fg-bottom', namespace: 'default', body: [{ op: 'remove', path: '/metadata/finalizers' }] });
    await until(async () => (await read('fg-top')) === undefined, 'the top one gone');
    expect(await read('fg-middle')).toBeUndefined();
  });

  it('orphans dependents when asked: they stay, without the owner reference', async () => {
    const owner = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'parent' } } });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'child', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'parent', uid: owner.metadata?.uid ?? '' }] } },
    });
    await core.deleteNamespacedConfigMap({ name: 'parent', namespace: 'default', propagationPolicy: 'Orphan' });
    await until(async () => (await read('parent')) === undefined, 'the owner gone');
    const child = await read('child');
    expect(child).toBeDefined();
    expect(child?.metadata?.ownerReferences ?? []).toEqual([]);
  });

  it('orphans dependents whichever way they sort against their owner', async () => {
    // The collector meets objects in no particular order: a dependent named after its owner and
    // one named before it are both orphaned, not collected.
    const owner = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'm-orphaning' } } });
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'm-orphaning', uid: owner.metadata?.uid ?? '' };
    for (const name of ['a-orphan', 'z-orphan']) {
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name, ownerReferences: [ref] } } });
    }
    await core.deleteNamespacedConfigMap({ name: 'm-orphaning', namespace: 'default', propagationPolicy: 'Orphan' });
    await until(async () => (await read('m-orphaning')) === undefined, 'the owner gone');
    for (const name of ['a-orphan', 'z-orphan']) expect((await read(name))?.metadata?.ownerReferences ?? []).toEqual([]);
  });

  it('collects an object created naming an owner that does not exist, and keeps one with an owner left or a cluster-scoped owner', async () => {
    const owner = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'kept-owner' } } });
    const namespace = await core.readNamespace({ name: 'default' });
    const live = { apiVersion: 'v1', kind: 'ConfigMap', name: 'kept-owner', uid: owner.metadata?.uid ?? '' };
    const gone = { apiVersion: 'v1', kind: 'ConfigMap', name: 'never-was', uid: '6f1a1e0e-0000-4000-8000-000000000000' };
    const clusterScoped = { apiVersion: 'v1', kind: 'Namespace', name: 'default', uid: namespace.metadata?.uid ?? '' };
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'one-owner-left', ownerReferences: [gone, live] } } });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'namespace-owned', ownerReferences: [clusterScoped] } } });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'owner-never-was', ownerReferences: [gone] } } });
    // The last one is collected with no other change happening; the collector looked at the two
    // created before it by then.
    await until(async () => (await read('owner-never-was')) === undefined, 'the object without an owner collected');
    expect(await read('one-owner-left')).toBeDefined();
    expect(await read('namespace-owned')).toBeDefined();
    await core.deleteNamespacedConfigMap({ name: 'kept-owner', namespace: 'default' });
    await until(async () => (await read('one-owner-left')) === undefined, 'the object whose last owner went collected');
  });
});
