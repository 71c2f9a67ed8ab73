/**
 * Operations asked for by a person or a script (the GraphQL mutations): an on-demand rebalance,
 * a stop of the running execution, a retry of a failed or paused operation. Each is validated
 * against the cluster as the cache shows it and written as a CruiseControlOperation, which the
 * leader runs like the graceful ones (runner.ts).
 */
import { randomBytes } from 'node:crypto';
import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { PAUSE_LABEL } from '../../k8s/crd/index.js';
import type { EventRecorder } from '../../k8s/events.js';
import type { ObjectCache } from '../../k8s/objectCache.js';
import { CLUSTER_API_VERSION, OPERATION_API } from '../../domain/apis.js';
import { LABEL_CLUSTER, type ClusterRef } from '../../domain/labels.js';
import {
  ANNOTATION_RETRY_REQUESTED,
  isDone,
  newOperationObject,
  readOperation,
  taskState,
  type OperationRecord,
  type RequestedTask,
} from '../../domain/operationRecord.js';

export type RequestErrorCode = 'NOT_FOUND' | 'INVALID_INPUT' | 'OPERATION_IN_PROGRESS';
export interface RequestError {
  field: string[];
  message: string;
  code: RequestErrorCode;
}

export interface RebalanceOptions {
  goals?: readonly string[] | undefined;
  /** A Java regex of topics whose replicas stay where they are. */
  excludedTopics?: string | undefined;
  /** Only these brokers receive replicas. */
  destinationBrokerIds?: readonly number[] | undefined;
  /** Balance the disks inside each broker instead of the brokers. */
  rebalanceDisk?: boolean | undefined;
  concurrentPartitionMovementsPerBroker?: number | undefined;
  maxPartitionMovementsInCluster?: number | undefined;
  concurrentLeaderMovements?: number | undefined;
}

export type RequestResult = { ok: true; operation: string | undefined; task: RequestedTask } | { ok: false; errors: RequestError[] };

export class OperationRequests {
  private readonly api: CustomObjectsApi;

