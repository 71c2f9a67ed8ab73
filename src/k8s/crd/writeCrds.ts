import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crdFileName, customResourceDefinitions, renderCrdYaml } from './crds.js';
import { withSupportTables } from './supportDoc.js';

/** The page listing what kafkaplane does with each field; its tables come from the same code. */
export const SUPPORT_DOC = 'docs/crd-support.md';

/** Writes every CRD as YAML into `directory`; returns the paths written. */
export function writeCrds(directory: string): string[] {
  mkdirSync(directory, { recursive: true });
  return customResourceDefinitions().map((crd) => {
    const path = join(directory, crdFileName(crd));
    writeFileSync(path, renderCrdYaml(crd));
    return path;
  });
}

// `node dist/src/k8s/crd/writeCrds.js <directory>` (npm run crds).
const target = process.argv[2];
if (target !== undefined && import.meta.url === `file://${process.argv[1]}`) {
  for (const path of writeCrds(target)) console.log(`wrote ${path}`);
  if (existsSync(SUPPORT_DOC)) {
    writeFileSync(SUPPORT_DOC, withSupportTables(readFileSync(SUPPORT_DOC, 'utf8')));
    console.log(`updated the field tables of ${SUPPORT_DOC}`);
  }
}
