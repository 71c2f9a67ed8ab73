import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logging.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import type { RequestAttributes } from '../../sandbox/kube/faults.js';
import { rbacDecision } from '../../sandbox/kube/rbac.js';
import { encodeGlobalId } from '../../src/domain/globalId.js';
import { AddBrokerVolumeDocument, CreateClusterDocument, DeleteClusterDocument, RemoveBrokerDocument } from '../__generated__/graphql.js';
import { postGraphQL } from '../support/graphql.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { deploymentArgs, renderOverlay } from './kustomize.js';

const SERVICE_ACCOUNT = 'system:serviceaccount:kafkaplane:kafkaplane';
const SERVICE_ACCOUNT_GROUPS = ['system:serviceaccounts', 'system:serviceaccounts:kafkaplane', 'system:authenticated'];
const manifests = renderOverlay('all-namespaces').objects;
const RBAC_KINDS = new Set(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);

const asAccessRequest = (r: RequestAttributes) => ({
  user: r.user,
  groups: SERVICE_ACCOUNT_GROUPS,
  resourceAttributes: { verb: r.verb, group: r.apiGroup, resource: r.resource, subresource: r.subresource, namespace: r.namespace, name: r.name },
});
/** The requests of the server that the sandbox's RBAC refused (403), as `verb group/resource in namespace`. */
const refusedRequests = (): string[] => [
  ...new Set(
    requests
      .filter((r) => !rbacDecision(sandbox.kube.api.store, asAccessRequest(r)).allowed)
      .map((r) => `${r.verb} ${r.apiGroup || 'core'}/${r.resource}${r.subresource ? `/${r.subresource}` : ''} in ${r.namespace ?? '(cluster)'}`),
  ),
];
const seenRequests = () => new Set(requests.map((r) => `${r.verb} ${r.resource}${r.subresource ? `/${r.subresource}` : ''}`));
const pvcOf = (brokerId: number) =>
  sandbox.kube.api.store
    .list('/persistentvolumeclaims', 'kafka')
    .find((p) => p.metadata.labels?.kafka_cr === 'kafka' && p.metadata.labels.brokerId === String(brokerId))?.metadata.name ?? '';

/** The Pod of a cluster's broker, once the operator created it. */
const podOf = (world: Sandbox, cluster: string, brokerId: number) =>
  world.kube.api.store.list('/pods', 'kafka').find((p) => p.metadata.labels?.kafka_cr === cluster && p.metadata.labels.brokerId === String(brokerId));

let sandbox: Sandbox;
let server: RunningServer;
const requests: RequestAttributes[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    dir: mkdtempSync(join(tmpdir(), 'kafkaplane-rbac-')),
    speed: 100,
    cruiseControl: { monitor: { windowMs: 60_000 }, maxBlockMs: 20, proposalComputeMs: 2_000 },
    kubeUsers: [{ token: 'kafkaplane-sa-token', user: { username: SERVICE_ACCOUNT, groups: SERVICE_ACCOUNT_GROUPS } }],
    // The sandbox authorizes every request as an RBAC API server would: a permission the
    // manifests lack is a 403 for the server.
    kubeRbac: true,
    // cert-manager installed, for a cluster whose certificates it issues.
    certManager: true,
  });
  sandbox.kube.faults.onRequest((r) => {
    if (r.user === SERVICE_ACCOUNT) requests.push(r);
  });
  const admin = sandbox.kube.kubeConfig.makeApiClient(CoreV1Api);
  await admin.createNamespace({ body: { metadata: { name: 'kafkaplane' } } });
  // The manifests' CRDs, roles and bindings, as `kubectl apply -k deploy/overlays/all-namespaces` creates them.
  const objects = KubernetesObjectApi.makeApiClient(sandbox.kube.kubeConfig);
  for (const object of manifests.filter((m) => RBAC_KINDS.has(m.kind) || m.kind === 'CustomResourceDefinition')) await objects.create(object);
  // The server connects as the ServiceAccount the manifests bind the roles to.
  const asServiceAccount = new KubeConfig();
  asServiceAccount.loadFromOptions({
    clusters: [{ name: 'sandbox', server: sandbox.kube.url, skipTLSVerify: true }],
    users: [{ name: 'kafkaplane', token: 'kafkaplane-sa-token' }],
    contexts: [{ name: 'sandbox', cluster: 'sandbox', user: 'kafkaplane' }],
    currentContext: 'sandbox',
  });
  // The Deployment's own arguments, on the sandbox.
  const parsed = parseConfig([...deploymentArgs(manifests), '--port', '0', '--host', '127.0.0.1', '--log-level', 'silent'], { POD_NAMESPACE: 'kafkaplane' });
  if (parsed.help) throw new Error('no --help here');
  server = await startServer(parsed.config, createLogger(parsed.config), {
    kubernetes: { mode: 'SANDBOX', apiServerUrl: sandbox.kube.url, kubeConfig: asServiceAccount, clusterDns: sandbox.clusterDns },
  });
  const { applyDemoCluster } = await import('../../sandbox/demoCluster.js');
  await vi.waitFor(() => applyDemoCluster(sandbox.kube.kubeConfig), { timeout: 30_000, interval: 100 });
}, 60_000);
afterAll(async () => {
  await server.stop();
  await sandbox.close();
});

