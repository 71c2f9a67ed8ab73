import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { startServer } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logging.js';
import { applyDemoCluster } from '../../sandbox/demoCluster.js';
import { startSandbox } from '../../sandbox/index.js';
import type { RequestAttributes } from '../../sandbox/kube/faults.js';
import { rbacDecision } from '../../sandbox/kube/rbac.js';
import { startAdminProxy } from './adminProxy.js';
import { deploymentArgs, OVERLAYS, renderOverlay, type ManifestObject, type Overlay } from './kustomize.js';

/**
 * Rights the server uses only for a cluster whose certificates cert-manager issues
 * (sslSecrets.pkiBackend); the demo cluster has none, and test/deploy/rbac.integration.test.ts
 * brings one up with exactly these roles.
 */
const USED_ONLY_WITH_CERT_MANAGER = new Set(['cert-manager.io/certificates', 'cert-manager.io/issuers']);

const SERVICE_ACCOUNT = 'system:serviceaccount:kafkaplane:kafkaplane';
const GROUPS = ['system:serviceaccounts', 'system:serviceaccounts:kafkaplane', 'system:authenticated'];
const READS = new Set(['get', 'list', 'watch']);
/** Reviews are created but never stored: asking the API server who a caller is writes nothing. */
const REVIEWS = new Set(['tokenreviews', 'subjectaccessreviews']);
const SANDBOX_LACKS = new Set(['Deployment', 'NetworkPolicy']);

/**
 * `kubectl apply --server-side` of YAML, as the sandbox's admin; asynchronous, since the sandbox's
 * API server answers from this very process. The sandbox serves no OpenAPI v2 document for
 * kubectl's client-side validation; its API server validates what is applied.
 */
function kubectlApply(kubeconfig: string, yaml: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, 'apply', '--server-side', '--field-manager', 'kubectl', '--validate=false', '-f', '-'],
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(new Error(`kubectl apply: ${stderr}`));
      },
    );
    child.stdin?.end(yaml);
  });
}

/** Every resource a rendered Role or ClusterRole grants, as `group/resource`, status subresources left out. */
function grantedResources(objects: readonly ManifestObject[]): string[] {
  const granted = objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole').flatMap((o) => o.rules ?? []);
  return [...new Set(granted.flatMap((r) => r.resources.filter((res) => !res.includes('/')).map((res) => `${r.apiGroups[0] || 'core'}/${res}`)))].sort();
}

