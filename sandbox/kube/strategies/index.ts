import type { ResourceType } from '../resources.js';
import { DEPLOYMENT, REPLICA_SET } from './deployment.js';
import { CLUSTER_ROLE, CLUSTER_ROLE_BINDING, ROLE, ROLE_BINDING } from './rbac.js';
import { SECRET } from './secret.js';
import type { KindStrategy } from './strategy.js';

/** The kinds whose registry adds defaults or validation of its own, by group and kind. */
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
