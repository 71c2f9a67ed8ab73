import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { installCrds } from '../../../src/k8s/installCrds.js';
import { createLogger } from '../../../src/logging.js';
import { useKubeSandbox } from '../../support/kubeSandbox.js';

const kube = useKubeSandbox();

interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  fieldsType: string;
  fieldsV1: unknown;
  time?: string;
}

/** A PATCH over plain HTTP: `apply` sends application/apply-patch+yaml, `merge` a merge patch. */
async function patch(
  name: string,
  kind: 'apply' | 'merge',
  body: unknown,
  query: string,
): Promise<{
  status: number;
  json: { message?: string; reason?: string; details?: unknown; data?: Record<string, string>; metadata?: { managedFields?: Entry[] } };
}> {
  const response = await fetch(`${kube.sandbox.url}/api/v1/namespaces/default/configmaps/${name}?${query}`, {
    method: 'PATCH',
    headers: {
      Authorization: `Bearer ${kube.sandbox.token}`,
      'Content-Type': kind === 'apply' ? 'application/apply-patch+yaml' : 'application/merge-patch+json',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as never };
}

const configMap = (name: string, data: Record<string, string>): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
const owners = (entries: Entry[] | undefined): Array<[string, string, unknown]> => (entries ?? []).map((e) => [e.manager, e.operation, e.fieldsV1]);

describe('server-side apply', () => {
  it('creates with 201 and records the applier as manager of the fields it applied', async () => {
    const created = await patch('ssa-create', 'apply', configMap('ssa-create', { a: '1' }), 'fieldManager=kafkaplane');
    expect(created.status).toBe(201);
    expect(created.json.metadata?.managedFields).toEqual([
      {
        manager: 'kafkaplane',
        operation: 'Apply',
        apiVersion: 'v1',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as unknown,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:a': {} } },
      },
    ]);
    // Through client-node, as the operator would call it: an update of the same manager.
    const again = await kube.core.patchNamespacedConfigMap(
      { name: 'ssa-create', namespace: 'default', body: configMap('ssa-create', { a: '1', b: '2' }), fieldManager: 'kafkaplane', force: true },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    );
    expect(again.data).toEqual({ a: '1', b: '2' });
    expect(owners(again.metadata?.managedFields as Entry[])).toEqual([['kafkaplane', 'Apply', { 'f:data': { 'f:a': {}, 'f:b': {} } }]]);
  });

  it('refuses to change a field another manager owns with the Conflict of the real server, and takes it over when forced', async () => {
    await patch('ssa-conflict', 'apply', configMap('ssa-conflict', { a: '1', b: '1' }), 'fieldManager=kafkaplane');
    await patch('ssa-conflict', 'merge', { data: { a: '2' } }, 'fieldManager=someone-else');
    const refused = await patch('ssa-conflict', 'apply', configMap('ssa-conflict', { a: '3', b: '1' }), 'fieldManager=kafkaplane');
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "someone-else" using v1: .data.a',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "someone-else" using v1', field: '.data.a' }] },
    });
    // The same value is no conflict: both own it.
    const shared = await patch('ssa-conflict', 'apply', configMap('ssa-conflict', { a: '2', b: '1' }), 'fieldManager=kafkaplane');
    expect(shared.status).toBe(200);
    expect(owners(shared.json.metadata?.managedFields)).toEqual([
      ['kafkaplane', 'Apply', { 'f:data': { 'f:a': {}, 'f:b': {} } }],
      ['someone-else', 'Update', { 'f:data': { 'f:a': {} } }],
    ]);
    const forced = await patch('ssa-conflict', 'apply', configMap('ssa-conflict', { a: '3', b: '1' }), 'fieldManager=kafkaplane&force=true');
    expect(forced.status).toBe(200);
    expect(forced.json.data).toEqual({ a: '3', b: '1' });
    // The other manager lost its only field, so its entry is gone.
    expect(owners(forced.json.metadata?.managedFields)).toEqual([['kafkaplane', 'Apply', { 'f:data': { 'f:a': {}, 'f:b': {} } }]]);
  });

  it('removes a field the applier stops applying, unless another manager owns it too', async () => {
    await patch('ssa-prune', 'apply', configMap('ssa-prune', { a: '1', b: '1', c: '1' }), 'fieldManager=kafkaplane');
    await patch('ssa-prune', 'merge', { data: { c: '2' } }, 'fieldManager=someone-else');
    const applied = await patch('ssa-prune', 'apply', configMap('ssa-prune', { a: '1' }), 'fieldManager=kafkaplane');
    expect(applied.status).toBe(200);
    expect(applied.json.data).toEqual({ a: '1', c: '2' });
  });

  it('checks the patch options: fieldManager required for apply, force only for apply', async () => {
    const noManager = await patch('ssa-options', 'apply', configMap('ssa-options', {}), '');
    expect(noManager).toMatchObject({
      status: 422,
      json: { message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch' },
    });
    await kube.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'ssa-options' } } });
    const force = await patch('ssa-options', 'merge', { data: { a: '1' } }, 'force=true');
    expect(force).toMatchObject({
      status: 422,
      json: { message: 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch' },
    });
  });

  it('attributes an object nobody manages to before-first-apply, so a first apply that changes it conflicts', async () => {
    // Written from inside the sandbox (as the kubelet writes), so with no managedFields at all.
    const configMaps = kube.sandbox.api.resource('', 'v1', 'configmaps');
    if (!configMaps) throw new Error('configmaps not served');
    kube.sandbox.api.create(configMaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa-legacy' }, data: { a: '1' } } as never);
    const refused = await patch('ssa-legacy', 'apply', configMap('ssa-legacy', { a: '2' }), 'fieldManager=kafkaplane');
    expect(refused.json.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.a');
  });

  it('refuses a field the schema does not declare, whatever the field validation, as structured-merge-diff does', async () => {
    await installCrds(kube.sandbox.kubeConfig, createLogger({ logLevel: 'silent', logFormat: 'json' }), { timeoutMs: 5_000 });
    const response = await fetch(
      `${kube.sandbox.url}/apis/kafka.banzaicloud.io/v1beta1/namespaces/default/kafkaclusters/ssa?fieldManager=kafkaplane&fieldValidation=Ignore`,
      {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${kube.sandbox.token}`, 'Content-Type': 'application/apply-patch+yaml' },
        body: 'apiVersion: kafka.banzaicloud.io/v1beta1\nkind: KafkaCluster\nmetadata:\n  name: ssa\nspec:\n  brokerz: 3\n',
      },
    );
    expect(response.status).toBe(500);
    const status = (await response.json()) as { message: string; reason?: string };
    expect(status.reason).toBeUndefined();
    expect(status.message).toBe(
      'failed to create typed patch object (default/ssa; kafka.banzaicloud.io/v1beta1, Kind=KafkaCluster): .spec.brokerz: field not declared in schema',
    );
  });

  it('records ordinary writes as Update entries of their manager, or of the User-Agent', async () => {
    const created = await kube.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'ssa-update', labels: { app: 'kafka' } }, data: { a: '1' } },
      fieldManager: 'kafkaplane',
    });
    expect(owners(created.metadata?.managedFields as Entry[])).toEqual([
      ['kafkaplane', 'Update', { 'f:data': { 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } }],
    ]);
    const patched = await kube.core.patchNamespacedConfigMap(
      { name: 'ssa-update', namespace: 'default', body: { data: { b: '2' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(owners(patched.metadata?.managedFields as Entry[])).toEqual([
      ['kafkaplane', 'Update', { 'f:data': { 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } }],
      ['kubernetes-client-javascript', 'Update', { 'f:data': { 'f:b': {} } }],
    ]);
  });
});
