import { AGE, age, column, NAME_COLUMN, type Printer } from './printers.js';
import type { StoredObject } from './store.js';

/**
 * The printers of kubernetes pkg/printers/internalversion/printers.go for the workload and RBAC
 * binding kinds (printDeployment, printReplicaSet, printRoleBinding, printClusterRoleBinding).
 */
type Json = Record<string, unknown>;
const map = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as unknown[]).map(map) : []);
const int = (v: unknown): number => (typeof v === 'number' ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** labels.Selector.String(): requirements sorted by key, `k=v`, `k in (a,b)`, `!k`. */
export function selectorString(selector: unknown): string {
  const s = map(selector);
  const parts: Array<[string, string]> = Object.entries(map(s.matchLabels)).map(([k, v]) => [k, `${k}=${str(v)}`]);
  for (const e of list(s.matchExpressions)) {
    const key = str(e.key);
    const values = (Array.isArray(e.values) ? (e.values as string[]) : []).slice().sort().join(',');
    const op = str(e.operator);
    parts.push([key, op === 'In' ? `${key} in (${values})` : op === 'NotIn' ? `${key} notin (${values})` : op === 'Exists' ? key : `!${key}`]);
  }
  return parts
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, p]) => p)
    .join(',');
}

const containersOf = (o: StoredObject): Json[] => list(map(map(map(o.spec).template).spec).containers);
const templateCells = (o: StoredObject): string[] => [
  containersOf(o)
    .map((c) => str(c.name))
    .join(','),
  containersOf(o)
    .map((c) => str(c.image))
    .join(','),
  selectorString(map(o.spec).selector),
];
const TEMPLATE_COLUMNS = [
  column('Containers', 'string', 'Names of each container in the template.', { priority: 1 }),
  column('Images', 'string', 'Images referenced by each container in the template.', { priority: 1 }),
  column('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', {
    priority: 1,
  }),
];

const DEPLOYMENT: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE,
    ...TEMPLATE_COLUMNS,
  ],
  cells: (o) => {
    const spec = map(o.spec);
    const status = map(o.status);
    return [
      o.metadata.name,
      `${int(status.readyReplicas)}/${int(spec.replicas)}`,
      int(status.updatedReplicas),
      int(status.availableReplicas),
      age(o.metadata.creationTimestamp),
      ...templateCells(o),
    ];
  },
};

const REPLICA_SET: Printer = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'Number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1.'),
    column('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    column('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE,
    ...TEMPLATE_COLUMNS,
  ],
  cells: (o) => {
    const status = map(o.status);
    return [
      o.metadata.name,
      int(map(o.spec).replicas),
      int(status.replicas),
      int(status.readyReplicas),
      age(o.metadata.creationTimestamp),
      ...templateCells(o),
    ];
  },
};

/** A binding's subjects of one kind: users, groups, or ServiceAccounts as `namespace:name`. */
const subjects = (o: StoredObject, kind: string): string =>
  list(o.subjects)
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${str(s.namespace)}:${str(s.name)}` : str(s.name)))
    .join(', ');

const BINDING: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Role',
      'string',
      'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
    ),
    AGE,
    column('Users', 'string', 'Users in the roleBinding', { priority: 1 }),
    column('Groups', 'string', 'Groups in the roleBinding', { priority: 1 }),
    column('ServiceAccounts', 'string', 'ServiceAccounts in the roleBinding', { priority: 1 }),
  ],
  cells: (o) => {
    const ref = map(o.roleRef);
    return [
      o.metadata.name,
      `${str(ref.kind)}/${str(ref.name)}`,
      age(o.metadata.creationTimestamp),
      subjects(o, 'User'),
      subjects(o, 'Group'),
      subjects(o, 'ServiceAccount'),
    ];
  },
};

export const WORKLOAD_PRINTERS: Readonly<Record<string, Printer>> = {
  'apps/Deployment': DEPLOYMENT,
  'apps/ReplicaSet': REPLICA_SET,
  'rbac.authorization.k8s.io/RoleBinding': BINDING,
  'rbac.authorization.k8s.io/ClusterRoleBinding': BINDING,
};
