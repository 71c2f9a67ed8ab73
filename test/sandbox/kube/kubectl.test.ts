import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCrds } from '../../../src/k8s/installCrds.js';
import { createLogger } from '../../../src/logging.js';
import { writeSandboxFiles } from '../../../sandbox/files.js';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';

const KUBECTL = '/usr/bin/kubectl';
const present = existsSync(KUBECTL);
if (!present) console.warn(`kubectl tests skipped: ${KUBECTL} not found`);

let sandbox: KubeSandbox;
let core: CoreV1Api;
let dir: string;
let kubeconfigPath: string;

/** Runs kubectl against the sandbox; resolves with stdout and stderr, rejects with stderr. */
function kubectlOutput(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      KUBECTL,
      ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'cache'), '--request-timeout=10s', ...args],
      { timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`kubectl ${args.join(' ')}: ${stderr || err.message}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

const kubectl = async (...args: string[]): Promise<string> => (await kubectlOutput(...args)).stdout;

async function manifest(name: string, object: unknown): Promise<string> {
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(object));
  return path;
}

describe.skipIf(!present)(`kubectl against the sandbox (${present ? KUBECTL : `skipped: ${KUBECTL} not found`})`, () => {
  beforeAll(async () => {
    sandbox = await startKubeSandbox();
    core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
    dir = await mkdtemp(join(tmpdir(), 'kube-sandbox-kubectl-'));
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

  it('creates from a file, reads back with get -o yaml, labels, merge-patches and deletes', async () => {
    const file = await manifest('cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'broker-0' }, data: { 'server.properties': 'node.id=0' } });
    expect(await kubectl('create', '-f', file)).toBe('configmap/broker-0 created\n');
    const read = parse(await kubectl('get', 'configmap', 'broker-0', '-o', 'yaml')) as {
      kind: string;
      metadata: { name: string; namespace: string; uid: string };
      data: Record<string, string>;
    };
    expect(read.kind).toBe('ConfigMap');
    expect(read.metadata).toMatchObject({ name: 'broker-0', namespace: 'default' });
    expect(read.data).toEqual({ 'server.properties': 'node.id=0' });
    expect(await kubectl('label', 'configmap', 'broker-0', 'brokerId=0')).toBe('configmap/broker-0 labeled\n');
    expect(await kubectl('patch', 'configmap', 'broker-0', '--type', 'merge', '-p', '{"data":{"extra":"yes"}}')).toBe('configmap/broker-0 patched\n');
    const patched = await core.readNamespacedConfigMap({ name: 'broker-0', namespace: 'default' });
    expect(patched.metadata?.labels).toEqual({ brokerId: '0' });
    expect(patched.data).toEqual({ 'server.properties': 'node.id=0', extra: 'yes' });
    expect(await kubectl('get', 'configmaps', '-l', 'brokerId=0', '-o', 'name')).toBe('configmap/broker-0\n');
    // kubectl asks for a Table and prints the columns of the server's ConfigMap printer.
    const table = (await kubectl('get', 'configmaps', '-l', 'brokerId=0')).split('\n');
    expect(table[0]).toMatch(/^NAME\s+DATA\s+AGE$/);
    expect(table[1]).toMatch(/^broker-0\s+2\s+\d+s$/);
    expect(await kubectl('delete', 'configmap', 'broker-0')).toBe('configmap "broker-0" deleted\n');
    expect((await core.listNamespacedConfigMap({ namespace: 'default' })).items.map((c) => c.metadata?.name)).not.toContain('broker-0');
  });

  it('applies client-side: creates with the last-applied annotation, then patches only the change', async () => {
    const path = await manifest('apply', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'applied', labels: { app: 'kafka' } },
      data: { a: '1', b: '2' },
    });
    expect(await kubectl('apply', '-f', path)).toBe('configmap/applied created\n');
    const created = await core.readNamespacedConfigMap({ name: 'applied', namespace: 'default' });
    const annotation = created.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '';
    expect(JSON.parse(annotation)).toMatchObject({ kind: 'ConfigMap', data: { a: '1', b: '2' } });
    // Someone else adds a key; apply must keep it (three-way merge), drop `b` and change `a`.
    await core.patchNamespacedConfigMap({ name: 'applied', namespace: 'default', body: [{ op: 'add', path: '/data/other', value: 'kept' }] });
    await manifest('apply', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied', labels: { app: 'kafka' } }, data: { a: '3' } });
    expect(await kubectl('apply', '-f', path)).toBe('configmap/applied configured\n');
    const updated = await core.readNamespacedConfigMap({ name: 'applied', namespace: 'default' });
    expect(updated.data).toEqual({ a: '3', other: 'kept' });
    expect(await kubectl('apply', '-f', path)).toBe('configmap/applied unchanged\n');
  });

  it('applies server-side: creates, then updates, with a field manager', async () => {
    const path = await manifest('ssa', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { a: '1' } });
    expect(await kubectl('apply', '--server-side', '-f', path)).toBe('configmap/ssa serverside-applied\n');
    await manifest('ssa', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { a: '2' } });
    expect(await kubectl('apply', '--server-side', '-f', path)).toBe('configmap/ssa serverside-applied\n');
    expect((await core.readNamespacedConfigMap({ name: 'ssa', namespace: 'default' })).data).toEqual({ a: '2' });
  });

  it('applies server-side against the fields kubectl create recorded: a conflict, then a forced take-over', async () => {
    const path = await manifest('owned', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned' }, data: { a: '1' } });
    expect(await kubectl('create', '-f', path)).toBe('configmap/owned created\n');
    await manifest('owned', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned' }, data: { a: '2' } });
    await expect(kubectl('apply', '--server-side', '-f', path)).rejects.toThrow(
      'error: Apply failed with 1 conflict: conflict with "kubectl-create" using v1: .data.a',
    );
    expect(await kubectl('apply', '--server-side', '--force-conflicts', '-f', path)).toBe('configmap/owned serverside-applied\n');
    const managers = parse(await kubectl('get', 'configmap', 'owned', '-o', 'yaml', '--show-managed-fields')) as {
      data: unknown;
      metadata: { managedFields: Array<{ manager: string; operation: string }> };
    };
    expect(managers.data).toEqual({ a: '2' });
    expect(managers.metadata.managedFields.map((m) => `${m.manager} ${m.operation}`)).toEqual(['kubectl Apply']);
  });

  it("validates through the server: applies a KafkaCluster with kubectl's default strict validation, refuses a misspelt field with the server's message", async () => {
    await installCrds(sandbox.kubeConfig, createLogger({ logLevel: 'silent', logFormat: 'json' }), { timeoutMs: 5_000 });
    const cluster = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      apiVersion: 'kafka.banzaicloud.io/v1beta1',
      kind: 'KafkaCluster',
      metadata: { name },
      spec: {
        headlessServiceEnabled: true,
        oneBrokerPerNode: false,
        rollingUpgradeConfig: { failureThreshold: 1 },
        cruiseControlConfig: {},
        listenersConfig: { internalListeners: [{ type: 'plaintext', name: 'internal', containerPort: 29092 }] },
        brokers: [{ id: 0 }],
        ...extra,
      },
    });
    const path = await manifest('kafka', cluster('kafka'));
    expect(await kubectlOutput('apply', '-f', path)).toEqual({ stdout: 'kafkacluster.kafka.banzaicloud.io/kafka created\n', stderr: '' });
    // A new object: kubectl creates it with fieldValidation=Strict, the server refuses (400).
    const typo = await manifest('typo', cluster('typo', { brokerz: 3 }));
    await expect(kubectl('apply', '-f', typo)).rejects.toThrow(
      `Error from server (BadRequest): error when creating "${typo}": KafkaCluster in version "v1beta1" cannot be handled as a KafkaCluster: strict decoding error: unknown field "spec.brokerz"`,
    );
    // An existing object: the merge patch is checked as the patched object (422 from the patch handler).
    await manifest('kafka', cluster('kafka', { brokers: [{ id: 0 }, { id: 1 }], brokerz: 3 }));
    await expect(kubectl('apply', '-f', path)).rejects.toThrow(
      /The request is invalid: patch: Invalid value: ".*": strict decoding error: unknown field "spec.brokerz"/,
    );
    // kubectl get shows the CRD's printer columns (STATE and BROKERS are empty until a status is written).
    expect((await kubectl('get', 'kafkaclusters')).split('\n')[0]).toMatch(/^NAME\s+STATE\s+BROKERS\s+AGE$/);
    expect((await kubectl('get', 'kafkaclusters', '-o', 'wide')).split('\n')[0]).toMatch(
      /^NAME\s+STATE\s+BROKERS\s+AGE\s+LAST UPGRADE\s+UPGRADE ERRORS\s+ALERTS$/,
    );
    const kept = parse(await kubectl('get', 'kafkacluster', 'kafka', '-o', 'yaml')) as { spec: { brokers: unknown[] } };
    expect(kept.spec.brokers).toEqual([{ id: 0 }]);
    await expect(kubectl('get', 'kafkacluster', 'typo')).rejects.toThrow('kafkaclusters.kafka.banzaicloud.io "typo" not found');
  });

  it('refuses a value of the wrong type in a built-in with the decoder message, on create and on apply', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'wrong-port' },
      spec: { containers: [{ name: 'kafka', image: 'kafka:4.1', ports: [{ containerPort: 'abc' }] }] },
    };
    const path = await manifest('wrong-port', pod);
    const decoder =
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32';
    await expect(kubectl('create', '-f', path)).rejects.toThrow(`Error from server (BadRequest): error when creating "${path}": ${decoder}`);
    await expect(kubectl('apply', '-f', path)).rejects.toThrow(`Error from server (BadRequest): error when creating "${path}": ${decoder}`);
  });

  it('applies client-side changes to a Pod with the merge keys of the published schema', async () => {
    const pod = (image: string): Record<string, unknown> => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'applied-pod' },
      spec: { containers: [{ name: 'kafka', image, ports: [{ containerPort: 9092 }] }] },
    });
    const path = await manifest('pod', pod('kafka:1'));
    expect(await kubectl('apply', '-f', path)).toBe('pod/applied-pod created\n');
    await manifest('pod', pod('kafka:2'));
    // No fallback warning: the patch was computed from /openapi/v3 (containers merged by name).
    expect(await kubectlOutput('apply', '-f', path)).toEqual({ stdout: 'pod/applied-pod configured\n', stderr: '' });
    const read = await core.readNamespacedPod({ name: 'applied-pod', namespace: 'default' });
    expect(read.spec?.containers.map((c) => [c.name, c.image])).toEqual([['kafka', 'kafka:2']]);
  });

  it('waits for a Pod to be Ready, and describes it', async () => {
    await core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'kafka-0' }, spec: { containers: [{ name: 'kafka', image: 'apache/kafka:4.1.0' }] } },
    });
    expect(await kubectl('wait', '--for=condition=Ready', 'pod/kafka-0', '--timeout=20s')).toBe('pod/kafka-0 condition met\n');
    const described = await kubectl('describe', 'pod', 'kafka-0');
    expect(described).toMatch(/^Name:\s+kafka-0$/m);
    expect(described).toMatch(/^Node:\s+sandbox-node-\d\/10\.0\.0\.\d$/m);
    expect(described).toMatch(/^Status:\s+Running$/m);
    expect(described).toMatch(/^\s+Ready\s+True\s*$/m);
    const listed = (await kubectl('get', 'pod', 'kafka-0', '-o', 'wide')).split('\n');
    expect(listed[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    expect(listed[1]).toMatch(/^kafka-0\s+1\/1\s+Running\s+0\s+\d+s\s+10\.244\.\d\.\d+\s+sandbox-node-\d\s+<none>\s+<none>$/);
  });

  it('follows changes with get -w, printing Table rows', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched-0', labels: { watch: 'me' } } } });
    const watchesBefore = sandbox.faults.requests().get('watch configmaps') ?? 0;
    const child = spawn(KUBECTL, ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'cache'), 'get', 'configmaps', '-l', 'watch=me', '-w']);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    try {
      const until = async (condition: () => boolean, what: string): Promise<void> => {
        const deadline = Date.now() + 10_000;
        while (!condition()) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; kubectl printed: ${out}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      };
      await until(() => (sandbox.faults.requests().get('watch configmaps') ?? 0) > watchesBefore, 'the watch request');
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched-1', labels: { watch: 'me' } } } });
      await until(() => out.includes('watched-1'), 'the new object printed');
      const lines = out.split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^NAME\s+DATA\s+AGE$/);
      expect(lines[1]).toMatch(/^watched-0\s+0\s+\d+s$/);
      expect(lines[2]).toMatch(/^watched-1\s+0\s+\d+s$/);
    } finally {
      child.kill();
    }
  });

  it('lists the served resources with api-resources', async () => {
    const lines = (await kubectl('api-resources', '--no-headers')).split('\n').map((line) => line.trim().split(/\s+/));
    const byName = new Map(lines.map((cols) => [cols[0], cols]));
    expect(byName.get('pods')).toEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(byName.get('configmaps')).toEqual(['configmaps', 'cm', 'v1', 'true', 'ConfigMap']);
    expect(byName.get('storageclasses')?.[2]).toBe('storage.k8s.io/v1');
    // No short name: the column is empty.
    expect(byName.get('leases')).toEqual(['leases', 'coordination.k8s.io/v1', 'true', 'Lease']);
  });
});
