/**
 * The Cruise Control task an edit leads to, declared by the edit next to its plan, so that the
 * mutations and the alert actions know what the operator will ask for instead of guessing it.
 * The operator asks for these itself (operations/graceful.ts), as Koperator's CruiseControlTask
 * controller does (controllers/cruisecontroltask_controller.go).
 */
import { brokerIdsOf, gracefulTask, logDirOf, type RequestedTask } from '../../domain/operationRecord.js';

/**
 * - `now`: a drain the operator asks for as soon as the spec is written; nothing is deleted
 *   before it completes (remove_broker, remove_disks);
 * - `onceRunning`: load moved onto what the edit added, asked for once it runs (add_broker,
 *   a disk rebalance), so Cruise Control cannot be asked about it yet.
 */
export interface Drain {
  task: RequestedTask;
  starts: 'now' | 'onceRunning';
}

export function removeBrokerDrain(brokerId: number): Drain {
  return { task: gracefulTask('remove_broker', [brokerId]), starts: 'now' };
}

export function removeDiskDrain(brokerId: number, mountPath: string): Drain {
  return { task: gracefulTask('remove_disks', [{ brokerId, logDir: logDirOf(mountPath) }]), starts: 'now' };
}

/** Brokers added together get one add_broker (the operator batches them). */
export function addBrokersDrain(brokerIds: readonly number[]): Drain {
  return { task: gracefulTask('add_broker', brokerIds), starts: 'onceRunning' };
}

export function diskRebalanceDrain(brokerId: number): Drain {
  return { task: gracefulTask('rebalance', [brokerId]), starts: 'onceRunning' };
}

/**
 * The drain of edits made in one write. Brokers added (or removed) together get one add_broker
 * (or remove_broker), as the operator batches them; drains of different kinds are not merged,
 * and the last one stands.
 */
export function combinedDrain(drains: ReadonlyArray<Drain | undefined>): Drain | undefined {
  const declared = drains.filter((d): d is Drain => d !== undefined);
  const [first] = declared;
  const batched = first !== undefined && (first.task.operation === 'add_broker' || first.task.operation === 'remove_broker');
  if (!batched || declared.some((d) => d.task.operation !== first.task.operation)) return declared.at(-1);
  const ids = declared.flatMap((d) => brokerIdsOf(d.task));
  return { task: gracefulTask(first.task.operation === 'add_broker' ? 'add_broker' : 'remove_broker', ids), starts: first.starts };
}

/** In words, for a record of what an edit did: `remove_broker of broker 3`. */
export function describeDrain({ task, starts }: Drain): string {
  const p = task.parameters;
  const target = p.brokerid_and_logdirs !== undefined ? `log dirs ${p.brokerid_and_logdirs}` : `broker ${p.brokerid ?? p.destination_broker_ids ?? ''}`;
  const kind = task.operation === 'rebalance' && p.rebalance_disk === 'true' ? 'disk rebalance' : task.operation;
  return `Cruise Control's ${kind} of ${target}${starts === 'onceRunning' ? ', once it runs' : ''}`;
}
