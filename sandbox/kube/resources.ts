/**
 * The kinds the sandbox serves: a strategy table in the manner of the apiserver's per-kind
 * registries (namespaced, status subresource, unconditional update, deleted object returned,
 * generation rules, field selectors), plus the kinds CRDs add at run time.
 */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Status is written only through `/status` (and ignored on the main resource). */
  statusSubresource: boolean;
  /** PUT without resourceVersion is allowed (built-ins); CRs refuse it with 422. */
  allowUnconditionalUpdate: boolean;
  /** DELETE answers with the object rather than a Success Status (Pods, PVCs, PVs, ServiceAccounts). */
  returnDeletedObject: boolean;
  /** metadata.generation is kept and bumped when the spec (everything but metadata and status) changes. */
  generation: boolean;
  /** Field selector labels beyond metadata.name and metadata.namespace (core/v1 conversion.go). */
  fieldSelectors: ReadonlySet<string>;
  /** For custom resources: the structural schema, used to prune unknown fields. */
  schema?: Record<string, unknown>;
  /** For custom resources: the CRD's additionalPrinterColumns, the columns of `kubectl get`. */
  printerColumns?: PrinterColumn[];
  custom: boolean;
  /** Reviews: only created, answered at once, never stored. */
  createOnly?: boolean;
  /** Serves the autoscaling/v1 `scale` subresource (Deployments, ReplicaSets). */
  scale?: boolean;
  /** Serves the Pod `log` subresource. */
  log?: boolean;
}

export const apiVersionOf = (r: ResourceType): string => (r.group === '' ? r.version : `${r.group}/${r.version}`);

function builtin(partial: Partial<ResourceType> & Pick<ResourceType, 'kind' | 'plural'>): ResourceType {
  return {
    group: '',
    version: 'v1',
    singular: partial.kind.toLowerCase(),
    namespaced: true,
    statusSubresource: false,
    allowUnconditionalUpdate: true,
    returnDeletedObject: false,
    generation: false,
    fieldSelectors: new Set(),
    custom: false,
    ...partial,
  };
}

export const BUILTIN_RESOURCES: ResourceType[] = [
  builtin({
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
    statusSubresource: true,
    shortNames: ['ns'],
    fieldSelectors: new Set(['status.phase']),
  }),
  builtin({ kind: 'Node', plural: 'nodes', namespaced: false, statusSubresource: true, shortNames: ['no'] }),
  builtin({
    kind: 'Pod',
    plural: 'pods',
    statusSubresource: true,
    returnDeletedObject: true,
    generation: true,
    shortNames: ['po'],
    log: true,
    fieldSelectors: new Set([
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ]),
  }),
  builtin({ kind: 'ResourceQuota', plural: 'resourcequotas', statusSubresource: true, shortNames: ['quota'] }),
  builtin({ kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', statusSubresource: true, returnDeletedObject: true, shortNames: ['pvc'] }),
  builtin({ kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false, statusSubresource: true, returnDeletedObject: true, shortNames: ['pv'] }),
  builtin({ kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'] }),
  builtin({ kind: 'Secret', plural: 'secrets', fieldSelectors: new Set(['type']) }),
  builtin({ kind: 'Service', plural: 'services', statusSubresource: true, shortNames: ['svc'], fieldSelectors: new Set(['spec.clusterIP', 'spec.type']) }),
  builtin({ kind: 'ServiceAccount', plural: 'serviceaccounts', returnDeletedObject: true, shortNames: ['sa'] }),
  builtin({
    kind: 'Event',
    plural: 'events',
    shortNames: ['ev'],
    fieldSelectors: new Set([
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ]),
  }),
  builtin({ group: 'apps', kind: 'Deployment', plural: 'deployments', statusSubresource: true, generation: true, scale: true, shortNames: ['deploy'] }),
  builtin({ group: 'apps', kind: 'ReplicaSet', plural: 'replicasets', statusSubresource: true, generation: true, scale: true, shortNames: ['rs'] }),
  builtin({ group: 'batch', kind: 'Job', plural: 'jobs', statusSubresource: true, generation: true }),
  builtin({ group: 'batch', kind: 'CronJob', plural: 'cronjobs', statusSubresource: true, generation: true, shortNames: ['cj'] }),
  builtin({ group: 'policy', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', statusSubresource: true, generation: true, shortNames: ['pdb'] }),
  builtin({ group: 'scheduling.k8s.io', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false, shortNames: ['pc'] }),
  builtin({ group: 'networking.k8s.io', kind: 'Ingress', plural: 'ingresses', statusSubresource: true, generation: true, shortNames: ['ing'] }),
  builtin({ group: 'storage.k8s.io', kind: 'StorageClass', plural: 'storageclasses', namespaced: false, shortNames: ['sc'] }),
  builtin({ group: 'coordination.k8s.io', kind: 'Lease', plural: 'leases' }),
  builtin({ group: 'events.k8s.io', kind: 'Event', plural: 'events', shortNames: ['ev'] }),
  builtin({
    group: 'apiextensions.k8s.io',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
    statusSubresource: true,
    generation: true,
    shortNames: ['crd', 'crds'],
  }),
  builtin({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false }),
  builtin({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false }),
  builtin({ group: 'rbac.authorization.k8s.io', kind: 'Role', plural: 'roles' }),
  builtin({ group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', plural: 'rolebindings' }),
  builtin({ group: 'authentication.k8s.io', kind: 'TokenReview', plural: 'tokenreviews', namespaced: false, createOnly: true }),
  builtin({ group: 'authentication.k8s.io', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false, createOnly: true }),
  builtin({ group: 'authorization.k8s.io', kind: 'SubjectAccessReview', plural: 'subjectaccessreviews', namespaced: false, createOnly: true }),
  builtin({ group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false, createOnly: true }),
  builtin({ group: 'authorization.k8s.io', kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', namespaced: false, createOnly: true }),
];

/** A CRD's additionalPrinterColumns entry. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** The CRD fields the sandbox reads. */
export interface CrdObject {
  metadata: { name: string };
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { kind: string; plural: string; singular?: string; shortNames?: string[]; categories?: string[] };
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      schema?: { openAPIV3Schema?: Record<string, unknown> };
      subresources?: { status?: object };
      additionalPrinterColumns?: PrinterColumn[];
    }>;
  };
}

/** The resource types a CRD defines, one per served version. */
export function resourcesOfCrd(crd: CrdObject): ResourceType[] {
  const { group, names, scope } = crd.spec;
  return crd.spec.versions
    .filter((v) => v.served)
    .map((v) => ({
      group,
      version: v.name,
      kind: names.kind,
      plural: names.plural,
      singular: names.singular ?? names.kind.toLowerCase(),
      namespaced: scope === 'Namespaced',
      ...(names.shortNames ? { shortNames: names.shortNames } : {}),
      statusSubresource: v.subresources?.status !== undefined,
      allowUnconditionalUpdate: false,
      returnDeletedObject: false,
      generation: true,
      fieldSelectors: new Set<string>(),
      ...(v.schema?.openAPIV3Schema ? { schema: v.schema.openAPIV3Schema } : {}),
      ...(v.additionalPrinterColumns && v.additionalPrinterColumns.length > 0 ? { printerColumns: v.additionalPrinterColumns } : {}),
      custom: true,
    }));
}