  constructor(
    kubeConfig: KubeConfig,
    private readonly cache: () => ObjectCache | undefined,
    /** Where each request is recorded, with who asked, on the KafkaCluster. */
    private readonly events?: EventRecorder,
  ) {
    this.api = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  /** The task an on-demand rebalance asks for, with its options checked; nothing written. */
  rebalanceTask(cluster: { namespace: string; name: string }, options: RebalanceOptions): RequestResult {
    const errors: RequestError[] = [];
    const found = this.cluster(cluster, errors);
    const positive = (value: number | undefined, field: string): void => {
      if (value !== undefined && (!Number.isInteger(value) || value < 1))
        errors.push({ field: ['input', field], message: `${field} must be a whole number of at least 1, got ${value}`, code: 'INVALID_INPUT' });
    };
    positive(options.concurrentPartitionMovementsPerBroker, 'concurrentPartitionMovementsPerBroker');
    positive(options.maxPartitionMovementsInCluster, 'maxPartitionMovementsInCluster');
    positive(options.concurrentLeaderMovements, 'concurrentLeaderMovements');
    if (options.goals?.some((g) => !/^[A-Za-z][\w.]*$/.test(g)) === true)
      errors.push({ field: ['input', 'goals'], message: 'goals are Cruise Control goal class names, such as RackAwareGoal', code: 'INVALID_INPUT' });
    if (options.excludedTopics !== undefined) {
      try {
        new RegExp(options.excludedTopics);
      } catch {
        errors.push({
          field: ['input', 'excludedTopics'],
          message: `excludedTopics is not a valid regular expression: ${options.excludedTopics}`,
          code: 'INVALID_INPUT',
        });
      }
    }
    if (found) {
      const brokers = new Set(((found.spec as { brokers?: Array<{ id: number }> } | undefined)?.brokers ?? []).map((b) => b.id));
      for (const id of options.destinationBrokerIds ?? []) {
        if (!brokers.has(id))
          errors.push({
            field: ['input', 'destinationBrokerIds'],
            message: `broker ${id} is not in cluster ${cluster.namespace}/${cluster.name}`,
            code: 'NOT_FOUND',
          });
      }
      const pending = this.operations(cluster).find((op) => op.task?.operation === 'rebalance' && !isDone(op));
      if (pending)
        errors.push({
          field: ['input', 'clusterId'],
          message: `a rebalance is already asked for (operation ${pending.name}); stop or wait for it first`,
          code: 'OPERATION_IN_PROGRESS',
        });
    }
    if (errors.length > 0) return { ok: false, errors };
    const parameters: Record<string, string> = {};
    if (options.goals !== undefined && options.goals.length > 0) parameters.goals = options.goals.join(',');
    if (options.excludedTopics !== undefined) parameters.excluded_topics = options.excludedTopics;
    if (options.destinationBrokerIds !== undefined && options.destinationBrokerIds.length > 0)
      parameters.destination_broker_ids = [...options.destinationBrokerIds].sort((a, b) => a - b).join(',');
    if (options.rebalanceDisk === true) parameters.rebalance_disk = 'true';
    if (options.concurrentPartitionMovementsPerBroker !== undefined)
      parameters.concurrent_partition_movements_per_broker = String(options.concurrentPartitionMovementsPerBroker);
    if (options.maxPartitionMovementsInCluster !== undefined) parameters.max_partition_movements_in_cluster = String(options.maxPartitionMovementsInCluster);
    if (options.concurrentLeaderMovements !== undefined) parameters.concurrent_leader_movements = String(options.concurrentLeaderMovements);
    return { ok: true, operation: undefined, task: { operation: 'rebalance', parameters } };
  }

  /** Writes the operation for a task rebalanceTask or stopTask accepted. */
  async create(cluster: { namespace: string; name: string }, task: RequestedTask, requestedBy?: string): Promise<string> {
    const uid = this.cache()?.get('KafkaCluster', cluster.namespace, cluster.name)?.metadata?.uid ?? '';
    const ref: ClusterRef = { ...cluster, uid };
    const name = `${cluster.name}-${task.operation.replaceAll('_', '').replace('stopproposalexecution', 'stop')}-${randomBytes(3).toString('hex')}`;
    await this.api.createNamespacedCustomObject({
      ...OPERATION_API,
      namespace: cluster.namespace,
      body: newOperationObject(ref, task, name, undefined, requestedBy),
    });
    await this.api.patchNamespacedCustomObjectStatus(
      {
        ...OPERATION_API,
        namespace: cluster.namespace,
        name,
        body: { status: { currentTask: { operation: task.operation, parameters: task.parameters }, errorPolicy: 'retry' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const asked = task.operation === 'stop_proposal_execution' ? 'StopRequested' : 'RebalanceRequested';
    await this.record(ref, asked, `operation ${name} asks Cruise Control for ${task.operation}${describeParameters(task.parameters)}`, requestedBy);
    return name;
  }

  /** A stop of the execution running on the cluster, if one runs. */
  stopTask(cluster: { namespace: string; name: string }): RequestResult {
    const errors: RequestError[] = [];
    if (!this.cluster(cluster, errors)) return { ok: false, errors };
    const running = this.operations(cluster).filter((op) => taskState(op) === 'Active' || taskState(op) === 'InExecution');
    if (running.length === 0)
      return {
        ok: false,
        errors: [{ field: ['input', 'clusterId'], message: `no operation of cluster ${cluster.namespace}/${cluster.name} is running`, code: 'NOT_FOUND' }],
      };
    return { ok: true, operation: running[0]?.name, task: { operation: 'stop_proposal_execution', parameters: {} } };
  }

  /**
   * Runs a failed or paused operation again: the pause label goes and errorPolicy becomes retry,
   * so the runner retries it with its parameters checked anew.
   */
  async retry(namespace: string, name: string, dryRun: boolean, requestedBy?: string): Promise<RequestResult> {
    const object = this.cache()?.get('CruiseControlOperation', namespace, name);
    if (!object) return { ok: false, errors: [{ field: ['input', 'operationId'], message: `no operation ${namespace}/${name}`, code: 'NOT_FOUND' }] };
    const record = readOperation(object as Parameters<typeof readOperation>[0]);
    const failed = taskState(record) === 'CompletedWithError';
    if (!failed && !record.paused) {
      return {
        ok: false,
        errors: [
          {
            field: ['input', 'operationId'],
            message: `operation ${name} neither failed nor is paused (its task is ${taskState(record) ?? 'not sent yet'})`,
            code: 'OPERATION_IN_PROGRESS',
          },
        ],
      };
    }
    if (!dryRun) {
      await this.api.patchNamespacedCustomObject(
        {
          ...OPERATION_API,
          namespace,
          name,
          body: {
            metadata: { labels: { [PAUSE_LABEL]: null }, annotations: { [ANNOTATION_RETRY_REQUESTED]: new Date().toISOString() } },
            spec: { errorPolicy: 'retry' },
          },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      const cluster = object.metadata?.labels?.[LABEL_CLUSTER];
      const uid = cluster !== undefined ? this.cache()?.get('KafkaCluster', namespace, cluster)?.metadata?.uid : undefined;
      if (cluster !== undefined)
        await this.record(
          { namespace, name: cluster, uid: uid ?? '' },
          'RetryRequested',
          `operation ${name} (${record.task?.operation ?? 'no task'}) runs again`,
          requestedBy,
        );
    }
    return { ok: true, operation: name, task: record.task ?? { operation: 'unknown', parameters: {} } };
  }

  private async record(cluster: ClusterRef, reason: string, message: string, requestedBy: string | undefined): Promise<void> {
    const by = requestedBy !== undefined ? ` (asked by ${requestedBy})` : '';
    await this.events?.record(
      { apiVersion: CLUSTER_API_VERSION, kind: 'KafkaCluster', name: cluster.name, namespace: cluster.namespace, uid: cluster.uid || undefined },
      'Normal',
      reason,
      `${message}${by}`,
    );
  }

  private cluster(cluster: { namespace: string; name: string }, errors: RequestError[]): { spec?: unknown } | undefined {
    const found = this.cache()?.get('KafkaCluster', cluster.namespace, cluster.name);
    if (!found) errors.push({ field: ['input', 'clusterId'], message: `no Kafka cluster ${cluster.namespace}/${cluster.name}`, code: 'NOT_FOUND' });
    return found;
  }

  private operations(cluster: { namespace: string; name: string }): OperationRecord[] {
    return (this.cache()?.list('CruiseControlOperation', cluster.namespace, { [LABEL_CLUSTER]: cluster.name }) ?? []).map((o) =>
      readOperation(o as Parameters<typeof readOperation>[0]),
    );
  }
}

function describeParameters(parameters: Readonly<Record<string, string>>): string {
  const entries = Object.entries(parameters);
  return entries.length === 0 ? '' : ` (${entries.map(([k, v]) => `${k}=${v}`).join(', ')})`;
}
