import { execFileSync } from 'node:child_process';

/** vitest globalSetup: the process tests run `dist/`, so build it once from the current sources. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/@swc/cli/bin/swc.js', 'src', 'sandbox', '-d', 'dist', '--config-file', '.swcrc', '--quiet'], {
    stdio: 'pipe',
  });
}
