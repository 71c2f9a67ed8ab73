import { Option, type Command } from 'commander';
import type { Operation } from '../../client/types.js';
import { contextOf, show } from '../context.js';
import { integerAtLeast } from '../duration.js';
import { num, type Terminal } from '../output.js';
import { followEvents, eventRow, EVENT_HEAD } from '../events.js';

const OPERATION_STATES = ['PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'RETRYING', 'FAILED'] as const;
const broker = () => new Option('--broker <id>', 'only this broker').argParser(integerAtLeast(0));

/** The reading commands: clusters, brokers, disks, configs, operations, events. */
export function addReadCommands(program: Command, terminal: Terminal): void {
  program
    .command('clusters')
    .description('list the Kafka clusters')
    .option('-n, --namespace <namespace>', 'only clusters in this namespace')
    .option('-l, --selector <selector>', 'only clusters whose labels match, as kubectl -l takes it')
    .action(async (options: { namespace?: string; selector?: string }, command: Command) => {
      const context = contextOf(command, terminal);
      const clusters = await context.client.clusters({ namespace: options.namespace, labelSelector: options.selector });
      show(context, clusters, ['NAMESPACE', 'NAME', 'STATE', 'BROKERS', 'KAFKA', 'TOPICS', 'PARTITIONS', 'UNDER-REPLICATED', 'OFFLINE', 'CRUISE CONTROL'], () =>
        clusters.map((c) => [
          c.namespace,
          c.name,
          c.state,
          `${c.counts.brokersReady}/${c.counts.brokersDesired}`,
          c.kafkaVersion,
          c.counts.topics,
          c.counts.partitions,
          c.counts.underReplicatedPartitions,
          c.counts.offlinePartitions,
          c.cruiseControl.ready ? c.cruiseControl.executorState : c.cruiseControl.reachable ? 'not ready' : 'unreachable',
        ]),
      );
    });

  program
    .command('brokers <cluster>')
    .description('list the brokers of a cluster (namespace/name), with their Pods and load')
    .action(async (cluster: string, _options: object, command: Command) => {
      const context = contextOf(command, terminal);
      const brokers = await context.client.brokers(cluster);
      show(
        context,
        brokers,
        ['ID', 'ROLES', 'STATE', 'RACK', 'POD', 'NODE', 'READY', 'RESTARTS', 'CPU', 'MEMORY', 'CPU %', 'DISK %', 'LEADERS', 'REPLICAS'],
        () =>
          brokers.map((b) => [
            b.brokerId,
            b.roles.join(',').toLowerCase(),
            b.state,
            b.rack,
            b.pod?.name,
            b.pod?.nodeName,
            b.pod?.ready,
            b.pod?.restarts,
            b.resources.requests.cpu,
            b.resources.requests.memory,
            num(b.load?.cpuPercent),
            num(b.load?.diskUsedPercent),
            b.load?.leaders,
            b.load?.replicas,
          ]),
      );
    });

  program
    .command('disks <cluster>')
    .description("list the brokers' disks: PVCs, sizes, data held")
    .addOption(broker())
    .action(async (cluster: string, options: { broker?: number }, command: Command) => {
      const context = contextOf(command, terminal);
      const disks = await context.client.disks(cluster, { brokerId: options.broker });
      show(context, disks, ['BROKER', 'MOUNT PATH', 'PVC', 'STORAGE CLASS', 'REQUESTED', 'CAPACITY', 'USED MB', 'STATE'], () =>
        disks.map((d) => [d.brokerId, d.mountPath, d.pvcName, d.storageClass, d.requestedSize, d.capacity, num(d.usedMB, 0), d.state]),
      );
    });

  program
    .command('configs <cluster>')
    .description("the cluster's configuration, or with --broker one broker's")
    .addOption(broker())
    .option('--all', "with --broker: Kafka's defaults too, as the broker reports them")
    .action(async (cluster: string, options: { broker?: number; all?: boolean }, command: Command) => {
      const context = contextOf(command, terminal);
      const configs = await context.client.configs(cluster, { brokerId: options.broker, all: options.all });
      show(context, configs, ['NAME', 'VALUE', 'SOURCE', 'DYNAMIC', 'RESTART PENDING'], () =>
        configs.map((c) => [c.name, c.sensitive ? '(sensitive)' : c.value, c.source, c.dynamic, c.restartPending]),
      );
    });

  program
    .command('operations <cluster>')
    .description('the Cruise Control operations of a cluster, newest first')
    .addOption(new Option('--state <state...>', 'only operations in these states').choices(OPERATION_STATES))
    .addOption(new Option('--limit <n>', 'at most this many').argParser(integerAtLeast(1)).default(20))
    .action(async (cluster: string, options: { state?: Operation['state'][]; limit: number }, command: Command) => {
      const context = contextOf(command, terminal);
      const operations = await context.client.operations(cluster, { first: Math.min(options.limit, 100), states: options.state });
      show(context, operations, ['NAME', 'TYPE', 'STATE', 'BROKERS', 'PROGRESS', 'STARTED', 'FINISHED', 'ERROR'], () =>
        operations.map((o) => [
          o.name,
          o.type,
          o.state,
          o.brokerIds.join(','),
          o.progress?.percentDataMoved == null ? o.progress?.phase : `${num(o.progress.percentDataMoved)}%`,
          o.startedAt,
          o.finishedAt,
          o.error ?? o.message,
        ]),
      );
    });

  program
    .command('events <cluster>')
    .description('Kubernetes Events about a cluster, newest first; --follow prints them as they come')
    .option('-f, --follow', 'then print each new Event as it is recorded, until Ctrl-C')
    .option('--warnings', 'only Warning Events')
    .addOption(new Option('--limit <n>', 'at most this many').argParser(integerAtLeast(1)).default(20))
    .action(async (cluster: string, options: { follow?: boolean; warnings?: boolean; limit: number }, command: Command) => {
      const context = contextOf(command, terminal);
      if (options.follow === true) return followEvents(context, cluster, options.warnings === true);
      const events = await context.client.events(cluster, { first: Math.min(options.limit, 100), type: options.warnings === true ? 'WARNING' : undefined });
      show(context, events, EVENT_HEAD, () => events.map(eventRow));
    });
}
