import { cruiseControlOperationSchema, PAUSE_LABEL, type CruiseControlOperation } from '../k8s/crd/cruiseControlOperation.js';
import type { CustomResource } from '../k8s/objectCache.js';
import { readOperation } from '../domain/operationRecord.js';
import { encodeGlobalId } from '../domain/globalId.js';

export const OPERATION_TYPES = ['ADD_BROKER', 'REMOVE_BROKER', 'REMOVE_DISKS', 'REBALANCE', 'STOP_EXECUTION', 'STATUS', 'OTHER'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const OPERATION_STATES = ['PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'RETRYING', 'FAILED'] as const;
export type OperationState = (typeof OPERATION_STATES)[number];

const TYPES: Readonly<Record<string, OperationType>> = {
  add_broker: 'ADD_BROKER',
  remove_broker: 'REMOVE_BROKER',
  remove_disks: 'REMOVE_DISKS',
  rebalance: 'REBALANCE',
  stop_proposal_execution: 'STOP_EXECUTION',
  status: 'STATUS',
};

export interface LogDirRef {
  brokerId: number;
  logDir: string;
}

export interface OperationProgressView {
  phase: string | null;
  percentDataMoved: number | null;
  partitionsMoved: number | null;
  partitionsTotal: number | null;
  partitionsRemaining: number | null;
  dataMovedMB: number | null;
  dataTotalMB: number | null;
  dataRemainingMB: number | null;
  leadersMoved: number | null;
  leadersTotal: number | null;
  estimatedSecondsRemaining: number | null;
  updatedAt: Date | null;
}

export interface SummaryEntryView {
  name: string;
  value: string;
}

export interface OperationView {
  nodeType: 'Operation';
  id: string;
  name: string;
  namespace: string;
  /** The KafkaCluster it belongs to (its kafka_cr label). */
  clusterName: string;
  type: OperationType;
  /** Cruise Control's name for it, e.g. remove_broker. */
  operation: string | null;
  state: OperationState;
  taskId: string | null;
  brokerIds: number[];
  logDirs: LogDirRef[];
  createdAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  retryCount: number;
  errorPolicy: string;
  error: string | null;
  /** Why it is not running yet, in words a person can act on (kafkaplane's status.message). */
  message: string | null;
  summary: SummaryEntryView[];
  progress: OperationProgressView | null;
  /** Newest first in connections: the key descends with the creation time. */
  cursorKey: string;
}

const date = (text: string | undefined): Date | null => {
  if (text === undefined || text === '') return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
};

/** `brokerid=1,2` (and a rebalance's destination_broker_ids): the brokers an operation acts on. */
function brokerIdsOf(parameters: Readonly<Record<string, string>>): number[] {
  const ids = [parameters.brokerid, parameters.destination_broker_ids]
    .flatMap((csv) => (csv ?? '').split(','))
    .map((s) => s.trim())
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** `brokerid_and_logdirs=1-/kafka-logs/kafka,2-/data/kafka` (Cruise Control's remove_disks parameter). */
function logDirsOf(parameters: Readonly<Record<string, string>>): LogDirRef[] {
  return (parameters.brokerid_and_logdirs ?? '')
    .split(',')
    .map((item) => /^\s*(\d+)-(.+?)\s*$/.exec(item))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ brokerId: Number(m[1]), logDir: m[2] ?? '' }));
}

/**
 * Koperator's task states in one word: PAUSED with the `pause: "true"` label, RETRYING for a
 * failed attempt the operator will run again (errorPolicy retry), FAILED when it will not.
 */
export function operationState(resource: CruiseControlOperation): OperationState {
  const task = resource.status?.currentTask;
  const paused = resource.metadata?.labels?.[PAUSE_LABEL] === 'true';
  const policy = resource.status?.errorPolicy ?? resource.spec.errorPolicy;
  switch (task?.state) {
    case 'Completed':
      return 'COMPLETED';
    case 'CompletedWithError':
      if (paused) return 'PAUSED';
      return policy === 'ignore' ? 'FAILED' : 'RETRYING';
    case 'Active':
    case 'InExecution':
      return 'RUNNING';
    default:
      if (paused) return 'PAUSED';
      return (resource.status?.retryCount ?? 0) > 0 ? 'RETRYING' : 'PENDING';
  }
}

/**
 * How far the execution is, and when it should end at the rate observed since it started
 * (data moved per second); null where Cruise Control has not said.
 */
export function progressView(resource: CruiseControlOperation, state: OperationState): OperationProgressView | null {
  const progress = resource.status?.progress;
  if (progress === undefined) return null;
  const remaining = (total: number | undefined, done: number | undefined): number | null =>
    total === undefined || done === undefined ? null : Math.max(0, total - done);
  const dataRemainingMB = remaining(progress.totalDataMB, progress.finishedDataMB);
  const started = date(resource.status?.currentTask?.started);
  const updated = date(progress.updated);
  let percentDataMoved: number | null = null;
  if (progress.totalDataMB !== undefined && progress.finishedDataMB !== undefined) {
    percentDataMoved = progress.totalDataMB > 0 ? Math.min(100, (progress.finishedDataMB / progress.totalDataMB) * 100) : state === 'COMPLETED' ? 100 : 0;
  }
  let estimatedSecondsRemaining: number | null = null;
  if (state === 'COMPLETED' || dataRemainingMB === 0) estimatedSecondsRemaining = 0;
  else if (dataRemainingMB !== null && started !== null && updated !== null && progress.finishedDataMB !== undefined) {
    const elapsedSeconds = (updated.getTime() - started.getTime()) / 1000;
    const rate = elapsedSeconds > 0 ? progress.finishedDataMB / elapsedSeconds : 0;
    if (rate > 0) estimatedSecondsRemaining = Math.ceil(dataRemainingMB / rate);
  }
  return {
    phase: progress.phase ?? null,
    percentDataMoved,
    partitionsMoved: progress.finishedPartitionMovements ?? null,
    partitionsTotal: progress.totalPartitionMovements ?? null,
    partitionsRemaining: remaining(progress.totalPartitionMovements, progress.finishedPartitionMovements),
    dataMovedMB: progress.finishedDataMB ?? null,
    dataTotalMB: progress.totalDataMB ?? null,
    dataRemainingMB,
    leadersMoved: progress.finishedLeaderMovements ?? null,
    leadersTotal: progress.totalLeaderMovements ?? null,
    estimatedSecondsRemaining,
    updatedAt: updated,
  };
}

const MAX_TIME = 8_640_000_000_000_000;

/** The view of a cached CruiseControlOperation, or undefined when it does not read as one. */
export function operationView(object: CustomResource): OperationView | undefined {
  const parsed = cruiseControlOperationSchema.safeParse(object);
  const name = object.metadata?.name;
  const namespace = object.metadata?.namespace;
  if (!parsed.success || name === undefined || namespace === undefined) return undefined;
  const resource = parsed.data;
  const task = resource.status?.currentTask;
  // Until its status is written, the task asked for is in an annotation (domain/operationRecord.ts).
  const requested = readOperation({ metadata: object.metadata, status: object.status }).task;
  const parameters = requested?.parameters ?? {};
  const state = operationState(resource);
  const createdAt = date(object.metadata?.creationTimestamp);
  const newestFirst = String(MAX_TIME - (createdAt?.getTime() ?? 0)).padStart(16, '0');
  return {
    nodeType: 'Operation',
    id: encodeGlobalId('Operation', namespace, name),
    name,
    namespace,
    clusterName: object.metadata?.labels?.kafka_cr ?? '',
    type: (requested !== undefined ? TYPES[requested.operation] : undefined) ?? 'OTHER',
    operation: requested?.operation ?? null,
    state,
    taskId: task?.id ?? null,
    brokerIds: brokerIdsOf(parameters),
    logDirs: logDirsOf(parameters),
    createdAt,
    startedAt: date(task?.started),
    finishedAt: date(task?.finished),
    retryCount: resource.status?.retryCount ?? 0,
    errorPolicy: resource.status?.errorPolicy ?? resource.spec.errorPolicy,
    // A retry in waiting shows why the last attempt failed.
    error: task?.errorMessage ?? (state === 'RETRYING' ? resource.status?.failedTasks?.at(-1)?.errorMessage : undefined) ?? null,
    message: resource.status?.message ?? null,
    summary: Object.entries(task?.summary ?? {}).map(([entry, value]) => ({ name: entry, value })),
    progress: progressView(resource, state),
    cursorKey: `${newestFirst}/${name}`,
  };
}
