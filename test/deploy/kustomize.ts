import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

export const OVERLAYS = ['all-namespaces', 'one-namespace', 'api-only', 'alerts'] as const;
export type Overlay = (typeof OVERLAYS)[number];

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
  spec?: { template?: { spec?: { containers?: Array<{ args?: string[] }> } } };
}

/** `kubectl kustomize deploy/overlays/<name>`, as an installer renders it. */
export function renderOverlay(overlay: Overlay): { yaml: string; objects: ManifestObject[] } {
  const yaml = execFileSync('kubectl', ['kustomize', `deploy/overlays/${overlay}`], { encoding: 'utf8' });
  return { yaml, objects: parseAllDocuments(yaml).map((d) => d.toJSON() as ManifestObject) };
}

/** The kafkaplane container's arguments in the rendered Deployment. */
export function deploymentArgs(objects: readonly ManifestObject[]): string[] {
  return objects.find((o) => o.kind === 'Deployment')?.spec?.template?.spec?.containers?.[0]?.args ?? [];
}
