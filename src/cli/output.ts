import Table from 'cli-table3';
import { stringify } from 'yaml';

export type OutputFormat = 'table' | 'json' | 'yaml';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml'];

/** Where a command writes: stdout for its answer, stderr for progress and messages. */
export interface Terminal {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Tables for a person at a terminal, JSON for a script reading a pipe. */
export function defaultFormat(terminal: Terminal): OutputFormat {
  return terminal.out.isTTY === true ? 'table' : 'json';
}

/** The whole answer as one document, for a script to parse. */
export function writeDocument(terminal: Terminal, format: 'json' | 'yaml', value: unknown): void {
  terminal.out.write(format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : stringify(value));
}

export type Cell = string | number | boolean | null | undefined;

/** Rows as kubectl prints them: upper-case headings, no borders, two spaces between columns. */
export function formatTable(head: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const table = new Table({
    head: [...head],
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  });
  for (const row of rows) table.push(row.map(cell));
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}

function cell(value: Cell): string {
  if (value === null || value === undefined || value === '') return '-';
  return String(value);
}

/** A number with at most `digits` decimals, or `-`. */
export function num(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '-' : String(Math.round(value * 10 ** digits) / 10 ** digits);
}
