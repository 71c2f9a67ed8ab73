import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findOutsideReferences, headingAnchors, type RepositoryFiles } from '../support/outsideReferences.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Not checked: third-party files kept as they were published, and the two files that hold the patterns themselves. */
const SKIPPED = [/^vendor\//, /^package-lock\.json$/, /^test\/support\/outsideReferences\.ts$/, /^test\/foundation\/selfContained\.test\.ts$/];

function git(args: string[], input?: string): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...(input !== undefined ? { input } : {}) });
}

function repository(): { files: Map<string, string>; repo: RepositoryFiles } {
  const tracked = new Set(
    git(['ls-files', '-z'])
      .split('\0')
      .filter((p) => p !== ''),
  );
  const files = new Map<string, string>();
  for (const path of tracked) {
    if (SKIPPED.some((p) => p.test(path))) continue;
    let content: Buffer;
    try {
      content = readFileSync(`${ROOT}/${path}`);
    } catch {
      continue; // deleted in the work tree, not yet committed
    }
    if (content.includes(0)) continue; // binary
    files.set(path, content.toString('utf8'));
  }
  const generated = new Map<string, boolean>();
  const isGenerated = (path: string): boolean => {
    let known = generated.get(path);
    if (known === undefined) {
      try {
        git(['check-ignore', '-q', '--no-index', path]);
        known = true;
      } catch {
        known = false;
      }
      generated.set(path, known);
    }
    return known;
  };
  return { files, repo: { tracked, isGenerated } };
}

describe('the repository stands on its own', () => {
  it('no file refers to anything outside the repository, nor links to a file it does not have', () => {
    const { files, repo } = repository();
    expect(files.size).toBeGreaterThan(100);
    const found = findOutsideReferences(files, repo).map((r) => `${r.file}:${r.line}: ${r.problem}\n    ${r.text}`);
    expect(found, `lines that point outside the repository:\n${found.join('\n')}`).toEqual([]);
  });
});

describe('what counts as pointing outside', () => {
  const repo: RepositoryFiles = {
    tracked: new Set(['README.md', 'docs/api.md', 'docs/architecture.md', 'src/app.ts', 'src/http/server.ts', 'vendor/spec/base.yaml']),
    isGenerated: (path) => path.startsWith('dist/'),
  };
  const docs = new Map([
    ['docs/api.md', '# The API\n## One cluster\n'],
    ['docs/architecture.md', '# Architecture\n## Safety rules\n'],
  ]);
  const check = (file: string, line: string): string[] =>
    findOutsideReferences(new Map([...docs, [file, (docs.get(file) ?? '') + line]]), repo)
      .filter((r) => r.file === file)
      .map((r) => r.problem);

  it.each([
    ['src/app.ts', '// the rules of PLAN.md', 'names PLAN.md, a document the repository does not have'],
    ['src/app.ts', '// as operator-notes.md says', 'names operator-notes.md'],
    ['src/app.ts', '// see api-notes.md for the details', 'names api-notes.md'],
    ['docs/api.md', 'Read `HOWTO.md`.', 'names HOWTO.md'],
    ['src/app.ts', '// (reference \u00a72.7)', 'a section sign'],
    ['src/app.ts', '// ../../../team/notes.txt', 'refers to ../../../team, outside the repository'],
    ['README.md', 'See /home/someone/notes.txt', 'an absolute path on one machine'],
    ['docs/api.md', 'See [the design](../../PLAN.md).', 'outside the repository'],
    ['docs/api.md', 'See [the plan](plan.md).', 'the repository does not have'],
    ['docs/api.md', 'See [rules](architecture.md#the-safety-rules).', 'no heading with that anchor'],
    ['docs/api.md', '[design]: ../../notes/design.md', 'outside the repository'],
    ['src/http/server.ts', "import { x } from '../../../elsewhere/x.js';", 'outside the repository'],
    ['src/http/server.ts', "import { x } from './missing.js';", 'the repository does not have'],
    ['src/http/server.ts', "const spec = new URL('../../vendor/missing', import.meta.url);", 'the repository does not have'],
  ])('%s: %s', (file, line, problem) => {
    expect(check(file, line).join('; ')).toContain(problem);
  });

  it.each([
    ['src/app.ts', '// as docs/architecture.md says, in "Safety rules"'],
    ['src/app.ts', '// adobe/koperator controllers/cruisecontroloperation_controller.go'],
    ['docs/api.md', 'See [rules](architecture.md#safety-rules), [the readme](../README.md) and [above](#one-cluster).'],
    ['docs/api.md', 'See [Koperator](https://github.com/adobe/koperator/blob/master/README.md).'],
    ['docs/api.md', '```\nsee [x](nowhere.md)\n```'],
    ['src/http/server.ts', "import { startServer } from '../app.js';"],
    ['src/http/server.ts', "const spec = new URL('../../vendor/spec', import.meta.url);"],
    ['src/http/server.ts', "const main = new URL('../../dist/src/main.js', import.meta.url);"],
  ])('%s: %s is fine', (file, line) => {
    expect(check(file, line)).toEqual([]);
  });

  it('names headings as GitHub anchors them', () => {
    expect([...headingAnchors('# Where the spec and the server differ\n## `npm start`: the sandbox\n## Tests\n## Tests\n')]).toEqual([
      'where-the-spec-and-the-server-differ',
      'npm-start-the-sandbox',
      'tests',
      'tests-1',
    ]);
  });
});
