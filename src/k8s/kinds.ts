/** What the informers and clients need to know of a kind to build its URLs. */
export interface ResourceKind {
  /** `v1` for the core group, else `group/version`. */
  apiVersion: string;
  kind: string;
  /** The plural resource name in URLs. */
  plural: string;
  namespaced: boolean;
}

export const KINDS = {
  pod: { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
  persistentVolumeClaim: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true },
  configMap: { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  service: { apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true },
  event: { apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true },
  node: { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false },
  storageClass: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', plural: 'storageclasses', namespaced: false },
  deployment: { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  lease: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true },
  kafkaCluster: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', plural: 'kafkaclusters', namespaced: true },
  cruiseControlOperation: {
    apiVersion: 'kafka.banzaicloud.io/v1alpha1',
    kind: 'CruiseControlOperation',
    plural: 'cruisecontroloperations',
    namespaced: true,
  },
} as const satisfies Record<string, ResourceKind>;

/** `/api/v1[/namespaces/ns]/pods` or `/apis/g/v[/namespaces/ns]/plural`. */
export function collectionPath(kind: ResourceKind, namespace?: string): string {
  const base = kind.apiVersion.includes('/') ? `/apis/${kind.apiVersion}` : `/api/${kind.apiVersion}`;
  const scope = kind.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${scope}/${kind.plural}`;
}
