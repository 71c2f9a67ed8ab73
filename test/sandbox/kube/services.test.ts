import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PatchStrategy, setHeaderOptions, type V1Service } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { writeSandboxFiles } from '../../../sandbox/files.js';
import { apiError } from '../../support/kubeErrors.js';
import { useKubeSandbox } from '../../support/kubeSandbox.js';

const kube = useKubeSandbox();

const service = (name: string, spec: V1Service['spec'] = {}): V1Service => ({
  metadata: { name },
  spec: { selector: { app: 'kafka', brokerId: '0' }, ports: [{ name: 'tcp-internal', port: 29092 }], ...spec },
});
const create = (body: V1Service) => kube.core.createNamespacedService({ namespace: 'default', body });

describe('Services in the sandbox API server', () => {
  it('get a cluster IP from 10.96.0.0/12 and the defaults the API server sets', async () => {
    const created = await create(service('kafka-0'));
    expect(created.spec?.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(created.spec).toMatchObject({
      type: 'ClusterIP',
      clusterIPs: [created.spec?.clusterIP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [{ name: 'tcp-internal', port: 29092, protocol: 'TCP', targetPort: 29092 }],
    });
    const second = await create(service('kafka-1'));
    expect(second.spec?.clusterIP).not.toBe(created.spec?.clusterIP);
  });

  it('keep None for a headless Service', async () => {
    const headless = await create(service('kafka-headless', { clusterIP: 'None' }));
    expect(headless.spec).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
  });

  it('refuse a requested IP that is taken or outside the range, with the API server words', async () => {
    const taken = (await kube.core.readNamespacedService({ name: 'kafka-0', namespace: 'default' })).spec?.clusterIP ?? '';
    const duplicate = await apiError(create(service('copy', { clusterIP: taken })));
    expect(duplicate).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(duplicate.message).toBe(
      `Service "copy" is invalid: spec.clusterIPs: Invalid value: ["${taken}"]: failed to allocate IP ${taken}: provided IP is already allocated`,
    );
    const outside = await apiError(create(service('outside', { clusterIP: '192.168.0.10' })));
    expect(outside.message).toContain('the provided IP (192.168.0.10) is not in the valid range. The range of valid IPs is 10.96.0.0/12');
    const chosen = await create(service('chosen', { clusterIP: '10.96.200.7' }));
    expect(chosen.spec?.clusterIPs).toEqual(['10.96.200.7']);
  });

  it('keep their IP through an update that leaves it out, and refuse one that changes it', async () => {
    const current = await kube.core.readNamespacedService({ name: 'kafka-0', namespace: 'default' });
    const ip = current.spec?.clusterIP;
    const replaced = await kube.core.replaceNamespacedService({
      name: 'kafka-0',
      namespace: 'default',
      body: {
        metadata: { name: 'kafka-0', resourceVersion: current.metadata?.resourceVersion },
        spec: { selector: { app: 'kafka', brokerId: '0' }, ports: [{ name: 'tcp-internal', port: 29093 }] },
      },
    });
    expect(replaced.spec).toMatchObject({ clusterIP: ip, clusterIPs: [ip], ports: [{ port: 29093, targetPort: 29093 }] });
    const changed = await apiError(
      kube.core.patchNamespacedService(
        { name: 'kafka-0', namespace: 'default', body: { spec: { clusterIP: 'None', clusterIPs: ['None'] } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    expect(changed).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(changed.message).toBe('Service "kafka-0" is invalid: spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set');
  });

  it('give a deleted Service IP to the next one', async () => {
    const ip = (await kube.core.readNamespacedService({ name: 'kafka-1', namespace: 'default' })).spec?.clusterIP;
    await kube.core.deleteNamespacedService({ name: 'kafka-1', namespace: 'default' });
    expect((await create(service('kafka-2'))).spec?.clusterIP).toBe(ip);
  });
});

const KUBECTL = '/usr/bin/kubectl';
describe.skipIf(!existsSync(KUBECTL))('kubectl get services', () => {
  it('shows each Service cluster IP, and None for the headless one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kube-sandbox-services-'));
    try {
      const { kubeconfigPath } = await writeSandboxFiles(
        dir,
        { server: kube.sandbox.url, token: kube.sandbox.token },
        { kubernetes: kube.sandbox.url, cruiseControl: {}, kafka: {} },
      );
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(
          KUBECTL,
          ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'cache'), 'get', 'services', 'kafka-0', 'kafka-headless'],
          { timeout: 30_000 },
          (err, out, stderr) => (err ? reject(new Error(stderr)) : resolve(out)),
        );
      });
      const ip = (await kube.core.readNamespacedService({ name: 'kafka-0', namespace: 'default' })).spec?.clusterIP ?? '';
      const rows = stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/));
      expect(rows[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
      expect(rows.slice(1).map((r) => r.slice(0, 5))).toEqual([
        ['kafka-0', 'ClusterIP', ip, '<none>', '29093/TCP'],
        ['kafka-headless', 'ClusterIP', 'None', '<none>', '29092/TCP'],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
