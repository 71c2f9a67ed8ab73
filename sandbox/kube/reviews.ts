import { ApiError, badRequest, type StatusCause } from './errors.js';
import type { AccessRequest, AuthorizationPolicy, ResourceAttributes, RulesLister } from './authorization.js';
import type { ResourceType } from './resources.js';
import type { StoredObject } from './store.js';

/** Who a bearer token is and for which audiences it is good; undefined when the token is unknown. */
export type Authenticator = (token: string) => { user: UserInfo; audiences: string[] } | undefined;

/**
 * authentication.k8s.io TokenReview and SelfSubjectReview, authorization.k8s.io
 * SubjectAccessReview and SelfSubjectAccessReview: create-only kinds, never stored, answered at
 * once (what kube-rbac-proxy and the like call, and `kubectl auth can-i` and `whoami`).
 */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** Who the sandbox's own token is: the cluster admin of its kubeconfig. */
export const SANDBOX_USER: UserInfo = {
  username: 'sandbox-admin',
  uid: '00000000-0000-4000-8000-000000000001',
  groups: ['system:masters', 'system:authenticated'],
};
/** A request without credentials (the sandbox allows them, as kubectl over plain HTTP sends none). */
export const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
/** The API server's own audience (the service-account issuer of a default cluster). */
export const API_AUDIENCES = ['https://kubernetes.default.svc.cluster.local'];

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Answers a review; `requester` is who sent it (SelfSubjectAccessReview asks about them). */
export function answerReview(
  r: ResourceType,
  body: StoredObject,
  requester: UserInfo,
  authenticate: Authenticator,
  policy: AuthorizationPolicy,
  rules?: RulesLister,
): StoredObject {
  const spec = isMap(body.spec) ? body.spec : {};
  // Reviews come back with an empty creationTimestamp, as Go writes a zero metav1.Time.
  const answer = (status: Json, echoed: Json = spec): StoredObject => ({
    kind: r.kind,
    apiVersion: `${r.group}/${r.version}`,
    metadata: { creationTimestamp: null } as unknown as StoredObject['metadata'],
    spec: echoed,
    status,
  });

  if (r.kind === 'TokenReview') {
    // pkg/registry/authentication/tokenreview/storage.go
    if (typeof spec.token !== 'string' || spec.token === '') throw badRequest('token is required for TokenReview in authentication');
    const found = authenticate(spec.token);
    const requested = strings(spec.audiences);
    // Without audiences the API server's own are asked for; the token must be good for one of them
    // (a static token is audience-agnostic, good for the API server's own: WrapAudienceAgnosticToken).
    const audiences = (requested.length === 0 ? API_AUDIENCES : requested).filter((a) => found?.audiences.includes(a));
    if (!found || audiences.length === 0) return answer({ user: {} });
    const { user } = found;
    return answer({
      authenticated: true,
      user: { username: user.username, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups, ...(user.extra ? { extra: user.extra } : {}) },
      audiences,
    });
  }

  if (r.kind === 'SelfSubjectReview') {
    // `kubectl auth whoami`: the requester as the authenticator saw them.
    const { username, uid, groups, extra } = requester;
    return {
      kind: r.kind,
      apiVersion: `${r.group}/${r.version}`,
      metadata: { creationTimestamp: null } as unknown as StoredObject['metadata'],
      status: { userInfo: { username, ...(uid ? { uid } : {}), groups, ...(extra ? { extra } : {}) } },
    };
  }

  if (r.kind === 'SelfSubjectRulesReview') {
    // registry/authorization/selfsubjectrulesreview: the requester's rules in spec.namespace;
    // incomplete when an authorizer cannot list its rules (as webhook authorizers cannot).
    const namespace = typeof spec.namespace === 'string' ? spec.namespace : '';
    const listed = rules?.({ user: requester.username, groups: requester.groups }, namespace);
    return answer(
      listed
        ? { ...listed, incomplete: false }
        : { resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError: 'the sandbox authorize policy cannot list its rules' },
    );
  }

  // pkg/apis/authorization/validation: exactly one kind of attributes, and a subject.
  const self = r.kind === 'SelfSubjectAccessReview';
  const causes: StatusCause[] = [];
  const problem = (field: string, value: unknown, detail: string): void => {
    causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value ?? null)}: ${detail}` });
  };
  const resourceAttributes = isMap(spec.resourceAttributes) ? (spec.resourceAttributes as ResourceAttributes) : undefined;
  const nonResourceAttributes = isMap(spec.nonResourceAttributes) ? (spec.nonResourceAttributes as AccessRequest['nonResourceAttributes']) : undefined;
  if (resourceAttributes && nonResourceAttributes)
    problem('spec.nonResourceAttributes', nonResourceAttributes, 'cannot be specified in combination with resourceAttributes');
  if (!resourceAttributes && !nonResourceAttributes)
    problem('spec.resourceAttributes', null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified');
  const subject = self
    ? requester
    : { username: typeof spec.user === 'string' ? spec.user : '', groups: strings(spec.groups), ...(typeof spec.uid === 'string' ? { uid: spec.uid } : {}) };
  if (!self && subject.username === '' && subject.groups.length === 0)
    problem('spec.user', subject.username, 'at least one of user or group must be specified');
  if (causes.length > 0) {
    // errors.NewInvalid(authorizationapi.Kind(...), "", errs): `SubjectAccessReview.authorization.k8s.io "" is invalid: …`.
    const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
    throw new ApiError(422, 'Invalid', `${r.kind}.${r.group} "" is invalid: ${causes.length > 1 ? `[${text}]` : text}`, {
      group: r.group,
      kind: r.kind,
      causes,
    });
  }
  const decision = policy({
    user: subject.username,
    groups: subject.groups,
    ...(subject.uid !== undefined ? { uid: subject.uid } : {}),
    ...(resourceAttributes ? { resourceAttributes } : {}),
    ...(nonResourceAttributes ? { nonResourceAttributes } : {}),
  });
  const status = { allowed: decision.allowed, ...(decision.denied ? { denied: true } : {}), ...(decision.reason ? { reason: decision.reason } : {}) };
  // A self review is answered with the requester filled in as the API server sees them.
  return answer(status, self ? spec : { ...spec, user: subject.username, groups: subject.groups });
}
