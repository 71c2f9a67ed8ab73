import { CoreV1Api, CustomObjectsApi, KubernetesObjectApi, PatchStrategy, setHeaderOptions, V1MicroTime, CoordinationV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customResourceDefinitions } from '../../../src/k8s/crd/index.js';
import { installCrds } from '../../../src/k8s/installCrds.js';
import { createLogger } from '../../../src/logging.js';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';
import { apiError } from '../../support/kubeErrors.js';

let sandbox: KubeSandbox;
let core: CoreV1Api;
const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });

beforeAll(async () => {
  sandbox = await startKubeSandbox();
  core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
});
afterAll(async () => {
  await sandbox.close();
});

describe('the sandbox API server, through client-node', () => {
  it('creates, reads and lists with labels, and refuses a duplicate with AlreadyExists', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'a', labels: { app: 'kafka', tier: 'x' } }, data: { k: 'v' } } });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'b', labels: { app: 'kafka' } } } });
    const read = await core.readNamespacedConfigMap({ name: 'a', namespace: 'default' });
    expect(read.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(read.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const list = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app=kafka,tier notin (y),!missing' });
    expect(list.items.map((c) => c.metadata?.name)).toEqual(['a', 'b']);
    expect(Number(list.metadata?.resourceVersion)).toBeGreaterThanOrEqual(Number(read.metadata?.resourceVersion));
    expect((await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'tier in (x)' })).items).toHaveLength(1);
    expect(await apiError(core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'a' } } }))).toEqual({
      code: 409,
      reason: 'AlreadyExists',
      message: 'configmaps "a" already exists',
      // details.kind is the resource plural for AlreadyExists, Conflict and NotFound (errors.go).
      details: { name: 'a', kind: 'configmaps' },
    });
  });

  it('answers a stale update with the Conflict of the real server', async () => {
    const first = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'c' }, data: { v: '1' } } });
    await core.replaceNamespacedConfigMap({ name: 'c', namespace: 'default', body: { ...first, data: { v: '2' } } });
    expect(await apiError(core.replaceNamespacedConfigMap({ name: 'c', namespace: 'default', body: { ...first, data: { v: '3' } } }))).toEqual({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'c', kind: 'configmaps' },
    });
    expect(await apiError(core.readNamespacedConfigMap({ name: 'nope', namespace: 'default' }))).toEqual({
      code: 404,
      reason: 'NotFound',
      message: 'configmaps "nope" not found',
      details: { name: 'nope', kind: 'configmaps' },
    });
  });

  it('gives generated names, and refuses invalid names and labels with 422 Invalid', async () => {
    const made = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { generateName: 'kafka-1-' } } });
    expect(made.metadata?.name).toMatch(/^kafka-1-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const bad = await apiError(core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'Bad_Name' } } }));
    expect(bad.code).toBe(422);
    expect(bad.reason).toBe('Invalid');
    expect(bad.message).toMatch(/^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    // A cause names its field apart; its message is the error without the field (field.Error ErrorBody).
    expect(bad.details).toMatchObject({
      name: 'Bad_Name',
      kind: 'ConfigMap',
      causes: [
        {
          reason: 'FieldValueInvalid',
          field: 'metadata.name',
          message: expect.stringMatching(/^Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/) as unknown,
        },
      ],
    });
  });

  it('refuses a Lease time without six fractional digits with 400, and accepts V1MicroTime', async () => {
    const leases = sandbox.kubeConfig.makeApiClient(CoordinationV1Api);
    const plain = await apiError(
      leases.createNamespacedLease({ namespace: 'default', body: { metadata: { name: 'l' }, spec: { holderIdentity: 'me', renewTime: new Date() } } }),
    );
    expect(plain.code).toBe(400);
    expect(plain.message).toContain('cannot parse');
    const ok = await leases.createNamespacedLease({
      namespace: 'default',
      body: { metadata: { name: 'l' }, spec: { holderIdentity: 'me', renewTime: new V1MicroTime() } },
    });
    expect(ok.spec?.holderIdentity).toBe('me');
  });

  it('serves CRDs once Established, keeps status apart from spec, prunes unknown fields, refuses strategic merge', async () => {
    await installCrds(sandbox.kubeConfig, logger, { timeoutMs: 5_000 });
    const objects = KubernetesObjectApi.makeApiClient(sandbox.kubeConfig);
    const crd = customResourceDefinitions()[0];
    expect(crd?.spec.names.plural).toBe('kafkaclusters');
    const custom = sandbox.kubeConfig.makeApiClient(CustomObjectsApi);
    const body = {
      apiVersion: 'kafka.banzaicloud.io/v1beta1',
      kind: 'KafkaCluster',
      metadata: { name: 'kafka', namespace: 'default' },
      spec: {
        headlessServiceEnabled: true,
        oneBrokerPerNode: false,
        rollingUpgradeConfig: { failureThreshold: 1 },
        cruiseControlConfig: {},
        listenersConfig: { internalListeners: [{ type: 'plaintext', name: 'internal', containerPort: 29092 }] },
        brokers: [{ id: 0 }],
        notAField: true,
      },
      status: { state: 'ClusterRunning' },
    };
    const created = (await objects.create(body)) as typeof body & { metadata: { generation: number; resourceVersion: string } };
    expect(created.metadata.generation).toBe(1);
    expect('notAField' in created.spec).toBe(false);
    expect(created.status).toBeUndefined();
    const group = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: 'default', plural: 'kafkaclusters', name: 'kafka' };
    await custom.patchNamespacedCustomObjectStatus(
      { ...group, body: { status: { state: 'ClusterReconciling' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const afterStatus = (await custom.getNamespacedCustomObject(group)) as { metadata: { generation: number }; status: { state: string } };
    expect(afterStatus.status.state).toBe('ClusterReconciling');
    expect(afterStatus.metadata.generation).toBe(1);
    await custom.patchNamespacedCustomObject(
      { ...group, body: { spec: { brokers: [{ id: 0 }, { id: 1 }] } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const afterSpec = (await custom.getNamespacedCustomObject(group)) as { metadata: { generation: number }; status: { state: string } };
    expect(afterSpec.metadata.generation).toBe(2);
    expect(afterSpec.status.state).toBe('ClusterReconciling');
    const smp = await apiError(
      custom.patchNamespacedCustomObject({ ...group, body: { spec: {} } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch)),
    );
    expect(smp.code).toBe(415);
  });

  it('schedules a Pod onto a zone node, binds its PVC on that node, runs it Ready, and deletes it after its grace', async () => {
    await core.createNamespacedPersistentVolumeClaim({
      namespace: 'default',
      body: {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '1024Mi' } } },
      },
    });
    await core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'broker' },
        spec: {
          nodeSelector: { 'topology.kubernetes.io/zone': 'zone-b' },
          terminationGracePeriodSeconds: 5,
          containers: [{ name: 'kafka', image: 'apache/kafka:4.1.0', resources: { requests: { cpu: '1' } } }],
          volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }],
        },
      },
    });
    await expect
      .poll(async () => (await core.readNamespacedPod({ name: 'broker', namespace: 'default' })).status?.conditions?.find((c) => c.type === 'Ready')?.status, {
        timeout: 5_000,
      })
      .toBe('True');
    const pod = await core.readNamespacedPod({ name: 'broker', namespace: 'default' });
    expect(pod.spec?.nodeName).toBe('sandbox-node-2');
    const pvc = await core.readNamespacedPersistentVolumeClaim({ name: 'data', namespace: 'default' });
    expect(pvc.status?.phase).toBe('Bound');
    expect(pvc.spec?.resources?.requests?.storage).toBe('1Gi');
    expect(pvc.metadata?.annotations?.['volume.kubernetes.io/selected-node']).toBe('sandbox-node-2');

    const shrink = await apiError(
      core.patchNamespacedPersistentVolumeClaim(
        { name: 'data', namespace: 'default', body: { spec: { resources: { requests: { storage: '512Mi' } } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    expect(shrink).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(shrink.message).toContain('spec.resources.requests.storage: Forbidden: field can not be less than status.capacity');
    const immutable = await apiError(
      core.patchNamespacedPod(
        { name: 'broker', namespace: 'default', body: { spec: { restartPolicy: 'Never' } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    expect(immutable.message).toContain('spec: Forbidden: pod updates may not change fields other than');

    const deleted = await core.deleteNamespacedPod({ name: 'broker', namespace: 'default' });
    expect(deleted.metadata?.deletionTimestamp).toBeDefined();
    await expect.poll(async () => (await apiError(core.readNamespacedPod({ name: 'broker', namespace: 'default' }))).code, { timeout: 5_000 }).toBe(404);
  });

  it('collects the dependents of a deleted owner', async () => {
    const owner = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'owner' } } });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'dependent', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata?.uid ?? '' }] } },
    });
    await core.deleteNamespacedConfigMap({ name: 'owner', namespace: 'default' });
    await expect
      .poll(async () => (await apiError(core.readNamespacedConfigMap({ name: 'dependent', namespace: 'default' }))).code, { timeout: 5_000 })
      .toBe(404);
  });
});
