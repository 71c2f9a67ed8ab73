import type { StatusCause } from '../errors.js';
import type { ResourceType } from '../resources.js';
import type { StoredObject } from '../store.js';
import { DEPLOYMENT, REPLICA_SET } from './deployment.js';
import { CLUSTER_ROLE, CLUSTER_ROLE_BINDING, ROLE, ROLE_BINDING } from './rbac.js';
import { SECRET } from './secret.js';

/**
 * What a built-in kind's registry adds to the generic store (the apiserver's per-kind
 * `strategy.go` and the versioned `defaults.go`): defaults set on every write, and the kind's
 * own validation after ObjectMeta's.
 */
export interface KindStrategy {
  defaults?(object: StoredObject): void;
  validate?(object: StoredObject, previous: StoredObject | undefined): StatusCause[];
}

const STRATEGIES: Readonly<Record<string, KindStrategy>> = {
  '/Secret': SECRET,
  'rbac.authorization.k8s.io/Role': ROLE,
  'rbac.authorization.k8s.io/ClusterRole': CLUSTER_ROLE,
  'rbac.authorization.k8s.io/RoleBinding': ROLE_BINDING,
  'rbac.authorization.k8s.io/ClusterRoleBinding': CLUSTER_ROLE_BINDING,
  'apps/Deployment': DEPLOYMENT,
  'apps/ReplicaSet': REPLICA_SET,
};

export function strategyOf(r: ResourceType): KindStrategy | undefined {
  return r.custom ? undefined : STRATEGIES[`${r.group}/${r.kind}`];
}
