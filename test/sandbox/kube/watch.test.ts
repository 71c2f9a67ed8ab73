import { CoreV1Api, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';

// A small history, so that a few writes push a resourceVersion out of reach (as etcd compaction does).
const HISTORY_LIMIT = 20;

let sandbox: KubeSandbox;
let core: CoreV1Api;

beforeAll(async () => {
  sandbox = await startKubeSandbox({ historyLimit: HISTORY_LIMIT });
  core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
});
afterAll(async () => {
  await sandbox.close();
});

interface Seen {
  type: string;
  object: { kind?: string; code?: number; reason?: string; message?: string; metadata?: { name?: string; resourceVersion?: string } };
}

/** Opens a watch through client-node's Watch and records its events and its end. */
async function watch(path: string, query: Record<string, string | number | boolean>): Promise<{ events: Seen[]; ended: Promise<unknown>; stop: () => void }> {
  const events: Seen[] = [];
  let finish: (err: unknown) => void = () => undefined;
  const ended = new Promise((resolve) => {
    finish = resolve;
  });
  const controller = await new Watch(sandbox.kubeConfig).watch(
    path,
    query,
    (type, object: Seen['object']) => events.push({ type, object }),
    (err) => finish(err),
  );
  return { events, ended, stop: () => controller.abort() };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const names = (events: Seen[], type?: string): Array<string | undefined> =>
  events.filter((e) => type === undefined || e.type === type).map((e) => e.object.metadata?.name);

describe('watch through client-node', () => {
  it('replays the changes after a resourceVersion, and nothing before it', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'before', labels: { w: 'replay' } } } });
    const list = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'w=replay' });
    const from = list.metadata?.resourceVersion ?? '';
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'after', labels: { w: 'replay' } } } });
    await core.patchNamespacedConfigMap({ name: 'before', namespace: 'default', body: [{ op: 'add', path: '/data', value: { k: 'v' } }] });
    const w = await watch('/api/v1/namespaces/default/configmaps', { resourceVersion: from, labelSelector: 'w=replay' });
    await until(() => w.events.length >= 2, 'the replayed events');
    expect(w.events.map((e) => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'after'],
      ['MODIFIED', 'before'],
    ]);
    expect(Number(w.events[0]?.object.metadata?.resourceVersion)).toBeGreaterThan(Number(from));
    w.stop();
  });

  it('answers a resourceVersion older than the history with one ERROR event carrying 410 Expired, then ends', async () => {
    const start = await core.listNamespacedConfigMap({ namespace: 'default' });
    const old = start.metadata?.resourceVersion ?? '';
    for (let i = 0; i < HISTORY_LIMIT + 2; i += 1) await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `churn-${i}` } } });
    const w = await watch('/api/v1/namespaces/default/configmaps', { resourceVersion: old });
    await w.ended;
    expect(w.events).toHaveLength(1);
    expect(w.events[0]?.type).toBe('ERROR');
    expect(w.events[0]?.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(w.events[0]?.object.message).toMatch(new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`));
  });

  it('sends BOOKMARK events with the current resourceVersion only when asked', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const asked = await watch('/api/v1/namespaces/default/configmaps', { resourceVersion: list.metadata?.resourceVersion ?? '', allowWatchBookmarks: true });
    const plain = await watch('/api/v1/namespaces/default/configmaps', { resourceVersion: list.metadata?.resourceVersion ?? '' });
    await until(() => asked.events.some((e) => e.type === 'BOOKMARK'), 'a bookmark');
    const bookmark = asked.events.find((e) => e.type === 'BOOKMARK');
    expect(Number(bookmark?.object.metadata?.resourceVersion)).toBeGreaterThanOrEqual(Number(list.metadata?.resourceVersion));
    expect(bookmark?.object.kind).toBe('ConfigMap');
    expect(plain.events.filter((e) => e.type === 'BOOKMARK')).toEqual([]);
    asked.stop();
    plain.stop();
  });

  it('sends an object that starts or stops matching the label selector as ADDED or DELETED', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'mover', labels: { phase: 'out' } } } });
    const w = await watch('/api/v1/namespaces/default/configmaps', { resourceVersion: created.metadata?.resourceVersion ?? '', labelSelector: 'phase=in' });
    const relabel = (phase: string): Promise<unknown> =>
      core.patchNamespacedConfigMap({ name: 'mover', namespace: 'default', body: [{ op: 'replace', path: '/metadata/labels/phase', value: phase }] });
    await relabel('in');
    await core.patchNamespacedConfigMap({ name: 'mover', namespace: 'default', body: [{ op: 'add', path: '/data', value: { a: 'b' } }] });
    await relabel('out');
    await until(() => w.events.length >= 3, 'enter, change and leave');
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(names(w.events)).toEqual(['mover', 'mover', 'mover']);
    w.stop();
  });

  it('ends the stream after timeoutSeconds', async () => {
    const started = Date.now();
    const w = await watch('/api/v1/namespaces/default/configmaps', { timeoutSeconds: 1 });
    expect(await w.ended).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(5_000);
    // No resourceVersion: the current objects first, as ADDED.
    expect(names(w.events, 'ADDED')).toContain('mover');
  });
});