describe('the permissions deploy/overlays/all-namespaces grants', () => {
  it('cover every request the server makes while it runs, edits, drains, creates and deletes clusters', async () => {
    const clusterId = encodeGlobalId('KafkaCluster', 'kafka', 'kafka');
    const pods = () =>
      sandbox.kube.api.store.list('/pods', 'kafka').filter((p) => p.metadata.labels?.kafka_cr === 'kafka' && p.metadata.labels.app === 'kafka').length;
    // A refused request shows as itself, not as the wait it makes fail.
    await vi.waitFor(() => expect([refusedRequests(), (sandbox.world.model('kafka', 'kafka')?.partitions().length ?? 0) > 300]).toEqual([[], true]), {
      timeout: 60_000,
      interval: 100,
    });
    expect(
      (await postGraphQL(server.url, AddBrokerVolumeDocument, { input: { clusterId, brokerId: 2, volume: { mountPath: '/kafka-logs-2', size: '10Gi' } } })).data
        ?.addBrokerVolume.userErrors,
    ).toEqual([]);
    expect((await postGraphQL(server.url, RemoveBrokerDocument, { input: { clusterId, brokerId: 5 } })).data?.removeBroker.userErrors).toEqual([]);
    const brokerFivePvcs = () =>
      sandbox.kube.api.store
        .list('/persistentvolumeclaims', 'kafka')
        .filter((p) => p.metadata.labels?.kafka_cr === 'kafka' && p.metadata.labels.brokerId === '5').length;
    await vi.waitFor(() => expect([refusedRequests(), pods(), brokerFivePvcs()]).toEqual([[], 5, 0]), { timeout: 60_000, interval: 100 });
    // An alert, recorded on an Event and decided (a resizePvc of broker 0's volume).
    const alert = {
      status: 'firing',
      labels: { alertname: 'DiskFilling', persistentvolumeclaim: pvcOf(0), namespace: 'kafka' },
      annotations: { command: 'resizePvc', incrementBy: '5Gi' },
      startsAt: new Date().toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: '0123456789abcdef',
    };
    const body = {
      version: '4',
      groupKey: '{}:{alertname="DiskFilling"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'kafkaplane',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      alerts: [alert],
    };
    expect(
      (await fetch(`${server.url}/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
    ).toBe(200);
    await vi.waitFor(() => expect([refusedRequests(), seenRequests().has('patch events')]).toEqual([[], true]), { timeout: 30_000, interval: 100 });

    // A cluster whose certificates kafkaplane issues: the CA and broker Secrets are read and created.
    await KubernetesObjectApi.makeApiClient(sandbox.kube.kubeConfig).create({
      apiVersion: 'kafka.banzaicloud.io/v1beta1',
      kind: 'KafkaCluster',
      metadata: { name: 'tls', namespace: 'kafka' },
      spec: kraftSpecInput({
        listenersConfig: {
          internalListeners: [
            { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
            { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
            { type: 'ssl', name: 'tls', containerPort: 29094 },
          ],
          sslSecrets: { tlsSecretName: '', create: true },
        },
        brokers: [{ id: 0, brokerConfig: { processRoles: ['broker', 'controller'], storageConfigs: [{ mountPath: '/kafka-logs', emptyDir: {} }] } }],
      }),
    } as KubernetesObject);
    await vi.waitFor(
      () => expect([refusedRequests(), sandbox.kube.api.store.get('/secrets', 'kafka', 'tls-0-server-certificate') !== undefined]).toEqual([[], true]),
      {
        timeout: 30_000,
        interval: 100,
      },
    );

    // A cluster whose certificates cert-manager issues: the Issuers and Certificates are read and created.
    await KubernetesObjectApi.makeApiClient(sandbox.kube.kubeConfig).create({
      apiVersion: 'kafka.banzaicloud.io/v1beta1',
      kind: 'KafkaCluster',
      metadata: { name: 'cm', namespace: 'kafka' },
      spec: kraftSpecInput({
        listenersConfig: {
          internalListeners: [
            { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
            { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
            { type: 'ssl', name: 'tls', containerPort: 29094 },
          ],
          sslSecrets: { tlsSecretName: '', create: true, pkiBackend: 'cert-manager' },
        },
        brokers: [{ id: 0, brokerConfig: { processRoles: ['broker', 'controller'], storageConfigs: [{ mountPath: '/kafka-logs', emptyDir: {} }] } }],
      }),
    } as KubernetesObject);
    await vi.waitFor(() => expect([refusedRequests(), podOf(sandbox, 'cm', 0) !== undefined]).toEqual([[], true]), { timeout: 30_000, interval: 100 });

    const created = await postGraphQL(server.url, CreateClusterDocument, { input: { namespace: 'kafka', name: 'small', brokers: 1, controllers: 1 } });
    expect(created.data?.createCluster.userErrors).toEqual([]);
    const deleted = await postGraphQL(server.url, DeleteClusterDocument, {
      input: { clusterId: encodeGlobalId('KafkaCluster', 'kafka', 'small'), force: true },
    });
    expect(deleted.data?.deleteCluster.userErrors).toEqual([]);

    // The scenario made the server use each kind of write it has.
    const seen = seenRequests();
    for (const expected of [
      'create pods',
      'delete pods',
      'create persistentvolumeclaims',
      'delete persistentvolumeclaims',
      'patch kafkaclusters',
      'patch kafkaclusters/status',
      'create cruisecontroloperations',
      'create leases',
      'create events',
      'watch nodes',
      'get secrets',
      'create secrets',
      'get issuers',
      'create issuers',
      'get certificates',
      'create certificates',
    ]) {
      expect(seen).toContain(expected);
    }
    // Every request the server made was allowed by the sandbox's RBAC, from the manifests' roles.
    expect(refusedRequests()).toEqual([]);
    // The check can fail: a request the ServiceAccount made is refused to a user no binding names.
    const createPod = { verb: 'create', group: '', resource: 'pods', namespace: 'kafka' };
    expect(rbacDecision(sandbox.kube.api.store, { user: SERVICE_ACCOUNT, groups: SERVICE_ACCOUNT_GROUPS, resourceAttributes: createPod }).allowed).toBe(true);
    expect(rbacDecision(sandbox.kube.api.store, { user: 'someone-else', groups: ['system:authenticated'], resourceAttributes: createPod }).allowed).toBe(false);
  }, 120_000);
});
