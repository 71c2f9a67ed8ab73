import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ConfigEditResult, EditResult } from '../../client/types.js';
import { runChange, type ChangeSpec } from '../change.js';
import { CliExit, ExitCode } from '../exitCodes.js';
import { contextOf, type Context } from '../context.js';
import { integerAtLeast, parseIdList } from '../duration.js';
import { editOutcome, operationOutcome } from '../outcome.js';
import type { Terminal } from '../output.js';

interface CommonOptions {
  dryRun?: boolean;
  wait?: boolean;
  expectedGeneration?: number;
}

/** A broker id argument; commander parses options, the action its positional arguments. */
function brokerId(text: string): number {
  if (!/^\d+$/.test(text)) throw new CliExit(ExitCode.USAGE, `"${text}" is not a broker id: give a whole number, e.g. 5`);
  return Number(text);
}

/** The options every change takes. */
function changeCommand(program: Command, usage: string, description: string, withGeneration = true): Command {
  const command = program
    .command(usage)
    .description(description)
    .option('--dry-run', 'show what would change (and what Cruise Control would move), change nothing')
    .option('--wait', 'follow the operation the change starts to its end, with its progress');
  if (withGeneration)
    command.addOption(new Option('--expected-generation <n>', "refuse if the cluster's spec changed since this generation").argParser(integerAtLeast(1)));
  return command;
}

/** Runs a spec edit (or config edit): the same outcome, wait goal and output for all of them. */
function edit(
  context: Context,
  cluster: string,
  options: CommonOptions,
  send: (input: { dryRun: boolean; expectedGeneration?: number }) => Promise<EditResult | ConfigEditResult>,
  extra: Partial<ChangeSpec> = {},
) {
  const dryRun = options.dryRun === true;
  return runChange(context, {
    cluster,
    dryRun,
    wait: options.wait === true,
    send: async () => {
      const payload = await send({ dryRun, expectedGeneration: options.expectedGeneration });
      return { payload, outcome: editOutcome(payload) };
    },
    ...extra,
  });
}

/** `name=value` pairs of set-config. */
function parseEntry(text: string, previous: Array<{ name: string; value: string }> = []) {
  const at = text.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`"${text}" is not name=value`);
  return [...previous, { name: text.slice(0, at), value: text.slice(at + 1) }];
}

