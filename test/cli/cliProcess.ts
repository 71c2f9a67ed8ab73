import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `kafkaplane ARGS` as a script would (bin/kafkaplane.js, stdout a pipe) against a server. */
export function runCli(server: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/kafkaplane.js', ...args],
      { env: { PATH: process.env.PATH, KAFKAPLANE_SERVER: `${server}/graphql`, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
      },
    );
  });
}

export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts `kafkaplane ARGS` and returns at once: for --follow and --wait that a test interrupts. */
export function startCli(server: string, args: string[]): RunningCli {
  const child = spawn(process.execPath, ['bin/kafkaplane.js', ...args], {
    env: { PATH: process.env.PATH, KAFKAPLANE_SERVER: `${server}/graphql` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Parses stdout as the one JSON document a script reads. */
export function json<T>(result: CliResult): T {
  return JSON.parse(result.stdout) as T;
}
