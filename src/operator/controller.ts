import { randomBytes } from 'node:crypto';
import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import stringify from 'safe-stable-stringify';
import { checkKafkaCluster, UNSUPPORTED_FIELD, unsupportedFieldMessage, type KafkaClusterSpec, type KafkaClusterStatus } from '../k8s/crd/index.js';
import { assignRacks } from './broker/racks.js';
import type { EventRecorder } from '../k8s/events.js';
import type { CachedKind, ObjectCache } from '../k8s/objectCache.js';
import type { Logger } from '../logging.js';
import type { ClusterRef } from './broker/labels.js';
import { LABEL_CLUSTER } from './broker/labels.js';
import type { Action } from './reconcile/actions.js';
import type { ActionExecutor } from './reconcile/execute.js';
import type { KafkaAdminPool } from '../kafka/index.js';
import { dynamicConfigChange } from './dynamicConfig.js';
import { isPodReady, observeCluster } from './reconcile/observed.js';
import { planCluster } from './reconcile/plan.js';
import { desiredStatus } from './reconcile/status.js';
import { WorkQueue, type ReconcileResult } from './workQueue.js';

export interface ClusterControllerOptions {
  cache: ObjectCache;
  kubeConfig: KubeConfig;
  executor: ActionExecutor;
  events: EventRecorder;
  logger: Logger;
  /** Keys Kafka takes per broker at run time (src/kafka: isDynamicPerBroker). */
  isPerBrokerDynamic: (key: string) => boolean;
  /** Whether Kafka reports every partition fully replicated (undefined: unknown, so no restart). */
  kafkaHealthy: (cluster: ClusterRef) => Promise<boolean | undefined>;
  /** The cluster's Kafka Admin API, for per-broker dynamic configs (none: they are not applied). */
  kafka?: { pool: KafkaAdminPool; bootstrap: (cluster: ClusterRef) => string[] | undefined };
  /** Delay before looking again while waiting on the world. */
  requeueAfterMs?: number;
  now?: () => Date;
}

const CLUSTER_API = { group: 'kafka.banzaicloud.io', version: 'v1beta1', plural: 'kafkaclusters' };
/** Kinds whose change can matter to every cluster (scheduling, storage expansion). */
const CLUSTER_WIDE: ReadonlySet<CachedKind> = new Set(['Node', 'StorageClass']);

/** A Kafka cluster id as Kafka prints one: 16 random bytes, base64url without padding. */
export function newKafkaClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The reconciler of KafkaClusters: every change seen in the cache queues the cluster it
 * concerns; a pass reads the cluster from the cache, plans, writes the plan's actions, records
 * each as an Event, and writes the status only when it changed. It runs only while started,
 * which the leader election does (a replica that is not the leader never writes).
 */