export function addChangeCommands(program: Command, terminal: Terminal): void {
  changeCommand(program, 'remove-broker <cluster> <broker>', 'drain a broker through Cruise Control, then remove it').action(
    async (cluster: string, broker: string, options: CommonOptions, command: Command) => {
      const id = brokerId(broker);
      const context = contextOf(command, terminal);
      await edit(context, cluster, options, (input) => context.client.removeBroker(cluster, { ...input, brokerId: id }), {
        expect: { types: ['REMOVE_BROKER'], brokerIds: [id] },
        gone: [id],
      });
    },
  );

  changeCommand(program, 'add-brokers <cluster>', 'add brokers (ids max+1 onwards); Cruise Control moves load onto them once they run')
    .addOption(new Option('--count <n>', 'how many, 1 to 10').argParser(integerAtLeast(1)).default(1))
    .option('--group <name>', 'the brokerConfigGroup they take their configuration from')
    .option('--image <image>', 'their Kafka image')
    .action(async (cluster: string, options: CommonOptions & { count: number; group?: string; image?: string }, command: Command) => {
      const context = contextOf(command, terminal);
      await edit(
        context,
        cluster,
        options,
        (input) => context.client.addBrokers(cluster, { ...input, count: options.count, brokerConfigGroup: options.group, image: options.image }),
        {
          expect: { types: ['ADD_BROKER'] },
        },
      );
    });

  changeCommand(program, 'add-volume <cluster> <broker> <mount-path> <size>', 'add a disk to a broker (e.g. /kafka-logs-2 100Gi); a disk rebalance fills it')
    .option('--storage-class <name>', 'its StorageClass (default: the cluster default)')
    .action(async (cluster: string, broker: string, mountPath: string, size: string, options: CommonOptions & { storageClass?: string }, command: Command) => {
      const id = brokerId(broker);
      const context = contextOf(command, terminal);
      const volume = { mountPath, size, storageClass: options.storageClass };
      await edit(context, cluster, options, (input) => context.client.addBrokerVolume(cluster, { ...input, brokerId: id, volume }));
    });

  changeCommand(program, 'resize-volume <cluster> <broker> <mount-path>', 'grow a disk: --size 200Gi or --increment-by 50Gi')
    .option('--size <size>', 'the size wanted')
    .option('--increment-by <size>', 'or how much to add')
    .action(async (cluster: string, broker: string, mountPath: string, options: CommonOptions & { size?: string; incrementBy?: string }, command: Command) => {
      const id = brokerId(broker);
      if ((options.size === undefined) === (options.incrementBy === undefined)) command.error('give one of --size and --increment-by', { exitCode: 2 });
      const context = contextOf(command, terminal);
      await edit(context, cluster, options, (input) =>
        context.client.resizeBrokerVolume(cluster, { ...input, brokerId: id, mountPath, size: options.size, incrementBy: options.incrementBy }),
      );
    });

  changeCommand(program, 'remove-volume <cluster> <broker> <mount-path>', "drain a broker's disk to its other disks, then remove it").action(
    async (cluster: string, broker: string, mountPath: string, options: CommonOptions, command: Command) => {
      const id = brokerId(broker);
      const context = contextOf(command, terminal);
      await edit(context, cluster, options, (input) => context.client.removeBrokerVolume(cluster, { ...input, brokerId: id, mountPath }), {
        expect: { types: ['REMOVE_DISKS'], brokerIds: [id] },
      });
    },
  );

  changeCommand(program, 'set-resources <cluster> <broker>', "set a broker's CPU and memory; it restarts in its turn")
    .option('--cpu <quantity>', 'CPU request, e.g. 2 or 1500m')
    .option('--memory <quantity>', 'memory request, e.g. 8Gi')
    .option('--cpu-limit <quantity>', 'CPU limit')
    .option('--memory-limit <quantity>', 'memory limit')
    .action(
      async (
        cluster: string,
        broker: string,
        options: CommonOptions & { cpu?: string; memory?: string; cpuLimit?: string; memoryLimit?: string },
        command: Command,
      ) => {
        const id = brokerId(broker);
        const requests = (options.cpu ?? options.memory) ? { cpu: options.cpu, memory: options.memory } : undefined;
        const limits = (options.cpuLimit ?? options.memoryLimit) ? { cpu: options.cpuLimit, memory: options.memoryLimit } : undefined;
        if (requests === undefined && limits === undefined) command.error('give at least one of --cpu, --memory, --cpu-limit, --memory-limit', { exitCode: 2 });
        const context = contextOf(command, terminal);
        await edit(context, cluster, options, (input) => context.client.setBrokerResources(cluster, { ...input, brokerId: id, requests, limits }));
      },
    );

  changeCommand(program, 'restart-broker <cluster> <broker>', 'restart a broker in its turn of the rolling restart').action(
    async (cluster: string, broker: string, options: CommonOptions, command: Command) => {
      const id = brokerId(broker);
      const context = contextOf(command, terminal);
      await edit(context, cluster, options, (input) => context.client.restartBroker(cluster, { ...input, brokerId: id }));
    },
  );

  changeCommand(program, 'set-config <cluster> [entries...]', 'set config entries (name=value) of the cluster, or with --broker of one broker')
    .addOption(new Option('--broker <id>', "one broker's own config").argParser(integerAtLeast(0)))
    .option('--unset <name...>', 'remove these entries')
    .option('--custom <name...>', "names Kafka's brokers do not define, set on purpose (a plugin's own config)")
    .action(async (cluster: string, entries: string[], options: CommonOptions & { broker?: number; unset?: string[]; custom?: string[] }, command: Command) => {
      const custom = new Set(options.custom ?? []);
      const set = entries
        .reduce<Array<{ name: string; value: string }>>((all, entry) => parseEntry(entry, all), [])
        .map((entry) => ({ ...entry, custom: custom.has(entry.name) }));
      const unset = options.unset ?? [];
      if (set.length === 0 && unset.length === 0) command.error('give entries to set (name=value) or --unset names', { exitCode: 2 });
      const context = contextOf(command, terminal);
      const broker = options.broker;
      await edit(context, cluster, options, (input) =>
        broker === undefined
          ? context.client.setClusterConfig(cluster, { ...input, set, unset })
          : context.client.setBrokerConfig(cluster, { ...input, brokerId: broker, set, unset }),
      );
    });

  changeCommand(program, 'rebalance <cluster>', 'ask Cruise Control to even out the load (or, with --disk, the disks inside each broker)', false)
    .option('--goals <goal...>', 'goals by class name, in priority order')
    .option('--excluded-topics <regex>', 'topics whose replicas stay where they are')
    .addOption(new Option('--destination-brokers <ids>', 'only these brokers receive replicas, e.g. 0,1,2').argParser(parseIdList))
    .option('--disk', 'balance the disks inside each broker')
    .addOption(new Option('--concurrent-partition-movements <n>', 'per broker').argParser(integerAtLeast(1)))
    .addOption(new Option('--max-partition-movements <n>', 'in the whole cluster').argParser(integerAtLeast(1)))
    .addOption(new Option('--concurrent-leader-movements <n>', '').argParser(integerAtLeast(1)))
    .action(async (cluster: string, options: CommonOptions & RebalanceOptions, command: Command) => {
      const context = contextOf(command, terminal);
      const dryRun = options.dryRun === true;
      const input = {
        dryRun,
        goals: options.goals,
        excludedTopics: options.excludedTopics,
        destinationBrokerIds: options.destinationBrokers,
        rebalanceDisk: options.disk,
        concurrentPartitionMovementsPerBroker: options.concurrentPartitionMovements,
        maxPartitionMovementsInCluster: options.maxPartitionMovements,
        concurrentLeaderMovements: options.concurrentLeaderMovements,
      };
      await runChange(context, {
        cluster,
        dryRun,
        wait: options.wait === true,
        send: async () => {
          const payload = await context.client.rebalance(cluster, input);
          return { payload, outcome: operationOutcome(payload, dryRun) };
        },
      });
    });

  changeCommand(program, 'stop <cluster>', 'stop what Cruise Control executes for the cluster; the operation is paused', false).action(
    async (cluster: string, options: CommonOptions, command: Command) => {
      const context = contextOf(command, terminal);
      const dryRun = options.dryRun === true;
      await runChange(context, {
        cluster,
        dryRun,
        wait: options.wait === true,
        send: async () => {
          const payload = await context.client.stopOperation(cluster, { dryRun });
          return { payload, outcome: operationOutcome(payload, dryRun) };
        },
      });
    },
  );

  changeCommand(program, 'retry <cluster> <operation>', 'run a failed or paused operation (by name) again', false).action(
    async (cluster: string, name: string, options: CommonOptions, command: Command) => {
      const context = contextOf(command, terminal);
      const dryRun = options.dryRun === true;
      const operation = (await context.client.operations(cluster, { first: 100 })).find((o) => o.name === name);
      if (operation === undefined) command.error(`kafkaplane: cluster ${cluster} has no operation ${name} (kafkaplane operations ${cluster})`, { exitCode: 3 });
      await runChange(context, {
        cluster,
        dryRun,
        wait: options.wait === true,
        send: async () => {
          const payload = await context.client.retryOperation(operation.id, { dryRun });
          return { payload, outcome: operationOutcome(payload, dryRun) };
        },
      });
    },
  );
}

interface RebalanceOptions {
  goals?: string[];
  excludedTopics?: string;
  destinationBrokers?: number[];
  disk?: boolean;
  concurrentPartitionMovements?: number;
  maxPartitionMovements?: number;
  concurrentLeaderMovements?: number;
}
