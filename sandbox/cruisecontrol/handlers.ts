import type { KafkaClusterModel } from '../kafka/model/index.js';
import { brokerStats } from './brokerStats.js';
import { capacityProblem, type CapacityConfig } from './capacity.js';
import { snapshot } from './cluster.js';
import type { EndpointName } from './endpoints.js';
import { badParameter, CruiseControlError, OperationError } from './errors.js';
import type { Executor } from './executor.js';
import type { LoadMonitor } from './monitor.js';
import type { Parameters } from './parameters.js';
import type { Purgatory } from './purgatory.js';
import { cruiseControlState, kafkaClusterState, userTaskState } from './responses.js';
import type { UserTaskManager } from './userTasks.js';

export interface HandlerContext {
  readonly model: KafkaClusterModel;
  readonly monitor: LoadMonitor;
  readonly executor: Executor;
  readonly tasks: UserTaskManager;
  readonly purgatory: Purgatory;
  readonly now: () => number;
  /** capacity.json as read at start; undefined: every broker's capacity is its disks'. */
  readonly capacity?: CapacityConfig | undefined;
}

const SUBSTATES = ['ANALYZER', 'MONITOR', 'EXECUTOR', 'ANOMALY_DETECTOR'];
const TASK_TYPES = ['Active', 'InExecution', 'Completed', 'CompletedWithError'];
const UUID = /^[0-9a-fA-F]{1,8}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,12}$/;

/** Validates the parameters of the endpoints that are not goal-based; throws a 400 as their *Parameters classes do. */
export function validate(endpoint: EndpointName, params: Parameters): void {
  switch (endpoint) {
    case 'state': {
      const unknown = (params.list('substates') ?? []).filter((s) => !SUBSTATES.includes(s.toUpperCase()));
      if (unknown.length > 0) throw badParameter(`Unsupported substates in [${unknown.join(', ')}]. Supported: [${SUBSTATES.join(', ')}]`);
      return;
    }
    case 'load': {
      const time = params.string('time');
      if (time !== undefined && params.has('end'))
        throw badParameter('Parameter time and parameter end are mutually exclusive and should not be specified in the same request.');
      if (time !== undefined && time.toUpperCase() !== 'NOW') params.long('time');
      const start = params.long('start') ?? -1;
      const end = params.long('end');
      if (end !== undefined && start >= end) throw badParameter(`Invalid time range: [${start}, ${end}]. The start time must be less than the end time.`);
      if (params.boolean('capacity_only', false) && ['time', 'end', 'start', 'allow_capacity_estimation', 'populate_disk_info'].some((n) => params.has(n))) {
        throw badParameter('The capacity_only parameter cannot be combined with time, end, start, allow_capacity_estimation or populate_disk_info.');
      }
      return;
    }
    case 'partition_load': {
      const resource = params.string('resource');
      if (resource !== undefined && !['CPU', 'DISK', 'NW_IN', 'NW_OUT'].includes(resource.toUpperCase())) {
        throw badParameter(`No enum constant com.linkedin.kafka.cruisecontrol.common.Resource.${resource.toUpperCase()}`);
      }
      const entries = params.int('entries');
      if (entries !== undefined && entries <= 0) throw badParameter(`The requested number of entries must be positive (Requested: ${entries}).`);
      if (params.has('max_load') && params.has('avg_load')) throw badParameter('Parameters max_load and avg_load are mutually exclusive.');
      params.regex('topic');
      params.intList('brokerid');
      return;
    }
    case 'user_tasks': {
      for (const id of params.list('user_task_ids') ?? []) if (!UUID.test(id)) throw badParameter(`Invalid UUID string: ${id}`);
      const entries = params.int('entries');
      if (entries !== undefined && entries <= 0) throw badParameter(`The requested number of entries must be positive (Requested: ${entries}).`);
      return;
    }
    case 'kafka_cluster_state':
      params.regex('topic');
      return;
    default:
      return;
  }
}

