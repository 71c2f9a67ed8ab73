import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crdFileName, cruiseControlOperationCrd, customResourceDefinitions, kafkaClusterCrd, renderCrdYaml } from '../../../src/k8s/crd/crds.js';
import { structuralProblems, type JSONSchemaProps } from '../../../src/k8s/crd/openApiSchema.js';

function at(schema: JSONSchemaProps, ...path: string[]): JSONSchemaProps {
  let node = schema;
  for (const step of path) {
    const next = step === '[]' ? node.items : step === '{}' ? node.additionalProperties : node.properties?.[step];
    if (next === undefined) throw new Error(`no ${step} in schema at ${path.join('.')}`);
    node = next;
  }
  return node;
}

describe('deploy/crds', () => {
  it.each(customResourceDefinitions().map((crd) => [crdFileName(crd), crd] as const))(
    '%s matches what the code generates (run `npm run crds` when this fails)',
    (file, crd) => {
      const checkedIn = readFileSync(join('deploy/crds', file), 'utf8');
      if (checkedIn !== renderCrdYaml(crd)) {
        throw new Error(`deploy/crds/${file} is out of date with src/k8s/crd: run \`npm run crds\` and commit the result.`);
      }
      expect(checkedIn).toContain(`name: ${crd.metadata.name}`);
    },
  );
});

describe('the CRD objects', () => {
  const kafkaCluster = kafkaClusterCrd();
  const kafkaSchema = kafkaCluster.spec.versions[0]?.schema.openAPIV3Schema;
  if (kafkaSchema === undefined) throw new Error('KafkaCluster CRD has no version');

  it("use Koperator's group, versions and names", () => {
    expect(kafkaCluster.metadata.name).toBe('kafkaclusters.kafka.banzaicloud.io');
    expect(kafkaCluster.spec.versions.map((v) => v.name)).toEqual(['v1beta1']);
    const operation = cruiseControlOperationCrd();
    expect(operation.metadata.name).toBe('cruisecontroloperations.kafka.banzaicloud.io');
    expect(operation.spec.versions.map((v) => v.name)).toEqual(['v1alpha1']);
    expect(operation.spec.names).toMatchObject({ kind: 'CruiseControlOperation', listKind: 'CruiseControlOperationList' });
  });

  it('have structural schemas with a status subresource', () => {
    for (const crd of customResourceDefinitions()) {
      for (const version of crd.spec.versions) {
        expect(structuralProblems(version.schema.openAPIV3Schema)).toEqual([]);
        expect(version.subresources).toEqual({ status: {} });
      }
    }
  });

  it('show state, ready/desired brokers and age in `kubectl get kafkaclusters`', () => {
    const columns = kafkaCluster.spec.versions[0]?.additionalPrinterColumns.filter((c) => (c.priority ?? 0) === 0);
    expect(columns?.map((c) => [c.name, c.jsonPath])).toEqual([
      ['State', '.status.state'],
      ['Brokers', '.status.brokersReady'],
      ['Age', '.metadata.creationTimestamp'],
    ]);
  });

  it('keep what users write in the Kubernetes subtrees we copy instead of pruning it', () => {
    const group = at(kafkaSchema, 'spec', 'brokerConfigGroups', '{}');
    expect(at(group, 'affinity')['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(at(group, 'tolerations', '[]')['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(at(group, 'storageConfigs', '[]', 'pvcSpec')).toMatchObject({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
    expect(at(kafkaSchema, 'spec', 'envoyConfig')['x-kubernetes-preserve-unknown-fields']).toBe(true);
    // Typed levels are not open: Koperator's CRD prunes unknown fields there too.
    expect(at(kafkaSchema, 'spec')['x-kubernetes-preserve-unknown-fields']).toBeUndefined();
  });

  it('declare quantities as int-or-string with the Kubernetes quantity pattern', () => {
    const storage = at(kafkaSchema, 'spec', 'brokers', '[]', 'brokerConfig', 'storageConfigs', '[]', 'pvcSpec', 'resources', 'requests', '{}');
    expect(storage).toMatchObject({ anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true });
    expect(new RegExp(storage.pattern ?? '').test('10Gi')).toBe(true);
    expect(new RegExp(storage.pattern ?? '').test('10GB')).toBe(false);
  });

  it("carry Koperator's bounds, enums, defaults and required keys", () => {
    expect(at(kafkaSchema, 'spec', 'brokers', '[]', 'id')).toMatchObject({ minimum: 0, maximum: 65535, exclusiveMaximum: true });
    expect(at(kafkaSchema, 'spec', 'kRaft').default).toBe(false);
    expect(at(kafkaSchema, 'spec', 'rollingUpgradeConfig', 'concurrentBrokerRestartCountPerRack')).toMatchObject({ default: 1, minimum: 1 });
    expect(at(kafkaSchema, 'spec', 'brokerConfigGroups', '{}', 'processRoles')).toMatchObject({ maxItems: 2, items: { enum: ['broker', 'controller'] } });
    expect(at(kafkaSchema, 'spec').required).toEqual(
      expect.arrayContaining(['brokers', 'cruiseControlConfig', 'headlessServiceEnabled', 'listenersConfig', 'oneBrokerPerNode', 'rollingUpgradeConfig']),
    );
    const operationSchema = cruiseControlOperationCrd().spec.versions[0]?.schema.openAPIV3Schema;
    expect(operationSchema && at(operationSchema, 'spec', 'errorPolicy')).toMatchObject({ default: 'retry', enum: ['ignore', 'retry'] });
  });
});
