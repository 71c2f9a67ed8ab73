import { beforeAll, describe, expect, it } from 'vitest';
import { installCrds } from '../../../src/k8s/installCrds.js';
import { createLogger } from '../../../src/logging.js';
import { useKubeSandbox } from '../../support/kubeSandbox.js';

const kube = useKubeSandbox();

/** A write over plain HTTP with a raw body, as kubectl or any client makes it. */
async function send(method: string, path: string, body: unknown, query = ''): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${kube.sandbox.url}${path}${query}`, {
    method,
    headers: { Authorization: `Bearer ${kube.sandbox.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const PODS = '/api/v1/namespaces/default/pods';
const pod = (name: string, container: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'kafka', image: 'kafka:4.1', ...container }], ...extra },
});
const badRequest = (message: string): Record<string, unknown> => ({ kind: 'Status', status: 'Failure', code: 400, reason: 'BadRequest', message });

describe('field types of built-in kinds, as the decoder checks them', () => {
  it('refuses a string where an int32 goes with the decoder message, whatever the field validation', async () => {
    const wrong = pod('typed', { ports: [{ containerPort: 'abc' }] });
    for (const query of ['', '?fieldValidation=Ignore', '?fieldValidation=Strict']) {
      const refused = await send('POST', PODS, wrong, query);
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject(
        badRequest(
          'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
        ),
      );
    }
    expect((await kube.core.listNamespacedPod({ namespace: 'default' })).items.map((p) => p.metadata?.name)).not.toContain('typed');
  });

  it('names the element type for a wrong list item, the map field for a wrong map value, and fractions as numbers', async () => {
    expect((await send('POST', PODS, pod('ports', { ports: [80] }))).json.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field Container.spec.containers.ports of type v1.ContainerPort',
    );
    expect((await send('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'c' }, data: { port: 9092 } })).json.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
    );
    expect((await send('POST', PODS, pod('fraction', {}, { terminationGracePeriodSeconds: 1.5 }))).json.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64',
    );
    expect((await send('POST', PODS, { metadata: { name: 'spec', labels: ['a'] }, spec: 'none' })).json.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string',
    );
  });

  it('reports the first wrong value in document order, but a quantity that does not parse before all', async () => {
    const twoWrong = pod('two', { stdin: 'yes', ports: [{ containerPort: 'abc' }] });
    expect((await send('POST', PODS, twoWrong)).json.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Container.spec.containers.stdin of type bool',
    );
    const quantity = pod('quantity', { stdin: 'yes', resources: { requests: { memory: '10Zz' } } });
    expect((await send('POST', PODS, quantity)).json.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
    );
  });

  it('accepts what the Go types accept: numbers as quantities, ints or strings as IntOrString, null anywhere', async () => {
    const fine = pod('fine', {
      resources: { requests: { cpu: 1, memory: '1Gi' } },
      readinessProbe: { tcpSocket: { port: 'kafka' } },
      livenessProbe: { tcpSocket: { port: 9092 } },
      env: null,
    });
    expect((await send('POST', PODS, fine)).status).toBe(201);
    const read = await kube.core.readNamespacedPod({ name: 'fine', namespace: 'default' });
    expect(read.spec?.containers[0]?.resources?.requests).toEqual({ cpu: '1', memory: '1Gi' });
  });

  it('checks updates too', async () => {
    await kube.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'updated' }, data: { a: 'b' } } });
    const refused = await send('PUT', '/api/v1/namespaces/default/configmaps/updated', { metadata: { name: 'updated' }, immutable: 'no' });
    expect(refused.json).toMatchObject(
      badRequest(
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.immutable of type bool',
      ),
    );
  });

  it('refuses a merge patch that leaves a wrong type with the 422 of patch.go, naming the patched object', async () => {
    await kube.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'patched' }, data: { a: 'b' } } });
    const response = await fetch(`${kube.sandbox.url}/api/v1/namespaces/default/configmaps/patched`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${kube.sandbox.token}`, 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ data: { a: 1 } }),
    });
    const status = (await response.json()) as { code: number; reason: string; message: string; details: { causes: Array<{ field: string; message: string }> } };
    expect(status).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(status.message).toMatch(
      /^ "" is invalid: patch: Invalid value: "\{.*\\"data\\":\{\\"a\\":1\}.*\}": json: cannot unmarshal number into Go struct field ConfigMap\.data of type string$/,
    );
    expect(status.details.causes[0]?.field).toBe('patch');
    expect((await kube.core.readNamespacedConfigMap({ name: 'patched', namespace: 'default' })).data).toEqual({ a: 'b' });
  });
});

describe('field types of custom resources, as their structural schema checks them', () => {
  beforeAll(async () => {
    await installCrds(kube.sandbox.kubeConfig, createLogger({ logLevel: 'silent', logFormat: 'json' }), { timeoutMs: 5_000 });
  });

  it('refuses a value of the wrong type with 422 Invalid and a FieldValueTypeInvalid cause per value', async () => {
    const cluster = {
      apiVersion: 'kafka.banzaicloud.io/v1beta1',
      kind: 'KafkaCluster',
      metadata: { name: 'typed' },
      spec: {
        headlessServiceEnabled: 'yes',
        oneBrokerPerNode: false,
        rollingUpgradeConfig: { failureThreshold: 1 },
        cruiseControlConfig: {},
        listenersConfig: { internalListeners: [{ type: 'plaintext', name: 'internal', containerPort: 29092 }] },
        brokers: [{ id: 'zero' }],
      },
    };
    const refused = await send('POST', '/apis/kafka.banzaicloud.io/v1beta1/namespaces/default/kafkaclusters', cluster);
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({
      reason: 'Invalid',
      message:
        'KafkaCluster.kafka.banzaicloud.io "typed" is invalid: [spec.headlessServiceEnabled: Invalid value: "string": spec.headlessServiceEnabled in body must be of type boolean: "string", spec.brokers[0].id: Invalid value: "string": spec.brokers[0].id in body must be of type integer: "string"]',
      details: {
        name: 'typed',
        group: 'kafka.banzaicloud.io',
        kind: 'KafkaCluster',
        causes: [
          {
            reason: 'FieldValueTypeInvalid',
            field: 'spec.headlessServiceEnabled',
            message: 'Invalid value: "string": spec.headlessServiceEnabled in body must be of type boolean: "string"',
          },
          {
            reason: 'FieldValueTypeInvalid',
            field: 'spec.brokers[0].id',
            message: 'Invalid value: "string": spec.brokers[0].id in body must be of type integer: "string"',
          },
        ],
      },
    });
  });
});
