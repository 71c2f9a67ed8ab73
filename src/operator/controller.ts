import type { CertManagerReader } from './pki/certManager.js';
import { ApiException, type KubeConfig } from '@kubernetes/client-node';
import { LABEL_ALERT_COMMAND } from '../domain/alertEvents.js';
import type { CachedKind, ObjectCache } from '../k8s/objectCache.js';
import type { Logger } from '../logging.js';
import type { ClusterRef } from '../domain/labels.js';
import { LABEL_CLUSTER } from '../domain/labels.js';
import type { OperationRunner } from './operations/runner.js';
import type { ActionExecutor } from './reconcile/execute.js';
import type { KafkaConnection } from './reconcile/kafkaConnection.js';
import { KafkaClusterStore } from './reconcile/kafkaClusterStore.js';
import { WorldObserver } from './reconcile/observeWorld.js';
import { planPass, type NextPass } from './reconcile/planPass.js';
import { reportPass } from './reconcile/report.js';
import { WorkQueue, type ReconcileResult } from './workQueue.js';
import type { CertificateValidity, SecretReader } from './pki/certificates.js';

export interface ClusterControllerOptions {
  cache: ObjectCache;
  kubeConfig: KubeConfig;
  /** Carries out every write of a pass, Events included. */
  executor: ActionExecutor;
  logger: Logger;
  /** Keys Kafka takes per broker at run time (src/kafka: isDynamicPerBroker). */
  isPerBrokerDynamic: (key: string) => boolean;
  /** Whether Kafka reports every partition fully replicated (undefined: unknown, so no restart). */
  kafkaHealthy: (cluster: ClusterRef) => Promise<boolean | undefined>;
  /** The cluster's Kafka Admin API, for per-broker dynamic configs (none: they are not applied). */
  kafka?: KafkaConnection;
  /**
   * The graceful operations: brokers and disks removed from the spec are drained through Cruise
   * Control before anything is deleted. Without them, removed brokers and disks are left alone.
   */
  operations?: { runner: OperationRunner; poke: (cluster: ClusterRef) => void };
  /** Delay before looking again while waiting on the world. */
  requeueAfterMs?: number;
  now?: () => Date;
  /** Reads the Secrets of the certificates kafkaplane issues (sslSecrets); without it, none are issued. */
  readSecret?: SecretReader;
  /** How long the certificates kafkaplane issues are valid. */
  certificateValidity?: CertificateValidity;
  /** Reads cert-manager's Issuers and Certificates (sslSecrets.pkiBackend: cert-manager). */
  readCertManager?: CertManagerReader;
  /** The longest time between two looks at a cluster's cert-manager Certificates. */
  certManagerRecheckMs?: number;
  /** How often a quiet cluster's SCRAM users are looked for in Kafka. */
  scramRecheckMs?: number;
}

/** The longest delay setTimeout honours (Node's TIMEOUT_MAX). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Kinds whose change can matter to every cluster (scheduling, storage expansion). */
const CLUSTER_WIDE: ReadonlySet<CachedKind> = new Set(['Node', 'StorageClass']);

/**
 * The reconciler of KafkaClusters: every change seen in the cache queues the cluster it
 * concerns, and a pass over it reads as observe, plan, execute, report: it reads the cluster and
 * what the plan needs from outside (observeWorld.ts), plans once (planPass.ts), has the executor
 * carry out every write, then writes the status only when it changed (report.ts). It runs only
 * while started, which the leader election does (a replica that is not the leader never writes).
 */
