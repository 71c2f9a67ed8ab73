import type { Command } from 'commander';
import { connect, type KafkaplaneClient } from '../client/client.js';
import { defaultFormat, formatTable, writeDocument, type Cell, type OutputFormat, type Terminal } from './output.js';

/** What every command works with, from the global options. */
export interface Context {
  client: KafkaplaneClient;
  format: OutputFormat;
  terminal: Terminal;
  /** Bound on each request, and with --wait on the whole wait. */
  timeoutMs: number;
}

interface GlobalOptions {
  server: string;
  token?: string;
  output?: OutputFormat;
  timeout: number;
}

export function contextOf(command: Command, terminal: Terminal): Context {
  const options = command.optsWithGlobals<GlobalOptions>();
  const client = connect({ server: options.server, token: options.token, requestTimeoutMs: Math.min(options.timeout, 30_000) });
  return { client, format: options.output ?? defaultFormat(terminal), terminal, timeoutMs: options.timeout };
}

/** The answer: a table for a person, or the value itself as JSON or YAML. */
export function show(context: Context, value: unknown, head: readonly string[], rows: () => ReadonlyArray<readonly Cell[]>): void {
  if (context.format === 'table') context.terminal.out.write(formatTable(head, rows()));
  else writeDocument(context.terminal, context.format, value);
}
