import { fieldInvalid, fieldNotSupported, fieldRequired, type StatusCause } from '../errors.js';
import type { StoredObject } from '../store.js';
import type { KindStrategy } from './strategy.js';

/**
 * Roles and bindings as kubernetes pkg/apis/rbac/validation/validation.go validates them, after
 * the defaults of pkg/apis/rbac/v1/defaults.go.
 */
const GROUP = 'rbac.authorization.k8s.io';

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}
interface RoleRef {
  apiGroup?: string;
  kind?: string;
  name?: string;
}

const count = (list: unknown[] | undefined): number => list?.length ?? 0;

/** ValidatePolicyRule. */
function ruleProblems(rule: PolicyRule, namespaced: boolean, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (count(rule.verbs) === 0) causes.push(fieldRequired(`${path}.verbs`, 'verbs must contain at least one value'));
  if (count(rule.nonResourceURLs) > 0) {
    if (namespaced) causes.push(fieldInvalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
    if (count(rule.apiGroups) > 0 || count(rule.resources) > 0 || count(rule.resourceNames) > 0) {
      causes.push(fieldInvalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return causes;
  }
  if (count(rule.apiGroups) === 0) causes.push(fieldRequired(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (count(rule.resources) === 0) causes.push(fieldRequired(`${path}.resources`, 'resource rules must supply at least one resource'));
  return causes;
}

const rulesOf =
  (namespaced: boolean) =>
  (object: StoredObject): StatusCause[] =>
    ((object.rules as PolicyRule[] | undefined) ?? []).flatMap((rule, i) => ruleProblems(rule, namespaced, `rules[${i}]`));

/** ValidateRBACName for a reference: path.IsValidPathSegmentName. */
function segmentProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `may not be '${name}'`;
  if (name.includes('/')) return "may not contain '/'";
  if (name.includes('%')) return "may not contain '%'";
  return undefined;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** ValidateRoleBindingSubject. */
function subjectProblems(subject: Subject, namespaced: boolean, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = subject.name ?? '';
  if (name === '') causes.push(fieldRequired(`${path}.name`));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (name !== '' && (!DNS1123_SUBDOMAIN.test(name) || name.length > 253)) {
        causes.push(
          fieldInvalid(
            `${path}.name`,
            name,
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
          ),
        );
      }
      if ((subject.apiGroup ?? '') !== '') causes.push(fieldNotSupported(`${path}.apiGroup`, subject.apiGroup, ['']));
      if (!namespaced && (subject.namespace ?? '') === '') causes.push(fieldRequired(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (subject.apiGroup !== GROUP) causes.push(fieldNotSupported(`${path}.apiGroup`, subject.apiGroup ?? '', [GROUP]));
      break;
    default:
      causes.push(fieldNotSupported(`${path}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return causes;
}

/** ValidateRoleBinding / ValidateClusterRoleBinding, and their updates (the roleRef may not change). */
const bindingOf =
  (namespaced: boolean) =>
  (object: StoredObject, previous: StoredObject | undefined): StatusCause[] => {
    const causes: StatusCause[] = [];
    const ref = (object.roleRef ?? {}) as RoleRef;
    if (ref.apiGroup !== GROUP) causes.push(fieldNotSupported('roleRef.apiGroup', ref.apiGroup ?? '', [GROUP]));
    const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
    if (!kinds.includes(ref.kind ?? '')) causes.push(fieldNotSupported('roleRef.kind', ref.kind ?? '', kinds));
    const problem = segmentProblem(ref.name ?? '');
    if ((ref.name ?? '') === '') causes.push(fieldRequired('roleRef.name'));
    else if (problem !== undefined) causes.push(fieldInvalid('roleRef.name', ref.name, problem));
    ((object.subjects as Subject[] | undefined) ?? []).forEach((subject, i) => causes.push(...subjectProblems(subject, namespaced, `subjects[${i}]`)));
    const before = previous?.roleRef as RoleRef | undefined;
    if (before && (before.apiGroup !== ref.apiGroup || before.kind !== ref.kind || before.name !== ref.name)) {
      // Go prints the struct with %#v: rbac.RoleRef{APIGroup:"…", Kind:"…", Name:"…"}.
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'roleRef',
        message: `Invalid value: rbac.RoleRef{APIGroup:${JSON.stringify(ref.apiGroup ?? '')}, Kind:${JSON.stringify(ref.kind ?? '')}, Name:${JSON.stringify(ref.name ?? '')}}: cannot change roleRef`,
      });
    }
    return causes;
  };

/** v1 defaults.go: a roleRef without apiGroup is RBAC's; a User or Group subject's apiGroup is RBAC's. */
function bindingDefaults(object: StoredObject): void {
  const ref = object.roleRef as RoleRef | undefined;
  if (ref && (ref.apiGroup ?? '') === '') ref.apiGroup = GROUP;
  for (const subject of (object.subjects as Subject[] | undefined) ?? []) {
    if ((subject.apiGroup ?? '') === '' && (subject.kind === 'User' || subject.kind === 'Group')) subject.apiGroup = GROUP;
  }
}

export const ROLE: KindStrategy = { validate: rulesOf(true) };
export const CLUSTER_ROLE: KindStrategy = { validate: rulesOf(false) };
export const ROLE_BINDING: KindStrategy = { defaults: bindingDefaults, validate: bindingOf(true) };
export const CLUSTER_ROLE_BINDING: KindStrategy = { defaults: bindingDefaults, validate: bindingOf(false) };
