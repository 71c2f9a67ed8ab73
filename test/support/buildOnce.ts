import { execFileSync } from 'node:child_process';

/** vitest globalSetup: the process tests run `dist/`, so build it once from the current sources, as `npm run build` does. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/@swc/cli/bin/swc.js', 'src', 'sandbox', 'scripts', '-d', 'dist', '--config-file', '.swcrc', '--quiet'], {
    stdio: 'pipe',
  });
  // The console (console/src) the server serves at `/`.
  execFileSync(process.execPath, ['dist/scripts/buildConsole.js'], { stdio: 'pipe' });
}
