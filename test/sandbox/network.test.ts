import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promises as dns } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installClusterDns } from '../../src/k8s/clusterDns.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { openSockets } from '../support/openSockets.js';

/**
 * The sandbox's cluster network as a client outside the cluster sees it, through the server's
 * cluster DNS hook: Service and Pod names resolve, a Service reaches a ready Pod's process and
 * refuses connections while it has none.
 */
let sandbox: Sandbox;
let core: CoreV1Api;
let web: Server;
let uninstall: () => void;
/** The Pods whose "process" (the HTTP server above) listens on 8080. */
const serving = new Set<string>();

beforeAll(async () => {
  sandbox = await startSandbox({ dir: mkdtempSync(join(tmpdir(), 'kafkaplane-network-')) });
  core = sandbox.kube.kubeConfig.makeApiClient(CoreV1Api);
  web = createServer((req, res) => res.end(`hello from ${req.headers.host ?? ''}`));
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', () => resolve()));
  const port = (web.address() as AddressInfo).port;
  sandbox.network.addContainerListeners((pod, containerPort) =>
    serving.has(pod.metadata.name) && containerPort === 8080 ? { host: '127.0.0.1', port } : undefined,
  );
  uninstall = installClusterDns(sandbox.clusterDns);
  await core.createNamespacedService({
    namespace: 'default',
    body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } },
  });
  await core.createNamespacedService({
    namespace: 'default',
    body: { metadata: { name: 'web-headless' }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 8080 }] } },
  });
});
afterAll(async () => {
  uninstall();
  web.close();
  await sandbox.close();
});

const pod = (name: string) => ({
  metadata: { name, labels: { app: 'web' } },
  spec: {
    hostname: name,
    subdomain: 'web-headless',
    containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }],
    terminationGracePeriodSeconds: 0,
  },
});

const get = async (url: string): Promise<string> => (await fetch(url)).text();
const errorCode = async (url: string): Promise<string | undefined> =>
  fetch(url).then(
    () => undefined,
    (err: unknown) => (err as { cause?: { code?: string } }).cause?.code ?? 'failed',
  );

describe('the cluster network', () => {
  it('answers a Service name with a loopback stand-in, and unknown names with NXDOMAIN', async () => {
    const resolver = new dns.Resolver();
    resolver.setServers([sandbox.clusterDns.server]);
    const [address] = await resolver.resolve4('web.default.svc.cluster.local');
    expect(address).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(address).not.toBe('127.0.0.1');
    await expect(resolver.resolve4('nothing.default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('refuses connections to a Service without endpoints', async () => {
    expect(await errorCode('http://web.default.svc.cluster.local:80/')).toBe('ECONNREFUSED');
  });

  it('routes a Service port to the targetPort of a ready Pod, and resolves the Pod by its hostname under the headless Service', async () => {
    serving.add('web-1');
    await core.createNamespacedPod({ namespace: 'default', body: pod('web-1') });
    await expect.poll(() => get('http://web.default.svc.cluster.local:80/').catch(() => ''), { timeout: 20_000, interval: 100 }).toContain('hello');
    expect(await get('http://web-1.web-headless.default.svc.cluster.local:8080/')).toContain('hello');
  });

  it('refuses again once the Pod is gone', async () => {
    await core.deleteNamespacedPod({ namespace: 'default', name: 'web-1' });
    await expect.poll(() => errorCode('http://web.default.svc.cluster.local:80/'), { timeout: 20_000, interval: 100 }).toBe('ECONNREFUSED');
    expect(await errorCode('http://web-1.web-headless.default.svc.cluster.local:8080/')).toBe('ENOTFOUND');
  });

  it('resets a connection to a Pod whose process does not listen', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('web-2') });
    await expect.poll(() => errorCode('http://web-2.web-headless.default.svc.cluster.local:8080/'), { timeout: 20_000, interval: 100 }).toBe('ECONNRESET');
  });
});

