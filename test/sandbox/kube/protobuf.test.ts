import { CoreV1Api } from '@kubernetes/client-node';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCrds } from '../../../src/k8s/installCrds.js';
import { createLogger } from '../../../src/logging.js';
import { startKubeSandbox, type KubeSandbox } from '../../../sandbox/kube/index.js';

let sandbox: KubeSandbox;
let core: CoreV1Api;

beforeAll(async () => {
  sandbox = await startKubeSandbox({ authorize: (request) => ({ allowed: request.resourceAttributes?.verb === 'get' }) });
  core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
  await installCrds(sandbox.kubeConfig, createLogger({ logLevel: 'silent', logFormat: 'json' }), { timeoutMs: 5_000 });
});
afterAll(async () => {
  await sandbox.close();
});

/**
 * The test's own encoder, independent of the sandbox's decoder: reflection JSON with the field
 * numbers of k8s.io/apimachinery runtime and meta/v1, and k8s.io/api core/v1 and
 * authorization/v1 generated.proto. Every message is proto2, as upstream's: a field set to
 * its zero value is still encoded.
 */
const messages: Record<string, { fields: Record<string, { type: string; id: number; keyType?: string }> }> = {
  Unknown: {
    fields: {
      typeMeta: { type: 'TypeMeta', id: 1 },
      raw: { type: 'bytes', id: 2 },
      contentEncoding: { type: 'string', id: 3 },
      contentType: { type: 'string', id: 4 },
    },
  },
  TypeMeta: { fields: { apiVersion: { type: 'string', id: 1 }, kind: { type: 'string', id: 2 } } },
  Time: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
  ObjectMeta: {
    fields: {
      name: { type: 'string', id: 1 },
      generateName: { type: 'string', id: 2 },
      namespace: { type: 'string', id: 3 },
      creationTimestamp: { type: 'Time', id: 8 },
      labels: { keyType: 'string', type: 'string', id: 11 },
      annotations: { keyType: 'string', type: 'string', id: 12 },
    },
  },
  ConfigMap: {
    fields: {
      metadata: { type: 'ObjectMeta', id: 1 },
      immutable: { type: 'bool', id: 4 },
      data: { keyType: 'string', type: 'string', id: 2 },
      binaryData: { keyType: 'string', type: 'bytes', id: 3 },
    },
  },
  Pod: { fields: { metadata: { type: 'ObjectMeta', id: 1 } } },
  ResourceAttributes: {
    fields: { namespace: { type: 'string', id: 1 }, verb: { type: 'string', id: 2 }, group: { type: 'string', id: 3 }, resource: { type: 'string', id: 5 } },
  },
  SelfSubjectAccessReviewSpec: { fields: { resourceAttributes: { type: 'ResourceAttributes', id: 1 } } },
  SelfSubjectAccessReview: { fields: { metadata: { type: 'ObjectMeta', id: 1 }, spec: { type: 'SelfSubjectAccessReviewSpec', id: 2 } } },
};
const root = protobuf.Root.fromJSON({ nested: Object.fromEntries(Object.entries(messages).map(([name, m]) => [name, { edition: 'proto2', ...m }])) });

/** `k8s\0` + runtime.Unknown{typeMeta, raw: the object's message}. */
function envelope(apiVersion: string, kind: string, message: string, object: Record<string, unknown>): Buffer {
  const type = root.lookupType(message);
  const raw = type.encode(type.fromObject(object)).finish();
  const unknown = root.lookupType('Unknown');
  return Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    unknown.encode(unknown.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })).finish(),
  ]);
}

/** What kubectl v1.32 sent for `kubectl create configmap x --from-literal=a=b --from-literal=c=d` (captured). */
const KUBECTL_CONFIGMAP = Buffer.from(
  '6b3873000a0f0a0276311209436f6e6669674d617012230a110a017812001a0022002a0032003800420012060a016112016212060a01631201641a002200',
  'hex',
);

