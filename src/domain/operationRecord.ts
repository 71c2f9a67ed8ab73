/**
 * A CruiseControlOperation as the operator reads it: the task it asks for (Koperator keeps the
 * operation and its parameters in `status.currentTask`), where the task stands, and the rules
 * Koperator's controller applies to it (adobe/koperator controllers/cruisecontroloperation_controller.go).
 */
import { cruiseControlOperationStatusSchema, PAUSE_LABEL, type CruiseControlOperationStatus, type CruiseControlTask } from '../k8s/crd/index.js';
import { OPERATION_API_VERSION } from './apis.js';
import { LABEL_APP, LABEL_CLUSTER, ownerReference, type ClusterRef } from './labels.js';

/** Koperator's finalizer: a running task is stopped before its record goes. */
export const OPERATION_FINALIZER = 'finalizer.cruisecontroloperations.kafka.banzaicloud.io';
/**
 * The task asked for, written on the object at creation: the status (where Koperator keeps it)
 * cannot be set on create, so a crash between the create and the status write loses nothing.
 */
export const ANNOTATION_TASK = 'kafkaplane.io/task';

/** When a person asked for a retry (retryOperation): it runs at once, without the back-off. */
export const ANNOTATION_RETRY_REQUESTED = 'kafkaplane.io/retry-requested';

/** The graceful operations, by Koperator's priority (add_broker 3 … rebalance 0). */
export const OPERATION_PRIORITY: Readonly<Record<string, number>> = { add_broker: 3, remove_broker: 2, remove_disks: 1, rebalance: 0 };

export type TaskState = 'Active' | 'InExecution' | 'Completed' | 'CompletedWithError';

export interface RequestedTask {
  operation: string;
  parameters: Record<string, string>;
}

export interface OperationRecord {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  createdAt: string;
  cluster: string | undefined;
  deleting: boolean;
  finalizers: string[];
  paused: boolean;
  errorPolicy: 'retry' | 'ignore';
  ttlSecondsAfterFinished: number | undefined;
  /** Undefined when neither the status nor the annotation names one (Koperator ignores those). */
  task: RequestedTask | undefined;
  status: CruiseControlOperationStatus;
  /** ISO time of the last retry asked for by hand, if any. */
  retryRequestedAt: string | undefined;
}

interface OperationObject {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string | Date;
    deletionTimestamp?: string | Date;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  spec?: { errorPolicy?: string; ttlSecondsAfterFinished?: number };
  status?: unknown;
}

export function readOperation(object: OperationObject): OperationRecord {
  const metadata = object.metadata ?? {};
  const parsed = cruiseControlOperationStatusSchema.safeParse(object.status ?? {});
  const status = parsed.success ? parsed.data : {};
  const created = metadata.creationTimestamp;
  return {
    name: metadata.name ?? '',
    namespace: metadata.namespace ?? '',
    uid: metadata.uid ?? '',
    resourceVersion: metadata.resourceVersion ?? '',
    createdAt: created instanceof Date ? created.toISOString() : (created ?? ''),
    cluster: metadata.labels?.[LABEL_CLUSTER],
    deleting: metadata.deletionTimestamp !== undefined,
    finalizers: metadata.finalizers ?? [],
    paused: metadata.labels?.[PAUSE_LABEL] === 'true',
    errorPolicy: object.spec?.errorPolicy === 'ignore' ? 'ignore' : 'retry',
    ttlSecondsAfterFinished: object.spec?.ttlSecondsAfterFinished,
    task: requestedTask(status.currentTask, metadata.annotations?.[ANNOTATION_TASK]),
    status,
    retryRequestedAt: metadata.annotations?.[ANNOTATION_RETRY_REQUESTED],
  };
}

function requestedTask(current: CruiseControlTask | undefined, annotation: string | undefined): RequestedTask | undefined {
  if (current?.operation !== undefined && current.operation !== '') return { operation: current.operation, parameters: current.parameters ?? {} };
  if (annotation === undefined) return undefined;
  try {
    const value = JSON.parse(annotation) as { operation?: unknown; parameters?: unknown };
    if (typeof value.operation !== 'string') return undefined;
    const parameters = typeof value.parameters === 'object' && value.parameters !== null ? (value.parameters as Record<string, string>) : {};
    return { operation: value.operation, parameters };
  } catch {
    return undefined;
  }
}

export function taskState(record: OperationRecord): TaskState | undefined {
  const state = record.status.currentTask?.state;
  return state === 'Active' || state === 'InExecution' || state === 'Completed' || state === 'CompletedWithError' ? state : undefined;
}

