import type { Identity } from './identity.js';
import type { ResourceCheck } from './permissions.js';
import type { AccessReviewer } from './reviews.js';

/**
 * One request's view of what its caller may do: each decision asked once per request (and
 * answered synchronously once known, so the read path of queries stays synchronous on its
 * second pass), through the reviewer's cache shared across requests. Without a reviewer
 * (`--auth none`) everything is allowed.
 */
export class CallerAccess {
  private readonly decided = new Map<string, boolean | Promise<boolean>>();
  /** Set by the guard of `clusters`: the namespaces whose clusters the caller may list. */
  visibleNamespaces: ReadonlySet<string> | undefined;

  constructor(
    readonly caller: Identity,
    private readonly reviewer: AccessReviewer | undefined,
  ) {}

  get enforced(): boolean {
    return this.reviewer !== undefined;
  }

  /** Whether the caller may; a boolean when already known in this request, else a promise of one. */
  allowed(check: ResourceCheck): boolean | Promise<boolean> {
    if (this.reviewer === undefined) return true;
    const key = `${check.verb} ${check.group}/${check.resource} ${check.namespace ?? ''}/${check.name ?? ''}`;
    const known = this.decided.get(key);
    if (known !== undefined) return known;
    const asked = this.reviewer.allowed(this.caller, check).then((allowed) => {
      this.decided.set(key, allowed);
      return allowed;
    });
    this.decided.set(key, asked);
    return asked;
  }
}

/** The access of a caller when authorization is off. */
export const openAccess = (caller: Identity): CallerAccess => new CallerAccess(caller, undefined);

/** Who a shared execution of subscribers' events runs as: nobody in particular. */
const SHARED_SUBSCRIBERS: Identity = { username: 'system:kafkaplane:shared-subscription', groups: [], display: 'subscribers sharing an execution' };

/**
 * The access of an execution shared by subscribers (src/http/sharedSubscriptions.ts). Each of
 * them was authorized on its own, and they share only when their decisions are the same, so what
 * the execution reads below the root field must not depend on who asks: a field that asks anyway
 * is refused (an error, never someone else's permissions).
 */
export const sharedAccess = (): CallerAccess =>
  new CallerAccess(SHARED_SUBSCRIBERS, {
    allowed: () => Promise.reject(new Error("a field of a shared subscription asked for the caller's access: its answer must not depend on the caller")),
  });
