/**
 * The vocabulary of authorization shared by the reviews the API server answers and the
 * authorizers that decide them (RBAC, or the default policy): what is asked, what is answered,
 * and the rules a subject has.
 */

export interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

/** What a SubjectAccessReview asks: may this user do this? */
export interface AccessRequest {
  user: string;
  groups: string[];
  uid?: string;
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: { path?: string; verb?: string };
}

export interface AccessDecision {
  allowed: boolean;
  /** A definite no (an authorizer that denies, rather than has no opinion). */
  denied?: boolean;
  reason?: string;
}

/** Decides SubjectAccessReviews; the default allows members of system:masters (the sandbox user) and nothing else. */
export type AuthorizationPolicy = (request: AccessRequest) => AccessDecision;

export const allowMasters: AuthorizationPolicy = (request) => ({ allowed: request.groups.includes('system:masters') });

/** Lists the rules that apply to a user in a namespace (SelfSubjectRulesReview); undefined when the policy cannot tell. */
export type RulesLister = (subject: { user: string; groups: string[] }, namespace: string) => SubjectRules | undefined;

/** The rules of allowMasters: everything for system:masters, nothing for anyone else. */
export const mastersRules: RulesLister = (subject) => (subject.groups.includes('system:masters') ? ALL_RULES : { resourceRules: [], nonResourceRules: [] });

/** What a SelfSubjectRulesReview answers: the rules that apply to a user in a namespace. */
export interface SubjectRules {
  resourceRules: Array<{ verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames?: string[] }>;
  nonResourceRules: Array<{ verbs: string[]; nonResourceURLs: string[] }>;
}

/** What the cluster-admin ClusterRole grants, which a cluster binds to system:masters (the rules of the default policy for them). */
export const ALL_RULES: SubjectRules = {
  resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
  nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
};
