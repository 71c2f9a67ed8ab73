import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { writeSandboxFiles } from '../../sandbox/files.js';
import { startKubeSandbox, type KubeSandbox, type KubeSandboxOptions } from '../../sandbox/kube/index.js';

/** The kubectl on the machine; tests that run it are skipped without it. */
export const KUBECTL = '/usr/bin/kubectl';
export const kubectlPresent = existsSync(KUBECTL);

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** kubectl as a process against one kubeconfig: its exit code, stdout and stderr. */
export class Kubectl {
  constructor(
    private readonly kubeconfigPath: string,
    private readonly cacheDir: string,
  ) {}

  private args(args: string[]): string[] {
    return ['--kubeconfig', this.kubeconfigPath, '--cache-dir', this.cacheDir, ...args];
  }

  run(...args: string[]): Promise<KubectlResult> {
    return this.runWith({}, ...args);
  }

  /** With more environment variables (`KUBE_EDITOR` for `kubectl edit`). */
  runWith(env: Record<string, string>, ...args: string[]): Promise<KubectlResult> {
    return new Promise((resolve) => {
      execFile(KUBECTL, this.args(['--request-timeout=20s', ...args]), { timeout: 40_000, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      });
    });
  }

  /** With `input` on its stdin (`-f -`). */
  runWithInput(input: string, ...args: string[]): Promise<KubectlResult> {
    return new Promise((resolve) => {
      const child = execFile(KUBECTL, this.args(['--request-timeout=20s', ...args]), { timeout: 40_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      });
      child.stdin?.end(input);
    });
  }

  /** Runs kubectl and answers its stdout; fails with its stderr when it exits non-zero. */
  async out(...args: string[]): Promise<string> {
    const result = await this.run(...args);
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  }

  /** A long-running kubectl (`-f`, `-w`); read what it printed with `output()`, stop it with `kill()`. */
  start(...args: string[]): {
    child: ChildProcessWithoutNullStreams;
    output: () => string;
    until: (seen: (out: string) => boolean, what: string) => Promise<void>;
  } {
    const child = spawn(KUBECTL, this.args(args));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const until = async (seen: (out: string) => boolean, what: string): Promise<void> => {
      const deadline = Date.now() + 15_000;
      while (!seen(out)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; kubectl printed: ${out}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    return { child, output: () => out, until };
  }
}

/** A Kubernetes sandbox and a kubectl pointed at it, for the tests of one file. */
export function useKubectlSandbox(options: KubeSandboxOptions = {}): { readonly sandbox: KubeSandbox; readonly kubectl: Kubectl } {
  let sandbox: KubeSandbox | undefined;
  let kubectl: Kubectl | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    sandbox = await startKubeSandbox(options);
    dir = await mkdtemp(join(tmpdir(), 'kube-sandbox-kubectl-'));
    const { kubeconfigPath } = await writeSandboxFiles(
      dir,
      // Over HTTPS kubectl sends the token, so RBAC sees the sandbox user rather than an anonymous request.
      { server: sandbox.url, token: sandbox.token, ...(sandbox.caCert !== undefined ? { certificateAuthority: sandbox.caCert } : {}) },
      { kubernetes: sandbox.url, cruiseControl: {}, kafka: {} },
    );
    kubectl = new Kubectl(kubeconfigPath, join(dir, 'cache'));
  });
  afterAll(async () => {
    await sandbox?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the sandbox is started in beforeAll: read it inside a test');
    return value;
  };
  return {
    get sandbox() {
      return started(sandbox);
    },
    get kubectl() {
      return started(kubectl);
    },
  };
}
