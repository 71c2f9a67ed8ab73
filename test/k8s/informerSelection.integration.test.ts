import { CoreV1Api, type V1ConfigMap, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResilientInformer } from '../../src/k8s/informer.js';
import { installCrds } from '../../src/k8s/installCrds.js';
import { KINDS } from '../../src/k8s/kinds.js';
import { EVENT_SUBJECTS, InformerObjectCache } from '../../src/k8s/objectCache.js';
import { createLogger } from '../../src/logging.js';
import type { RequestAttributes } from '../../sandbox/kube/faults.js';
import { startKubeSandbox, type KubeSandbox } from '../../sandbox/kube/index.js';

const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });
const OWNED = 'app in (kafka,cruisecontrol),kafka_cr';
let sandbox: KubeSandbox;
let core: CoreV1Api;
let cache: InformerObjectCache;
const requests: RequestAttributes[] = [];
/** Every object the cache was told of, as `Kind namespace/name`. */
const received: string[] = [];

const pod = (name: string, labels: Record<string, string>): V1Pod => ({
  metadata: { name, labels },
  spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] },
});

const event = (name: string, kind: string, object: string) => ({
  metadata: { name },
  involvedObject: { kind, name: object, namespace: 'kafka' },
  reason: 'Tested',
  type: 'Normal',
  message: 'tested',
});

beforeAll(async () => {
  sandbox = await startKubeSandbox();
  core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
  await installCrds(sandbox.kubeConfig, logger);
  for (const name of ['kafka', 'elsewhere']) await core.createNamespace({ body: { metadata: { name } } });
  await core.createNamespacedPod({ namespace: 'kafka', body: pod('kafka-0-abcde', { app: 'kafka', kafka_cr: 'kafka', brokerId: '0' }) });
  await core.createNamespacedPod({ namespace: 'kafka', body: pod('web-1', { app: 'web' }) });
  await core.createNamespacedPod({ namespace: 'elsewhere', body: pod('other-0-abcde', { app: 'kafka', kafka_cr: 'other', brokerId: '0' }) });
  await core.createNamespacedEvent({ namespace: 'kafka', body: event('about-cluster', 'KafkaCluster', 'kafka') });
  await core.createNamespacedEvent({ namespace: 'kafka', body: event('about-node', 'Node', 'sandbox-node-1') });
  sandbox.faults.onRequest((r) => {
    if (r.verb === 'list' || r.verb === 'watch') requests.push(r);
  });
  cache = new InformerObjectCache(sandbox.kubeConfig, { namespaces: ['kafka'], logger });
  cache.onChange((kind, _event, object) => received.push(`${kind} ${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`));
  await cache.start();
});
afterAll(async () => {
  await cache.stop();
  await sandbox.close();
});

