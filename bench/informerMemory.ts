/**
 * What the informer cache costs in memory: 10,000 broker Pods as the operator makes them and the
 * sandbox's kubelet runs them, listed and watched by the server's cache in a process of its own,
 * against the size of their JSON as the API server sends it (docs/benchmarks.md).
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { CoreV1Api } from '@kubernetes/client-node';
import { startKubeSandbox } from '../sandbox/kube/index.js';
import type { StoredObject } from '../sandbox/kube/store.js';
import { bringUpFleet, FLEET_NAMESPACE, startFleetOperator } from './operatorFleet.js';

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export async function informerMemoryBench(pods: number, progress: (line: string) => void = () => undefined): Promise<string[]> {
  const started = Date.now();
  const at = (): string => `${((Date.now() - started) / 1e3).toFixed(0)} s`;
  const sandbox = await startKubeSandbox({ historyLimit: pods + 1_000 });
  try {
    // One real broker Pod: made by the operator, scheduled and run by the kubelet, with the
    // status and managedFields the API server keeps. The copies differ in names, labels and uid.
    const fleet = await startFleetOperator(sandbox);
    await bringUpFleet(sandbox, 1, 3);
    await fleet.stop();
    sandbox.kubelet.stop();
    const core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
    const listed = await core.listNamespacedPod({ namespace: FLEET_NAMESPACE, labelSelector: 'app=kafka,brokerId=1' });
    const name = listed.items[0]?.metadata?.name;
    const template = sandbox.api.store.list('/pods', FLEET_NAMESPACE).find((p) => p.metadata.name === name);
    if (template === undefined) throw new Error('no broker Pod came up');
    for (const pod of sandbox.api.store.list('/pods', FLEET_NAMESPACE)) sandbox.api.store.remove('/pods', FLEET_NAMESPACE, pod.metadata.name);
    progress(`  a broker Pod came up after ${at()}; copying it ${pods} times`);
    const text = JSON.stringify(template);
    let jsonBytes = 0;
    let keptBytes = 0;
    for (let i = 0; i < pods; i += 1) {
      const cluster = `kafka-${Math.floor(i / 30)}`;
      const brokerId = String(i % 30);
      const copy = JSON.parse(text) as StoredObject;
      copy.metadata.name = `${cluster}-${brokerId}-${randomUUID().slice(0, 5)}`;
      copy.metadata.uid = randomUUID();
      copy.metadata.labels = { ...copy.metadata.labels, kafka_cr: cluster, brokerId };
      const stored = sandbox.api.store.put('/pods', copy);
      // As a list carries it: without kind and apiVersion.
      const { apiVersion: _a, kind: _k, ...item } = stored;
      jsonBytes += Buffer.byteLength(JSON.stringify(item));
      const { managedFields: _m, ...metadata } = item.metadata;
      keptBytes += Buffer.byteLength(JSON.stringify({ ...item, metadata }));
    }
    progress(`  ${pods} Pods stored after ${at()}; the cache lists and watches them`);
    const child = fork(new URL('./informerCacheProcess.js', import.meta.url), [sandbox.url, sandbox.token, FLEET_NAMESPACE], { execArgv: ['--expose-gc'] });
    const measured = await new Promise<{ pods: number; heapBytes: number }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { pods: number; heapBytes: number }));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the cache process exited (${code ?? 'signal'}) before answering`)));
    });
    await new Promise((resolve) => child.once('exit', resolve));
    if (measured.pods !== pods) throw new Error(`the cache holds ${measured.pods} Pods, not ${pods}`);
    return [
      `informer cache: ${pods} broker Pods in one namespace, listed in pages of 500 and watched by the server's cache in its own process`,
      `  JSON of the Pods as listed        ${mb(jsonBytes).padStart(9)}   1.00x   (${(jsonBytes / pods / 1e3).toFixed(1)} kB a Pod)`,
      `  the same without managedFields    ${mb(keptBytes).padStart(9)}   ${(keptBytes / jsonBytes).toFixed(2)}x`,
      `  heap of the cache (after gc)      ${mb(measured.heapBytes).padStart(9)}   ${(measured.heapBytes / jsonBytes).toFixed(2)}x   (target: at most 2x)`,
    ];
  } finally {
    await sandbox.close();
  }
}
