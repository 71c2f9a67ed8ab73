import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationV1Api, AuthorizationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSandbox, type AccessRequest, type KubeSandbox } from '../../../sandbox/kube/index.js';
import { apiError } from '../../support/kubeErrors.js';

let sandbox: KubeSandbox;
let dir: string;
const asked: AccessRequest[] = [];
const ALICE = { username: 'alice', uid: 'alice-uid', groups: ['kafka-operators', 'system:authenticated'] };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kube-sandbox-reviews-'));
  sandbox = await startKubeSandbox({
    https: true,
    serviceAccountPathPrefix: dir,
    users: [{ token: 'alice-token', user: ALICE }],
    // A policy of the test's own: alice may read Pods in namespace kafka; the sandbox user anything.
    authorize: (request) => {
      asked.push(request);
      if (request.groups.includes('system:masters')) return { allowed: true };
      const a = request.resourceAttributes;
      if (request.user === 'alice' && a?.resource === 'pods' && a.namespace === 'kafka' && a.verb === 'get')
        return { allowed: true, reason: 'alice reads pods' };
      return { allowed: false, denied: true, reason: 'not in the policy' };
    },
  });
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

/** A client of the sandbox with another bearer token. */
function clientWith(token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: sandbox.url, caData: Buffer.from(sandbox.caCert ?? '').toString('base64') }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe('TokenReview', () => {
  it("authenticates the service-account directory's token as the sandbox user, for the API server's audience", async () => {
    const token = await readFile(join(sandbox.inCluster?.serviceAccountDir ?? '', 'token'), 'utf8');
    const authn = sandbox.kubeConfig.makeApiClient(AuthenticationV1Api);
    const review = await authn.createTokenReview({ body: { spec: { token } } });
    expect(review.status).toEqual({
      authenticated: true,
      user: { username: 'sandbox-admin', uid: '00000000-0000-4000-8000-000000000001', groups: ['system:masters', 'system:authenticated'] },
      audiences: ['https://kubernetes.default.svc.cluster.local'],
    });
    // A token asked for another audience is not good for it.
    const elsewhere = await authn.createTokenReview({ body: { spec: { token, audiences: ['https://vault.example'] } } });
    expect(elsewhere.status?.authenticated).toBeUndefined();
    expect((await authn.createTokenReview({ body: { spec: { token: 'alice-token' } } })).status?.user?.username).toBe('alice');
    const unknown = await authn.createTokenReview({ body: { spec: { token: 'nobody' } } });
    expect(unknown.status).toEqual({ user: {} });
  });

  it('refuses an empty token with 400, and any verb but create with 405', async () => {
    const authn = sandbox.kubeConfig.makeApiClient(AuthenticationV1Api);
    expect(await apiError(authn.createTokenReview({ body: { spec: { token: '' } } }))).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: 'token is required for TokenReview in authentication',
    });
    const listed = await new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
      const req = request(
        `${sandbox.url}/apis/authentication.k8s.io/v1/tokenreviews`,
        { ca: sandbox.caCert, headers: { Authorization: `Bearer ${sandbox.token}` } },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(listed.status).toBe(405);
    expect(JSON.parse(listed.body)).toMatchObject({ reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource' });
    const resources = (await sandbox.kubeConfig.makeApiClient(AuthenticationV1Api).getAPIResources()).resources;
    expect(resources.map((r) => [r.name, r.verbs])).toEqual([
      ['tokenreviews', ['create']],
      ['selfsubjectreviews', ['create']],
    ]);
  });
});

describe('SubjectAccessReview', () => {
  it('answers from the configured policy, which sees the attributes asked about', async () => {
    const authz = sandbox.kubeConfig.makeApiClient(AuthorizationV1Api);
    const allowed = await authz.createSubjectAccessReview({
      body: { spec: { user: 'alice', groups: ['kafka-operators'], resourceAttributes: { namespace: 'kafka', verb: 'get', resource: 'pods' } } },
    });
    expect(allowed.status).toEqual({ allowed: true, reason: 'alice reads pods' });
    expect(asked.at(-1)).toEqual({ user: 'alice', groups: ['kafka-operators'], resourceAttributes: { namespace: 'kafka', verb: 'get', resource: 'pods' } });
    const denied = await authz.createSubjectAccessReview({
      body: { spec: { user: 'alice', resourceAttributes: { namespace: 'kafka', verb: 'delete', resource: 'pods' } } },
    });
    expect(denied.status).toEqual({ allowed: false, denied: true, reason: 'not in the policy' });
    const nonResource = await authz.createSubjectAccessReview({
      body: { spec: { groups: ['system:masters'], nonResourceAttributes: { path: '/metrics', verb: 'get' } } },
    });
    expect(nonResource.status?.allowed).toBe(true);
  });

  it('refuses a review without attributes or subject with the 422 of the authorization validation', async () => {
    const authz = sandbox.kubeConfig.makeApiClient(AuthorizationV1Api);
    const refused = await apiError(authz.createSubjectAccessReview({ body: { spec: {} } }));
    expect(refused.code).toBe(422);
    expect(refused.message).toBe(
      'SubjectAccessReview.authorization.k8s.io "" is invalid: [spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified, spec.user: Invalid value: "": at least one of user or group must be specified]',
    );
  });

  it('asks about the requester in a SelfSubjectAccessReview, and tells them who they are in a SelfSubjectReview', async () => {
    const alice = clientWith('alice-token');
    const review = await alice
      .makeApiClient(AuthorizationV1Api)
      .createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { namespace: 'kafka', verb: 'get', resource: 'pods' } } } });
    expect(review.status?.allowed).toBe(true);
    expect(asked.at(-1)?.user).toBe('alice');
    const whoami = await alice.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(whoami.status?.userInfo).toEqual({ username: 'alice', uid: 'alice-uid', groups: ['kafka-operators', 'system:authenticated'] });
    // Extra users are accepted for ordinary requests too; an unknown token is not.
    expect((await alice.makeApiClient(CoreV1Api).listNamespace()).items.length).toBeGreaterThan(0);
    await expect(clientWith('nobody').makeApiClient(CoreV1Api).listNamespace()).rejects.toMatchObject({ code: 401 });
  });
});