describe('the informer cache holds only what is ours', () => {
  it("lists a cluster's Pods in the configured namespace, and neither a foreign Pod beside them nor a cluster's Pod in another namespace", () => {
    expect(cache.list('Pod').map((p) => p.metadata?.name)).toEqual(['kafka-0-abcde']);
    // The kubelet may have updated it meanwhile: the same Pod, told of again.
    expect([...new Set(received.filter((r) => r.startsWith('Pod ')))]).toEqual(['Pod kafka/kafka-0-abcde']);
  });

  it('never receives a foreign Pod created while it watches', async () => {
    await core.createNamespacedPod({ namespace: 'kafka', body: pod('web-2', { app: 'web' }) });
    await core.createNamespacedPod({ namespace: 'kafka', body: pod('kafka-1-fghij', { app: 'kafka', kafka_cr: 'kafka', brokerId: '1' }) });
    // The watch delivers in order: once the later Pod is here, the earlier one would have been too.
    await expect.poll(() => cache.get('Pod', 'kafka', 'kafka-1-fghij')).toBeDefined();
    expect(received.filter((r) => r.startsWith('Pod ') && r.includes('web-'))).toEqual([]);
  });

  it('holds the Events about our kinds only', async () => {
    await core.createNamespacedEvent({ namespace: 'kafka', body: event('about-node-later', 'Node', 'sandbox-node-2') });
    await core.createNamespacedEvent({ namespace: 'kafka', body: event('about-cluster-later', 'KafkaCluster', 'kafka') });
    await expect.poll(() => cache.get('Event', 'kafka', 'about-cluster-later')).toBeDefined();
    const names = cache.list('Event', 'kafka').map((e) => e.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(['about-cluster', 'about-cluster-later']));
    expect(received.filter((r) => r.includes('about-node'))).toEqual([]);
  });

  it('asks the API server with label and field selectors, in pages, in the configured namespace only', () => {
    const pods = requests.filter((r) => r.resource === 'pods');
    expect(pods.map((r) => r.verb).sort()).toEqual(['list', 'watch']);
    for (const r of pods) {
      expect(r.namespace).toBe('kafka');
      expect(r.selection?.labelSelector).toBe(OWNED);
    }
    expect(pods.find((r) => r.verb === 'list')?.selection?.limit).toBe(500);
    const eventLists = requests.filter((r) => r.resource === 'events' && r.verb === 'list');
    expect(eventLists.map((r) => r.selection?.fieldSelector).sort()).toEqual(EVENT_SUBJECTS.map((kind) => `involvedObject.kind=${kind}`).sort());
    for (const resource of ['persistentvolumeclaims', 'configmaps', 'services', 'deployments']) {
      expect(requests.filter((r) => r.resource === resource).every((r) => r.selection?.labelSelector === OWNED && r.namespace === 'kafka')).toBe(true);
    }
    expect(requests.filter((r) => r.resource === 'cruisecontroloperations').every((r) => r.selection?.labelSelector === 'kafka_cr')).toBe(true);
  });

  it('keeps no managedFields, listed or watched, though the API server records them', async () => {
    const stored = await core.readNamespacedPod({ namespace: 'kafka', name: 'kafka-0-abcde' });
    expect(stored.metadata?.managedFields?.length).toBeGreaterThan(0);
    for (const name of ['kafka-0-abcde', 'kafka-1-fghij']) expect(cache.get('Pod', 'kafka', name)?.metadata?.managedFields).toBeUndefined();
  });
});

describe("a cluster's objects", () => {
  it('are listed by their kafka_cr label as they change cluster and go', async () => {
    const names = (cluster: string) =>
      cache
        .list('Pod', 'kafka', { kafka_cr: cluster })
        .map((p) => p.metadata?.name)
        .sort();
    await core.createNamespacedPod({ namespace: 'kafka', body: pod('kafka-2-klmno', { app: 'kafka', kafka_cr: 'kafka', brokerId: '2' }) });
    await expect.poll(() => names('kafka')).toEqual(['kafka-0-abcde', 'kafka-1-fghij', 'kafka-2-klmno']);
    await core.patchNamespacedPod({ namespace: 'kafka', name: 'kafka-2-klmno', body: [{ op: 'replace', path: '/metadata/labels/kafka_cr', value: 'second' }] });
    await expect.poll(() => names('second')).toEqual(['kafka-2-klmno']);
    expect(names('kafka')).toEqual(['kafka-0-abcde', 'kafka-1-fghij']);
    expect(cache.list('Pod', 'kafka', { kafka_cr: 'second', brokerId: '1' })).toEqual([]);
    await core.deleteNamespacedPod({ namespace: 'kafka', name: 'kafka-2-klmno', gracePeriodSeconds: 0 });
    await expect.poll(() => names('second')).toEqual([]);
  });
});

describe('a paged list', () => {
  it('reads every page, each continuing the last, and holds the whole list', async () => {
    for (const name of ['p1', 'p2', 'p3', 'p4', 'p5']) await core.createNamespacedConfigMap({ namespace: 'elsewhere', body: { metadata: { name } } });
    const seen: RequestAttributes[] = [];
    const stop = sandbox.faults.onRequest((r) => {
      if (r.resource === 'configmaps' && r.verb === 'list') seen.push(r);
    });
    const informer = new ResilientInformer<V1ConfigMap>(sandbox.kubeConfig, KINDS.configMap, { namespaces: ['elsewhere'], pageSize: 2, logger });
    try {
      await informer.start();
      expect(
        informer
          .list('elsewhere')
          .map((c) => c.metadata?.name)
          .filter((n) => n?.startsWith('p'))
          .sort(),
      ).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
      expect(seen.map((r) => [r.selection?.limit, r.selection?.continued])).toEqual([
        [2, false],
        [2, true],
        [2, true],
      ]);
    } finally {
      stop();
      await informer.stop();
    }
  });
});
