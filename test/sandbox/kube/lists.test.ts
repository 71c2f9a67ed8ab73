import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';
import { apiError } from '../../support/kubeErrors.js';

const HISTORY_LIMIT = 40;
let sandbox: KubeSandbox;
let core: CoreV1Api;

beforeAll(async () => {
  sandbox = await startKubeSandbox({ historyLimit: HISTORY_LIMIT });
  core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
});
afterAll(async () => {
  await sandbox.close();
});

const pod = (
  name: string,
  nodeName: string,
): { metadata: { name: string }; spec: { nodeName: string; containers: Array<{ name: string; image: string }> } } => ({
  metadata: { name },
  spec: { nodeName, containers: [{ name: 'kafka', image: 'kafka:latest' }] },
});

describe('lists: paging, field selectors, deletecollection', () => {
  it('pages with limit and continue at the first page revision, by key, without skipping after a delete', async () => {
    await core.createNamespace({ body: { metadata: { name: 'paging' } } });
    for (const name of ['e', 'a', 'd', 'b', 'c']) await core.createNamespacedConfigMap({ namespace: 'paging', body: { metadata: { name } } });
    const first = await core.listNamespacedConfigMap({ namespace: 'paging', limit: 2 });
    expect(first.items.map((c) => c.metadata?.name)).toEqual(['a', 'b']);
    expect(first.metadata?.remainingItemCount).toBe(3);
    const token = first.metadata?._continue ?? '';
    expect(token).not.toBe('');
    // A delete between pages must not shift the next page (the token names a key, not an offset).
    await core.deleteNamespacedConfigMap({ name: 'a', namespace: 'paging' });
    const second = await core.listNamespacedConfigMap({ namespace: 'paging', limit: 2, _continue: token });
    expect(second.items.map((c) => c.metadata?.name)).toEqual(['c', 'd']);
    expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    const last = await core.listNamespacedConfigMap({ namespace: 'paging', limit: 2, _continue: second.metadata?._continue ?? '' });
    expect(last.items.map((c) => c.metadata?.name)).toEqual(['e']);
    expect(last.metadata?._continue).toBeUndefined();
    expect(last.metadata?.remainingItemCount).toBeUndefined();
  });

  it('refuses a malformed continue token with 400, and one older than the history with 410 Expired', async () => {
    const bad = await apiError(core.listNamespacedConfigMap({ namespace: 'paging', _continue: 'not-a-token' }));
    expect(bad.code).toBe(400);
    expect(bad.reason).toBe('BadRequest');
    expect(bad.message).toMatch(/^continue key is not valid/);
    const first = await core.listNamespacedConfigMap({ namespace: 'paging', limit: 1 });
    for (let i = 0; i < HISTORY_LIMIT + 2; i += 1) await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `churn-${i}` } } });
    const old = await apiError(core.listNamespacedConfigMap({ namespace: 'paging', limit: 1, _continue: first.metadata?._continue ?? '' }));
    expect(old.code).toBe(410);
    expect(old.reason).toBe('Expired');
    expect(old.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\./);
  });

  it('selects Pods by spec.nodeName and status.phase, and refuses an unsupported field with 400', async () => {
    await core.createNamespace({ body: { metadata: { name: 'fields' } } });
    await core.createNamespacedPod({ namespace: 'fields', body: pod('one', 'sandbox-node-1') });
    await core.createNamespacedPod({ namespace: 'fields', body: pod('two', 'sandbox-node-1') });
    await core.createNamespacedPod({ namespace: 'fields', body: pod('three', 'sandbox-node-2') });
    await core.patchNamespacedPodStatus({ name: 'two', namespace: 'fields', body: [{ op: 'replace', path: '/status/phase', value: 'Running' }] });
    const names = async (fieldSelector: string): Promise<Array<string | undefined>> =>
      (await core.listNamespacedPod({ namespace: 'fields', fieldSelector })).items.map((p) => p.metadata?.name).sort();
    expect(await names('spec.nodeName=sandbox-node-1')).toEqual(['one', 'two']);
    expect(await names('status.phase=Running')).toEqual(['two']);
    expect(await names('spec.nodeName==sandbox-node-1,status.phase!=Running')).toEqual(['one']);
    expect(await names('metadata.name=three')).toEqual(['three']);
    const cluster = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=sandbox-node-2,metadata.namespace=fields' });
    expect(cluster.items.map((p) => p.metadata?.name)).toEqual(['three']);
    expect(await apiError(core.listNamespacedPod({ namespace: 'fields', fieldSelector: 'spec.foo=x' }))).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: 'field label not supported: spec.foo',
    });
    expect((await apiError(core.listNamespacedConfigMap({ namespace: 'fields', fieldSelector: 'spec.nodeName=x' }))).message).toBe(
      'field label not supported: spec.nodeName',
    );
  });

  it('selects Events by involvedObject, reason, type and source, and refuses a field Events do not have', async () => {
    await core.createNamespace({ body: { metadata: { name: 'events' } } });
    const event = (name: string, kind: string, object: string, reason: string, type: string, component: string) =>
      core.createNamespacedEvent({
        namespace: 'events',
        body: {
          metadata: { name },
          involvedObject: { kind, name: object, namespace: 'events' },
          reason,
          type,
          source: { component },
          message: reason,
        },
      });
    await event('e1', 'KafkaCluster', 'kafka', 'BrokerPodCreated', 'Normal', 'kafkaplane');
    await event('e2', 'Pod', 'kafka-0-abcde', 'FailedMount', 'Warning', 'kubelet');
    await event('e3', 'Pod', 'web-1', 'Pulled', 'Normal', 'kubelet');
    await event('e4', 'Node', 'sandbox-node-1', 'NodeReady', 'Normal', 'kubelet');
    const names = async (fieldSelector: string): Promise<Array<string | undefined>> =>
      (await core.listNamespacedEvent({ namespace: 'events', fieldSelector })).items.map((e) => e.metadata?.name).sort();
    expect(await names('involvedObject.kind=Pod')).toEqual(['e2', 'e3']);
    expect(await names('involvedObject.kind=Pod,involvedObject.name=kafka-0-abcde')).toEqual(['e2']);
    expect(await names('reason=BrokerPodCreated')).toEqual(['e1']);
    expect(await names('type=Warning')).toEqual(['e2']);
    expect(await names('source=kubelet,involvedObject.kind!=Node')).toEqual(['e2', 'e3']);
    expect(await apiError(core.listNamespacedEvent({ namespace: 'events', fieldSelector: 'message=x' }))).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: 'field label not supported: message',
    });
  });

  it('pages a selected list without remainingItemCount, since what is left may not match', async () => {
    await core.createNamespace({ body: { metadata: { name: 'selected' } } });
    for (const [name, app] of [
      ['a', 'kafka'],
      ['b', 'web'],
      ['c', 'kafka'],
      ['d', 'kafka'],
    ] as const) {
      await core.createNamespacedConfigMap({ namespace: 'selected', body: { metadata: { name, labels: { app } } } });
    }
    const first = await core.listNamespacedConfigMap({ namespace: 'selected', labelSelector: 'app=kafka', limit: 2 });
    expect(first.items.map((c) => c.metadata?.name)).toEqual(['a', 'c']);
    expect(first.metadata?._continue).toBeDefined();
    expect(first.metadata?.remainingItemCount).toBeUndefined();
    const rest = await core.listNamespacedConfigMap({
      namespace: 'selected',
      labelSelector: 'app=kafka',
      limit: 2,
      _continue: first.metadata?._continue ?? '',
    });
    expect(rest.items.map((c) => c.metadata?.name)).toEqual(['d']);
    expect(rest.metadata?._continue).toBeUndefined();
  });

  it('deletes a collection by label and field selector, leaving the rest', async () => {
    await core.createNamespace({ body: { metadata: { name: 'sweep' } } });
    for (const [name, app] of [
      ['k1', 'kafka'],
      ['k2', 'kafka'],
      ['z1', 'zookeeper'],
    ] as const) {
      await core.createNamespacedConfigMap({ namespace: 'sweep', body: { metadata: { name, labels: { app } } } });
    }
    await core.deleteCollectionNamespacedConfigMap({ namespace: 'sweep', labelSelector: 'app=kafka', fieldSelector: 'metadata.name!=k2' });
    const left = await core.listNamespacedConfigMap({ namespace: 'sweep' });
    expect(left.items.map((c) => c.metadata?.name)).toEqual(['k2', 'z1']);
    await core.deleteCollectionNamespacedConfigMap({ namespace: 'sweep' });
    expect((await core.listNamespacedConfigMap({ namespace: 'sweep' })).items).toEqual([]);
    expect((await core.listNamespacedConfigMap({ namespace: 'paging' })).items.length).toBeGreaterThan(0);
  });

  it("serves a continued list at the first page's revision: objects as they were, not as they are", async () => {
    await core.createNamespace({ body: { metadata: { name: 'snapshot' } } });
    for (const name of ['a', 'b', 'c']) await core.createNamespacedConfigMap({ namespace: 'snapshot', body: { metadata: { name }, data: { v: '1' } } });
    const first = await core.listNamespacedConfigMap({ namespace: 'snapshot', limit: 1 });
    await core.patchNamespacedConfigMap({ name: 'b', namespace: 'snapshot', body: [{ op: 'replace', path: '/data/v', value: '2' }] });
    await core.createNamespacedConfigMap({ namespace: 'snapshot', body: { metadata: { name: 'bb' } } });
    const rest = await core.listNamespacedConfigMap({ namespace: 'snapshot', _continue: first.metadata?._continue ?? '' });
    expect(rest.items.map((c) => [c.metadata?.name, c.data?.v])).toEqual([
      ['b', '1'],
      ['c', '1'],
    ]);
  });

  it('lists at an exact resourceVersion, and at least as new as one', async () => {
    await core.createNamespace({ body: { metadata: { name: 'exact' } } });
    await core.createNamespacedConfigMap({ namespace: 'exact', body: { metadata: { name: 'kept' }, data: { v: '1' } } });
    const gone = await core.createNamespacedConfigMap({ namespace: 'exact', body: { metadata: { name: 'gone' } } });
    const before = gone.metadata?.resourceVersion ?? '';
    await core.deleteNamespacedConfigMap({ name: 'gone', namespace: 'exact' });
    await core.patchNamespacedConfigMap({ name: 'kept', namespace: 'exact', body: [{ op: 'replace', path: '/data/v', value: '2' }] });
    const exact = await core.listNamespacedConfigMap({ namespace: 'exact', resourceVersion: before, resourceVersionMatch: 'Exact' });
    expect(exact.metadata?.resourceVersion).toBe(before);
    expect(exact.items.map((c) => [c.metadata?.name, c.data?.v])).toEqual([
      ['gone', undefined],
      ['kept', '1'],
    ]);
    const fresh = await core.listNamespacedConfigMap({ namespace: 'exact', resourceVersion: before, resourceVersionMatch: 'NotOlderThan' });
    expect(fresh.items.map((c) => [c.metadata?.name, c.data?.v])).toEqual([['kept', '2']]);
    expect(Number(fresh.metadata?.resourceVersion)).toBeGreaterThan(Number(before));
    const future = String(Number(fresh.metadata?.resourceVersion) + 1000);
    const tooLarge = await apiError(core.listNamespacedConfigMap({ namespace: 'exact', resourceVersion: future, resourceVersionMatch: 'NotOlderThan' }));
    // The sandbox's own background writes (kubelet, events) may have moved the counter since.
    const current = Number(/current: (\d+)$/.exec(tooLarge.message)?.[1]);
    expect(current).toBeGreaterThanOrEqual(Number(fresh.metadata?.resourceVersion));
    expect(tooLarge).toEqual({
      code: 504,
      reason: 'Timeout',
      message: `Timeout: Too large resource version: ${future}, current: ${current}`,
      details: { retryAfterSeconds: 1, causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version', field: '' }] },
    });
  });

  it('refuses resourceVersionMatch combined wrongly, with the 422 of ValidateListOptions, and an exact list older than the history with 410', async () => {
    const refused = async (params: { resourceVersion?: string; resourceVersionMatch?: string; _continue?: string }): Promise<string> =>
      (await apiError(core.listNamespacedConfigMap({ namespace: 'default', ...params }))).message;
    expect(await refused({ resourceVersionMatch: 'Exact' })).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
    expect(await refused({ resourceVersion: '0', resourceVersionMatch: 'Exact' })).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
    );
    expect(await refused({ resourceVersion: '5', resourceVersionMatch: 'Latest' })).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Latest": supported values: "Exact", "NotOlderThan", ""',
    );
    expect(await refused({ resourceVersion: '5', resourceVersionMatch: 'NotOlderThan', _continue: 'x' })).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided',
    );
    const invalid = await apiError(core.listNamespacedConfigMap({ namespace: 'default', resourceVersionMatch: 'Exact' }));
    expect(invalid).toMatchObject({ code: 422, reason: 'Invalid', details: { group: 'meta.k8s.io', kind: 'ListOptions' } });
    for (let i = 0; i < HISTORY_LIMIT + 2; i += 1) await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `compact-${i}` } } });
    expect(await apiError(core.listNamespacedConfigMap({ namespace: 'default', resourceVersion: '2', resourceVersionMatch: 'Exact' }))).toEqual({
      code: 410,
      reason: 'Expired',
      message: 'The resourceVersion for the provided list is too old.',
    });
  });
});
