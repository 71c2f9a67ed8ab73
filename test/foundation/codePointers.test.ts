import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGES = ['docs/api.md', 'docs/operations.md'];

/** The "In the code:" paragraphs of a page: what the page describes, pointed at the code that does it. */
function pointers(page: string): Array<{ at: string; paths: string[]; names: string[] }> {
  const text = readFileSync(`${ROOT}/${page}`, 'utf8');
  const found: Array<{ at: string; paths: string[]; names: string[] }> = [];
  let heading = '';
  for (const paragraph of text.split('\n\n')) {
    const title = /(?:^|\n)#{2,6} (.*)$/.exec(paragraph)?.[1];
    if (title !== undefined) heading = title;
    if (!paragraph.startsWith('In the code:')) continue;
    const quoted = [...paragraph.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    found.push({
      at: `${page}, "${heading}"`,
      paths: quoted.filter((q) => /^(src|sandbox|test)\/[\w/.-]*$/.test(q)),
      names: quoted.filter((q) => /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/.test(q) && !/\.(ts|md)$/.test(q)),
    });
  }
  return found;
}

/** A file's text, or every file's under a folder. */
function sourceOf(path: string): string {
  const full = `${ROOT}/${path}`;
  if (!statSync(full).isDirectory()) return readFileSync(full, 'utf8');
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(`${full}/${f}`, 'utf8'))
    .join('\n');
}

describe('docs point at the code that does what they describe', () => {
  it.each(PAGES)('%s has a pointer to the code in its sections', (page) => {
    expect(pointers(page).length).toBeGreaterThanOrEqual(8);
  });

  it.each(PAGES)('%s names files that exist, and functions those files hold', (page) => {
    const wrong: string[] = [];
    for (const pointer of pointers(page)) {
      const missing = pointer.paths.filter((p) => !existsSync(`${ROOT}/${p}`));
      for (const path of missing) wrong.push(`${pointer.at}: no ${path}`);
      const source = pointer.paths
        .filter((p) => !missing.includes(p))
        .map(sourceOf)
        .join('\n');
      for (const name of pointer.names) {
        for (const part of name.split('.')) {
          if (!new RegExp(`\\b${part.replace('$', '\\$')}\\b`).test(source)) wrong.push(`${pointer.at}: ${name} is in none of ${pointer.paths.join(', ')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
