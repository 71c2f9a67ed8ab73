import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logging.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

export interface ApiSandbox {
  sandbox: Sandbox;
  server: RunningServer;
  close(): Promise<void>;
}

/**
 * The kafkaplane server, as main.ts wires it on the embedded sandbox, in this process: its
 * GraphQL endpoint over real HTTP, with the sandbox 100× faster than real time and Cruise
 * Control's metric windows a minute long, so its load figures come within a second or two.
 */
export async function startApiSandbox(args: string[] = []): Promise<ApiSandbox> {
  const sandbox = await startSandbox({
    dir: mkdtempSync(join(tmpdir(), 'kafkaplane-api-')),
    speed: 100,
    cruiseControl: { monitor: { windowMs: 60_000 }, maxBlockMs: 20, proposalComputeMs: 2_000 },
  });
  const server = await startApiServer(sandbox, args);
  return {
    sandbox,
    server,
    close: async () => {
      await server.stop();
      await sandbox.close();
    },
  };
}

/** One more kafkaplane server on the same sandbox (a second replica, or one with --reconcile=false). */
export async function startApiServer(sandbox: Sandbox, args: string[] = []): Promise<RunningServer> {
  const parsed = parseConfig(['--port', '0', '--host', '127.0.0.1', '--log-level', 'silent', '--log-format', 'json', ...args], {});
  if (parsed.help) throw new Error('no --help here');
  return startServer(parsed.config, createLogger(parsed.config), {
    kubernetes: { mode: 'SANDBOX', apiServerUrl: sandbox.kube.url, kubeConfig: sandbox.kube.kubeConfig },
    cruiseControlUrl: (cluster) => sandbox.world.cruiseControlUrls()[`${cluster.namespace}/${cluster.name}`],
    kafkaBootstrap: (cluster) => sandbox.world.bootstrapServers()[`${cluster.namespace}/${cluster.name}`]?.split(',').filter((a) => a !== ''),
  });
}
