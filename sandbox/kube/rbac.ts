import { ApiError } from './errors.js';
import type { AccessDecision, AccessRequest, SubjectRules } from './authorization.js';
import type { ObjectStore, StoredObject } from './store.js';

/**
 * The RBAC authorizer of the API server (plugin/pkg/auth/authorizer/rbac), over the Roles,
 * ClusterRoles and their bindings the sandbox stores: a request is allowed when a binding whose
 * subjects include the user grants a rule that matches it. Members of system:masters are allowed
 * everything, as the API server's superuser group is (and the seeded cluster-admin binding lists
 * it). Aggregated ClusterRoles (`aggregationRule`) are not expanded.
 */

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

interface Binding {
  metadata: { namespace?: string };
  subjects?: Subject[];
  roleRef?: { kind?: string; name?: string };
}

const SUPERUSER_GROUP = 'system:masters';
const CLUSTER_ROLES = 'rbac.authorization.k8s.io/clusterroles';
const ROLES = 'rbac.authorization.k8s.io/roles';

/** rbac/v1 helpers: a subject names the user directly, by one of their groups, or as a ServiceAccount. */
function appliesTo(subject: Subject, request: AccessRequest, bindingNamespace: string | undefined): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === request.user;
    case 'Group':
      return subject.name !== undefined && request.groups.includes(subject.name);
    case 'ServiceAccount':
      return request.user === `system:serviceaccount:${subject.namespace || bindingNamespace || ''}:${subject.name ?? ''}`;
    default:
      return false;
  }
}

const rulesOfRole = (role: StoredObject | undefined): PolicyRule[] => (role as { rules?: PolicyRule[] } | undefined)?.rules ?? [];

const has = (values: readonly string[] | undefined, wanted: string): boolean => (values ?? []).some((v) => v === '*' || v === wanted);

/** rbac/v1 evaluation_helpers.go: RuleAllows; ResourceMatches also takes `*` + `/subresource` for a subresource of any resource. */
function ruleAllows(rule: PolicyRule, request: AccessRequest): boolean {
  const attributes = request.resourceAttributes;
  if (attributes === undefined) {
    const path = request.nonResourceAttributes?.path ?? '';
    const urlMatches = (rule.nonResourceURLs ?? []).some((url) => url === '*' || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))));
    return has(rule.verbs, request.nonResourceAttributes?.verb ?? '') && urlMatches;
  }
  const resource = attributes.resource ?? '';
  const subresource = attributes.subresource ?? '';
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  const resourceMatches = (rule.resources ?? []).some((r) => r === '*' || r === combined || (subresource !== '' && r === `*/${subresource}`));
  const nameMatches = (rule.resourceNames ?? []).length === 0 || (rule.resourceNames ?? []).includes(attributes.name ?? '');
  return has(rule.verbs, attributes.verb ?? '') && has(rule.apiGroups, attributes.group ?? '') && resourceMatches && nameMatches;
}

/**
 * The rules of every binding that names the user, cluster-wide and in `namespace`, as the RBAC
 * authorizer's RulesFor lists them (registry/authorization/selfsubjectrulesreview).
 */
export function rbacRules(store: ObjectStore, subject: { user: string; groups: string[] }, namespace: string): SubjectRules {
  const request: AccessRequest = { user: subject.user, groups: subject.groups };
  const rules: PolicyRule[] = [];
  const collect = (bindings: StoredObject[], roleNamespace: string | undefined): void => {
    for (const stored of bindings) {
      const binding = stored as unknown as Binding;
      if (!(binding.subjects ?? []).some((s) => appliesTo(s, request, binding.metadata.namespace))) continue;
      const name = binding.roleRef?.name ?? '';
      const role = binding.roleRef?.kind === 'ClusterRole' ? store.get(CLUSTER_ROLES, undefined, name) : store.get(ROLES, roleNamespace, name);
      rules.push(...rulesOfRole(role));
    }
  };
  collect(store.list('rbac.authorization.k8s.io/clusterrolebindings'), undefined);
  if (namespace !== '') collect(store.list('rbac.authorization.k8s.io/rolebindings', namespace), namespace);
  return {
    resourceRules: rules
      .filter((r) => (r.resources ?? []).length > 0)
      .map((r) => ({
        verbs: r.verbs ?? [],
        apiGroups: r.apiGroups ?? [],
        resources: r.resources ?? [],
        ...((r.resourceNames ?? []).length > 0 ? { resourceNames: r.resourceNames } : {}),
      })),
    nonResourceRules: rules
      .filter((r) => (r.nonResourceURLs ?? []).length > 0)
      .map((r) => ({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs ?? [] })),
  };
}

/** Decides a request from the stored RBAC objects; the reason names roles that bindings point at but that do not exist. */
export function rbacDecision(store: ObjectStore, request: AccessRequest): AccessDecision {
  if (request.groups.includes(SUPERUSER_GROUP)) return { allowed: true, reason: `${SUPERUSER_GROUP} is the superuser group` };
  const missing: string[] = [];
  const rulesOf = (roleRef: Binding['roleRef'], namespace: string | undefined): PolicyRule[] => {
    const name = roleRef?.name ?? '';
    const role = roleRef?.kind === 'ClusterRole' ? store.get(CLUSTER_ROLES, undefined, name) : store.get(ROLES, namespace, name);
    if (role === undefined) {
      missing.push(`${roleRef?.kind === 'ClusterRole' ? 'clusterrole' : 'role'}.rbac.authorization.k8s.io "${name}" not found`);
      return [];
    }
    return rulesOfRole(role);
  };
  const grants = (bindings: StoredObject[], namespace: string | undefined): boolean =>
    bindings.some((stored) => {
      const binding = stored as unknown as Binding;
      if (!(binding.subjects ?? []).some((s) => appliesTo(s, request, binding.metadata.namespace))) return false;
      return rulesOf(binding.roleRef, namespace).some((rule) => ruleAllows(rule, request));
    });

  if (grants(store.list('rbac.authorization.k8s.io/clusterrolebindings'), undefined)) return { allowed: true };
  const namespace = request.resourceAttributes?.namespace;
  if (namespace !== undefined && namespace !== '' && grants(store.list('rbac.authorization.k8s.io/rolebindings', namespace), namespace))
    return { allowed: true };
  return { allowed: false, ...(missing.length > 0 ? { reason: `RBAC: ${missing.join(', ')}` } : {}) };
}

/**
 * The API server's 403 for a denied request (endpoints/handlers/responsewriters: Forbidden and
 * forbiddenMessage; apierrors.NewForbidden), with the authorizer's reason when it gave one.
 */
export function forbidden(request: AccessRequest, reason: string | undefined): ApiError {
  const a = request.resourceAttributes ?? {};
  const group = a.group ?? '';
  const resource = a.subresource ? `${a.resource ?? ''}/${a.subresource}` : (a.resource ?? '');
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const cannot = `User "${request.user}" cannot ${a.verb ?? ''} resource "${resource}" in API group "${group}" ${scope}`;
  const detail = reason ? `${cannot}: ${reason}` : cannot;
  const qualified = group === '' ? (a.resource ?? '') : `${a.resource ?? ''}.${group}`;
  const message = a.name ? `${qualified} "${a.name}" is forbidden: ${detail}` : `${qualified} is forbidden: ${detail}`;
  return new ApiError(403, 'Forbidden', message, { ...(a.name ? { name: a.name } : {}), ...(group !== '' ? { group } : {}), kind: a.resource ?? '' });
}
