import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ConfigError } from '../config.js';
import { clusterDnsFromKubeconfig, type ClusterDns } from './clusterDns.js';
import { pooledKubeConfig } from './pooledKubeConfig.js';

/** How the server reaches Kubernetes. */
export type KubernetesMode = 'KUBECONFIG' | 'IN_CLUSTER' | 'SANDBOX' | 'NONE';

export interface KubernetesConnection {
  mode: KubernetesMode;
  /** The API server's URL, when there is one. */
  apiServerUrl: string | undefined;
  kubeConfig: KubeConfig | undefined;
  /** The cluster's DNS, when the kubeconfig names one (the sandbox's): the server then resolves cluster names through it. */
  clusterDns?: ClusterDns | undefined;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Picks the connection: an explicit kubeconfig (flag or KUBECONFIG), else the in-cluster
 * service account, else none. We decide "none" ourselves because client-node's own fallback
 * is a broken http://localhost:8080 (kubernetes-client/javascript src/config.ts, loadFromDefault).
 */
export function resolveKubernetesConnection(kubeconfig: string | undefined, env: NodeJS.ProcessEnv = process.env): KubernetesConnection {
  if (kubeconfig !== undefined) {
    const paths = kubeconfig.split(delimiter).filter((p) => p !== '');
    for (const path of paths) assertReadable(path);
    const kc = new KubeConfig();
    try {
      // The first file wins, the rest are merged in, as kubectl and client-node do.
      const [first, ...rest] = paths;
      if (first === undefined) throw new Error('no path given');
      kc.loadFromFile(first);
      for (const path of rest) kc.mergeConfig(loadFile(path));
    } catch (err) {
      throw new ConfigError(`--kubeconfig (or KUBECONFIG): cannot load ${kubeconfig}: ${(err as Error).message}`);
    }
    const cluster = kc.getCurrentCluster();
    if (cluster === null) {
      throw new ConfigError(`--kubeconfig (or KUBECONFIG): ${kubeconfig} names no current cluster (set current-context)`);
    }
    const clusterDns = paths[0] !== undefined ? clusterDnsFromKubeconfig(paths[0]) : undefined;
    return { mode: 'KUBECONFIG', apiServerUrl: cluster.server, kubeConfig: pooledKubeConfig(kc), ...(clusterDns ? { clusterDns } : {}) };
  }
  if (env.KUBERNETES_SERVICE_HOST && existsSync(`${SERVICE_ACCOUNT_DIR}/token`)) {
    const kc = new KubeConfig();
    kc.loadFromCluster();
    return { mode: 'IN_CLUSTER', apiServerUrl: kc.getCurrentCluster()?.server, kubeConfig: pooledKubeConfig(kc) };
  }
  return { mode: 'NONE', apiServerUrl: undefined, kubeConfig: undefined };
}

function loadFile(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

function assertReadable(path: string): void {
  try {
    accessSync(path, constants.R_OK);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not readable';
    throw new ConfigError(`--kubeconfig (or KUBECONFIG): cannot read ${path}: ${reason}`);
  }
}
