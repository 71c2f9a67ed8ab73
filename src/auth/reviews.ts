import { createHash } from 'node:crypto';
import { AuthenticationV1Api, AuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { identityOf, type Identity } from './identity.js';
import type { ResourceCheck } from './permissions.js';

/**
 * The Kubernetes API server decides who a token is (TokenReview) and what they may do
 * (SubjectAccessReview), so ServiceAccount tokens, OIDC and whatever else the cluster accepts
 * work here, and RBAC is the policy. Answers are cached briefly and boundedly, as the API
 * server's own webhook authenticator and authorizer cache theirs (kubernetes/apiserver
 * pkg/authentication/token/cache, plugin/pkg/authorizer/webhook).
 */
export interface ReviewCacheOptions {
  /** How long an answer is trusted before it is asked again. */
  ttlMs: number;
  /** How many answers are kept at most. */
  max: number;
}

/** A token's cache key: a hash, so no token is kept in memory longer than its request. */
const tokenKey = (token: string): string => createHash('sha256').update(token).digest('base64url');

export interface Authenticator {
  /** The caller a token stands for, or undefined when the API server does not accept it. */
  authenticate(token: string): Promise<Identity | undefined>;
}

export class TokenReviewAuthenticator implements Authenticator {
  private readonly api: AuthenticationV1Api;
  private readonly answers: LRUCache<string, Promise<Identity | null>>;

  constructor(kubeConfig: KubeConfig, options: ReviewCacheOptions) {
    this.api = kubeConfig.makeApiClient(AuthenticationV1Api);
    this.answers = new LRUCache({ max: options.max, ttl: Math.max(1, options.ttlMs) });
  }

  authenticate(token: string): Promise<Identity | undefined> {
    const key = tokenKey(token);
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = this.api.createTokenReview({ body: { spec: { token } } }).then((review) => {
        const user = review.status?.user;
        return review.status?.authenticated === true && user?.username !== undefined ? identityOf({ ...user, username: user.username }) : null;
      });
      this.answers.set(key, answer);
      // A failed review (the API server unreachable) is not an answer: the next request asks again.
      answer.catch(() => this.answers.delete(key));
    }
    return answer.then((identity) => identity ?? undefined);
  }
}

export interface AccessReviewer {
  allowed(caller: Identity, check: ResourceCheck): Promise<boolean>;
}

export class SubjectAccessReviewer implements AccessReviewer {
  private readonly api: AuthorizationV1Api;
  private readonly answers: LRUCache<string, Promise<boolean>>;

  constructor(kubeConfig: KubeConfig, options: ReviewCacheOptions) {
    this.api = kubeConfig.makeApiClient(AuthorizationV1Api);
    this.answers = new LRUCache({ max: options.max, ttl: Math.max(1, options.ttlMs) });
  }

  allowed(caller: Identity, check: ResourceCheck): Promise<boolean> {
    const key = JSON.stringify([
      caller.username,
      caller.uid,
      caller.groups,
      caller.extra,
      check.verb,
      check.group,
      check.resource,
      check.namespace,
      check.name,
    ]);
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = this.api
        .createSubjectAccessReview({
          body: {
            spec: {
              user: caller.username,
              groups: caller.groups,
              ...(caller.uid !== undefined ? { uid: caller.uid } : {}),
              ...(caller.extra !== undefined ? { extra: caller.extra } : {}),
              resourceAttributes: {
                verb: check.verb,
                group: check.group,
                resource: check.resource,
                ...(check.namespace ? { namespace: check.namespace } : {}),
                ...(check.name ? { name: check.name } : {}),
              },
            },
          },
        })
        .then((review) => review.status?.allowed === true);
      this.answers.set(key, answer);
      answer.catch(() => this.answers.delete(key));
    }
    return answer;
  }
}
