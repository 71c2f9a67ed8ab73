import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSandboxFiles } from '../../../sandbox/files.js';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';

const KUBECTL = '/usr/bin/kubectl';
const present = existsSync(KUBECTL);
if (!present) console.warn(`kubectl protobuf tests skipped: ${KUBECTL} not found`);

let sandbox: KubeSandbox;
let core: CoreV1Api;
let dir: string;
let kubeconfigPath: string;

/** Runs kubectl against the sandbox: its exit code, stdout and stderr. */
function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'cache'), '--request-timeout=10s', ...args],
      { timeout: 30_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

// These commands send protobuf bodies (Content-Type: application/vnd.kubernetes.protobuf).
describe.skipIf(!present)(`kubectl commands that send protobuf (${present ? KUBECTL : `skipped: ${KUBECTL} not found`})`, () => {
  beforeAll(async () => {
    // kubectl sends no bearer token over plain HTTP, so it asks as system:anonymous; this policy lets it read Pods in kafka.
    sandbox = await startKubeSandbox({
      authorize: (request) => ({
        allowed: request.user === 'system:anonymous' && request.resourceAttributes?.verb === 'get' && request.resourceAttributes.namespace === 'kafka',
      }),
    });
    core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
    dir = await mkdtemp(join(tmpdir(), 'kube-sandbox-kubectl-protobuf-'));
    ({ kubeconfigPath } = await writeSandboxFiles(
      dir,
      { server: sandbox.url, token: sandbox.token },
      { kubernetes: sandbox.url, cruiseControl: {}, kafka: {} },
    ));
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('kubectl create configmap, secret generic, namespace, serviceaccount and service clusterip', async () => {
    expect(await kubectl('create', 'configmap', 'broker-config', '--from-literal=node.id=0', '--from-literal=process.roles=broker')).toMatchObject({
      code: 0,
      stdout: 'configmap/broker-config created\n',
    });
    expect((await core.readNamespacedConfigMap({ name: 'broker-config', namespace: 'default' })).data).toEqual({ 'node.id': '0', 'process.roles': 'broker' });

    expect(await kubectl('create', 'secret', 'generic', 'jaas', '--from-literal=password=s3cret')).toMatchObject({ code: 0, stdout: 'secret/jaas created\n' });
    const secret = await core.readNamespacedSecret({ name: 'jaas', namespace: 'default' });
    expect(secret.data).toEqual({ password: Buffer.from('s3cret').toString('base64') });
    expect(secret.type).toBe('Opaque');

    expect(await kubectl('create', 'namespace', 'kafka')).toMatchObject({ code: 0, stdout: 'namespace/kafka created\n' });
    const namespace = await core.readNamespace({ name: 'kafka' });
    expect(namespace.status?.phase).toBe('Active');
    expect(namespace.spec?.finalizers).toEqual(['kubernetes']);
    expect((await kubectl('get', 'namespace', 'kafka')).stdout).toMatch(/^NAME\s+STATUS\s+AGE\nkafka\s+Active\s+\d+s\n$/);

    expect(await kubectl('create', 'serviceaccount', 'kafkaplane', '-n', 'kafka')).toMatchObject({ code: 0, stdout: 'serviceaccount/kafkaplane created\n' });
    expect(await kubectl('create', 'service', 'clusterip', 'kafka-headless', '--tcp=9092:9092', '-n', 'kafka')).toMatchObject({
      code: 0,
      stdout: 'service/kafka-headless created\n',
    });
    const service = await core.readNamespacedService({ name: 'kafka-headless', namespace: 'kafka' });
    expect(service.spec?.ports).toEqual([{ name: '9092-9092', protocol: 'TCP', port: 9092, targetPort: 9092 }]);
    expect(service.spec?.selector).toEqual({ app: 'kafka-headless' });
  });

  it('kubectl create configmap refuses a name the server refuses, with its message', async () => {
    const refused = await kubectl('create', 'configmap', 'Bad_Name', '--from-literal=a=b');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"');
  });

  it('kubectl auth can-i asks with a SelfSubjectAccessReview and kubectl auth whoami with a SelfSubjectReview', async () => {
    expect(await kubectl('auth', 'can-i', 'get', 'pods', '-n', 'kafka')).toMatchObject({ code: 0, stdout: 'yes\n' });
    expect(await kubectl('auth', 'can-i', 'delete', 'pods', '-n', 'kafka')).toMatchObject({ code: 1, stdout: 'no\n' });
    const whoami = await kubectl('auth', 'whoami', '-o', 'json');
    expect(whoami.code).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({
      kind: 'SelfSubjectReview',
      status: { userInfo: { username: 'system:anonymous', groups: ['system:unauthenticated'] } },
    });
  });
});
