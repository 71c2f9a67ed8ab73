import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLUSTER_FIELDS, INTERNAL_LISTENER_FIELDS } from '../../../src/k8s/crd/fieldSupport.js';
import { kafkaClusterSpecSchema, internalListenerSchema } from '../../../src/k8s/crd/kafkaCluster.js';
import { renderSupportTables, withSupportTables } from '../../../src/k8s/crd/supportDoc.js';

describe('docs/crd-support.md', () => {
  const page = readFileSync('docs/crd-support.md', 'utf8');

  it('has the field tables the code renders (run `npm run crds` when this fails)', () => {
    if (!page.includes(renderSupportTables())) {
      throw new Error('docs/crd-support.md is out of date with src/k8s/crd/fieldSupport.ts: run `npm run crds` and commit the result.');
    }
    expect(withSupportTables(page)).toBe(page);
  });

  it('lists every field of the schema, refused ones as refused', () => {
    for (const key of Object.keys(kafkaClusterSpecSchema.shape)) expect(page).toContain(`| \`spec.${key}\` |`);
    for (const key of Object.keys(internalListenerSchema.shape)) expect(page).toContain(`| \`internalListeners[].${key}\` |`);
    expect(page).toContain('| `externalListeners[].config` | **refused** |');
    expect(Object.keys(CLUSTER_FIELDS).sort()).toEqual(Object.keys(kafkaClusterSpecSchema.shape).sort());
    expect(Object.keys(INTERNAL_LISTENER_FIELDS).sort()).toEqual(Object.keys(internalListenerSchema.shape).sort());
  });

  it('refuses to render into a page that lost its markers', () => {
    expect(() => withSupportTables('# no markers')).toThrow('lost its field table markers');
  });
});