describe.each(OVERLAYS)('deploy/overlays/%s applied with kubectl', (overlay: Overlay) => {
  it('starts the server with exactly the rights it uses: none refused, none unused', async () => {
    const sandbox = await startSandbox({
      dir: mkdtempSync(join(tmpdir(), `kafkaplane-${overlay}-`)),
      speed: 100,
      cruiseControl: { monitor: { windowMs: 60_000 }, maxBlockMs: 20, proposalComputeMs: 2_000 },
      kubeUsers: [{ token: 'kafkaplane-sa-token', user: { username: SERVICE_ACCOUNT, groups: GROUPS } }],
      kubeRbac: true,
    });
    const requests: RequestAttributes[] = [];
    sandbox.kube.faults.onRequest((r) => {
      if (r.user === SERVICE_ACCOUNT) requests.push(r);
    });
    const refused = () => [
      ...new Set(
        requests
          .filter(
            (r) =>
              !rbacDecision(sandbox.kube.api.store, {
                user: r.user,
                groups: GROUPS,
                resourceAttributes: { verb: r.verb, group: r.apiGroup, resource: r.resource, subresource: r.subresource, namespace: r.namespace, name: r.name },
              }).allowed,
          )
          .map((r) => `${r.verb} ${r.apiGroup || 'core'}/${r.resource} in ${r.namespace ?? '(cluster)'}`),
      ),
    ];
    // kubectl as the sandbox's admin, through a proxy that authenticates it.
    const proxy = await startAdminProxy(sandbox.kube.url, sandbox.kube.kubeConfig.getCurrentUser()?.token ?? '');
    const kubeconfig = join(sandbox.dir, 'admin.kubeconfig');
    writeFileSync(kubeconfig, proxy.kubeconfig);
    const { objects } = renderOverlay(overlay);
    try {
      // api-only runs beside Koperator, whose install brings the CRDs.
      if (overlay === 'api-only') await kubectlApply(kubeconfig, execFileSync('kubectl', ['kustomize', 'deploy/crds'], { encoding: 'utf8' }));
      // The namespace of the clusters first: one-namespace's Role lives there.
      await kubectlApply(kubeconfig, stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kafka' } }));
      // The sandbox serves no apps/v1 or networking.k8s.io (it runs no Deployment controller):
      // everything else is applied, and the server runs with the Deployment's arguments below.
      await kubectlApply(
        kubeconfig,
        objects
          .filter((o) => !SANDBOX_LACKS.has(o.kind))
          .map((o) => stringify(o))
          .join('---\n'),
      );

      const asServiceAccount = new KubeConfig();
      asServiceAccount.loadFromOptions({
        clusters: [{ name: 'sandbox', server: sandbox.kube.url, skipTLSVerify: true }],
        users: [{ name: 'kafkaplane', token: 'kafkaplane-sa-token' }],
        contexts: [{ name: 'sandbox', cluster: 'sandbox', user: 'kafkaplane' }],
        currentContext: 'sandbox',
      });
      // --auth kubernetes, as on a real cluster (the sandbox connection would default to none).
      const parsed = parseConfig([...deploymentArgs(objects), '--auth', 'kubernetes', '--port', '0', '--host', '127.0.0.1', '--log-level', 'silent'], {
        POD_NAMESPACE: 'kafkaplane',
        ALERTMANAGER_WEBHOOK_TOKEN: 'token',
      });
      if (parsed.help) throw new Error('no --help here');
      const server = await startServer(parsed.config, createLogger(parsed.config), {
        kubernetes: { mode: 'SANDBOX', apiServerUrl: sandbox.kube.url, kubeConfig: asServiceAccount, clusterDns: sandbox.clusterDns },
      });
      try {
        await vi.waitFor(() => applyDemoCluster(sandbox.kube.kubeConfig), { timeout: 30_000, interval: 100 });
        const custom = sandbox.kube.kubeConfig.makeApiClient(CustomObjectsApi);
        // Cruise Control's credentials from a Secret the cluster names: read by the server (get secrets).
        await sandbox.kube.kubeConfig.makeApiClient(CoreV1Api).createNamespacedSecret({
          namespace: 'kafka',
          body: { metadata: { name: 'cc-auth' }, stringData: { username: 'kafkaplane', password: 'pw', credentials: 'kafkaplane: pw,ADMIN\n' } },
        });
        await custom.patchNamespacedCustomObject(
          {
            group: 'kafka.banzaicloud.io',
            version: 'v1beta1',
            namespace: 'kafka',
            plural: 'kafkaclusters',
            name: 'kafka',
            body: { metadata: { annotations: { 'kafkaplane.io/cruise-control-credentials': 'cc-auth' } } },
          },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        );
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
        // A caller with a token (the ServiceAccount's own, which may list the clusters): reviewed by the API server.
        const answer = async () =>
          await (
            await fetch(`${server.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: 'Bearer kafkaplane-sa-token' },
              body: JSON.stringify({ query: '{ clusters(first: 5) { nodes { name cruiseControl { reachable } } } }' }),
            })
          ).json();
        if (overlay === 'api-only') {
          // Nothing reconciles here: the API serves the cluster as it is, and the server writes nothing.
          await vi.waitFor(
            async () => {
              expect(refused()).toEqual([]);
              expect(await answer()).toMatchObject({ data: { clusters: { nodes: [{ name: 'kafka' }] } } });
            },
            { timeout: 30_000, interval: 200 },
          );
          expect(requests.filter((r) => !READS.has(r.verb) && !REVIEWS.has(r.resource)).map((r) => `${r.verb} ${r.resource}`)).toEqual([]);
        } else {
          await vi.waitFor(async () => expect([refused(), await state()]).toEqual([[], 'ClusterRunning']), { timeout: 90_000, interval: 200 });
          expect(await answer()).toMatchObject({ data: { clusters: { nodes: [{ name: 'kafka' }] } } });
        }
        const used = new Set(requests.map((r) => `${r.apiGroup || 'core'}/${r.resource}`));
        expect(grantedResources(objects).filter((resource) => !used.has(resource) && !USED_ONLY_WITH_CERT_MANAGER.has(resource))).toEqual([]);
        expect(refused()).toEqual([]);
      } finally {
        await server.stop();
      }
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 150_000);
});
