import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

/** Where a running sandbox tells people and other programs how to reach it. */
export interface SandboxEndpoints {
  kubernetes: string;
  /** `host:port` of the cluster DNS (UDP) answering names under cluster.local. */
  clusterDns?: string;
  /** `<namespace>/<cluster>` to the Cruise Control URL of that simulated cluster. */
  cruiseControl: Record<string, string>;
  /** `<namespace>/<cluster>` to the bootstrap addresses (`host:port,host:port`) of its brokers. */
  kafka: Record<string, string>;
  /** The kubelet's metrics (volume stats of the claims), as Prometheus scrapes them. */
  kubeletMetrics?: string;
  /** The kafkaplane server using this sandbox, when it is embedded in one. */
  kafkaplane?: string;
}

export interface SandboxKubeconfig {
  server: string;
  token: string;
  /** PEM of the CA that signed an HTTPS server's certificate; absent for plain HTTP. */
  certificateAuthority?: string;
  namespace?: string;
  /** The sandbox's cluster DNS, named in the cluster's extensions so that a server using this kubeconfig resolves Service names through it. */
  clusterDns?: { server: string; domain: string };
}

/**
 * The cluster extension naming the cluster DNS. The server reads it under the same name
 * (src/k8s/clusterDns.ts, CLUSTER_DNS_EXTENSION); kubectl and client-node ignore extensions they do not know.
 */
export const CLUSTER_DNS_EXTENSION = 'cluster-dns.sandbox.kafkaplane.io';

export const DEFAULT_SANDBOX_DIR = '.sandbox';

/** The folder for the sandbox's files: `--dir`, else SANDBOX_DIR, else `.sandbox`. */
export function sandboxDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.SANDBOX_DIR ?? DEFAULT_SANDBOX_DIR);
}

/** A kubeconfig kubectl and client-node read as they would any other. */
export function renderKubeconfig(config: SandboxKubeconfig): string {
  const cluster: Record<string, unknown> = { server: config.server };
  if (config.certificateAuthority !== undefined) {
    cluster['certificate-authority-data'] = Buffer.from(config.certificateAuthority).toString('base64');
  } else {
    // client-node refuses plain http unless told to skip TLS verification (kubernetes-client/javascript src/config.ts, createDispatcherOptions).
    cluster['insecure-skip-tls-verify'] = true;
  }
  if (config.clusterDns !== undefined) cluster.extensions = [{ name: CLUSTER_DNS_EXTENSION, extension: config.clusterDns }];
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kafkaplane-sandbox', cluster }],
    users: [{ name: 'kafkaplane-sandbox-admin', user: { token: config.token } }],
    contexts: [
      {
        name: 'kafkaplane-sandbox',
        context: { cluster: 'kafkaplane-sandbox', user: 'kafkaplane-sandbox-admin', namespace: config.namespace ?? 'default' },
      },
    ],
    'current-context': 'kafkaplane-sandbox',
  });
}

/** Writes `kubeconfig` and `endpoints.json`, each atomically (a reader never sees half a file). */
export async function writeSandboxFiles(
  dir: string,
  kubeconfig: SandboxKubeconfig,
  endpoints: SandboxEndpoints,
): Promise<{ kubeconfigPath: string; endpointsPath: string }> {
  await mkdir(dir, { recursive: true });
  const kubeconfigPath = join(dir, 'kubeconfig');
  const endpointsPath = join(dir, 'endpoints.json');
  await writeAtomically(kubeconfigPath, renderKubeconfig(kubeconfig), 0o600);
  await writeAtomically(endpointsPath, `${JSON.stringify(endpoints, null, 2)}\n`, 0o644);
  return { kubeconfigPath, endpointsPath };
}

async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, path);
}