/** Koperator's "finished": Completed, or CompletedWithError under errorPolicy ignore. */
export function isFinished(record: OperationRecord): boolean {
  const state = taskState(record);
  return state === 'Completed' || (state === 'CompletedWithError' && record.errorPolicy === 'ignore');
}

/** Koperator's "done": finished, or paused after an error. Done records are not run again. */
export function isDone(record: OperationRecord): boolean {
  return isFinished(record) || (record.paused && taskState(record) === 'CompletedWithError');
}

/** A task id is known and Cruise Control has not said it ended. */
export function isInProgress(record: OperationRecord): boolean {
  const state = taskState(record);
  return record.status.currentTask?.id !== undefined && (state === 'Active' || state === 'InExecution');
}

/** A request was claimed (its marker written) but its task id never stored: it may have been sent. */
export function isUnconfirmed(record: OperationRecord): boolean {
  return record.status.requestMarker !== undefined && record.status.currentTask?.id === undefined && taskState(record) === undefined;
}

export function brokerIdsOf(task: RequestedTask | undefined): number[] {
  return (task?.parameters.brokerid ?? task?.parameters.destination_broker_ids ?? '')
    .split(',')
    .filter((id) => id !== '')
    .map(Number)
    .filter(Number.isInteger);
}

/** `brokerid_and_logdirs=1-/kafka-logs/kafka,…` as pairs. */
export function logDirsOf(task: RequestedTask | undefined): Array<{ brokerId: number; logDir: string }> {
  return (task?.parameters.brokerid_and_logdirs ?? '')
    .split(',')
    .filter((entry) => entry !== '')
    .map((entry) => {
      const dash = entry.indexOf('-');
      return { brokerId: Number(entry.slice(0, dash)), logDir: entry.slice(dash + 1) };
    });
}

/** The Kafka log dir kafkaplane renders for a mount path (server.properties `log.dirs`). */
export function logDirOf(mountPath: string): string {
  return `${mountPath.replace(/\/+$/, '')}/kafka`;
}

/** Koperator's object: generateName `<cluster>-<operation without underscores>-`, labels, owner. */
/** On a CruiseControlOperation a caller asked for: who they are, as the API server authenticated them. */
export const ANNOTATION_REQUESTED_BY = 'kafkaplane.io/requested-by';

export function newOperationObject(
  cluster: ClusterRef,
  task: RequestedTask,
  name: string,
  ttlSecondsAfterFinished?: number,
  requestedBy?: string,
): Record<string, unknown> {
  return {
    apiVersion: OPERATION_API_VERSION,
    kind: 'CruiseControlOperation',
    metadata: {
      name,
      namespace: cluster.namespace,
      labels: { [LABEL_APP]: 'kafka', [LABEL_CLUSTER]: cluster.name },
      annotations: { [ANNOTATION_TASK]: JSON.stringify(task), ...(requestedBy !== undefined ? { [ANNOTATION_REQUESTED_BY]: requestedBy } : {}) },
      ownerReferences: [ownerReference(cluster)],
    },
    spec: { errorPolicy: 'retry', ...(ttlSecondsAfterFinished !== undefined ? { ttlSecondsAfterFinished } : {}) },
  };
}

/** Standard parameters of each graceful operation (Koperator's controllers/cruisecontroltask_controller.go). */
export function gracefulTask(operation: 'add_broker' | 'remove_broker', brokerIds: readonly number[]): RequestedTask;
export function gracefulTask(operation: 'remove_disks', logDirs: ReadonlyArray<{ brokerId: number; logDir: string }>): RequestedTask;
export function gracefulTask(operation: 'rebalance', brokerIds: readonly number[]): RequestedTask;
export function gracefulTask(operation: string, targets: ReadonlyArray<number | { brokerId: number; logDir: string }>): RequestedTask {
  const ids = targets.filter((t): t is number => typeof t === 'number').sort((a, b) => a - b);
  const excludes = { exclude_recently_demoted_brokers: 'true', exclude_recently_removed_brokers: 'true' };
  switch (operation) {
    case 'add_broker':
    case 'remove_broker':
      return { operation, parameters: { brokerid: ids.join(','), ...excludes } };
    case 'rebalance':
      return { operation, parameters: { destination_broker_ids: ids.join(','), rebalance_disk: 'true', ...excludes } };
    default: {
      const dirs = targets.filter((t): t is { brokerId: number; logDir: string } => typeof t !== 'number');
      return { operation, parameters: { brokerid_and_logdirs: dirs.map((d) => `${d.brokerId}-${d.logDir}`).join(',') } };
    }
  }
}
