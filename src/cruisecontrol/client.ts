import type { z } from 'zod';
import { CruiseControlError } from './errors.js';
import {
  executionParams,
  goalParams,
  logDirParam,
  type AddBrokerOptions,
  type CallOptions,
  type DemoteBrokerOptions,
  type FixOfflineReplicasOptions,
  type LoadOptions,
  type PartitionLoadOptions,
  type ProposalsOptions,
  type RebalanceOptions,
  type RemoveBrokerOptions,
  type RemoveDisksOptions,
  type StateOptions,
  type UserTasksOptions,
} from './options.js';
import { buildQuery } from './query.js';
import { readinessOf, type Readiness } from './readiness.js';
import {
  brokerStatsSchema,
  messageResultSchema,
  optimizationResultSchema,
  partitionLoadSchema,
  progressResultSchema,
  reviewResultSchema,
  userTasksSchema,
  type BrokerStats,
  type OptimizationResult,
  type PartitionLoad,
  type ProgressResult,
  type ReviewRequest,
  type UserTaskInfo,
} from './resultSchemas.js';
import { cruiseControlStateSchema, kafkaClusterStateSchema, type CruiseControlState, type KafkaClusterState } from './stateSchemas.js';
import { viewTask, type TaskContext, type TaskView } from './tasks.js';
import { CruiseControlTransport, type TransportOptions, type WireRequest, type WireResponse } from './transport.js';

export type CruiseControlClientOptions = TransportOptions;

/** Enough to re-poll the same task: the identical request plus its User-Task-ID (Cruise Control's servlet/UserTaskManager.java). */
export interface PendingRequest<T> {
  readonly method: 'GET' | 'POST';
  readonly endpoint: string;
  readonly query: string;
  readonly taskId: string;
  readonly schema: z.ZodType<T>;
}

/**
 * The answer of an asynchronous endpoint. `done` with dryrun=false means the execution has
 * *started*: follow the task in user_tasks until it is Completed.
 */
export type AsyncOutcome<T> =
  | { readonly state: 'done'; readonly taskId: string; readonly date: Date | undefined; readonly result: T }
  | {
      readonly state: 'inProgress';
      readonly taskId: string;
      readonly date: Date | undefined;
      readonly progress: ProgressResult['progress'];
      readonly pending: PendingRequest<T>;
    }
  /** Two-step verification is on: the request waits in the purgatory for review. */
  | { readonly state: 'parked'; readonly date: Date | undefined; readonly review: readonly ReviewRequest[] };

/** What a submitted reviewed request answered; the body is in the format of the original request. */
export interface SubmittedReview {
  readonly taskId: string | undefined;
  readonly status: 200 | 202;
  readonly date: Date | undefined;
  readonly body: unknown;
}

/** A typed client of the Cruise Control REST API (the Jetty servlet's behaviour: KafkaCruiseControlServlet and servlet/handler/). */
export class CruiseControlClient {
  readonly #transport: CruiseControlTransport;

  constructor(options: CruiseControlClientOptions) {
    this.#transport = new CruiseControlTransport(options);
  }

  // --- monitoring (GET; retried when the server could not be reached) ---

  state(options: StateOptions & CallOptions = {}): Promise<AsyncOutcome<CruiseControlState>> {
    const query = buildQuery({ substates: options.substates, verbose: options.verbose });
    return this.#async('GET', 'state', query, cruiseControlStateSchema, options.signal);
  }

  /** Readiness from /state with verbose goal readiness; a 202 counts as not ready yet. */
  async readiness(options: CallOptions = {}): Promise<Readiness> {
    const outcome = await this.state({ substates: ['monitor', 'analyzer', 'executor'], verbose: true, signal: options.signal });
    if (outcome.state === 'done') return readinessOf(outcome.result);
    return { ready: false, busy: false, reasons: ['Cruise Control is still computing its state; ask again shortly.'], executingTaskId: undefined };
  }

  load(options: LoadOptions & CallOptions = {}): Promise<AsyncOutcome<BrokerStats>> {
    const query = buildQuery({
      start: options.start,
      end: options.end,
      allow_capacity_estimation: options.allowCapacityEstimation,
      populate_disk_info: options.populateDiskInfo,
      capacity_only: options.capacityOnly,
    });
    return this.#async('GET', 'load', query, brokerStatsSchema, options.signal);
  }

  partitionLoad(options: PartitionLoadOptions & CallOptions = {}): Promise<AsyncOutcome<PartitionLoad>> {
    const query = buildQuery({
      resource: options.resource,
      start: options.start,
      end: options.end,
      entries: options.entries,
      topic: options.topic,
      partition: options.partition,
      brokerid: options.brokerIds,
      max_load: options.maxLoad,
      avg_load: options.avgLoad,
      min_valid_partition_ratio: options.minValidPartitionRatio,
      allow_capacity_estimation: options.allowCapacityEstimation,
    });
    return this.#async('GET', 'partition_load', query, partitionLoadSchema, options.signal);
  }

