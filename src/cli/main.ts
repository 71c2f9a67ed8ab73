import { CommanderError } from 'commander';
import { KafkaplaneClientError } from '../client/errors.js';
import { CliExit, ExitCode, exitCodeOf } from './exitCodes.js';
import { buildProgram } from './program.js';

/** Runs one `kafkaplane` command and sets the exit code a script relies on. */
async function main(argv: string[]): Promise<number> {
  const terminal = { out: process.stdout, err: process.stderr };
  try {
    await buildProgram(terminal).parseAsync(argv);
    return ExitCode.DONE;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander printed its message already.
      return error.exitCode === 0 ? ExitCode.DONE : error.exitCode === 1 ? ExitCode.USAGE : error.exitCode;
    }
    if (error instanceof CliExit) {
      process.stderr.write(`kafkaplane: ${error.message}\n`);
      return error.code;
    }
    if (error instanceof KafkaplaneClientError) {
      process.stderr.write(`kafkaplane: ${error.message}\n`);
      return exitCodeOf(error);
    }
    throw error;
  }
}

process.exitCode = await main(process.argv);