describe('the cloud: reaching Services from outside the cluster', () => {
  const externalIPs = async (): Promise<Map<string, string>> => {
    const nodes = (await core.listNode()).items;
    return new Map(nodes.map((n) => [n.metadata?.name ?? '', n.status?.addresses?.find((a) => a.type === 'ExternalIP')?.address ?? '']));
  };

  it('gives every node an ExternalIP this machine reaches, keeping its InternalIP', async () => {
    await expect.poll(async () => [...(await externalIPs()).values()].every((ip) => /^127\.\d+\.\d+\.\d+$/.test(ip)), { timeout: 10_000 }).toBe(true);
    const node = (await core.listNode()).items[0];
    expect(node?.status?.addresses?.map((a) => a.type)).toEqual(['InternalIP', 'ExternalIP']);
  });

  it("serves a NodePort Service on every node's ExternalIP, and with externalTrafficPolicy Local only on the node of an endpoint", async () => {
    serving.add('web-3');
    await core.createNamespacedPod({ namespace: 'default', body: pod('web-3') });
    await core.createNamespacedService({
      namespace: 'default',
      body: {
        metadata: { name: 'web-nodeport' },
        spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http', nodePort: 31080 }] },
      },
    });
    const ips = await externalIPs();
    for (const ip of ips.values()) await expect.poll(() => get(`http://${ip}:31080/`).catch(() => ''), { timeout: 20_000, interval: 100 }).toContain('hello');

    await core.createNamespacedService({
      namespace: 'default',
      body: {
        metadata: { name: 'web-local' },
        spec: { type: 'NodePort', externalTrafficPolicy: 'Local', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http', nodePort: 31081 }] },
      },
    });
    const running = (await core.readNamespacedPod({ namespace: 'default', name: 'web-3' })).spec?.nodeName ?? '';
    await expect.poll(() => get(`http://${ips.get(running) ?? ''}:31081/`).catch(() => ''), { timeout: 20_000, interval: 100 }).toContain('hello');
    const other = [...ips].find(([name]) => name !== running)?.[1] ?? '';
    expect(await errorCode(`http://${other}:31081/`)).toBe('ECONNRESET');
  });

  it('gives a LoadBalancer Service an ingress address that reaches its endpoints, and takes it back when it is no longer one', async () => {
    await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'web-lb' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 8443, targetPort: 'http' }] } },
    });
    const ingress = async () => (await core.readNamespacedService({ namespace: 'default', name: 'web-lb' })).status?.loadBalancer?.ingress?.[0]?.ip;
    await expect.poll(ingress, { timeout: 10_000, interval: 50 }).toMatch(/^127\.\d+\.\d+\.\d+$/);
    const ip = (await ingress()) ?? '';
    await expect.poll(() => get(`http://${ip}:8443/`).catch(() => ''), { timeout: 20_000, interval: 100 }).toContain('hello');

    const current = await core.readNamespacedService({ namespace: 'default', name: 'web-lb' });
    await core.replaceNamespacedService({
      namespace: 'default',
      name: 'web-lb',
      body: {
        ...current,
        spec: {
          ...current.spec,
          type: 'ClusterIP',
          allocateLoadBalancerNodePorts: undefined,
          externalTrafficPolicy: undefined,
          ports: [{ port: 8443, targetPort: 'http' }],
        },
      },
    });
    await expect.poll(ingress, { timeout: 10_000, interval: 50 }).toBeUndefined();
    await expect.poll(() => errorCode(`http://${ip}:8443/`), { timeout: 10_000, interval: 100 }).toBe('ECONNREFUSED');
  });
});

/** The stand-in addresses this process listens on, 127.0.0.1 left out: there the simulated processes listen. */
const listeningStandIns = (): string[] =>
  openSockets()
    .filter((socket) => socket.state === 'LISTEN' && !socket.local.startsWith('127.0.0.1:'))
    .map((socket) => socket.local)
    .sort();

describe("a Pod's stand-in", () => {
  const quietPod = (name: string) => ({
    metadata: { name, labels: { app: 'quiet' } },
    spec: {
      hostname: name,
      subdomain: 'quiet',
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          ports: [
            { name: 'http', containerPort: 8080 },
            { name: 'admin', containerPort: 9090 },
          ],
        },
      ],
      terminationGracePeriodSeconds: 0,
    },
  });

  it('listens only once cluster DNS handed its address to a client, and then on every port the Pod declares', async () => {
    await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'quiet' }, spec: { clusterIP: 'None', selector: { app: 'quiet' }, ports: [{ port: 8080 }] } },
    });
    const before = listeningStandIns();
    const names = ['quiet-1', 'quiet-2', 'quiet-3', 'quiet-4'];
    for (const name of names) {
      serving.add(name);
      await core.createNamespacedPod({ namespace: 'default', body: quietPod(name) });
    }
    const running = async () =>
      (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=quiet' })).items.filter((p) => p.status?.phase === 'Running').length;
    await expect.poll(running, { timeout: 20_000, interval: 100 }).toBe(names.length);
    // A round of kube-proxy after the Pods ran: one more Pod, reaching the Running state as well.
    serving.add('quiet-5');
    await core.createNamespacedPod({ namespace: 'default', body: quietPod('quiet-5') });
    await expect.poll(running, { timeout: 20_000, interval: 100 }).toBe(names.length + 1);
    expect(listeningStandIns()).toEqual(before);

    const resolver = new dns.Resolver();
    resolver.setServers([sandbox.clusterDns.server]);
    const [address] = await resolver.resolve4('quiet-2.quiet.default.svc.cluster.local');
    expect(await get(`http://${address ?? ''}:8080/`)).toContain('hello');
    expect(listeningStandIns()).toEqual([...before, `${address ?? ''}:8080`, `${address ?? ''}:9090`].sort());
  });
});