export class ClusterController {
  private readonly queue: WorkQueue;
  private readonly clusters: KafkaClusterStore;
  private readonly observer: WorldObserver;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ClusterControllerOptions) {
    this.clusters = new KafkaClusterStore(options.cache, options.kubeConfig);
    const runner = options.operations?.runner;
    this.observer = new WorldObserver({
      cache: options.cache,
      clusters: this.clusters,
      logger: options.logger,
      isPerBrokerDynamic: options.isPerBrokerDynamic,
      kafkaHealthy: options.kafkaHealthy,
      kafka: options.kafka,
      listOperations: runner ? (ref) => runner.list(ref) : undefined,
      now: options.now,
      readSecret: options.readSecret,
      certificateValidity: options.certificateValidity,
      readCertManager: options.readCertManager,
      certManagerRecheckMs: options.certManagerRecheckMs,
      scramRecheckMs: options.scramRecheckMs,
    });
    this.queue = new WorkQueue({
      handler: (key, signal) => this.reconcile(key, signal),
      onError: (key, error, retryInMs) => options.logger.warn({ cluster: key, err: (error as Error).message, retryInMs }, 'reconcile failed'),
    });
  }

  start(): void {
    this.unsubscribe = this.options.cache.onChange((kind, _event, object) => {
      if (CLUSTER_WIDE.has(kind)) {
        this.enqueueAll();
        return;
      }
      const namespace = object.metadata?.namespace;
      const name = kind === 'KafkaCluster' ? object.metadata?.name : kind === 'Event' ? alertRecordCluster(object) : object.metadata?.labels?.[LABEL_CLUSTER];
      if (namespace !== undefined && name !== undefined) this.queue.add(`${namespace}/${name}`);
    });
    this.enqueueAll();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.queue.stop();
  }

  /**
   * A pass over every cluster, as a change of a Node or a StorageClass asks for; resolves once
   * they have run. Over clusters as they are wanted, it writes nothing and asks Cruise Control
   * and Kafka only what a pass needs (reconcile/needs.ts).
   */
  resync(): Promise<void> {
    this.enqueueAll();
    return this.queue.whenIdle();
  }

  /** Resolves when no pass is queued or running (for tests and graceful shutdown). */
  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  private enqueueAll(): void {
    for (const cluster of this.options.cache.list('KafkaCluster')) {
      const { namespace, name } = cluster.metadata ?? {};
      if (namespace !== undefined && name !== undefined) this.queue.add(`${namespace}/${name}`);
    }
  }

  private async reconcile(key: string, signal: AbortSignal): Promise<ReconcileResult | undefined> {
    const [namespace = '', name = ''] = key.split('/');
    const world = await this.observer.observe(namespace, name, signal);
    if (world === undefined) return undefined;
    const pass = planPass(world);
    const result = await this.options.executor.execute(pass.actions, world.cluster, signal);
    if (signal.aborted) return undefined;
    const report = reportPass(pass.report, result);
    // Over the cluster as this pass read it: a 409 means someone wrote it since, and the next
    // pass reports from what it then reads (controller-runtime's Status().Update does the same).
    const written = await this.clusters
      .writeStatus(world.cluster, world.current, report.status, report.resourceVersion ?? world.resourceVersion, signal)
      .catch((err: unknown) => {
        if (err instanceof ApiException && err.code === 409) return 'conflict' as const;
        throw err;
      });
    if (written === 'conflict') {
      if (result.failed) throw result.failed.error;
      return this.nextPass('soon');
    }
    await this.options.executor.execute(report.events, world.cluster, signal);
    if (report.operationScheduled) this.options.operations?.poke(world.cluster);
    if (result.failed) throw result.failed.error;
    return this.nextPass(report.next, pass.wakeAt);
  }

  private nextPass(next: NextPass, wakeAt?: Date): ReconcileResult | undefined {
    if (next === 'now') return { requeueAfterMs: 0 };
    if (next === 'soon') return { requeueAfterMs: this.options.requeueAfterMs ?? 5_000 };
    // A quiet cluster is still looked at when a certificate is due for renewal. Node's timers
    // take at most 2^31-1 ms (24.8 days) and fire at once beyond it; a pass then simply waits again.
    if (wakeAt !== undefined) return { requeueAfterMs: Math.min(MAX_TIMER_MS, Math.max(0, wakeAt.getTime() - (this.options.now?.() ?? new Date()).getTime())) };
    return undefined;
  }
}

/**
 * The cluster an alert record is about: a change of one can release (or hold) a rolling restart,
 * through the alerts labelled rollingupgrade. Other Events (most of them) wake nothing.
 */
function alertRecordCluster(object: {
  metadata?: { labels?: Record<string, string> } | undefined;
  involvedObject?: { kind?: string; name?: string };
}): string | undefined {
  if (object.metadata?.labels?.[LABEL_ALERT_COMMAND] === undefined || object.involvedObject?.kind !== 'KafkaCluster') return undefined;
  return object.involvedObject.name;
}
