import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from './errors.js';
import type { StoredObject } from './store.js';

export interface FaultRule {
  /** HTTP method to match; any when absent. */
  method?: string;
  /** Substring of the path to match (e.g. `/pods`); any when absent. */
  path?: string;
  /** Only requests of this user (as authenticated): one client cut off while the others are served. */
  user?: string;
  /** How many matching requests it applies to; every one when absent. */
  times?: number;
  /** Answer with this error instead of serving. */
  error?: { code: 500 | 429 | 409 | 503; retryAfterSeconds?: number };
  /** Wait this long before serving. */
  latencyMs?: number;
}

/**
 * Per-request faults for tests (errors, 429 with Retry-After, latency), and the request counts
 * by verb and resource that tests and benchmarks assert on (also served at /metrics).
 */
/** A request as RBAC sees it (k8s.io/apiserver pkg/endpoints/request RequestInfo), and who made it. */
export interface RequestAttributes {
  user: string;
  /** get, list, watch, create, update, patch, delete or deletecollection. */
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string | undefined;
  namespace: string | undefined;
  name: string | undefined;
  /** A list's or a watch's query: the selectors it asked the server to filter by, and its page size. */
  selection?: { labelSelector?: string; fieldSelector?: string; limit?: number; continued: boolean };
}

/** Told of each request served: its verb, its resource, and the object a create, update or patch stored. */
export type ServedListener = (verb: string, resource: string, written: StoredObject | undefined) => void;

/** An answer a fault gives instead of the server's. */
export interface InjectedAnswer {
  code: number;
  status: Record<string, unknown>;
  headers: Record<string, string>;
}

export class Faults {
  private rules: Array<FaultRule & { remaining: number }> = [];
  private readonly requestListeners = new Set<(request: RequestAttributes) => void>();
  private readonly counts = new Map<string, number>();
  private readonly servedListeners = new Set<ServedListener>();

  inject(rule: FaultRule): void {
    this.rules.push({ ...rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** Takes back the rules that match `predicate` (a cut of one client healed), leaving the others. */
  remove(predicate: (rule: FaultRule) => boolean): void {
    this.rules = this.rules.filter((rule) => !predicate(rule));
  }

  /** The injected answer to a request of `user`, if a rule matches it. */
  async before(method: string, url: URL, user?: string): Promise<InjectedAnswer | undefined> {
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.path !== undefined && !url.pathname.includes(rule.path)) continue;
      if (rule.user !== undefined && rule.user !== user) continue;
      rule.remaining -= 1;
      if (rule.latencyMs !== undefined) await sleep(rule.latencyMs);
      if (rule.error) {
        const { code, retryAfterSeconds } = rule.error;
        const reason = code === 429 ? 'TooManyRequests' : code === 409 ? 'Conflict' : code === 503 ? 'ServiceUnavailable' : 'InternalError';
        const message =
          code === 429
            ? 'Too many requests, please try again later.'
            : code === 409
              ? 'the object has been modified (injected fault)'
              : 'Internal error occurred: injected fault';
        const status = new ApiError(code, reason, message, retryAfterSeconds !== undefined ? { retryAfterSeconds } : undefined).toStatus();
        return { code, status, headers: retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {} };
      }
    }
    return undefined;
  }

  count(method: string, resource: string, watch: boolean): void {
    const verb = watch ? 'watch' : method.toLowerCase();
    const key = `${verb} ${resource}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Requests served so far, by `"<verb> <resource>"` (verbs: get, post, put, patch, delete, watch). */
  requests(): Map<string, number> {
    return new Map(this.counts);
  }

  /** Writes (post, put, patch, delete) so far, leaving out the resources named: what a no-op reconcile must not add to. */
  writes(except: readonly string[] = []): number {
    let total = 0;
    for (const [key, n] of this.counts) {
      const [verb = '', resource = ''] = key.split(' ');
      if (/^(post|put|patch|delete)$/.test(verb) && !except.includes(resource)) total += n;
    }
    return total;
  }

  /**
   * Calls `listener` after each request was served (its answer sent), with the verb as counted,
   * and for a create, update or patch (not a dry run) the object as stored. Tests use it to stop
   * a client at an exact point, e.g. right after its n-th write.
   */
  onServed(listener: ServedListener): () => void {
    this.servedListeners.add(listener);
    return () => this.servedListeners.delete(listener);
  }

  served(method: string, resource: string, watch: boolean, written?: StoredObject): void {
    const verb = watch ? 'watch' : method.toLowerCase();
    for (const listener of this.servedListeners) listener(verb, resource, written);
  }

  /** Calls `listener` with every resource request as it arrives (tests check them against RBAC rules). */
  onRequest(listener: (request: RequestAttributes) => void): () => void {
    this.requestListeners.add(listener);
    return () => this.requestListeners.delete(listener);
  }

  request(attributes: RequestAttributes): void {
    for (const listener of this.requestListeners) listener(attributes);
  }

  resetCounts(): void {
    this.counts.clear();
  }

  metricsText(): string {
    const lines = ['# HELP sandbox_apiserver_requests_total Requests served by the sandbox API server.', '# TYPE sandbox_apiserver_requests_total counter'];
    for (const [key, n] of this.counts) {
      const [verb, resource] = key.split(' ');
      lines.push(`sandbox_apiserver_requests_total{verb="${verb ?? ''}",resource="${resource ?? ''}"} ${n}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