/** The answer of an endpoint that computes at once (sync ones, and state/load/partition_load whose work is instant here). */
export function answer(ctx: HandlerContext, endpoint: EndpointName, params: Parameters, reason: string, taskId: string): Record<string, unknown> {
  switch (endpoint) {
    case 'state': {
      const requested = params.list('substates')?.map((s) => s.toUpperCase()) ?? SUBSTATES;
      return cruiseControlState(ctx, new Set(requested.length > 0 ? requested : SUBSTATES), params.boolean('verbose', false));
    }
    case 'load': {
      if (!params.boolean('capacity_only', false) && !ctx.monitor.ready()) throw new OperationError(ctx.monitor.notEnoughWindows());
      throwOnCapacityProblem(ctx, params);
      return { ...brokerStats(snapshot(ctx.model), { populateDiskInfo: params.boolean('populate_disk_info', false) }), version: 1 };
    }
    case 'partition_load':
      if (!ctx.monitor.ready()) throw new OperationError(ctx.monitor.notEnoughWindows());
      throwOnCapacityProblem(ctx, params);
      return partitionLoad(ctx.model, params);
    case 'kafka_cluster_state':
      return kafkaClusterState(ctx.model, { verbose: params.boolean('verbose', false), topic: params.regex('topic') });
    case 'user_tasks':
      return userTasks(ctx, params, taskId);
    case 'stop_proposal_execution':
      ctx.executor.stop();
      return {
        message: params.boolean('force_stop', false)
          ? 'Proposal execution stopped. For replica reassignments force-stop is deprecated and acts as a graceful stop.'
          : 'Proposal execution stopped.',
        version: 1,
      };
    case 'pause_sampling':
      ctx.monitor.pause(reason);
      return { message: 'Metric sampling paused.', version: 1 };
    case 'resume_sampling':
      ctx.monitor.resume(reason);
      return { message: 'Metric sampling resumed.', version: 1 };
    case 'review':
      return ctx.purgatory.review(params.intList('approve') ?? [], params.intList('discard') ?? [], reason);
    case 'review_board':
      return ctx.purgatory.board(params.intList('review_ids'));
    default:
      throw new CruiseControlError(404, `Unrecognized endpoint in request '/${endpoint}'`);
  }
}

/** The cluster model needs every broker's capacity: without one, the request fails as Cruise Control's does. */
function throwOnCapacityProblem(ctx: HandlerContext, params: Parameters): void {
  const problem = capacityProblem(ctx.capacity, ctx.model, params.boolean('allow_capacity_estimation', true));
  if (problem !== undefined) throw new OperationError(problem);
}

function userTasks(ctx: HandlerContext, params: Parameters, ownId: string): Record<string, unknown> {
  const ids = new Set((params.list('user_task_ids') ?? []).map((s) => s.toLowerCase()));
  const clients = new Set(params.list('client_ids') ?? []);
  const endpoints = new Set((params.list('endpoints') ?? []).map((e) => e.toLowerCase()));
  // types are case-sensitive; values that match nothing are dropped and an empty filter is off.
  const types = new Set((params.list('types') ?? []).filter((t) => TASK_TYPES.includes(t)));
  const entries = params.int('entries') ?? Number.MAX_SAFE_INTEGER;
  const tasks = ctx.tasks
    .list()
    .filter((t) => t.id !== ownId) // the user_tasks request is a task too, but not in its own answer
    // An id it does not know (every id of a Cruise Control before a restart) is filtered out, not an error (UserTaskState).
    .filter((t) => ids.size === 0 || ids.has(t.id))
    .filter((t) => clients.size === 0 || clients.has(t.clientIdentity))
    .filter((t) => endpoints.size === 0 || endpoints.has(t.endpoint.name))
    .filter((t) => types.size === 0 || types.has(t.status))
    .slice(0, entries);
  return userTaskState(tasks, params.boolean('fetch_completed_task', false));
}

function partitionLoad(model: KafkaClusterModel, params: Parameters): Record<string, unknown> {
  const resource = (params.string('resource') ?? 'disk').toUpperCase();
  const topic = params.regex('topic');
  const range = params.string('partition');
  const brokers = params.intList('brokerid');
  const [lo, hi] = range === undefined ? [0, Number.MAX_SAFE_INTEGER] : range.includes('-') ? range.split('-').map(Number) : [Number(range), Number(range)];
  const records = model
    .partitions()
    .filter((p) => !topic || topic.test(p.topic))
    .filter((p) => p.partition >= (lo ?? 0) && p.partition <= (hi ?? lo ?? 0))
    .filter((p) => !brokers || p.replicas.some((r) => brokers.includes(r.broker)))
    .map((p) => {
      const kbps = p.produceBytesPerSec / 1024;
      return {
        topic: p.topic,
        partition: p.partition,
        leader: p.leader,
        followers: p.replicas.map((r) => r.broker).filter((b) => b !== p.leader),
        cpu: Math.round(kbps * 0.04 * 1000) / 1000,
        networkInbound: Math.round(kbps * 1000) / 1000,
        networkOutbound: Math.round(kbps * p.replicas.length * 1000) / 1000,
        disk: Math.round((p.sizeBytes / (1024 * 1024)) * 1000) / 1000,
        msg_in: Math.round(kbps * 1000) / 1000,
      };
    });
  const key = { CPU: 'cpu', DISK: 'disk', NW_IN: 'networkInbound', NW_OUT: 'networkOutbound' }[resource] as
    'cpu' | 'disk' | 'networkInbound' | 'networkOutbound';
  records.sort((a, b) => b[key] - a[key]);
  return { records: records.slice(0, params.int('entries') ?? records.length), version: 1 };
}
