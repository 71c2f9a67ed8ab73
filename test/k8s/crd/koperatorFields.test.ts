import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cruiseControlOperationCrd, kafkaClusterCrd, type CustomResourceDefinition } from '../../../src/k8s/crd/crds.js';
import type { JSONSchemaProps } from '../../../src/k8s/crd/openApiSchema.js';

/** `spec.brokers[].brokerConfig.storageConfigs[].mountPath string` lines of a Koperator field list. */
function koperatorFields(file: string): [path: string, type: string][] {
  return readFileSync(`test/k8s/crd/koperator/${file}`, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(' ') as [string, string]);
}

function typeOf(node: JSONSchemaProps): string {
  return node['x-kubernetes-int-or-string'] === true ? 'int-or-string' : (node.type ?? '?');
}

/**
 * Where Koperator's field lands in our schema: `typed` with our type, `kept` inside a subtree
 * whose unknown fields are preserved, or `missing` (the API server would prune it).
 */
function locate(root: JSONSchemaProps, path: string): { kind: 'typed'; type: string } | { kind: 'kept' } | { kind: 'missing'; at: string } {
  let node = root;
  const steps = path.match(/[^.[\]{}]+|\[\]|\{\}/g) ?? [];
  for (const step of steps) {
    const next = step === '[]' ? node.items : step === '{}' ? node.additionalProperties : node.properties?.[step];
    if (next === undefined) return node['x-kubernetes-preserve-unknown-fields'] === true ? { kind: 'kept' } : { kind: 'missing', at: step };
    node = next;
  }
  return { kind: 'typed', type: typeOf(node) };
}

function rootOf(crd: CustomResourceDefinition): JSONSchemaProps {
  const schema = crd.spec.versions[0]?.schema.openAPIV3Schema;
  if (schema === undefined) throw new Error('CRD without a version');
  return schema;
}

describe.each([
  ['KafkaCluster', kafkaClusterCrd(), 'kafkacluster-fields.txt'],
  ['CruiseControlOperation', cruiseControlOperationCrd(), 'cruisecontroloperation-fields.txt'],
] as const)("our %s CRD against every field of Koperator's", (_kind, crd, file) => {
  const root = rootOf(crd);
  const fields = koperatorFields(file);

  it('lists fields to compare, and would notice one we lack', () => {
    expect(fields.length).toBeGreaterThan(30);
    expect(locate(root, 'spec.notAKoperatorField')).toEqual({ kind: 'missing', at: 'notAKoperatorField' });
    expect(locate(root, 'status')).toEqual({ kind: 'typed', type: 'object' });
  });

  it("keeps every Koperator field, with Koperator's type where it is typed", () => {
    const mismatches = fields.flatMap(([path, type]) => {
      const found = locate(root, path);
      if (found.kind === 'missing') return [`${path}: missing (no "${found.at}")`];
      if (found.kind === 'typed' && found.type !== type) return [`${path}: ${found.type} here, ${type} in Koperator`];
      return [];
    });
    expect(mismatches).toEqual([]);
  });

  it('types (rather than only keeps) the fields kafkaplane reads', () => {
    const typed = fields.filter(([path]) => locate(root, path).kind === 'typed');
    expect(typed.length / fields.length).toBeGreaterThan(0.9);
  });
});
