/**
 * A request's parameters checked against the cluster as Cruise Control sees it when the request
 * is about to go, not as it was when the operation was written: a broker not reported yet is
 * waited for; brokers and log dirs already gone are dropped from a drain, and a drain with
 * nothing left completes without a task (banzaicloud/koperator#685, adobe/koperator#325). Pure.
 */
import type { KafkaClusterState } from '../../cruisecontrol/index.js';
import { brokerIdsOf, logDirsOf, type RequestedTask } from '../../domain/operationRecord.js';

/** The request to send (its parameters narrowed), a reason to wait, or why there is nothing to do. */
export type Validation = { task: RequestedTask } | { wait: string } | { nothingToDo: string };

/** A drain with nothing left completes, but nothing is deleted on Cruise Control's word alone. */
const CONFIRMED = '(Kafka is asked to confirm before anything is deleted)';

export function validateTask(task: RequestedTask, state: KafkaClusterState): Validation {
  const known = new Set(Object.keys(state.KafkaBrokerState.ReplicaCountByBrokerId).map(Number));
  const online = state.KafkaBrokerState.OnlineLogDirsByBrokerId;
  switch (task.operation) {
    case 'add_broker':
    case 'rebalance': {
      const missing = brokerIdsOf(task).filter((id) => !known.has(id));
      if (missing.length > 0) {
        const [brokers, run] = missing.length > 1 ? ['brokers', 'they run'] : ['broker', 'it runs'];
        return { wait: `Cruise Control does not see ${brokers} ${missing.join(', ')} yet; it will once ${run} and reports metrics` };
      }
      if (task.operation === 'rebalance') {
        const offline = brokerIdsOf(task).filter((id) => (online[String(id)] ?? []).length === 0);
        if (offline.length > 0) return { wait: `Cruise Control reports no online log dir on broker ${offline.join(', ')} yet` };
      }
      return { task };
    }
    case 'remove_broker': {
      const ids = brokerIdsOf(task);
      const present = ids.filter((id) => known.has(id));
      if (present.length === 0) {
        return { nothingToDo: `Cruise Control knows none of brokers ${ids.join(', ')}: nothing left to move ${CONFIRMED}` };
      }
      return { task: { ...task, parameters: { ...task.parameters, brokerid: present.join(',') } } };
    }
    case 'remove_disks': {
      const dirs = logDirsOf(task).filter((d) => (online[String(d.brokerId)] ?? []).includes(d.logDir));
      if (dirs.length === 0) {
        return { nothingToDo: `Cruise Control reports none of ${task.parameters.brokerid_and_logdirs ?? ''} online: nothing left to move ${CONFIRMED}` };
      }
      const brokeridAndLogdirs = dirs.map((d) => `${d.brokerId}-${d.logDir}`).join(',');
      return { task: { ...task, parameters: { ...task.parameters, brokerid_and_logdirs: brokeridAndLogdirs } } };
    }
    default:
      return { task };
  }
}
