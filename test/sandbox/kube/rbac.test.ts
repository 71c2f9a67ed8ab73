import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizationV1Api, CoreV1Api, KubeConfig, PatchStrategy, RbacAuthorizationV1Api, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSandboxFiles } from '../../../sandbox/files.js';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';
import { apiError } from '../../support/kubeErrors.js';

const OPERATOR = 'system:serviceaccount:kafkaplane:operator';
const AUDITOR = 'jane';

let sandbox: KubeSandbox;
let admin: CoreV1Api;

/** A client that authenticates with `token`. */
function clientAs<T>(token: string, api: new (...args: never[]) => T): T {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'sandbox', server: sandbox.url, skipTLSVerify: true }],
    users: [{ name: 'user', token }],
    contexts: [{ name: 'sandbox', cluster: 'sandbox', user: 'user' }],
    currentContext: 'sandbox',
  });
  return config.makeApiClient(api as never) as T;
}

beforeAll(async () => {
  sandbox = await startKubeSandbox({
    rbac: true,
    users: [
      {
        token: 'operator-token',
        user: { username: OPERATOR, groups: ['system:serviceaccounts', 'system:serviceaccounts:kafkaplane', 'system:authenticated'] },
      },
      { token: 'auditor-token', user: { username: AUDITOR, groups: ['auditors', 'system:authenticated'] } },
    ],
  });
  admin = sandbox.kubeConfig.makeApiClient(CoreV1Api);
  const rbac = sandbox.kubeConfig.makeApiClient(RbacAuthorizationV1Api);
  await admin.createNamespace({ body: { metadata: { name: 'kafka' } } });
  await admin.createNamespacedPod({
    namespace: 'kafka',
    body: { metadata: { name: 'kafka-0' }, spec: { containers: [{ name: 'kafka', image: 'apache/kafka:4.1.0' }] } },
  });
  // The operator's ServiceAccount may read Pods and write their status in kafka only.
  await rbac.createNamespacedRole({
    namespace: 'kafka',
    body: {
      metadata: { name: 'pods' },
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['pods/status'], verbs: ['patch'] },
      ],
    },
  });
  await rbac.createNamespacedRoleBinding({
    namespace: 'kafka',
    body: {
      metadata: { name: 'operator-pods' },
      subjects: [{ kind: 'ServiceAccount', name: 'operator', namespace: 'kafkaplane' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pods' },
    },
  });
  // Auditors may read one ConfigMap by name, in every namespace; and a binding points at a role that is gone.
  await rbac.createClusterRole({
    body: { metadata: { name: 'read-settings' }, rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['get'] }] },
  });
  await rbac.createClusterRoleBinding({
    body: {
      metadata: { name: 'auditors' },
      subjects: [{ kind: 'Group', name: 'auditors', apiGroup: 'rbac.authorization.k8s.io' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'read-settings' },
    },
  });
  await rbac.createClusterRoleBinding({
    body: {
      metadata: { name: 'auditors-nodes' },
      subjects: [{ kind: 'User', name: AUDITOR, apiGroup: 'rbac.authorization.k8s.io' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view-nodes' },
    },
  });
  await admin.createNamespacedConfigMap({ namespace: 'kafka', body: { metadata: { name: 'settings' }, data: { a: '1' } } });
  await admin.createNamespacedConfigMap({ namespace: 'kafka', body: { metadata: { name: 'secrets-list' }, data: { b: '2' } } });
});
afterAll(async () => {
  await sandbox.close();
});

describe('RBAC in the sandbox API server', () => {
  it('serves what a RoleBinding grants, in its namespace only', async () => {
    const operator = clientAs('operator-token', CoreV1Api);
    expect((await operator.listNamespacedPod({ namespace: 'kafka' })).items.map((p) => p.metadata?.name)).toEqual(['kafka-0']);
    expect((await operator.readNamespacedPod({ name: 'kafka-0', namespace: 'kafka' })).metadata?.name).toBe('kafka-0');
    const patched = await operator.patchNamespacedPodStatus(
      { name: 'kafka-0', namespace: 'kafka', body: { status: { message: 'checked' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.status?.message).toBe('checked');
  });

  it('refuses anything else with 403 and the API server message', async () => {
    const operator = clientAs('operator-token', CoreV1Api);
    const elsewhere = await apiError(operator.listNamespacedPod({ namespace: 'default' }));
    expect(elsewhere).toMatchObject({ code: 403, reason: 'Forbidden', details: { kind: 'pods' } });
    expect(elsewhere.message).toBe(`pods is forbidden: User "${OPERATOR}" cannot list resource "pods" in API group "" in the namespace "default"`);
    const deletion = await apiError(operator.deleteNamespacedPod({ name: 'kafka-0', namespace: 'kafka' }));
    expect(deletion.message).toBe(`pods "kafka-0" is forbidden: User "${OPERATOR}" cannot delete resource "pods" in API group "" in the namespace "kafka"`);
    const spec = await apiError(
      operator.patchNamespacedPod(
        { name: 'kafka-0', namespace: 'kafka', body: { metadata: { labels: { a: 'b' } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    expect(spec.message).toContain('cannot patch resource "pods" in API group ""');
    const nodes = await apiError(operator.listNode());
    expect(nodes.message).toBe(`nodes is forbidden: User "${OPERATOR}" cannot list resource "nodes" in API group "" at the cluster scope`);
    const rbac = await apiError(clientAs('operator-token', RbacAuthorizationV1Api).listClusterRole());
    expect(rbac.message).toBe(
      `clusterroles.rbac.authorization.k8s.io is forbidden: User "${OPERATOR}" cannot list resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope`,
    );
    // Nothing changed.
    expect((await admin.readNamespacedPod({ name: 'kafka-0', namespace: 'kafka' })).metadata?.labels).toBeUndefined();
  });

  it('grants through a ClusterRoleBinding to a group, limited to the resource names of the rule', async () => {
    const auditor = clientAs('auditor-token', CoreV1Api);
    expect((await auditor.readNamespacedConfigMap({ name: 'settings', namespace: 'kafka' })).data).toEqual({ a: '1' });
    const other = await apiError(auditor.readNamespacedConfigMap({ name: 'secrets-list', namespace: 'kafka' }));
    expect(other.code).toBe(403);
    expect((await apiError(auditor.listNamespacedConfigMap({ namespace: 'kafka' }))).code).toBe(403);
  });

  it('names a role a binding points at but that does not exist', async () => {
    const denied = await apiError(clientAs('auditor-token', CoreV1Api).listNode());
    expect(denied.message).toBe(
      `nodes is forbidden: User "${AUDITOR}" cannot list resource "nodes" in API group "" at the cluster scope: RBAC: clusterrole.rbac.authorization.k8s.io "view-nodes" not found`,
    );
  });

  it('names roles by path segment, as RBAC validation does, and holds the bootstrap roles', async () => {
    const rbac = sandbox.kubeConfig.makeApiClient(RbacAuthorizationV1Api);
    const slash = await apiError(rbac.createClusterRole({ body: { metadata: { name: 'a/b' }, rules: [] } }));
    expect(slash.message).toBe('ClusterRole.rbac.authorization.k8s.io "a/b" is invalid: metadata.name: Invalid value: "a/b": may not contain \'/\'');
    expect((await rbac.readClusterRoleBinding({ name: 'system:basic-user' })).subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' },
    ]);
    expect((await rbac.readClusterRole({ name: 'cluster-admin' })).rules?.[0]).toEqual({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] });
  });

  it('answers SubjectAccessReviews from the same roles, and serves the sandbox admin everything', async () => {
    const reviews = sandbox.kubeConfig.makeApiClient(AuthorizationV1Api);
    const ask = async (verb: string, namespace: string) =>
      (
        await reviews.createSubjectAccessReview({
          body: { spec: { user: OPERATOR, groups: ['system:serviceaccounts'], resourceAttributes: { verb, resource: 'pods', namespace } } },
        })
      ).status?.allowed;
    expect(await ask('list', 'kafka')).toBe(true);
    expect(await ask('delete', 'kafka')).toBe(false);
    expect(await ask('list', 'default')).toBe(false);
    expect((await admin.listNode()).items.length).toBeGreaterThan(0);
  });
});

const KUBECTL = '/usr/bin/kubectl';
describe.skipIf(!existsSync(KUBECTL))('kubectl auth can-i --list', () => {
  it('lists the rules RBAC grants the requester in a namespace (SelfSubjectRulesReview)', async () => {
    // kubectl sends no token over plain HTTP: it asks as system:anonymous, bound here to the pods
    // Role and, as an authenticated user would be, to system:basic-user (which lets it ask).
    const rbac = sandbox.kubeConfig.makeApiClient(RbacAuthorizationV1Api);
    const anonymous = [{ kind: 'User', name: 'system:anonymous', apiGroup: 'rbac.authorization.k8s.io' }];
    await rbac.createNamespacedRoleBinding({
      namespace: 'kafka',
      body: { metadata: { name: 'anonymous-pods' }, subjects: anonymous, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pods' } },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: 'anonymous-basic-user' },
        subjects: anonymous,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:basic-user' },
      },
    });
    const dir = await mkdtemp(join(tmpdir(), 'kube-sandbox-rbac-'));
    try {
      const { kubeconfigPath } = await writeSandboxFiles(
        dir,
        { server: sandbox.url, token: sandbox.token },
        { kubernetes: sandbox.url, cruiseControl: {}, kafka: {} },
      );
      const run = (...args: string[]) =>
        new Promise<string>((resolve, reject) => {
          execFile(KUBECTL, ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'cache'), ...args], { timeout: 30_000 }, (err, out, stderr) =>
            err ? reject(new Error(stderr)) : resolve(out),
          );
        });
      const rows = (await run('auth', 'can-i', '--list', '-n', 'kafka'))
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s{2,}/));
      expect(rows[0]).toEqual(['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']);
      expect(rows.slice(1)).toEqual(
        expect.arrayContaining([
          ['pods', '[]', '[]', '[get list watch]'],
          ['pods/status', '[]', '[]', '[patch]'],
        ]),
      );
      // Elsewhere, only what system:basic-user grants.
      const elsewhere = (await run('auth', 'can-i', '--list', '-n', 'default'))
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s{2,}/)[0]);
      expect(elsewhere.sort()).toEqual([
        'selfsubjectaccessreviews.authorization.k8s.io',
        'selfsubjectreviews.authentication.k8s.io',
        'selfsubjectrulesreviews.authorization.k8s.io',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