  async kafkaClusterState(options: { verbose?: boolean; topic?: string } & CallOptions = {}): Promise<KafkaClusterState> {
    const query = buildQuery({ verbose: options.verbose, topic: options.topic });
    return this.#sync('GET', 'kafka_cluster_state', query, kafkaClusterStateSchema, options.signal);
  }

  async userTasks(options: UserTasksOptions & CallOptions = {}): Promise<UserTaskInfo[]> {
    const query = buildQuery({
      user_task_ids: options.taskIds,
      client_ids: options.clientIds,
      endpoints: options.endpoints,
      types: options.types,
      entries: options.entries,
      fetch_completed_task: options.fetchCompletedTask,
    });
    return (await this.#sync('GET', 'user_tasks', query, userTasksSchema, options.signal)).userTasks;
  }

  /**
   * Where each task stands, in one user_tasks call (as Koperator polls). A task Cruise Control
   * no longer lists comes back `missing`.
   */
  async tasks(
    taskIds: readonly string[],
    options: { fetchCompletedTask?: boolean; context?: Readonly<Record<string, TaskContext>> } & CallOptions = {},
  ): Promise<Map<string, TaskView>> {
    const views = new Map<string, TaskView>();
    if (taskIds.length === 0) return views;
    const listed = await this.userTasks({ taskIds, fetchCompletedTask: options.fetchCompletedTask, signal: options.signal });
    for (const id of taskIds) views.set(id, viewTask(id, listed, options.context?.[id]));
    return views;
  }

  proposals(options: ProposalsOptions & CallOptions = {}): Promise<AsyncOutcome<OptimizationResult>> {
    const query = buildQuery({
      ...goalParams(options),
      destination_broker_ids: options.destinationBrokerIds,
      rebalance_disk: options.rebalanceDisk,
      ignore_proposal_cache: options.ignoreProposalCache,
      reason: options.reason,
    });
    return this.#async('GET', 'proposals', query, optimizationResultSchema, options.signal);
  }

  // --- operations (POST; never retried: a repeat could start a second task) ---

  addBroker(options: AddBrokerOptions & CallOptions): Promise<AsyncOutcome<OptimizationResult>> {
    const query = buildQuery({
      brokerid: options.brokerIds,
      ...goalParams(options),
      ...executionParams(options),
      throttle_added_broker: options.throttleAddedBroker,
    });
    return this.#async('POST', 'add_broker', query, optimizationResultSchema, options.signal);
  }

  removeBroker(options: RemoveBrokerOptions & CallOptions): Promise<AsyncOutcome<OptimizationResult>> {
    const query = buildQuery({
      brokerid: options.brokerIds,
      destination_broker_ids: options.destinationBrokerIds,
      ...goalParams(options),
      ...executionParams(options),
      throttle_removed_broker: options.throttleRemovedBroker,
    });
    return this.#async('POST', 'remove_broker', query, optimizationResultSchema, options.signal);
  }

  rebalance(options: RebalanceOptions & CallOptions): Promise<AsyncOutcome<OptimizationResult>> {
    const query = buildQuery({
      ...goalParams(options),
      ...executionParams(options),
      destination_broker_ids: options.destinationBrokerIds,
      rebalance_disk: options.rebalanceDisk,
      concurrent_intra_broker_partition_movements: options.concurrentIntraBrokerPartitionMovements,
      ignore_proposal_cache: options.ignoreProposalCache,
    });
    return this.#async('POST', 'rebalance', query, optimizationResultSchema, options.signal);
  }

  fixOfflineReplicas(options: FixOfflineReplicasOptions & CallOptions): Promise<AsyncOutcome<OptimizationResult>> {
    const query = buildQuery({ ...goalParams(options), ...executionParams(options) });
    return this.#async('POST', 'fix_offline_replicas', query, optimizationResultSchema, options.signal);
  }

  demoteBroker(options: DemoteBrokerOptions & CallOptions): Promise<AsyncOutcome<OptimizationResult>> {
    const query = buildQuery({
      brokerid: options.brokerIds,
      brokerid_and_logdirs: logDirParam(options.brokerIdsAndLogDirs),
      ...executionParams(options),
      concurrent_leader_movements: options.concurrentLeaderMovements,
      broker_concurrent_leader_movements: options.brokerConcurrentLeaderMovements,
      skip_urp_demotion: options.skipUrpDemotion,
      exclude_follower_demotion: options.excludeFollowerDemotion,
      exclude_recently_demoted_brokers: options.excludeRecentlyDemotedBrokers,
      allow_capacity_estimation: options.allowCapacityEstimation,
      verbose: options.verbose,
    });
    return this.#async('POST', 'demote_broker', query, optimizationResultSchema, options.signal);
  }

  removeDisks(options: RemoveDisksOptions & CallOptions): Promise<AsyncOutcome<OptimizationResult>> {
    const query = buildQuery({
      brokerid_and_logdirs: logDirParam(options.logDirs),
      dryrun: options.dryrun,
      reason: options.reason,
      stop_ongoing_execution: options.stopOngoingExecution,
    });
    return this.#async('POST', 'remove_disks', query, optimizationResultSchema, options.signal);
  }

  /** Always 200, even when nothing runs; the running task then ends CompletedWithError. */
  async stopProposalExecution(options: { reason?: string; stopExternalAgent?: boolean } & CallOptions = {}): Promise<string> {
    const query = buildQuery({ reason: options.reason, stop_external_agent: options.stopExternalAgent });
    return (await this.#sync('POST', 'stop_proposal_execution', query, messageResultSchema, options.signal)).message;
  }

  async pauseSampling(options: { reason?: string } & CallOptions = {}): Promise<string> {
    return (await this.#sync('POST', 'pause_sampling', buildQuery({ reason: options.reason }), messageResultSchema, options.signal)).message;
  }

  async resumeSampling(options: { reason?: string } & CallOptions = {}): Promise<string> {
    return (await this.#sync('POST', 'resume_sampling', buildQuery({ reason: options.reason }), messageResultSchema, options.signal)).message;
  }

  // --- two-step verification (two.step.verification.enabled) ---

  async reviewBoard(options: { reviewIds?: readonly number[] } & CallOptions = {}): Promise<ReviewRequest[]> {
    return (await this.#sync('GET', 'review_board', buildQuery({ review_ids: options.reviewIds }), reviewResultSchema, options.signal)).RequestInfo;
  }

  async review(options: { approve?: readonly number[]; discard?: readonly number[]; reason?: string } & CallOptions): Promise<ReviewRequest[]> {
    const query = buildQuery({ approve: options.approve, discard: options.discard, reason: options.reason });
    return (await this.#sync('POST', 'review', query, reviewResultSchema, options.signal)).RequestInfo;
  }

  /**
   * Runs an approved request. The servlet wants `review_id` and nothing else (not even json),
   * and answers in the format of the stored request (Cruise Control's servlet/purgatory/Purgatory.java).
   */
  async submitReviewed(endpoint: string, reviewId: number, options: CallOptions = {}): Promise<SubmittedReview> {
    const response = await this.#transport.send({ method: 'POST', endpoint, query: `review_id=${reviewId}`, signal: options.signal });
    return { taskId: response.taskId, status: response.status, date: response.date, body: response.body };
  }

  /** Asks again for a task that answered 202, with its User-Task-ID and the identical request. */
  poll<T>(pending: PendingRequest<T>, options: CallOptions = {}): Promise<AsyncOutcome<T>> {
    return this.#async(pending.method, pending.endpoint, pending.query, pending.schema, options.signal, pending.taskId);
  }

  async #async<T>(
    method: 'GET' | 'POST',
    endpoint: string,
    query: string,
    schema: z.ZodType<T>,
    signal: AbortSignal | undefined,
    taskId?: string,
  ): Promise<AsyncOutcome<T>> {
    const request: WireRequest = { method, endpoint, query, taskId, signal };
    const response = await this.#transport.send(request);
    const id = response.taskId ?? taskId;
    if (response.status === 202) {
      if (!id) throw badResponse(endpoint, response, 'a 202 without a User-Task-ID header');
      const progress = parse(progressResultSchema, response, endpoint).progress;
      return { state: 'inProgress', taskId: id, date: response.date, progress, pending: { method, endpoint, query, taskId: id, schema } };
    }
    const review = reviewResultSchema.safeParse(response.body);
    if (method === 'POST' && review.success) return { state: 'parked', date: response.date, review: review.data.RequestInfo };
    if (!id) throw badResponse(endpoint, response, 'an answer without a User-Task-ID header');
    return { state: 'done', taskId: id, date: response.date, result: parse(schema, response, endpoint) };
  }

  async #sync<T>(method: 'GET' | 'POST', endpoint: string, query: string, schema: z.ZodType<T>, signal: AbortSignal | undefined): Promise<T> {
    const response = await this.#transport.send({ method, endpoint, query, signal });
    if (response.status === 202) throw badResponse(endpoint, response, 'a 202 from a synchronous endpoint');
    return parse(schema, response, endpoint);
  }
}

function parse<T>(schema: z.ZodType<T>, response: WireResponse, endpoint: string): T {
  const parsed = schema.safeParse(response.body);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  throw badResponse(endpoint, response, where);
}

function badResponse(endpoint: string, response: WireResponse, detail: string): CruiseControlError {
  return new CruiseControlError({ code: 'CC_BAD_RESPONSE', endpoint, status: response.status, errorMessage: detail, taskId: response.taskId });
}
