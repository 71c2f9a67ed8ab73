import { randomBytes } from 'node:crypto';
import { ApiException, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import mergePatch from 'json-merge-patch';
import stringify from 'safe-stable-stringify';
import { LABEL_ALERT_COMMAND } from '../alerts/record.js';
import { firingRollingUpgradeAlerts } from '../alerts/rollingUpgrade.js';
import { checkKafkaCluster, UNSUPPORTED_FIELD, unsupportedFieldMessage, type KafkaClusterSpec, type KafkaClusterStatus } from '../k8s/crd/index.js';
import type { EventRecorder } from '../k8s/events.js';
import type { CachedKind, CustomResource, ObjectCache } from '../k8s/objectCache.js';
import type { Logger } from '../logging.js';
import type { ClusterRef } from './broker/labels.js';
import { LABEL_CLUSTER, restartRequests } from './broker/labels.js';
import { initialControllers } from './broker/storageFormat.js';
import type { Action } from './reconcile/actions.js';
import type { ActionExecutor } from './reconcile/execute.js';
import type { KafkaAdminPool } from '../kafka/index.js';
import { getProperties } from 'properties-file';
import { clusterWideConfigChange } from './clusterWideConfig.js';
import { dynamicConfigChange } from './dynamicConfig.js';
import { CLUSTER_WIDE_CONFIG_IN_SYNC, type ClusterWideConfigResult } from './reconcile/status.js';
import { rolesOf } from './broker/serverProperties.js';
import { controllerRestartVerdict } from './quorum/health.js';
import { reconcileVoters } from './quorum/reconcileVoters.js';
import { roleChanges } from './quorum/roleChanges.js';
import type { VoterPlan } from './quorum/voterChanges.js';
import { isPodReady, observeCluster, observedRacks } from './reconcile/observed.js';
import { planCluster } from './reconcile/plan.js';
import { desiredStatus } from './reconcile/status.js';
import { WorkQueue, type ReconcileResult } from './workQueue.js';
import { planGraceful, type GracefulPlan } from './operations/graceful.js';
import { brokerIdsOf, logDirOf, logDirsOf, OPERATION_API, newOperationObject, readOperation, type OperationRecord } from './operations/record.js';
import type { OperationRunner } from './operations/runner.js';

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
  /**
   * The graceful operations: brokers and disks removed from the spec are drained through Cruise
   * Control before anything is deleted. Without them, removed brokers and disks are left alone.
   */
  operations?: { runner: OperationRunner; poke: (cluster: ClusterRef) => void };
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
  /** The resourceVersion each cluster got from this controller's last status write. */
  private readonly written = new Map<string, string>();

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
      const name = kind === 'KafkaCluster' ? object.metadata?.name : kind === 'Event' ? alertRecordCluster(object) : object.metadata?.labels?.[LABEL_CLUSTER];
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
    const resource = await this.readCluster(key, namespace, name);
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
      // With the id, the quorum the controllers are first formatted with (storageFormat.ts).
      const first = { clusterID: newKafkaClusterId(), initialControllers: initialControllers(name, namespace, check.cluster.spec) };
      await this.writeStatus(ref, current, { ...current, ...first, state: 'ClusterReconciling' }, resource.metadata.resourceVersion);
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
      ...observedRacks(this.options.cache, spec, observed),
      isPerBrokerDynamic: this.options.isPerBrokerDynamic,
      rollingUpgradeErrors: current.rollingUpgradeStatus?.errorCount ?? 0,
      restartRequests: restartRequests(resource.metadata.annotations),
      initialControllers: current.initialControllers,
      rollingUpgradeAlerts: firingRollingUpgradeAlerts(this.options.cache.list('Event', namespace), name),
    };
    const graceful = this.options.operations ? await this.gracefulPlan(ref, spec, observed, current, signal) : undefined;
    // KRaft voters (operator/quorum/): new controllers are promoted, removed ones demoted, and a
    // removed controller's objects stay while Kafka may still count it as a voter. A node whose
    // roles the spec changed is left as it runs.
    const voters = await this.reconcileVoters(ref, spec, observed, involved, signal);
    if (graceful) graceful.releasedBrokers = graceful.releasedBrokers.filter((id) => !voters.stillVoting.includes(id));
    const refusedRoleChanges = roleChanges(spec, observed);
    Object.assign(planInput, { held: new Set(refusedRoleChanges.map((b) => b.brokerId)) });
    if (graceful) {
      Object.assign(planInput, {
        graceful: { retainedVolumes: graceful.retainedVolumes, releasedVolumes: graceful.releasedVolumes, releasedBrokers: graceful.releasedBrokers },
      });
    }
    // Kafka's health is asked for only when the plan would restart a broker: it costs a Cruise
    // Control request, and Cruise Control admits only a few requests at a time.
    const everyRestartAllowed = { ok: true, reason: '' };
    let plan = planCluster({ ...planInput, kafkaHealthy: true, controllerRestartAllowed: everyRestartAllowed });
    const restart = plan.actions.find((a) => a.type === 'restartBroker' && a.reason !== 'BrokerPodFailed');
    if (restart?.type === 'restartBroker') {
      const healthy = await this.options.kafkaHealthy(ref);
      const isController = rolesOf(spec, spec.brokers.find((b) => b.id === restart.brokerId) ?? { id: restart.brokerId }).includes('controller');
      const quorum = isController ? await this.controllerRestartAllowed(ref, restart.brokerId, signal) : everyRestartAllowed;
      if (healthy !== true || !quorum.ok) plan = planCluster({ ...planInput, kafkaHealthy: healthy, controllerRestartAllowed: quorum });
    }
    const result = await this.options.executor.execute(plan.actions, { cluster: name, namespace }, signal);
    if (signal.aborted) return undefined;
    for (const action of result.applied) {
      await this.options.events.record(involved, 'Normal', action.reason, describeAction(action), action.brokerId !== undefined ? [action.brokerId] : []);
    }
    const perBroker = await this.applyDynamicConfigs(ref, plan.dynamicConfigs, observed, involved, signal, current);
    if (signal.aborted) return undefined;
    // After the brokers, as Koperator orders it (per-broker dynamic config, then cluster-wide).
    const clusterWide = await this.applyClusterWideConfig(ref, spec.clusterWideConfig, observed, involved, signal, current);
    if (signal.aborted) return undefined;
    if (graceful) {
      await this.requestOperation(ref, graceful, involved, signal, spec.cruiseControlConfig.cruiseControlOperationSpec?.ttlSecondsAfterFinished);
      await this.forgetRemovedBrokers(ref, graceful, current, involved, signal);
      plan.blocked.push(...graceful.blocked);
      plan.waiting.push(...graceful.waiting);
    }
    plan.blocked.push(...voters.blocked, ...refusedRoleChanges);
    plan.waiting.push(...voters.waiting);
    const status = desiredStatus({ current, spec, check, plan, observed, generation, clusterId: current.clusterID, now, perBroker, ...(clusterWide ? { clusterWide } : {}), ...(graceful ? { graceful: graceful.states } : {}) });
    if (signal.aborted) return undefined;
    await this.writeStatus(ref, current, status);
    for (const blocked of plan.blocked) {
      if (!current.conditions?.some((c) => c.message.includes(blocked.message))) await this.options.events.record(involved, 'Warning', blocked.reason, blocked.message);
    }
    if (result.failed) throw result.failed.error;
    const busy = plan.actions.length > 0 || plan.waiting.length > 0;
    return busy ? { requeueAfterMs: this.options.requeueAfterMs ?? 5_000 } : undefined;
  }

  /** Asks Kafka for the KRaft quorum before a controller restarts; unknown means not now. */
  private async controllerRestartAllowed(ref: ClusterRef, controllerId: number, signal: AbortSignal): Promise<{ ok: boolean; reason: string }> {
    const kafka = this.options.kafka;
    const bootstrap = kafka?.bootstrap(ref);
    // Without a Kafka connection configured the quorum cannot be asked: the readiness of every
    // other broker, required anyway, is then the only guard.
    if (!kafka || !bootstrap || bootstrap.length === 0) return { ok: true, reason: 'no Kafka connection to ask the quorum' };
    try {
      const quorum = await kafka.pool.get({ cluster: `${ref.namespace}/${ref.name}`, bootstrapServers: bootstrap }).describeQuorum(signal);
      return controllerRestartVerdict(quorum, controllerId, (this.options.now?.() ?? new Date()).getTime());
    } catch (err) {
      return { ok: false, reason: `waiting for Kafka to describe the KRaft quorum (${(err as Error).message})` };
    }
  }

  /** Promotes and demotes KRaft voters through Kafka's Admin API (operator/quorum/reconcileVoters.ts). */
  private reconcileVoters(ref: ClusterRef, spec: KafkaClusterSpec, observed: ReturnType<typeof observeCluster>, involved: Parameters<EventRecorder['record']>[0], signal: AbortSignal): Promise<VoterPlan> {
    const kafka = this.options.kafka;
    const bootstrap = kafka?.bootstrap(ref);
    const admin = kafka && bootstrap && bootstrap.length > 0 ? kafka.pool.get({ cluster: `${ref.namespace}/${ref.name}`, bootstrapServers: bootstrap }) : undefined;
    const now = (this.options.now?.() ?? new Date()).getTime();
    return reconcileVoters({ cluster: ref, spec, observed, now, signal, admin, record: (reason, message, ids) => this.options.events.record(involved, 'Normal', reason, message, ids) });
  }

  /**
   * The graceful actions of the cluster. The operations come from the cache, but from the API
   * whenever the plan would create one or refers to one the cache does not show yet: a lagging
   * cache must neither send a drain twice nor count a missing drain as done.
   */
  private async gracefulPlan(ref: ClusterRef, spec: KafkaClusterSpec, observed: ReturnType<typeof observeCluster>, current: KafkaClusterStatus, signal: AbortSignal): Promise<GracefulPlan> {
    const runner = this.options.operations?.runner;
    let operations: OperationRecord[] = this.options.cache.list('CruiseControlOperation', ref.namespace, { [LABEL_CLUSTER]: ref.name }).map((o) => readOperation(o as Parameters<typeof readOperation>[0]));
    const inSync = new Set(Object.entries(current.brokersState ?? {}).filter(([, b]) => b.configurationState === 'ConfigInSync').map(([id]) => Number(id)));
    const now = (this.options.now?.() ?? new Date()).getTime();
    const input = { spec, observed, brokersState: current.brokersState ?? {}, operations, replicaCounts: new Map<number, number>(), logDirReplicas: new Map<string, number>(), inSync, now };
    let plan = planGraceful(input);
    const known = new Set(operations.map((o) => o.name));
    const referenced = Object.values(current.brokersState ?? {}).flatMap((b) => [
      b.gracefulActionState?.cruiseControlOperationReference?.name,
      ...Object.values(b.gracefulActionState?.volumeStates ?? {}).map((v) => v.cruiseControlOperationReference?.name),
    ]);
    if (runner && ((plan.request !== undefined && plan.request.adopt === undefined) || referenced.some((name) => name !== undefined && !known.has(name)))) {
      operations = await runner.list(ref);
      input.operations = operations;
      plan = planGraceful(input);
    }
    if (plan.confirm.brokers.length > 0 || plan.confirm.logDirs.length > 0) {
      await this.askKafka(ref, plan, input, signal);
      plan = planGraceful(input);
    }
    return plan;
  }

  /** What Kafka itself reports on the brokers and log dirs about to be released. */
  private async askKafka(ref: ClusterRef, plan: GracefulPlan, input: { replicaCounts: Map<number, number>; logDirReplicas: Map<string, number> }, signal: AbortSignal): Promise<void> {
    const kafka = this.options.kafka;
    const bootstrap = kafka?.bootstrap(ref);
    if (!kafka || !bootstrap || bootstrap.length === 0) return;
    const admin = kafka.pool.get({ cluster: `${ref.namespace}/${ref.name}`, bootstrapServers: bootstrap });
    const ids = [...new Set([...plan.confirm.brokers, ...plan.confirm.logDirs.map((d) => d.brokerId)])];
    try {
      const dirs = await admin.describeLogDirs(ids, signal);
      for (const id of plan.confirm.brokers) {
        const reported = dirs.get(id);
        if (reported !== undefined) input.replicaCounts.set(id, reported.reduce((n, d) => n + d.replicas.length, 0));
      }
      for (const { brokerId, mountPath } of plan.confirm.logDirs) {
        const reported = dirs.get(brokerId);
        if (reported === undefined) continue;
        const dir = reported.find((d) => d.path === logDirOf(mountPath));
        input.logDirReplicas.set(`${brokerId}:${mountPath}`, dir?.replicas.length ?? 0);
      }
    } catch (err) {
      // Unconfirmed means kept: nothing is released while Kafka cannot be asked.
      this.options.logger.info({ cluster: ref.name, err: (err as Error).message }, 'Kafka could not confirm what is drained; nothing is released this pass');
    }
  }

  /** Creates the operation the graceful plan asks for (or adopts the one a crash left), then marks it. */
  private async requestOperation(ref: ClusterRef, plan: GracefulPlan, involved: Parameters<EventRecorder['record']>[0], signal: AbortSignal, ttl: number | undefined): Promise<void> {
    const request = plan.request;
    if (request === undefined) return;
    let name = request.adopt;
    if (name === undefined) {
      if (signal.aborted) return;
      name = `${ref.name}-${request.task.operation.replaceAll('_', '')}-${randomBytes(3).toString('hex')}`;
      await this.customObjects.createNamespacedCustomObject({ ...OPERATION_API, namespace: ref.namespace, body: newOperationObject(ref, request.task, name, ttl) });
      await this.customObjects.patchNamespacedCustomObjectStatus(
        { ...OPERATION_API, namespace: ref.namespace, name, body: { status: { currentTask: { operation: request.task.operation, parameters: request.task.parameters }, errorPolicy: 'retry' } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      const brokers = [...new Set([...brokerIdsOf(request.task), ...logDirsOf(request.task).map((d) => d.brokerId)])];
      await this.options.events.record(involved, 'Normal', 'OperationCreated', `${name}: ${request.task.operation} ${Object.entries(request.task.parameters).map(([k, v]) => `${k}=${v}`).join(' ')}`, brokers);
    }
    plan.markScheduled({ name });
    this.options.operations?.poke(ref);
  }

  /** A removed broker with nothing left in Kubernetes leaves the KRaft metadata, then the status. */
  private async forgetRemovedBrokers(ref: ClusterRef, plan: GracefulPlan, current: KafkaClusterStatus, involved: Parameters<EventRecorder['record']>[0], signal: AbortSignal): Promise<void> {
    const kafka = this.options.kafka;
    const bootstrap = kafka?.bootstrap(ref);
    for (const id of plan.forgottenBrokers) {
      if (current.brokersState?.[String(id)] === undefined) continue;
      if (!kafka || !bootstrap || bootstrap.length === 0) continue;
      try {
        const result = await kafka.pool.get({ cluster: `${ref.namespace}/${ref.name}`, bootstrapServers: bootstrap }).unregisterBroker(id, signal);
        await this.options.events.record(involved, 'Normal', 'BrokerUnregistered', `broker ${id} ${result === 'unregistered' ? 'unregistered from' : 'was already gone from'} the KRaft metadata`, [id]);
      } catch (err) {
        plan.states.set(id, current.brokersState[String(id)]?.gracefulActionState);
        plan.waiting.push(`broker ${id}: removed; unregistering it from Kafka failed (${(err as Error).message}), retrying`);
      }
    }
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
          await this.options.events.record(involved, 'Normal', 'PerBrokerConfigApplied', `broker ${brokerId}: ${[...Object.keys(change.set ?? {}), ...(change.delete ?? []).map((k) => `-${k}`)].join(', ')} applied without a restart`, [brokerId]);
        }
        states.set(brokerId, 'PerBrokerConfigInSync');
      } catch (err) {
        states.set(brokerId, 'PerBrokerConfigError');
        // Reported when it starts failing, not on every pass.
        if (previous !== 'PerBrokerConfigError') {
          await this.options.events.record(involved, 'Warning', 'PerBrokerConfigError', `broker ${brokerId}: ${(err as Error).message}`, [brokerId]);
        }
      }
    }
    return states;
  }

  /**
   * Applies spec.clusterWideConfig to the cluster-default dynamic broker config through Kafka's
   * Admin API (describe BROKER "", compare, validate-only alter, alter), never restarting a
   * broker. Keys kafkaplane set before and that left the spec are deleted; the keys set are
   * recorded in status.clusterWideConfigKeys. Undefined when nothing was asked of Kafka.
   */
  private async applyClusterWideConfig(
    ref: ClusterRef,
    properties: string | undefined,
    observed: ReturnType<typeof observeCluster>,
    involved: Parameters<EventRecorder['record']>[0],
    signal: AbortSignal,
    current: KafkaClusterStatus,
  ): Promise<ClusterWideConfigResult | undefined> {
    const kafka = this.options.kafka;
    const bootstrap = kafka?.bootstrap(ref);
    if (!kafka || !bootstrap || bootstrap.length === 0) return undefined;
    const wanted = new Map(Object.entries(getProperties(properties ?? '')));
    const applied = current.clusterWideConfigKeys ?? [];
    const previous = current.conditions?.find((c) => c.type === CLUSTER_WIDE_CONFIG_IN_SYNC);
    // A cluster that never had a clusterWideConfig needs no request until it gets one.
    if (wanted.size === 0 && applied.length === 0 && previous === undefined) return undefined;
    if (![...observed.brokers.values()].some((b) => isPodReady(b.pod))) return undefined;
    const admin = kafka.pool.get({ cluster: `${ref.namespace}/${ref.name}`, bootstrapServers: bootstrap });
    try {
      const change = clusterWideConfigChange(await admin.describeClusterDefaultConfigs(signal), wanted, applied);
      if (change) {
        await admin.alterClusterDefaultConfigs(change, signal);
        const names = [...Object.keys(change.set ?? {}), ...(change.delete ?? []).map((k) => `-${k}`)];
        await this.options.events.record(involved, 'Normal', 'ClusterWideConfigApplied', `cluster-wide dynamic config: ${names.join(', ')} applied without a restart`);
      }
      return { keys: [...wanted.keys()].sort() };
    } catch (err) {
      const message = (err as Error).message;
      // Reported when it starts failing, not on every pass.
      if (previous?.status !== 'False') await this.options.events.record(involved, 'Warning', 'ClusterWideConfigError', message);
      return { keys: applied, error: message };
    }
  }

  /** Writes the status subresource when it differs; returns whether it wrote. */
  private async writeStatus(ref: ClusterRef, current: KafkaClusterStatus | undefined, next: KafkaClusterStatus, resourceVersion?: string): Promise<boolean> {
    if (stringify(current ?? {}) === stringify(next)) return false;
    const precondition = resourceVersion !== undefined ? { metadata: { resourceVersion } } : {};
    // A merge patch of the difference: keys that went (a removed broker's entry) are sent as null.
    const change = mergePatch.generate(current ?? {}, next) as unknown;
    const written = (await this.customObjects.patchNamespacedCustomObjectStatus(
      { ...CLUSTER_API, namespace: ref.namespace, name: ref.name, body: { ...precondition, status: change ?? {} } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as CustomResource;
    const version = written.metadata?.resourceVersion;
    if (version !== undefined) this.written.set(`${ref.namespace}/${ref.name}`, version);
    return true;
  }

  /**
   * The cluster as the pass must see it: from the cache, unless the cache has not yet shown this
   * controller's last status write. A pass planned on the status before that write would ask
   * again for what the write recorded as asked (a second CruiseControlOperation), so the cluster
   * is then read from the API instead.
   */
  private async readCluster(key: string, namespace: string, name: string): Promise<CustomResource | undefined> {
    const cached = this.options.cache.get('KafkaCluster', namespace, name);
    const written = this.written.get(key);
    if (written === undefined || cached?.metadata?.resourceVersion === written) {
      this.written.delete(key);
      return cached;
    }
    try {
      const fresh = (await this.customObjects.getNamespacedCustomObject({ ...CLUSTER_API, namespace, name })) as CustomResource;
      this.written.delete(key);
      return fresh;
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) {
        this.written.delete(key);
        return undefined;
      }
      throw err;
    }
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
    case 'delete':
      return `deleted ${action.kind} ${action.name} of broker ${action.brokerId}: its data is confirmed moved off`;
  }
}

/**
 * The cluster an alert record is about: a change of one can release (or hold) a rolling restart,
 * through the alerts labelled rollingupgrade. Other Events (most of them) wake nothing.
 */
function alertRecordCluster(object: { metadata?: { labels?: Record<string, string> } | undefined; involvedObject?: { kind?: string; name?: string } }): string | undefined {
  if (object.metadata?.labels?.[LABEL_ALERT_COMMAND] === undefined || object.involvedObject?.kind !== 'KafkaCluster') return undefined;
  return object.involvedObject.name;
}
