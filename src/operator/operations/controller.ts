import type { ObjectCache } from '../../k8s/objectCache.js';
import type { Logger } from '../../logging.js';
import { LABEL_CLUSTER, type ClusterRef } from '../../domain/labels.js';
import { WorkQueue, type ReconcileResult } from '../workQueue.js';
import type { OperationRunner } from './runner.js';

/**
 * Runs every cluster's CruiseControlOperations on the leader: a change to an operation or its
 * cluster queues that cluster, and a cluster with a task in flight is looked at again at the
 * runner's poll interval. One pass per cluster at a time, so one execution per cluster.
 */
export class OperationController {
  private readonly queue: WorkQueue;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly cache: ObjectCache,
    private readonly runner: OperationRunner,
    logger: Logger,
  ) {
    this.queue = new WorkQueue({
      handler: (key, signal) => this.reconcile(key, signal),
      onError: (key, error, retryInMs) => logger.warn({ cluster: key, err: (error as Error).message, retryInMs }, 'operation pass failed'),
    });
  }

  start(): void {
    this.unsubscribe = this.cache.onChange((kind, _event, object) => {
      if (kind !== 'CruiseControlOperation') return;
      const namespace = object.metadata?.namespace;
      const cluster = object.metadata?.labels?.[LABEL_CLUSTER];
      if (namespace !== undefined && cluster !== undefined) this.queue.add(`${namespace}/${cluster}`);
    });
    for (const operation of this.cache.list('CruiseControlOperation')) {
      const namespace = operation.metadata?.namespace;
      const cluster = operation.metadata?.labels?.[LABEL_CLUSTER];
      if (namespace !== undefined && cluster !== undefined) this.queue.add(`${namespace}/${cluster}`);
    }
  }

  /** Asks for a pass over the cluster (after the reconciler created an operation). */
  poke(cluster: ClusterRef): void {
    this.queue.add(`${cluster.namespace}/${cluster.name}`);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.queue.stop();
  }

  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  private async reconcile(key: string, signal: AbortSignal): Promise<ReconcileResult | undefined> {
    const [namespace = '', name = ''] = key.split('/');
    const cluster = this.cache.get('KafkaCluster', namespace, name);
    const uid = cluster?.metadata?.uid;
    if (uid === undefined) return undefined;
    const requeueAfterMs = await this.runner.run({ namespace, name, uid }, signal);
    return requeueAfterMs !== undefined ? { requeueAfterMs } : undefined;
  }
}
