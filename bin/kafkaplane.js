#!/usr/bin/env node
// The `kafkaplane` command. In a checkout it compiles the sources first when dist/ lacks the CLI
// or is older than the files it loads; in the image dist/ is there and swc is not.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const root = new URL('..', import.meta.url);
const entry = new URL('dist/src/cli/main.js', root);
const swc = new URL('node_modules/@swc/cli/bin/swc.js', root);

/** The newest modification time under the folders the CLI is compiled from. */
function newestSource() {
  let newest = statSync(new URL('src/version.ts', root)).mtimeMs;
  for (const folder of ['src/cli', 'src/client']) {
    for (const name of readdirSync(new URL(folder, root), { recursive: true })) {
      newest = Math.max(newest, statSync(new URL(`${folder}/${name}`, root)).mtimeMs);
    }
  }
  return newest;
}

if (existsSync(swc) && existsSync(new URL('src/cli', root)) && (!existsSync(entry) || newestSource() > statSync(entry).mtimeMs)) {
  execFileSync(process.execPath, [swc.pathname, 'src', 'sandbox', '-d', 'dist', '--config-file', '.swcrc', '--quiet'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
await import(entry.href);
