import { posix } from 'node:path';

/**
 * Finds lines of the repository's files that point at something a reader of the repository does
 * not have: a Markdown document it does not hold, a relative path that climbs out of the checkout,
 * a path on one machine, a section sign with no document named, and relative links or imports that leave the checkout or name a
 * file that does not exist. Pure: it is given the files, so it can be tested on made-up ones.
 */

/** One offending line. */
export interface OutsideReference {
  file: string;
  line: number;
  problem: string;
  text: string;
}

export interface RepositoryFiles {
  /** Every file git tracks, by path relative to the root (posix separators). */
  tracked: ReadonlySet<string>;
  /** Whether a path inside the checkout is generated (git-ignored: dist/, test/__generated__/). */
  isGenerated: (path: string) => boolean;
}

/**
 * A Markdown document named in prose (`notes.md`, `docs/api.md`): it must be one the repository
 * has, or an upstream one named with its repository or full URL (those have a `/` before them).
 */
const NAMED_DOCUMENT = /(^|[\s`'"([])([\w-]+\.md)\b/g;
/** A relative path in prose or code (`../x`): it must not climb out of the checkout. */
const RELATIVE_PATH = /(?:^|[\s`'"([])((?:\.\.\/)+[\w.-]+)/g;
/** An absolute path on some machine, which no clone has. */
const MACHINE_PATH = /(^|[\s`'"(])\/(work|home|root|Users)\/[\w.-]+/;

const CODE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
/** Relative module specifiers and URLs: imports, re-exports, dynamic imports, vi.mock, new URL(…, import.meta.url). */
const RELATIVE_SPECIFIERS = [
  /\bfrom\s+['"](\.{1,2}\/[^'"]*)['"]/g,
  /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]*)['"]\s*\)/g,
  /^\s*import\s+['"](\.{1,2}\/[^'"]*)['"]/g,
  /\bvi\.mock\(\s*['"](\.{1,2}\/[^'"]*)['"]/g,
  /\bnew URL\(\s*['"](\.{1,2}\/[^'"]*|\.{1,2})['"]\s*,\s*import\.meta\.url\s*\)/g,
];
/** Inline links and images `[text](target)`, and reference definitions `[name]: target`. */
const MARKDOWN_LINKS = [/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g];

export function findOutsideReferences(files: ReadonlyMap<string, string>, repository: RepositoryFiles): OutsideReference[] {
  const found: OutsideReference[] = [];
  const trackedNames = new Set([...repository.tracked].map((path) => posix.basename(path)));
  const directories = new Set([...repository.tracked].flatMap((path) => ancestors(path)));
  const present = (path: string): boolean => repository.tracked.has(path) || directories.has(path);
  const exists = (path: string): boolean => present(path) || repository.isGenerated(path);
  const anchors = new Map<string, Set<string>>();
  const anchorsOf = (path: string): Set<string> | undefined => {
    if (!anchors.has(path)) {
      const text = files.get(path);
      if (text === undefined) return undefined;
      anchors.set(path, headingAnchors(text));
    }
    return anchors.get(path);
  };

  for (const [file, text] of files) {
    const lines = text.split('\n');
    const markdown = file.endsWith('.md');
    let fenced = false;
    lines.forEach((line, index) => {
      const report = (problem: string): void => {
        found.push({ file, line: index + 1, problem, text: line.trim().slice(0, 160) });
      };
      // Fenced blocks in Markdown show commands and output as they are; links and names there are not followed.
      const inFence = markdown && (fenced || /^\s*(```|~~~)/.test(line));
      for (const match of inFence ? [] : line.matchAll(NAMED_DOCUMENT)) {
        const name = match[2] ?? '';
        if (!trackedNames.has(name)) report(`names ${name}, a document the repository does not have`);
      }
      for (const match of line.matchAll(RELATIVE_PATH)) {
        if (resolveInside(file, match[1] ?? '') === undefined) report(`refers to ${match[1] ?? ''}, outside the repository`);
      }
      if (MACHINE_PATH.test(line)) report('an absolute path on one machine');
      if (line.includes('\u00a7')) report('a section sign: name the document (a file of this repository, or an upstream source) and its section in words');

      if (markdown) {
        if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
        if (fenced) return;
        for (const pattern of MARKDOWN_LINKS) {
          for (const match of line.matchAll(pattern)) {
            const target = match[1] ?? '';
            if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
            const [pathPart = '', anchor] = target.split('#', 2);
            const resolved = pathPart === '' ? file : resolveInside(file, decodeURIComponent(pathPart.split('?')[0] ?? ''));
            if (resolved === undefined) report(`links to ${target}, outside the repository`);
            else if (!exists(resolved)) report(`links to ${target}, which the repository does not have`);
            else if (anchor !== undefined && anchor !== '' && resolved.endsWith('.md') && anchorsOf(resolved)?.has(anchor.toLowerCase()) === false) {
              report(`links to ${target}: ${resolved} has no heading with that anchor`);
            }
          }
        }
      } else if (CODE_FILE.test(file)) {
        for (const pattern of RELATIVE_SPECIFIERS) {
          for (const match of line.matchAll(pattern)) {
            const specifier = match[1] ?? '';
            const resolved = resolveInside(file, specifier);
            if (resolved === undefined) report(`refers to ${specifier}, outside the repository`);
            else if (!moduleCandidates(resolved).some(present) && !repository.isGenerated(resolved))
              report(`refers to ${specifier}, which the repository does not have`);
          }
        }
      }
    });
  }
  return found;
}

/** The path a relative reference from `file` names, or undefined when it leaves the checkout. */
function resolveInside(file: string, relative: string): string | undefined {
  const joined = posix.normalize(posix.join(posix.dirname(file), relative)).replace(/\/$/, '');
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(relative)) return undefined;
  return joined === '' ? '.' : joined;
}

/** The files a module specifier may stand for: TypeScript imports its own files by their .js name. */
function moduleCandidates(path: string): string[] {
  const stem = path.replace(/\.(js|mjs|cjs)$/, '');
  return [path, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`, `${stem}.d.ts`, `${path}/index.ts`, `${path}/index.js`];
}

function ancestors(path: string): string[] {
  const parts = path.split('/');
  return ['.', ...parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'))];
}

/** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? undefined : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  // Anchors an HTML element declares itself (`<a id="…">`).
  for (const match of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add((match[1] ?? '').toLowerCase());
  return anchors;
}
