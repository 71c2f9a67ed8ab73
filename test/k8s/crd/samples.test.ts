import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cruiseControlOperationSchema } from '../../../src/k8s/crd/cruiseControlOperation.js';
import { cruiseControlOperationCrd, kafkaClusterCrd, type CustomResourceDefinition } from '../../../src/k8s/crd/crds.js';
import type { JSONSchemaProps } from '../../../src/k8s/crd/openApiSchema.js';
import { checkKafkaCluster } from '../../../src/k8s/crd/support.js';

const SAMPLES = 'test/k8s/crd/samples/';

function sample(file: string): unknown {
  return parse(readFileSync(SAMPLES + file, 'utf8'));
}

/**
 * The CRD schema as plain JSON Schema for ajv, made strict where the API server would prune:
 * an object with declared properties and no `x-kubernetes-preserve-unknown-fields` loses
 * unknown fields, so ajv must reject them for "accepted" to mean "kept as written".
 */
function asPruningJsonSchema(node: JSONSchemaProps): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-') || key === 'format') continue;
    if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, JSONSchemaProps>).map(([k, v]) => [k, asPruningJsonSchema(v)]));
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = asPruningJsonSchema(value as JSONSchemaProps);
    } else if (key === 'anyOf') {
      out.anyOf = (value as JSONSchemaProps[]).map(asPruningJsonSchema);
    } else {
      out[key] = value;
    }
  }
  // OpenAPI 3.0's boolean exclusive bounds, in JSON Schema's numeric form.
  if (node.exclusiveMinimum === true && node.minimum !== undefined) {
    delete out.minimum;
    out.exclusiveMinimum = node.minimum;
  }
  if (node.exclusiveMaximum === true && node.maximum !== undefined) {
    delete out.maximum;
    out.exclusiveMaximum = node.maximum;
  }
  if (node.properties !== undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  // An int-or-string: the pattern applies to strings only.
  if (node['x-kubernetes-int-or-string'] === true) {
    delete out.pattern;
    out.anyOf = [{ type: 'integer' }, { type: 'string', pattern: node.pattern }];
  }
  return out;
}

