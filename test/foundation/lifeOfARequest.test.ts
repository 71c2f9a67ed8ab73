import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECTION = '## The life of a request';

/** The rows of the tables under CONTRIBUTING.md's "The life of a request": step, files, functions. */
function hops(): Array<{ table: string; step: string; files: string[]; names: string[] }> {
  const text = readFileSync(`${ROOT}/CONTRIBUTING.md`, 'utf8');
  const start = text.indexOf(`${SECTION}\n`);
  if (start < 0) return [];
  const end = text.indexOf('\n## ', start + 1);
  let table = '';
  const rows: Array<{ table: string; step: string; files: string[]; names: string[] }> = [];
  for (const line of text.slice(start, end === -1 ? undefined : end).split('\n')) {
    if (line.startsWith('### ')) table = line.slice(4);
    const cells = line.split('|').map((c) => c.trim());
    // | # | what happens | file | function |
    if (cells.length !== 6 || !/^\d+$/.test(cells[1] ?? '')) continue;
    const quoted = (cell: string | undefined): string[] => [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    const all = [...quoted(cells[3]), ...quoted(cells[4])];
    rows.push({
      table,
      step: cells[1] ?? '',
      files: all.filter((q) => /^(src|sandbox|test)\/[\w/.-]+\.ts$/.test(q)),
      names: quoted(cells[4])
        .map((q) => /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)(?:\(.*\))?$/.exec(q)?.[1])
        .filter((n): n is string => n !== undefined),
    });
  }
  return rows;
}

describe("CONTRIBUTING.md's life of a request", () => {
  const rows = hops();

  it('follows removeBroker and the fleet query, hop by hop', () => {
    expect(new Set(rows.map((r) => r.table))).toEqual(new Set(['A mutation: `removeBroker`', 'A query: the fleet']));
    expect(rows.length).toBeGreaterThan(20);
  });

  it('names files that exist, and functions those files define or call', () => {
    const wrong: string[] = [];
    for (const row of rows) {
      const missing = row.files.filter((f) => !existsSync(`${ROOT}/${f}`));
      for (const file of missing) wrong.push(`${row.table} step ${row.step}: no file ${file}`);
      const source = row.files
        .filter((f) => !missing.includes(f))
        .map((f) => readFileSync(`${ROOT}/${f}`, 'utf8'))
        .join('\n');
      for (const name of row.names) {
        for (const part of name.split('.')) {
          if (!new RegExp(`\\b${part.replace('$', '\\$')}\\b`).test(source))
            wrong.push(`${row.table} step ${row.step}: ${name} is in none of ${row.files.join(', ')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
