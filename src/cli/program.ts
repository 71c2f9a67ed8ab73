import { Command, Option } from 'commander';
import { DEFAULT_SERVER } from '../client/client.js';
import { VERSION } from '../version.js';
import { addChangeCommands } from './commands/changes.js';
import { addReadCommands } from './commands/read.js';
import { parseDuration } from './duration.js';
import { OUTPUT_FORMATS, type Terminal } from './output.js';

const EXIT_CODES = `
Exit codes:
  0  done
  1  the operation failed (or was paused)
  2  bad usage
  3  refused: the server's userErrors are printed, or the cluster, broker or operation does not exist
  4  cannot reach or authenticate to the server
  5  timed out waiting
  130  Ctrl-C while following: the following stopped, the change goes on`;

/** The `kafkaplane` command line: global options, reading and changing commands. */
export function buildProgram(terminal: Terminal): Command {
  const program = new Command('kafkaplane')
    .description('Reads and changes Kafka clusters through a kafkaplane server, only through its GraphQL API.')
    .version(VERSION)
    .addOption(new Option('-s, --server <url>', 'the GraphQL endpoint').env('KAFKAPLANE_SERVER').default(DEFAULT_SERVER))
    .addOption(new Option('--token <token>', 'sent as a bearer token').env('KAFKAPLANE_TOKEN'))
    .addOption(new Option('-o, --output <format>', 'table on a terminal, json when piped').choices(OUTPUT_FORMATS))
    .addOption(
      new Option('--timeout <duration>', 'bound on each request and, with --wait, on the wait (90s, 10m, 1h)')
        .argParser(parseDuration)
        .default(30 * 60_000, '30m'),
    )
    .addHelpText('after', EXIT_CODES)
    .showHelpAfterError('(kafkaplane --help lists the commands and options)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => terminal.out.write(s), writeErr: (s) => terminal.err.write(s) });
  addReadCommands(program, terminal);
  addChangeCommands(program, terminal);
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: (s) => terminal.out.write(s), writeErr: (s) => terminal.err.write(s) });
  return program;
}