export class ClusterController {
  private readonly queue: WorkQueue;
  private readonly customObjects: CustomObjectsApi;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ClusterControllerOptions) {
    this.customObjects = options.kubeConfig.makeApiClient(CustomObjectsApi);
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
      const name = kind === 'KafkaCluster' ? object.metadata?.name : object.metadata?.labels?.[LABEL_CLUSTER];
      if (namespace !== undefined && name !== undefined) this.queue.add(`${namespace}/${name}`);
    });
    this.enqueueAll();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.queue.stop();
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
    const resource = this.options.cache.get('KafkaCluster', namespace, name);
    if (resource?.metadata?.uid === undefined || resource.metadata.deletionTimestamp !== undefined) return undefined;
    const ref: ClusterRef = { name, namespace, uid: resource.metadata.uid };
    const involved = { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', name, namespace, uid: ref.uid };
    const current = resource.status as KafkaClusterStatus | undefined;
    const generation = resource.metadata.generation ?? 0;
    const now = this.options.now?.() ?? new Date();
    const check = checkKafkaCluster(resource);
    const observed = observeCluster(this.options.cache, ref);

    if (check.cluster === undefined || check.problems.length > 0) {
      const status = desiredStatus({ current, spec: check.cluster?.spec, check, plan: undefined, observed, generation, clusterId: current?.clusterID, now });
      if (await this.writeStatus(ref, current, status)) {
        for (const problem of check.problems) await this.options.events.record(involved, 'Warning', 'InvalidSpec', problem.message);
      }
      return undefined;
    }

    // The cluster id is written before anything that uses it, so a crash cannot give two.
    if (current?.clusterID === undefined) {
      // Conditional on the version read: a cache that lags behind our own write must not get a
      // second id written over the first (a 409 instead, and the next pass reads the id).
      await this.writeStatus(ref, current, { ...current, clusterID: newKafkaClusterId(), state: 'ClusterReconciling' }, resource.metadata.resourceVersion);
      return { requeueAfterMs: 0 };
    }

    // Fields accepted but not acted on are reported once, when they first appear.
    const reported = current.conditions?.some((c) => c.type === UNSUPPORTED_FIELD && c.status === 'True' && c.observedGeneration === generation) === true;
    if (check.unsupported.length > 0 && !reported) {
      await this.options.events.record(involved, 'Warning', UNSUPPORTED_FIELD, unsupportedFieldMessage(check.unsupported));
    }
    const spec = check.cluster.spec;
    const planInput = {
      cluster: ref,
      spec,
      clusterId: current.clusterID,
      observed,
      storageClasses: new Map(this.options.cache.list('StorageClass').map((sc) => [sc.metadata?.name ?? '', sc])),
      ...this.racks(spec, observed),
      isPerBrokerDynamic: this.options.isPerBrokerDynamic,
      rollingUpgradeErrors: current.rollingUpgradeStatus?.errorCount ?? 0,
    };
    // Kafka's health is asked for only when the plan would restart a broker: it costs a Cruise
    // Control request, and Cruise Control admits only a few requests at a time.
    let plan = planCluster({ ...planInput, kafkaHealthy: true });
    if (plan.actions.some((a) => a.type === 'restartBroker' && a.reason !== 'BrokerPodFailed')) {
      const healthy = await this.options.kafkaHealthy(ref);
      if (healthy !== true) plan = planCluster({ ...planInput, kafkaHealthy: healthy });
    }
    const result = await this.options.executor.execute(plan.actions, { cluster: name, namespace }, signal);
    if (signal.aborted) return undefined;
    for (const action of result.applied) {
      await this.options.events.record(involved, 'Normal', action.reason, describeAction(action));
    }
    const perBroker = await this.applyDynamicConfigs(ref, plan.dynamicConfigs, observed, involved, signal, current);
    const status = desiredStatus({ current, spec, check, plan, observed, generation, clusterId: current.clusterID, now, perBroker });
    await this.writeStatus(ref, current, status);
    for (const blocked of plan.blocked) {
      if (!current.conditions?.some((c) => c.message.includes(blocked.message))) await this.options.events.record(involved, 'Warning', blocked.reason, blocked.message);
    }
    if (result.failed) throw result.failed.error;
    const busy = plan.actions.length > 0 || plan.waiting.length > 0;
    return busy ? { requeueAfterMs: this.options.requeueAfterMs ?? 5_000 } : undefined;
  }

  /**
   * Applies each Ready broker's per-broker dynamic config through Kafka's Admin API, on that
   * broker alone and without a restart; the state reported is what Kafka read back.
   */
  private async applyDynamicConfigs(
    ref: ClusterRef,
    wanted: ReadonlyMap<number, ReadonlyMap<string, string>>,
    observed: ReturnType<typeof observeCluster>,
    involved: Parameters<EventRecorder['record']>[0],
    signal: AbortSignal,
    current: KafkaClusterStatus,
  ): Promise<Map<number, 'PerBrokerConfigInSync' | 'PerBrokerConfigError'>> {
    const states = new Map<number, 'PerBrokerConfigInSync' | 'PerBrokerConfigError'>();
    const kafka = this.options.kafka;
    const bootstrap = kafka?.bootstrap(ref);
    if (!kafka || !bootstrap || bootstrap.length === 0) return states;
    const admin = kafka.pool.get({ cluster: `${ref.namespace}/${ref.name}`, bootstrapServers: bootstrap });
    for (const [brokerId, entries] of wanted) {
      if (signal.aborted || !isPodReady(observed.brokers.get(brokerId)?.pod)) continue;
      const previous = current.brokersState?.[String(brokerId)]?.perBrokerConfigurationState;
      // A broker that never had a per-broker config needs no request until it gets one.
      if (entries.size === 0 && previous === undefined) continue;
      try {
        const change = dynamicConfigChange(await admin.describeBrokerConfigs(brokerId, signal), entries);
        if (change) {
          await admin.alterBrokerConfigs(brokerId, change, signal);
          await this.options.events.record(involved, 'Normal', 'PerBrokerConfigApplied', `broker ${brokerId}: ${[...Object.keys(change.set ?? {}), ...(change.delete ?? []).map((k) => `-${k}`)].join(', ')} applied without a restart`);
        }
        states.set(brokerId, 'PerBrokerConfigInSync');
      } catch (err) {
        states.set(brokerId, 'PerBrokerConfigError');
        // Reported when it starts failing, not on every pass.
        if (previous !== 'PerBrokerConfigError') {
          await this.options.events.record(involved, 'Warning', 'PerBrokerConfigError', `broker ${brokerId}: ${(err as Error).message}`);
        }
      }
    }
    return states;
  }

  /** Each broker's rack, and the zone pins of brokers not scheduled yet (see assignRacks). */
  private racks(spec: KafkaClusterSpec, observed: ReturnType<typeof observeCluster>): { racks: Map<number, string>; pins: Map<number, { key: string; value: string }> } {
    const scheduled = new Map<number, Record<string, string>>();
    for (const broker of observed.brokers.values()) {
      const nodeName = broker.pod?.spec?.nodeName;
      const node = nodeName !== undefined ? this.options.cache.get('Node', undefined, nodeName) : undefined;
      if (node?.metadata?.labels) scheduled.set(broker.id, node.metadata.labels);
    }
    const nodes = this.options.cache.list('Node').map((n) => n.metadata?.labels ?? {});
    return assignRacks(spec, scheduled, nodes);
  }

  /** Writes the status subresource when it differs; returns whether it wrote. */
  private async writeStatus(ref: ClusterRef, current: KafkaClusterStatus | undefined, next: KafkaClusterStatus, resourceVersion?: string): Promise<boolean> {
    if (stringify(current ?? {}) === stringify(next)) return false;
    const precondition = resourceVersion !== undefined ? { metadata: { resourceVersion } } : {};
    await this.customObjects.patchNamespacedCustomObjectStatus(
      { ...CLUSTER_API, namespace: ref.namespace, name: ref.name, body: { ...precondition, status: next } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    return true;
  }
}

function describeAction(action: Action): string {
  switch (action.type) {
    case 'create':
      return `created ${action.object.kind} ${action.object.metadata?.name ?? action.object.metadata?.generateName ?? ''}${action.brokerId !== undefined ? ` for broker ${action.brokerId}` : ''}`;
    case 'replace':
      return `updated ${action.object.kind} ${action.object.metadata?.name ?? ''}${action.brokerId !== undefined ? ` of broker ${action.brokerId}` : ''}`;
    case 'resizePvc':
      return `growing volume ${action.name} of broker ${action.brokerId} to ${action.storage}`;
    case 'restartBroker':
      return `restarting broker ${action.brokerId} (Pod ${action.podName}): ${action.reason}`;
  }
}
