import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { resolveKubernetesConnection } from '../../src/k8s/connection.js';
import { sandboxDir, writeSandboxFiles } from '../../sandbox/files.js';

const kubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('sandbox files', () => {
  it('write a kubeconfig that client-node loads and endpoints.json, readable by their owner', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kafkaplane-sbx-')), 'nested');
    const endpoints = {
      kubernetes: 'http://127.0.0.1:6443',
      cruiseControl: { 'kafka/kafka': 'http://127.0.0.1:8090' },
      kafka: { 'kafka/kafka': '127.0.0.1:9092' },
    };
    const { kubeconfigPath, endpointsPath } = await writeSandboxFiles(dir, { server: 'http://127.0.0.1:6443', token: 'tok', namespace: 'kafka' }, endpoints);
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    expect(kc.getCurrentCluster()).toMatchObject({ server: 'http://127.0.0.1:6443', skipTLSVerify: true });
    expect(kc.getCurrentUser()?.token).toBe('tok');
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe('kafka');
    expect(statSync(kubeconfigPath).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(endpointsPath, 'utf8'))).toEqual(endpoints);
  });

  it('embed the CA of an HTTPS server instead of skipping verification', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkaplane-sbx-'));
    const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const { kubeconfigPath } = await writeSandboxFiles(
      dir,
      { server: 'https://127.0.0.1:6443', token: 't', certificateAuthority: ca },
      { kubernetes: 'https://127.0.0.1:6443', cruiseControl: {}, kafka: {} },
    );
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    expect(kc.getCurrentCluster()?.skipTLSVerify).toBe(false);
    expect(Buffer.from(kc.getCurrentCluster()?.caData ?? '', 'base64').toString()).toBe(ca);
  });

  it('name the cluster DNS in the kubeconfig, where a server given that kubeconfig finds it (and none without it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkaplane-sbx-'));
    const clusterDns = { server: '127.0.0.1:5353', domain: 'cluster.local' };
    const { kubeconfigPath } = await writeSandboxFiles(
      dir,
      { server: 'http://127.0.0.1:6443', token: 't', clusterDns },
      { kubernetes: 'x', cruiseControl: {}, kafka: {} },
    );
    expect(resolveKubernetesConnection(kubeconfigPath, {}).clusterDns).toEqual(clusterDns);
    const plain = await writeSandboxFiles(
      mkdtempSync(join(tmpdir(), 'kafkaplane-sbx-')),
      { server: 'http://127.0.0.1:6443', token: 't' },
      { kubernetes: 'x', cruiseControl: {}, kafka: {} },
    );
    expect(resolveKubernetesConnection(plain.kubeconfigPath, {}).clusterDns).toBeUndefined();
  });

  it.runIf(kubectl)('write a kubeconfig kubectl reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkaplane-sbx-'));
    const { kubeconfigPath } = await writeSandboxFiles(
      dir,
      { server: 'http://127.0.0.1:6443', token: 't', clusterDns: { server: '127.0.0.1:5353', domain: 'cluster.local' } },
      { kubernetes: 'x', cruiseControl: {}, kafka: {} },
    );
    const view = JSON.parse(execFileSync('kubectl', ['--kubeconfig', kubeconfigPath, 'config', 'view', '-o', 'json'], { encoding: 'utf8' })) as {
      'current-context': string;
      clusters: Array<{ cluster: { server: string } }>;
    };
    expect(view['current-context']).toBe('kafkaplane-sandbox');
    expect(view.clusters[0]?.cluster.server).toBe('http://127.0.0.1:6443');
  });

  it('live in --dir, else SANDBOX_DIR, else .sandbox', () => {
    expect(sandboxDir('/x/y', { SANDBOX_DIR: '/z' })).toBe('/x/y');
    expect(sandboxDir(undefined, { SANDBOX_DIR: '/z' })).toBe('/z');
    expect(sandboxDir(undefined, {})).toBe(join(process.cwd(), '.sandbox'));
  });
});