async function post(
  path: string,
  body: Buffer,
  accept = 'application/vnd.kubernetes.protobuf,application/json',
): Promise<{ status: number; contentType: string | null; json: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.url}${path}?fieldManager=kubectl-create&fieldValidation=Strict`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sandbox.token}`, 'Content-Type': 'application/vnd.kubernetes.protobuf', Accept: accept },
    body,
  });
  return { status: response.status, contentType: response.headers.get('content-type'), json: (await response.json()) as Record<string, unknown> };
}

describe('protobuf request bodies', () => {
  it('creates a ConfigMap from a protobuf body and answers in JSON, which the Accept header lists', async () => {
    const body = envelope('v1', 'ConfigMap', 'ConfigMap', {
      metadata: { name: 'from-protobuf', generateName: '', namespace: '', labels: { app: 'kafka' }, creationTimestamp: {} },
      immutable: false,
      data: { 'server.properties': 'node.id=0', empty: '' },
      binaryData: { blob: Buffer.from([0, 1, 2]) },
    });
    const created = await post('/api/v1/namespaces/default/configmaps', body);
    expect(created.status).toBe(201);
    expect(created.contentType).toBe('application/json');
    expect(created.json).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'from-protobuf', namespace: 'default', labels: { app: 'kafka' } } });
    const read = await core.readNamespacedConfigMap({ name: 'from-protobuf', namespace: 'default' });
    // The empty strings gogo-protobuf always encodes are the Go zero values JSON omits; a pointer's false stays.
    expect(read.metadata?.generateName).toBeUndefined();
    expect(read.immutable).toBe(false);
    expect(read.data).toEqual({ 'server.properties': 'node.id=0', empty: '' });
    expect(read.binaryData).toEqual({ blob: 'AAEC' });
    expect(read.metadata?.managedFields?.[0]?.manager).toBe('kubectl-create');
  });

  it('decodes the bytes kubectl sends for `kubectl create configmap`', async () => {
    const created = await post('/api/v1/namespaces/default/configmaps', KUBECTL_CONFIGMAP);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ metadata: { name: 'x' }, data: { a: 'b', c: 'd' } });
  });

  it('answers a SelfSubjectAccessReview sent as protobuf from the policy', async () => {
    const ask = (verb: string): Buffer =>
      envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', 'SelfSubjectAccessReview', {
        metadata: {},
        spec: { resourceAttributes: { namespace: 'kafka', verb, group: '', resource: 'pods' } },
      });
    const yes = await post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', ask('get'));
    expect(yes.status).toBe(201);
    expect(yes.json).toMatchObject({
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'kafka', verb: 'get', resource: 'pods' } },
      status: { allowed: true },
    });
    const no = await post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', ask('delete'));
    expect(no.json.status).toEqual({ allowed: false });
  });

  it('refuses a body whose envelope names another kind, or that is not protobuf, with the decoder 400s', async () => {
    const secret = envelope('v1', 'Secret', 'ConfigMap', { metadata: { name: 'wrong' } });
    expect((await post('/api/v1/namespaces/default/configmaps', secret)).json).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'Secret in version "v1" cannot be handled as a ConfigMap: converting (v1.Secret) to (core.ConfigMap): unknown conversion',
    });
    const json = Buffer.from('{"metadata":{"name":"json-labelled-as-protobuf"}}');
    expect((await post('/api/v1/namespaces/default/configmaps', json)).json).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message:
        'the object provided is unrecognized (must be of type ConfigMap): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({"metadata":{"name":"json-labe ...)',
    });
  });

  it('answers 415 for protobuf to custom resources, as the real server (JSON and YAML only)', async () => {
    const body = envelope('kafka.banzaicloud.io/v1beta1', 'KafkaCluster', 'Pod', { metadata: { name: 'kafka' } });
    const refused = await post('/apis/kafka.banzaicloud.io/v1beta1/namespaces/default/kafkaclusters', body);
    expect(refused.status).toBe(415);
    expect(refused.json).toMatchObject({
      reason: 'UnsupportedMediaType',
      message: 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    });
    // A JSON write names protobuf among the media types of a built-in the sandbox has the message of.
    const response = await fetch(`${sandbox.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/cbor' },
      body: 'x',
    });
    expect(((await response.json()) as { message: string }).message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    );
  });
});
