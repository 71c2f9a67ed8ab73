import { AuthenticationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { kubectlPresent, useKubectlSandbox } from '../../support/kubectl.js';
import { apiError } from '../../support/kubeErrors.js';

/** A client of the sandbox that presents `token`. */
function clientWith(url: string, caCert: string, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: url, caData: Buffer.from(caCert).toString('base64') }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe.skipIf(!kubectlPresent)('the TokenRequest API', () => {
  const ctx = useKubectlSandbox({ rbac: true, https: true });

  it('issues a token with `kubectl create token` that TokenReview and RBAC know as the ServiceAccount, until the ServiceAccount is deleted', async () => {
    const { kubectl, sandbox } = ctx;
    await kubectl.out('create', 'namespace', 'kafka');
    await kubectl.out('create', 'serviceaccount', 'deployer', '-n', 'kafka');
    const token = (await kubectl.out('create', 'token', 'deployer', '-n', 'kafka')).trim();
    expect(token.split('.')).toHaveLength(3);

    const admin = sandbox.kubeConfig.makeApiClient(AuthenticationV1Api);
    const review = await admin.createTokenReview({ body: { spec: { token } } });
    expect(review.status?.authenticated).toBe(true);
    expect(review.status?.user?.username).toBe('system:serviceaccount:kafka:deployer');
    expect(review.status?.user?.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:kafka', 'system:authenticated']);

    // The token authenticates requests, which RBAC then decides.
    const asDeployer = clientWith(sandbox.url, sandbox.caCert ?? '', token).makeApiClient(CoreV1Api);
    expect(await apiError(asDeployer.listNamespacedPod({ namespace: 'kafka' }))).toMatchObject({
      code: 403,
      message: 'pods is forbidden: User "system:serviceaccount:kafka:deployer" cannot list resource "pods" in API group "" in the namespace "kafka"',
    });
    await kubectl.out('create', 'role', 'pods', '-n', 'kafka', '--verb=list', '--resource=pods');
    await kubectl.out('create', 'rolebinding', 'pods', '-n', 'kafka', '--role=pods', '--serviceaccount=kafka:deployer');
    expect((await asDeployer.listNamespacedPod({ namespace: 'kafka' })).items).toEqual([]);

    // A token for another audience is not good for the API server.
    const elsewhere = (await kubectl.out('create', 'token', 'deployer', '-n', 'kafka', '--audience=https://vault.example')).trim();
    expect((await admin.createTokenReview({ body: { spec: { token: elsewhere } } })).status?.authenticated).toBeUndefined();
    expect((await admin.createTokenReview({ body: { spec: { token: elsewhere, audiences: ['https://vault.example'] } } })).status?.authenticated).toBe(true);

    // Deleting the ServiceAccount invalidates its tokens, even one re-created under the same name.
    await kubectl.out('delete', 'serviceaccount', 'deployer', '-n', 'kafka');
    await kubectl.out('create', 'serviceaccount', 'deployer', '-n', 'kafka');
    expect((await admin.createTokenReview({ body: { spec: { token } } })).status?.authenticated).toBeUndefined();
    await expect(asDeployer.listNamespacedPod({ namespace: 'kafka' })).rejects.toMatchObject({ code: 401 });
  });

  it('refuses what the API server refuses: an unknown ServiceAccount, a duration under ten minutes', async () => {
    const { kubectl } = ctx;
    const missing = await kubectl.run('create', 'token', 'nobody', '-n', 'default');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('serviceaccounts "nobody" not found');
    await kubectl.out('create', 'serviceaccount', 'brief', '-n', 'default');
    const short = await kubectl.run('create', 'token', 'brief', '-n', 'default', '--duration=5m');
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain('may not specify a duration less than 10 minutes');
  });
});
