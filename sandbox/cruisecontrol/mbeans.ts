import type { MBeanAttribute } from '../kafka/jmx/mbeans.js';
import type { TaskState, TaskType } from './executionTasks.js';
import type { CruiseControlSandbox } from './index.js';

/** Cruise Control registers its sensors with Dropwizard's JmxReporter in this domain, one `name` key each. */
const DOMAIN = 'kafka.cruisecontrol';

const gauge = (name: string, value: number): MBeanAttribute => ({ domain: DOMAIN, properties: [['name', name]], attribute: 'Value', value });

/** The executor's task gauges by task type (ExecutionTaskTracker's sensor names). */
const TASK_GAUGES: ReadonlyArray<readonly [TaskType, string]> = [
  ['INTER_BROKER_REPLICA_ACTION', 'replica-action'],
  ['INTRA_BROKER_REPLICA_ACTION', 'intra-broker-replica-action'],
  ['LEADER_ACTION', 'leadership-action'],
];
const TASK_STATES: ReadonlyArray<readonly [TaskState, string]> = [
  ['PENDING', 'pending'],
  ['IN_PROGRESS', 'in-progress'],
  ['ABORTING', 'aborting'],
  ['ABORTED', 'aborted'],
  ['DEAD', 'dead'],
];

/**
 * The MBeans of a running Cruise Control at the time of the scrape: the load monitor's windows
 * and the executor's tasks, as linkedin/cruise-control registers them (LoadMonitor's
 * `valid-windows`, `total-monitored-windows`, `monitored-partitions-percentage`; Executor's
 * `ongoing-execution-*` and ExecutionTaskTracker's `<type>-<state>` gauges).
 */
export function cruiseControlMBeans(cc: CruiseControlSandbox): MBeanAttribute[] {
  const valid = cc.monitor.validWindows();
  const executing = cc.executor.state !== 'NO_TASK_IN_PROGRESS' ? 1 : 0;
  const beans = [
    gauge('LoadMonitor.valid-windows', valid),
    gauge('LoadMonitor.total-monitored-windows', valid),
    gauge('LoadMonitor.monitored-partitions-percentage', valid > 0 ? 100 : 0),
    gauge('Executor.ongoing-execution-kafka_assigner', 0),
    gauge('Executor.ongoing-execution-non_kafka_assigner', executing),
  ];
  for (const [type, typeName] of TASK_GAUGES)
    for (const [state, stateName] of TASK_STATES) beans.push(gauge(`Executor.${typeName}-${stateName}`, cc.executor.taskCounts(type, state)));
  return beans;
}
