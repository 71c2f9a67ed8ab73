import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCrds } from '../../../src/k8s/installCrds.js';
import { createLogger } from '../../../src/logging.js';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';

let sandbox: KubeSandbox;

beforeAll(async () => {
  sandbox = await startKubeSandbox();
  await installCrds(sandbox.kubeConfig, createLogger({ logLevel: 'silent', logFormat: 'json' }), { timeoutMs: 5_000 });
});
afterAll(async () => {
  await sandbox.close();
});

/** A request over plain HTTP, as any client makes it. */
async function call(
  method: string,
  path: string,
  body?: string,
  contentType = 'application/json',
): Promise<{ status: number; warnings: string[]; json: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${sandbox.token}`, ...(body !== undefined ? { 'Content-Type': contentType } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
  const warning = response.headers.get('warning');
  return { status: response.status, warnings: warning === null ? [] : warning.split(/, (?=299 )/), json: (await response.json()) as Record<string, unknown> };
}

const KAFKA_CLUSTERS = '/apis/kafka.banzaicloud.io/v1beta1/namespaces/default/kafkaclusters';
const kafkaCluster = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
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

describe('/openapi/v3', () => {
  it('indexes every served group-version, custom resources included, by a hash that changes with the document', async () => {
    const index = (await call('GET', '/openapi/v3')).json as { paths: Record<string, { serverRelativeURL: string }> };
    expect(Object.keys(index.paths)).toEqual(
      expect.arrayContaining(['api/v1', 'apis/coordination.k8s.io/v1', 'apis/apiextensions.k8s.io/v1', 'apis/kafka.banzaicloud.io/v1beta1']),
    );
    expect(index.paths['api/v1']?.serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    const current = index.paths['apis/kafka.banzaicloud.io/v1beta1']?.serverRelativeURL ?? '';
    const cached = await fetch(`${sandbox.url}${current}`);
    expect(cached.headers.get('cache-control')).toBe('public, immutable');
    // A stale hash is sent to the current document (kube-openapi handler3).
    const stale = await fetch(`${sandbox.url}/openapi/v3/apis/kafka.banzaicloud.io/v1beta1?hash=0123`, { redirect: 'manual' });
    expect(stale.status).toBe(301);
    expect(stale.headers.get('location')).toBe(current);
    const etag = cached.headers.get('etag') ?? '';
    expect((await fetch(`${sandbox.url}${current}`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it("publishes each kind's PATCH with its group-version-kind and the fieldValidation parameter, which is what kubectl checks", async () => {
    const doc = (await call('GET', '/openapi/v3/apis/kafka.banzaicloud.io/v1beta1')).json as {
      paths: Record<
        string,
        { patch?: { parameters: Array<{ name: string }>; requestBody: { content: Record<string, unknown> }; 'x-kubernetes-group-version-kind': unknown } }
      >;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; 'x-kubernetes-group-version-kind'?: unknown }> };
    };
    const patch = doc.paths['/apis/kafka.banzaicloud.io/v1beta1/namespaces/{namespace}/kafkaclusters/{name}']?.patch;
    expect(patch?.['x-kubernetes-group-version-kind']).toEqual({ group: 'kafka.banzaicloud.io', kind: 'KafkaCluster', version: 'v1beta1' });
    expect(patch?.parameters.map((p) => p.name)).toContain('fieldValidation');
    // No strategic merge patch for custom resources: kubectl computes a merge patch instead.
    expect(Object.keys(patch?.requestBody.content ?? {})).not.toContain('application/strategic-merge-patch+json');
    const schema = doc.components.schemas['io.banzaicloud.kafka.v1beta1.KafkaCluster'];
    expect(schema?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'kafka.banzaicloud.io', kind: 'KafkaCluster', version: 'v1beta1' }]);
    expect(Object.keys(schema?.properties ?? {})).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'spec', 'status']));
    expect(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();

    const core = (await call('GET', '/openapi/v3/api/v1')).json as typeof doc & {
      components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
    };
    const podPatch = core.paths['/api/v1/namespaces/{namespace}/pods/{name}']?.patch;
    expect(Object.keys(podPatch?.requestBody.content ?? {})).toContain('application/strategic-merge-patch+json');
    // The merge keys of the official schema, which kubectl's three-way patches follow.
    const podSpec = core.components.schemas['io.k8s.api.core.v1.PodSpec'];
    expect(podSpec?.properties?.containers).toMatchObject({ 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' });
    expect(core.components.schemas['io.k8s.api.core.v1.Container']?.properties?.volumeMounts).toMatchObject({ 'x-kubernetes-patch-merge-key': 'mountPath' });
  });
});

describe('fieldValidation on create, update and patch', () => {
  const configMap = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"NAME","labels":{"a":"1","a":"2"}},"data":{"k":"v"},"spec":{"foo":1}}';

  it('Strict refuses unknown and duplicate fields with the decode error of the real server', async () => {
    const refused = await call('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', configMap.replace('NAME', 'strict'));
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      reason: 'BadRequest',
      message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "metadata.labels.a", unknown field "spec"',
    });
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/strict')).status).toBe(404);
  });

  it('Warn, the default, keeps the request and answers with a Warning header per problem, dropping the unknown field', async () => {
    const created = await call('POST', '/api/v1/namespaces/default/configmaps', configMap.replace('NAME', 'warned'));
    expect(created.status).toBe(201);
    expect(created.warnings).toEqual(['299 - "duplicate field \\"metadata.labels.a\\""', '299 - "unknown field \\"spec\\""']);
    expect(created.json).toMatchObject({ metadata: { labels: { a: '2' } }, data: { k: 'v' } });
    expect('spec' in created.json).toBe(false);
  });

  it('Ignore drops unknown fields without a word', async () => {
    const created = await call('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Ignore', configMap.replace('NAME', 'ignored'));
    expect(created.status).toBe(201);
    expect(created.warnings).toEqual([]);
    expect('spec' in created.json).toBe(false);
  });

  it('refuses a directive it does not know with 422', async () => {
    const refused = await call('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Loose', '{"metadata":{"name":"x"}}');
    expect(refused.status).toBe(422);
    expect(refused.json.message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"',
    );
  });

  it('checks the patched object of a merge patch, and reports it as the patch handler does (422 on the field patch)', async () => {
    await call('POST', '/api/v1/namespaces/default/configmaps', '{"metadata":{"name":"patched"},"data":{"k":"v"}}');
    const refused = await call(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/patched?fieldValidation=Strict',
      '{"data":{"k":"w"},"extra":true}',
      'application/merge-patch+json',
    );
    expect(refused.status).toBe(422);
    expect(refused.json.reason).toBe('Invalid');
    expect(refused.json.message).toMatch(/^ "" is invalid: patch: Invalid value: "\{.*\\"extra\\":true.*\}": strict decoding error: unknown field "extra"$/);
    expect((refused.json.details as { causes: unknown[] }).causes).toEqual([expect.objectContaining({ reason: 'FieldValueInvalid', field: 'patch' })]);
    const warned = await call(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/patched',
      '{"data":{"k":"w"},"extra":true}',
      'application/strategic-merge-patch+json',
    );
    expect(warned.status).toBe(200);
    expect(warned.warnings).toEqual(['299 - "unknown field \\"extra\\""']);
    expect(warned.json).toMatchObject({ data: { k: 'w' } });
  });

  it('prunes a custom resource by its structural schema, reporting unknown paths sorted, metadata first', async () => {
    const body = kafkaCluster('typo', { brokerz: 3, brokers: [{ id: 0, idd: 1 }] });
    (body.metadata as Record<string, unknown>).labelz = { a: 'b' };
    const refused = await call('POST', `${KAFKA_CLUSTERS}?fieldValidation=Strict`, JSON.stringify(body));
    expect(refused.status).toBe(400);
    expect(refused.json.message).toBe(
      'KafkaCluster in version "v1beta1" cannot be handled as a KafkaCluster: strict decoding error: unknown field "metadata.labelz", unknown field "spec.brokers[0].idd", unknown field "spec.brokerz"',
    );
    const created = await call('POST', KAFKA_CLUSTERS, JSON.stringify(body));
    expect(created.status).toBe(201);
    expect(created.warnings).toHaveLength(3);
    expect((created.json.spec as Record<string, unknown>).brokers).toEqual([{ id: 0 }]);
  });
});
