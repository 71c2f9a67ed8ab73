import type { ContainerFiles } from './podFiles.js';

/** How a command ended: what it printed and its exit code. */
export interface CommandResult {
  exitCode: number;
  output: string[];
}

/**
 * Runs the commands the sandbox models in an init container: `cp [-v] SOURCE DEST` and
 * `cat FILE... > TARGET`, alone or in
 * `sh -c` scripts (`-e` stops at the first failure, `-x` prints each command, as sh does).
 * Other commands (kafka-storage.sh, which the Kafka world runs) have no effect on files here.
 * `coreutils` chooses the words: GNU's (Debian images) or BusyBox's (Alpine images).
 */
export function runCommand(argv: readonly string[], files: ContainerFiles, coreutils: 'gnu' | 'busybox'): CommandResult {
  const [program, ...rest] = argv;
  const base = program?.split('/').pop();
  if ((base === 'sh' || base === 'bash') && rest[0]?.startsWith('-') && rest[0].includes('c')) {
    const flags = rest[0];
    return runScript(rest[1] ?? '', files, coreutils, { exitOnError: flags.includes('e'), trace: flags.includes('x') });
  }
  if (base === 'cp') return copy(rest, files, coreutils);
  if (base === 'cat') return concatenate(rest, files, coreutils);
  return { exitCode: 0, output: [] };
}

function runScript(script: string, files: ContainerFiles, coreutils: 'gnu' | 'busybox', options: { exitOnError: boolean; trace: boolean }): CommandResult {
  const output: string[] = [];
  let exitCode = 0;
  for (const line of script.split(/\n|;|&&/)) {
    const words = line
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    if (words.length === 0) continue;
    if (options.trace) output.push(`+ ${words.join(' ')}`);
    const result = runCommand(words, files, coreutils);
    output.push(...result.output);
    exitCode = result.exitCode;
    if (exitCode !== 0 && (options.exitOnError || script.includes('&&'))) break;
  }
  return { exitCode, output };
}

/** cp's messages: GNU coreutils src/copy.c and cp.c, BusyBox coreutils/cp.c and libbb/copy_file.c. */
function copy(args: readonly string[], files: ContainerFiles, coreutils: 'gnu' | 'busybox'): CommandResult {
  const verbose = args.includes('-v');
  const paths = args.filter((a) => !a.startsWith('-'));
  if (paths.length < 2)
    return { exitCode: 1, output: [coreutils === 'gnu' ? `cp: missing destination file operand after '${paths[0] ?? ''}'` : 'BusyBox cp: missing operand'] };
  const [source, destination] = [paths[0] ?? '', paths[1] ?? ''];
  const content = files.file(source);
  if (content === undefined)
    return {
      exitCode: 1,
      output: [coreutils === 'gnu' ? `cp: cannot stat '${source}': No such file or directory` : `cp: can't stat '${source}': No such file or directory`],
    };
  const target = files.isDirectory(destination) ? `${destination.replace(/\/+$/, '')}/${source.split('/').pop() ?? ''}` : destination;
  const parent = target.slice(0, target.lastIndexOf('/')) || '/';
  if (!files.isDirectory(parent))
    return {
      exitCode: 1,
      output: [
        coreutils === 'gnu'
          ? `cp: cannot create regular file '${target}': No such file or directory`
          : `cp: can't create '${target}': No such file or directory`,
      ],
    };
  files.write(target, content);
  return { exitCode: 0, output: verbose && coreutils === 'gnu' ? [`'${source}' -> '${target}'`] : [] };
}

/**
 * `cat FILE... > TARGET`: the files' text joined into TARGET (the shell opens it first, so a
 * missing directory fails before cat runs). Messages: GNU cat.c, BusyBox cat.c and ash/dash.
 */
function concatenate(args: readonly string[], files: ContainerFiles, coreutils: 'gnu' | 'busybox'): CommandResult {
  const redirect = args.indexOf('>');
  const sources = redirect === -1 ? args : args.slice(0, redirect);
  const target = redirect === -1 ? undefined : args[redirect + 1];
  if (target !== undefined) {
    const parent = target.slice(0, target.lastIndexOf('/')) || '/';
    if (!files.isDirectory(parent))
      return {
        exitCode: 2,
        output: [coreutils === 'gnu' ? `sh: 1: cannot create ${target}: Directory nonexistent` : `sh: can't create ${target}: nonexistent directory`],
      };
  }
  const texts: string[] = [];
  for (const source of sources) {
    const text = files.file(source)?.text;
    if (text === undefined)
      return {
        exitCode: 1,
        output: [coreutils === 'gnu' ? `cat: ${source}: No such file or directory` : `cat: can't open '${source}': No such file or directory`],
      };
    texts.push(text);
  }
  if (target === undefined)
    return {
      exitCode: 0,
      output: texts
        .join('')
        .split('\n')
        .filter((l) => l !== ''),
    };
  files.write(target, { text: texts.join('') });
  return { exitCode: 0, output: [] };
}
