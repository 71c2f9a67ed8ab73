import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logging.js';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { expect, vi } from 'vitest';
import { applyDemoCluster, DEMO_CLUSTER } from '../../sandbox/demoCluster.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index.js';

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
export async function startApiSandbox(args: string[] = [], options: SandboxOptions = {}): Promise<ApiSandbox> {
  const sandbox = await startSandbox({
    dir: mkdtempSync(join(tmpdir(), 'kafkaplane-api-')),
    speed: 100,
    cruiseControl: { monitor: { windowMs: 60_000 }, maxBlockMs: 20, proposalComputeMs: 2_000 },
    ...options,
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
    kubernetes: { mode: 'SANDBOX', apiServerUrl: sandbox.kube.url, kubeConfig: sandbox.kube.kubeConfig, clusterDns: sandbox.clusterDns },
  });
}

/**
 * The API sandbox with the demo cluster (six brokers in namespace kafka) applied, as main.ts does,
 * once the server installed the CRDs; ready when the cluster is Running and holds its demo topics.
 */
export async function startDemoApiSandbox(
  args: string[] = [],
  options: SandboxOptions = {},
  demo: { cruiseControlEndpoint?: string } = {},
): Promise<ApiSandbox> {
  const api = await startApiSandbox(args, options);
  const custom = api.sandbox.kube.kubeConfig.makeApiClient(CustomObjectsApi);
  const state = async () =>
    (
      (await custom.getNamespacedCustomObject({
        group: 'kafka.banzaicloud.io',
        version: 'v1beta1',
        namespace: 'kafka',
        plural: 'kafkaclusters',
        name: 'kafka',
      })) as { status?: { state?: string } }
    ).status?.state;
  // With an endpoint of its own the cluster gets no Cruise Control from the operator: the test runs one.
  const cluster =
    demo.cruiseControlEndpoint !== undefined
      ? { ...DEMO_CLUSTER, spec: { ...DEMO_CLUSTER.spec, cruiseControlConfig: { cruiseControlEndpoint: demo.cruiseControlEndpoint } } }
      : DEMO_CLUSTER;
  await vi.waitFor(() => applyDemoCluster(api.sandbox.kube.kubeConfig, cluster), { timeout: 30_000, interval: 100 });
  await vi.waitFor(async () => expect(await state()).toBe('ClusterRunning'), { timeout: 60_000, interval: 100 });
  await vi.waitFor(() => expect(api.sandbox.world.model('kafka', 'kafka')?.partitions().length ?? 0).toBeGreaterThan(300), { timeout: 60_000, interval: 100 });
  // The Cruise Control the operator deploys runs once the metrics topic exists and its Pod started.
  if (demo.cruiseControlEndpoint === undefined) {
    await vi.waitFor(() => expect(api.sandbox.world.cruiseControl('kafka', 'kafka')).toBeDefined(), { timeout: 60_000, interval: 100 });
  }
  return api;
}

/** The demo API sandbox with what its tests talk to: the server's URL and Kubernetes clients as the sandbox admin. */
export async function startDemoApiClients(args: string[] = []): Promise<{ api: ApiSandbox; url: string; core: CoreV1Api; custom: CustomObjectsApi }> {
  const api = await startDemoApiSandbox(args);
  const config = api.sandbox.kube.kubeConfig;
  return { api, url: api.server.url, core: config.makeApiClient(CoreV1Api), custom: config.makeApiClient(CustomObjectsApi) };
}
