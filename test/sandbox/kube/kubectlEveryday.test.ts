import { chmod, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installCrds } from '../../../src/k8s/installCrds.js';
import { createLogger } from '../../../src/logging.js';
import { kubectlPresent, useKubectlSandbox } from '../../support/kubectl.js';

// The everyday commands on a Kafka namespace, beyond create and get.
describe.skipIf(!kubectlPresent)('kubectl label, annotate, edit, wait, describe, explain and get -w', () => {
  const ctx = useKubectlSandbox();

  it('labels, annotates and edits a ConfigMap, and shows who changed what with --show-managed-fields', async () => {
    const { kubectl } = ctx;
    await kubectl.out('create', 'configmap', 'broker-0', '--from-literal=a=1');
    expect(await kubectl.out('label', 'configmap', 'broker-0', 'brokerId=0')).toBe('configmap/broker-0 labeled\n');
    expect(await kubectl.out('label', 'configmap', 'broker-0', 'brokerId=1', '--overwrite')).toBe('configmap/broker-0 labeled\n');
    expect(await kubectl.out('annotate', 'configmap', 'broker-0', 'owner=platform')).toBe('configmap/broker-0 annotated\n');
    expect(await kubectl.out('label', 'configmap', 'broker-0', 'brokerId-')).toBe('configmap/broker-0 unlabeled\n');
    // kubectl edit: the editor changes the file, kubectl sends the difference as a patch.
    const editor = join(tmpdir(), `editor-${process.pid}.sh`);
    await writeFile(editor, '#!/bin/sh\nsed -i \'s/^  a: "1"$/  a: "2"/\' "$1"\n');
    await chmod(editor, 0o755);
    const edited = await kubectl.runWith({ KUBE_EDITOR: editor }, 'edit', 'configmap', 'broker-0');
    expect(edited).toMatchObject({ code: 0, stdout: 'configmap/broker-0 edited\n' });
    const read = JSON.parse(await kubectl.out('get', 'configmap', 'broker-0', '-o', 'json', '--show-managed-fields')) as {
      data: Record<string, string>;
      metadata: { labels?: Record<string, string>; annotations: Record<string, string>; managedFields: Array<{ manager: string; operation: string }> };
    };
    expect(read.data).toEqual({ a: '2' });
    expect(read.metadata.labels).toBeUndefined();
    expect(read.metadata.annotations).toEqual({ owner: 'platform' });
    // The edit took data.a over from kubectl-create, which owns nothing more and is gone.
    expect(read.metadata.managedFields.map((m) => `${m.manager} ${m.operation}`).sort()).toEqual([
      'kubectl-annotate Update',
      'kubectl-edit Update',
      'kubectl-label Update',
    ]);
  });

  it('waits for a Pod to be Ready and then for it to be deleted, and describes it with its Events', async () => {
    const { kubectl } = ctx;
    await kubectl.out('run', 'kafka-client', '--image=apache/kafka:4.1.0', '--restart=Never', '--', 'sleep', 'infinity');
    expect(await kubectl.out('wait', '--for=condition=Ready', 'pod/kafka-client', '--timeout=20s')).toBe('pod/kafka-client condition met\n');
    const described = await kubectl.out('describe', 'pod', 'kafka-client');
    expect(described).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/kafka-client to sandbox-node-\d/);
    expect(described).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container kafka-client/);
    expect(await kubectl.out('delete', 'pod', 'kafka-client', '--wait=false')).toBe('pod "kafka-client" deleted\n');
    expect(await kubectl.out('wait', '--for=delete', 'pod/kafka-client', '--timeout=20s')).toMatch(/^(pod\/kafka-client condition met\n)?$/);
    expect((await kubectl.run('get', 'pod', 'kafka-client')).stderr).toBe('Error from server (NotFound): pods "kafka-client" not found\n');
  });

  it('describes the kinds the operator creates for a broker: ConfigMap, Service, PersistentVolumeClaim', async () => {
    const { kubectl, sandbox } = ctx;
    await kubectl.out('create', 'configmap', 'kafka-config-0', '--from-literal=broker-config=node.id=0');
    await kubectl.out('create', 'service', 'clusterip', 'kafka-headless', '--clusterip=None', '--tcp=9092:9092');
    const pvcs = sandbox.api.resources().find((r) => r.plural === 'persistentvolumeclaims');
    if (!pvcs) throw new Error('PVCs are served');
    sandbox.api.create(pvcs, 'default', {
      metadata: { name: 'kafka-0-storage' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
    } as never);
    expect(await kubectl.out('describe', 'configmap', 'kafka-config-0')).toMatch(/^Name:\s+kafka-config-0\n[\s\S]*^broker-config:\n----\nnode.id=0$/m);
    expect(await kubectl.out('describe', 'service', 'kafka-headless')).toMatch(/^IP:\s+None$/m);
    expect(await kubectl.out('describe', 'pvc', 'kafka-0-storage')).toMatch(/^Status:\s+Pending$/m);
  });

  it('explains the fields of our CRDs from the published schema', async () => {
    await installCrds(ctx.sandbox.kubeConfig, createLogger({ logLevel: 'silent', logFormat: 'json' }), { timeoutMs: 5_000 });
    const explained = await ctx.kubectl.out('explain', 'kafkaclusters.spec.brokers');
    expect(explained).toMatch(/^GROUP:\s+kafka\.banzaicloud\.io\nKIND:\s+KafkaCluster\nVERSION:\s+v1beta1\n\nFIELD: brokers <\[\]Object>\n/);
    expect(explained).toMatch(/^\s+id\s+<integer> -required-$/m);
  });

  it('follows Deployments with get -w as their status changes', async () => {
    const { kubectl, sandbox } = ctx;
    const watches = (): number => sandbox.faults.requests().get('watch deployments') ?? 0;
    const before = watches();
    const watch = kubectl.start('get', 'deployments', '-w');
    try {
      await watch.until(() => watches() > before, 'the watch request');
      await kubectl.out('create', 'deployment', 'cruise-control', '--image=adobe/cruise-control:3.0.3-adbe-20250804');
      await watch.until((out) => /cruise-control\s+1\/1\s+1\s+1\s+/.test(out), 'the Deployment available');
      expect(watch.output().split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
      expect(watch.output()).toMatch(/^cruise-control\s+0\/1\s+0\s+0\s+/m);
    } finally {
      watch.child.kill();
    }
  });
});
