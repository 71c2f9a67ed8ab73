import type { ResourceType } from './resources.js';

/** What `/version` reports: the line of the API the sandbox follows. */
export const VERSION_INFO = {
  major: '1',
  minor: '34',
  gitVersion: 'v1.34.0-kafkaplane-sandbox',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-01T00:00:00Z',
  goVersion: 'go1.24.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** The built-ins in the `all` category (what `kubectl get all` lists), as their registries declare it. */
const ALL_CATEGORY = new Set(['/Pod', '/Service', 'apps/Deployment', 'apps/ReplicaSet', 'batch/Job', 'batch/CronJob']);

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** An APIResourceList: main resources before their subresources (KubernetesObjectApi picks the first match). */
export function apiResourceList(groupVersion: string, resources: ResourceType[]): Record<string, unknown> {
  const entries: Array<Record<string, unknown>> = [];
  for (const r of resources) {
    entries.push({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.createOnly ? ['create'] : VERBS,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.custom || ALL_CATEGORY.has(`${r.group}/${r.kind}`) ? { categories: ['all'] } : {}),
    });
  }
  for (const r of resources) {
    if (r.statusSubresource)
      entries.push({ name: `${r.plural}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] });
    // The scale client finds the Scale kind of a resource here (scale.NewDiscoveryScaleKindResolver).
    if (r.scale) {
      entries.push({
        name: `${r.plural}/scale`,
        singularName: '',
        namespaced: r.namespaced,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      });
    }
    if (r.group === '' && r.plural === 'serviceaccounts')
      entries.push({
        name: 'serviceaccounts/token',
        singularName: '',
        namespaced: true,
        group: 'authentication.k8s.io',
        version: 'v1',
        kind: 'TokenRequest',
        verbs: ['create'],
      });
    if (r.log) entries.push({ name: `${r.plural}/log`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get'] });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: entries };
}

export function apiGroupList(resources: ResourceType[]): Record<string, unknown> {
  const groups = new Map<string, Set<string>>();
  for (const r of resources) {
    if (r.group === '') continue;
    const versions = groups.get(r.group) ?? new Set<string>();
    versions.add(r.version);
    groups.set(r.group, versions);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => {
      const list = [...versions].map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions: list, preferredVersion: list[0] };
    }),
  };
}