function crdValidator(crd: CustomResourceDefinition) {
  const schema = crd.spec.versions[0]?.schema.openAPIV3Schema;
  if (schema === undefined) throw new Error('CRD without a version');
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(asPruningJsonSchema(schema));
  return (object: unknown): string[] =>
    validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

const validateKafkaCluster = crdValidator(kafkaClusterCrd());

/** Every KafkaCluster sample, with the refusals kafkaplane answers it with. */
const ZOOKEEPER = 'spec.kRaft';
const KAFKA_CLUSTER_SAMPLES: [file: string, refused: string[]][] = [
  ['kraft/simplekafkacluster_kraft.yaml', []],
  ['simplekafkacluster.yaml', [ZOOKEEPER]],
  ['simplekafkacluster_2disk.yaml', [ZOOKEEPER]],
  ['simplekafkacluster_4disk.yaml', [ZOOKEEPER]],
  ['simplekafkacluster_5broker.yaml', [ZOOKEEPER]],
  ['simplekafkacluster_affinity.yaml', [ZOOKEEPER]],
  ['simplekafkacluster_ebs_csi.yaml', [ZOOKEEPER]],
  // Per-listener ingress configs need an ingress controller, which kafkaplane does not deploy.
  ['simplekafkacluster-with-brokerbindings.yaml', [ZOOKEEPER, 'spec.listenersConfig.externalListeners[0].config']],
  ['simplekafkacluster-with-nodeport-external.yaml', [ZOOKEEPER]],
  [
    'simplekafkacluster_with_contour.yaml',
    [ZOOKEEPER, 'spec.listenersConfig.externalListeners[0].config', 'spec.listenersConfig.externalListeners[0].accessMethod'],
  ],
  ['simplekafkacluster_with_k8s_provided_nodeport.yaml', [ZOOKEEPER]],
  // A sasl_plaintext client listener is served; its OAUTHBEARER settings come from readOnlyConfig, as Koperator leaves them to the user.
  ['simplekafkacluster_with_sasl.yaml', [ZOOKEEPER]],
  ['kafkacluster_without_ssl.yaml', [ZOOKEEPER]],
  ['kafkacluster_without_ssl_groups.yaml', [ZOOKEEPER]],
  // The external listener's own certificate (serverSSLCertSecret) is served.
  ['kafkacluster_with_external_ssl_customcert.yaml', [ZOOKEEPER]],
  // Its external ssl listener is served with a certificate kafkaplane issues (sslSecrets.create).
  ['kafkacluster_with_external_ssl.yaml', [ZOOKEEPER]],
  // Inter-broker and controller listeners on ssl, with certificates kafkaplane issues (sslSecrets.create), or the user's and a client certificate.
  ['simplekafkacluster_ssl.yaml', [ZOOKEEPER]],
  ['kafkacluster_with_ssl_groups.yaml', [ZOOKEEPER]],
  ['kafkacluster_with_ssl_groups_customcert.yaml', [ZOOKEEPER]],
  // Its own certificate on two listeners, certificates kafkaplane issues on the inter-broker and controller ones.
  ['kafkacluster_with_ssl_hybrid_customcert.yaml', [ZOOKEEPER]],
];

describe("Koperator's sample KafkaClusters", () => {
  it.each(KAFKA_CLUSTER_SAMPLES)('%s is accepted by the CRD schema without losing a field', (file) => {
    expect(validateKafkaCluster(sample(file))).toEqual([]);
  });

  it.each(KAFKA_CLUSTER_SAMPLES)('%s is accepted, or refused naming the unsupported fields', (file, refused) => {
    const { cluster, problems } = checkKafkaCluster(sample(file));
    expect(cluster?.kind).toBe('KafkaCluster');
    expect(problems.map((p) => p.path)).toEqual(refused);
    for (const problem of problems) {
      expect(problem.code).toBe('RefusedField');
      expect(problem.message).toMatch(/not supported/);
    }
  });

  it('the KRaft sample passes with its ignored fields reported', () => {
    const { problems, unsupported } = checkKafkaCluster(sample('kraft/simplekafkacluster_kraft.yaml'));
    expect(problems).toEqual([]);
    expect(unsupported.map((u) => u.path)).toEqual(['spec.taintedBrokersSelector', 'spec.cruiseControlConfig.cruiseControlTaskSpec']);
  });

  it('ZooKeeper samples are refused with a way forward', () => {
    const [problem] = checkKafkaCluster(sample('simplekafkacluster.yaml')).problems;
    expect(problem?.message).toContain('Set spec.kRaft: true');
    expect(problem?.message).toContain('--reconcile=false');
  });

  it('the "everything" sample is as out of date for our CRD as for Koperator\'s', () => {
    // Koperator's CRD also requires rollingUpgradeConfig (commented out in this sample) and
    // also has no istioIngressConfig nor image/config/storageConfigs directly on a broker:
    // the API server prunes those four fields there as it would here.
    const file = 'banzaicloud_v1beta1_kafkacluster.yaml';
    expect(validateKafkaCluster(sample(file)).map((e) => e.split(' {')[0])).toEqual([
      "/spec must have required property 'rollingUpgradeConfig'",
      '/spec/listenersConfig/externalListeners/0/config/ingressConfig/ingress-az1-istio must NOT have additional properties',
      '/spec/brokers/1 must NOT have additional properties',
      '/spec/brokers/1 must NOT have additional properties',
      '/spec/brokers/1 must NOT have additional properties',
    ]);
    const { cluster, problems } = checkKafkaCluster(sample(file));
    expect(cluster).toBeUndefined();
    expect(problems).toEqual([{ path: 'spec.rollingUpgradeConfig', code: 'InvalidValue', message: 'spec.rollingUpgradeConfig: Required value' }]);
  });

  it('the pruning check itself catches a field the schema does not know', () => {
    const object = sample('kraft/simplekafkacluster_kraft.yaml') as { spec: Record<string, unknown> };
    object.spec.brokersPerRack = 2;
    expect(validateKafkaCluster(object)).toEqual([expect.stringContaining('brokersPerRack')]);
  });
});

describe("Koperator's sample CruiseControlOperation", () => {
  it('is accepted by the CRD schema and parses with errorPolicy retry', () => {
    const object = sample('example-cruisecontroloperation.yaml');
    expect(crdValidator(cruiseControlOperationCrd())(object)).toEqual([]);
    expect(cruiseControlOperationSchema.parse(object).spec).toEqual({ errorPolicy: 'retry' });
  });
});
