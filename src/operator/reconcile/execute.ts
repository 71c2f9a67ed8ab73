import { ApiException, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { AbortableObjectApi, abortedBy, underSignal } from '../../k8s/abortable.js';
import type { EventRecorder, InvolvedObject } from '../../k8s/events.js';
import type { KafkaAdminClient } from '../../kafka/index.js';
import type { Logger } from '../../logging.js';
import type { ClusterRef } from '../../domain/labels.js';
import { OPERATION_API } from '../../domain/apis.js';
import { KAFKA_WRITES, type Action, type PlannedOn } from './actions.js';
import { describeAction, describeObject } from './describeAction.js';
import { kafkaAdminOf, type KafkaConnection } from './kafkaConnection.js';

/** The field manager our writes are recorded under (managedFields, kubectl's "who changed it"). */
export const FIELD_MANAGER = 'kafkaplane';

export interface ExecutionResult {
  applied: Action[];
  /** Kafka writes that failed; each concerns one broker or the cluster default, so the others were still tried. */
  refused: Array<{ action: Action; error: Error }>;
  /** The first Kubernetes write that failed; the Kubernetes writes after it were not tried (the next pass plans again). */
  failed?: { action: Action; error: Error; conflict: boolean };
}

export interface ActionExecutorOptions {
  events: EventRecorder;
  /** The clusters' Kafka Admin API; without it a Kafka write fails (the plan asks for none then). */
  kafka?: KafkaConnection | undefined;
}

/**
 * The one door for the reconciler's writes: Kubernetes objects, CruiseControlOperations, Kafka
 * dynamic configs, KRaft unregistrations, KRaft voter changes (AddRaftVoter, RemoveRaftVoter) and
 * Events, carried out in order. Every write that took effect is recorded as an Event on the
 * KafkaCluster. A failed Kubernetes write stops the
 * Kubernetes writes after it: the next pass re-plans from what the cache then shows, so nothing
 * is retried blindly. A 409 (someone changed the object meanwhile) is a normal outcome, reported
 * as a conflict.
 */
export class ActionExecutor {
  private readonly api: AbortableObjectApi;
  private readonly customObjects: CustomObjectsApi;

  constructor(
    kubeConfig: KubeConfig,
    private readonly logger: Logger,
    private readonly options: ActionExecutorOptions,
  ) {
    this.api = AbortableObjectApi.make(kubeConfig);
    this.customObjects = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  /**
   * Stops before the next write once `signal` aborts (this replica lost its leadership), and
   * aborts the request in flight then: a write that has not reached the API server never will.
   */
  async execute(actions: readonly Action[], cluster: ClusterRef, signal?: AbortSignal): Promise<ExecutionResult> {
    const result: ExecutionResult = { applied: [], refused: [] };
    const { name, namespace, uid } = cluster;
    const involved: InvolvedObject = { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', name, namespace, uid };
    for (const action of actions) {
      if (signal?.aborted === true) break;
      const kafkaWrite = KAFKA_WRITES.has(action.type);
      if (result.failed !== undefined && !kafkaWrite) continue;
      try {
        const done = await underSignal(signal, () => this.apply(action, cluster, involved, signal));
        result.applied.push(done.action);
        if (done.event !== undefined) await this.options.events.record(involved, 'Normal', action.reason, done.event, brokersOf(done.action), signal);
        if (action.type !== 'recordEvent') {
          const fields = { broker: brokerOf(action), action: action.type, reason: action.reason, object: describeObject(done.action) };
          this.logger.info({ cluster: name, namespace, ...fields }, 'applied');
        }
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        if (kafkaWrite) result.refused.push({ action, error });
        else result.failed = { action, error, conflict: err instanceof ApiException && err.code === 409 };
      }
    }
    return result;
  }

  /** Applies one action: the action as it took effect (a create, with the name it got) and the Event that tells of it. */
  private async apply(action: Action, cluster: ClusterRef, involved: InvolvedObject, signal?: AbortSignal): Promise<{ action: Action; event?: string }> {
    switch (action.type) {
      case 'create': {
        const name = (await this.api.create(action.object, undefined, undefined, FIELD_MANAGER)).metadata?.name;
        // A created object's name, when the API server completed it (generateName), goes on record.
        const created = name !== undefined ? { ...action, object: { ...action.object, metadata: { ...action.object.metadata, name } } } : action;
        return { action: created, event: describeAction(created) };
      }
      case 'replace':
        await this.api.replace(action.object, undefined, undefined, FIELD_MANAGER);
        return { action, event: describeAction(action) };
      case 'resizePvc':
        await this.api.patch(
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: action.name, namespace: action.namespace },
            spec: { resources: { requests: { storage: action.storage } } },
          } as KubernetesObject,
          undefined,
          undefined,
          FIELD_MANAGER,
          undefined,
          PatchStrategy.MergePatch,
        );
        return { action, event: describeAction(action) };
      case 'restartBroker':
        // The broker's own grace period applies (terminationGracePeriodSeconds on its Pod).
        await this.api.delete(
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: action.podName, namespace: action.namespace } },
          ...deleteOptions(action.planned),
        );
        return { action, event: describeAction(action) };
      case 'delete':
        try {
          await this.api.delete(
            { apiVersion: action.apiVersion, kind: action.kind, metadata: { name: action.name, namespace: action.namespace } },
            ...deleteOptions(action.planned),
          );
        } catch (err) {
          // Already gone (a pass before a crash deleted it): what was wanted.
          if (!(err instanceof ApiException && err.code === 404)) throw err;
        }
        return { action, event: describeAction(action) };
      case 'createOperation':
        await this.createOperation(action, signal);
        return { action, event: describeAction(action) };
      case 'alterBrokerConfigs':
        await (await this.admin(cluster)).alterBrokerConfigs(action.brokerId, action.change, signal);
        return { action, event: describeAction(action) };
      case 'reloadServerCertificate':
        await (await this.admin(cluster)).alterBrokerConfigs(action.brokerId, action.change, signal);
        return { action };
      case 'alterClusterDefaultConfigs':
        await (await this.admin(cluster)).alterClusterDefaultConfigs(action.change, signal);
        return { action, event: describeAction(action) };
      case 'unregisterBroker': {
        const outcome = await (await this.admin(cluster)).unregisterBroker(action.brokerId, signal);
        return { action, event: `broker ${action.brokerId} ${outcome === 'unregistered' ? 'unregistered from' : 'was already gone from'} the KRaft metadata` };
      }
      case 'addRaftVoter': {
        const outcome = await (await this.admin(cluster)).addRaftVoter(action.voter, action.listeners, signal);
        const { id, directoryId } = action.voter;
        return {
          action,
          event: `controller ${id} ${outcome === 'added' ? 'is now' : 'was already'} a voter of the KRaft quorum (AddRaftVoter, directory ${directoryId})`,
        };
      }
      case 'removeRaftVoter': {
        const outcome = await (await this.admin(cluster)).removeRaftVoter(action.voter, signal);
        const { id, directoryId } = action.voter;
        return {
          action,
          event: `controller ${id} ${outcome === 'removed' ? 'is no longer' : 'was already not'} a voter of the KRaft quorum (RemoveRaftVoter, directory ${directoryId})`,
        };
      }
      case 'createCruiseControlTopic': {
        const { name, partitions, replicationFactor } = action;
        const outcome = await (await this.admin(cluster)).createTopic({ name, partitions, replicationFactor }, signal);
        return { action, event: outcome === 'created' ? describeAction(action) : `topic ${name} already exists; Cruise Control uses it` };
      }
      case 'upsertScramCredentials':
        await (await this.admin(cluster)).upsertScramCredentials(action.upsertions, signal);
        return { action, event: describeAction(action) };
      case 'recordEvent':
        await this.options.events.record(involved, action.eventType, action.reason, action.message, action.brokerIds ?? [], signal);
        return { action };
    }
  }

  /** The object first, then its task in the status, which cannot be set on create (Koperator keeps it in status.currentTask). */
  private async createOperation(action: Extract<Action, { type: 'createOperation' }>, signal: AbortSignal | undefined): Promise<void> {
    const { namespace, name } = action;
    await this.customObjects.createNamespacedCustomObject({ ...OPERATION_API, namespace, body: action.body }, abortedBy(signal));
    await this.customObjects.patchNamespacedCustomObjectStatus(
      { ...OPERATION_API, namespace, name, body: { status: { currentTask: { ...action.task }, errorPolicy: 'retry' } } },
      abortedBy(signal, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
    );
  }

  private async admin(cluster: ClusterRef): Promise<KafkaAdminClient> {
    const admin = await kafkaAdminOf(this.options.kafka, cluster);
    if (admin === undefined) throw new Error(`no Kafka bootstrap address is known for cluster ${cluster.namespace}/${cluster.name}`);
    return admin;
  }
}

/**
 * The arguments of a delete after the object: only the object that was planned on (its UID and
 * resourceVersion as DeleteOptions.preconditions), so a Pod, PVC or ConfigMap recreated or
 * changed since the pass read it is not deleted on stale grounds.
 */
function deleteOptions(planned: PlannedOn | undefined): Parameters<AbortableObjectApi['delete']> extends [unknown, ...infer Rest] ? Rest : never {
  const preconditions = planned !== undefined && Object.keys(planned).length > 0 ? planned : undefined;
  return [undefined, undefined, undefined, undefined, undefined, preconditions !== undefined ? { preconditions } : undefined];
}

function brokerOf(action: Action): number | undefined {
  return 'brokerId' in action ? action.brokerId : undefined;
}

/** The brokers an Event is about (ANNOTATION_EVENT_BROKERS). */
function brokersOf(action: Action): number[] {
  if (action.type === 'createOperation') return action.brokerIds;
  const id = brokerOf(action);
  return id !== undefined ? [id] : [];
}
