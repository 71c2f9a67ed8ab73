/**
 * The informer cache alone in a process of its own (run with --expose-gc by informerMemory.ts):
 * the heap after a garbage collection, before the cache and once it holds every object listed.
 * It answers its parent with one message.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { InformerObjectCache } from '../src/k8s/objectCache.js';
import { createLogger } from '../src/logging.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

/** The heap after collecting everything collectable (a few rounds: weak references and finalizers free more each time). */
function settledHeap(): number {
  for (let i = 0; i < 4; i += 1) gc?.();
  return process.memoryUsage().heapUsed;
}

const [server = '', token = '', namespace = ''] = process.argv.slice(2);
const kubeConfig = new KubeConfig();
kubeConfig.loadFromOptions({
  clusters: [{ name: 'sandbox', server, skipTLSVerify: true }],
  users: [{ name: 'bench', token }],
  contexts: [{ name: 'sandbox', cluster: 'sandbox', user: 'bench' }],
  currentContext: 'sandbox',
});
const cache = new InformerObjectCache(kubeConfig, { namespaces: [namespace], logger: createLogger({ logLevel: 'silent', logFormat: 'json' }) });
const before = settledHeap();
await cache.start();
const after = settledHeap();
const pods = cache.list('Pod');
process.send?.({ pods: pods.length, heapBytes: after - before });
await cache.stop();
