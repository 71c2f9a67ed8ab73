import { existsSync, readFileSync } from 'node:fs';
import { ApiException, KubernetesObjectApi, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { applyDemoCluster } from './demoCluster.js';

/** The checkout's deploy/crds, found above this file (sandbox/ in tests, dist/sandbox/ after a build). */
function crdsDir(): URL {
  let dir = new URL('.', import.meta.url);
  for (let level = 0; level < 4; level += 1) {
    dir = new URL('..', dir);
    if (existsSync(new URL('package.json', dir))) return new URL('deploy/crds/', dir);
  }
  throw new Error('deploy/crds not found above the sandbox');
}

/** The CRDs `kubectl apply -k deploy/crds` installs: the files its kustomization lists (written by `npm run crds` from the server's own definitions). */
export function checkedInCrds(): KubernetesObject[] {
  const dir = crdsDir();
  const kustomization = parse(readFileSync(new URL('kustomization.yaml', dir), 'utf8')) as { resources?: string[] };
  return (kustomization.resources ?? []).map((file) => parse(readFileSync(new URL(file, dir), 'utf8')) as KubernetesObject);
}

/**
 * Makes the sandbox a cluster as a platform team has it before kafkaplane runs: Koperator's CRDs
 * installed (as `kubectl apply -k deploy/crds`), and the demo KafkaCluster applied, for a server
 * started later with `--kubeconfig` to reconcile.
 */
export async function installPlatform(kubeConfig: KubeConfig): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  for (const crd of checkedInCrds()) {
    try {
      const existing = await api.read({ apiVersion: crd.apiVersion, kind: crd.kind, metadata: { name: crd.metadata?.name ?? '' } });
      await api.replace({ ...crd, metadata: { ...crd.metadata, resourceVersion: existing.metadata?.resourceVersion } });
    } catch (err) {
      if (!(err instanceof ApiException) || err.code !== 404) throw err;
      await api.create(crd);
    }
  }
  await applyDemoCluster(kubeConfig);
}
