/**
 * `CruiseControlOperation` (`kafka.banzaicloud.io/v1alpha1`), field for field as Koperator's
 * (adobe/koperator api/v1alpha1/cruisecontroloperation_types.go). As there, the operation and
 * its parameters live in `status.currentTask`: the creator writes them with a status update.
 * Pausing is the label `pause: "true"`, not a spec field.
 */
import { z } from 'zod';
import { objectMeta } from './kafkaCluster.js';

/** Operations Koperator issues; `status` is its internal probe of Cruise Control's state. */
export const CRUISE_CONTROL_OPERATIONS = ['add_broker', 'remove_broker', 'remove_disks', 'rebalance', 'stop_proposal_execution', 'status'] as const;
export type CruiseControlOperationKind = (typeof CRUISE_CONTROL_OPERATIONS)[number];

/** Cruise Control user task states, mirrored into `currentTask.state`. */
export const CRUISE_CONTROL_TASK_STATES = ['Active', 'InExecution', 'Completed', 'CompletedWithError'] as const;
export type CruiseControlTaskState = (typeof CRUISE_CONTROL_TASK_STATES)[number];

export const PAUSE_LABEL = 'pause';

const dateTime = z.string().meta({ format: 'date-time' });

export const cruiseControlTaskSchema = z.object({
  id: z.string().optional(),
  started: dateTime.optional(),
  finished: dateTime.optional(),
  // A string, not an enum: a CR written by a newer Koperator must still read.
  operation: z.string().describe('The Cruise Control operation, e.g. add_broker.'),
  parameters: z.record(z.string(), z.string()).optional(),
  httpRequest: z.string().optional(),
  httpResponseCode: z.int().optional(),
  summary: z.record(z.string(), z.string()).optional(),
  state: z.string().optional().describe('Active, InExecution, Completed or CompletedWithError.'),
  errorMessage: z.string().optional(),
});

/**
 * kafkaplane's addition: how far the running execution is, copied from Cruise Control's executor
 * state as it comes, so that a user (and the API's progress and time estimate) can follow it.
 */
export const operationProgressSchema = z.object({
  /** Computing, Executing, Completed or Failed (the task's phase as user_tasks reports it). */
  phase: z.string().optional(),
  finishedPartitionMovements: z.int().optional(),
  totalPartitionMovements: z.int().optional(),
  finishedDataMB: z.number().optional(),
  totalDataMB: z.number().optional(),
  finishedLeaderMovements: z.int().optional(),
  totalLeaderMovements: z.int().optional(),
  updated: dateTime.optional(),
});

export const cruiseControlOperationSpecSchema = z.object({
  errorPolicy: z.enum(['ignore', 'retry']).default('retry'),
  ttlSecondsAfterFinished: z.int().min(0).optional(),
});

export const cruiseControlOperationStatusSchema = z.object({
  currentTask: cruiseControlTaskSchema.optional(),
  errorPolicy: z.string().optional(),
  retryCount: z.int().optional(),
  failedTasks: z.array(cruiseControlTaskSchema).optional(),
  progress: operationProgressSchema.optional(),
  /**
   * kafkaplane's addition: the marker sent as Cruise Control's `reason` on the attempt in flight,
   * written before the request goes out. After a crash between sending and storing the task id,
   * the task is found again in user_tasks by this marker instead of being sent a second time.
   */
  requestMarker: z.string().optional(),
  /** kafkaplane's addition: why the operation is not running yet, in words a user can act on. */
  message: z.string().optional(),
});

export const cruiseControlOperationSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: objectMeta.optional(),
  spec: cruiseControlOperationSpecSchema.default({ errorPolicy: 'retry' }),
  status: cruiseControlOperationStatusSchema.optional(),
});

export type CruiseControlTask = z.infer<typeof cruiseControlTaskSchema>;
export type CruiseControlOperationSpec = z.infer<typeof cruiseControlOperationSpecSchema>;
export type CruiseControlOperationStatus = z.infer<typeof cruiseControlOperationStatusSchema>;
export type OperationProgress = z.infer<typeof operationProgressSchema>;
export type CruiseControlOperation = z.infer<typeof cruiseControlOperationSchema>;

export function isKnownOperation(operation: string): operation is CruiseControlOperationKind {
  return (CRUISE_CONTROL_OPERATIONS as readonly string[]).includes(operation);
}
