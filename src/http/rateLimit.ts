import type { NextFunction, Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import type { CallerAccess } from '../auth/callerAccess.js';

/** Callers whose buckets are remembered; one forgotten starts again full, which only errs on the kind side. */
const TRACKED_CALLERS = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per caller (the authenticated username, or the address with authentication
 * off): `perSecond` refilled each second, up to twice as many held. An empty bucket answers 429
 * with Retry-After, the seconds until one request is allowed again (RFC 6585, RFC 9110 10.2.3).
 */
export function rateLimit(perSecond: number, now: () => number = Date.now): (req: Request, res: Response, next: NextFunction) => void {
  const capacity = perSecond * 2;
  const buckets = new LRUCache<string, Bucket>({ max: TRACKED_CALLERS });
  return (req, res, next) => {
    if (perSecond <= 0) {
      next();
      return;
    }
    const access = res.locals.access as CallerAccess | undefined;
    const key = access?.enforced ? `user:${access.caller.username}` : `address:${req.socket.remoteAddress ?? 'unknown'}`;
    const at = now();
    const bucket = buckets.get(key) ?? { tokens: capacity, at };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((at - bucket.at) / 1000) * perSecond);
    bucket.at = at;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      res
        .status(429)
        .set('Retry-After', String(Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond))))
        .json({ errors: [{ message: `too many requests: at most ${perSecond} a second`, extensions: { code: 'RATE_LIMITED' } }] });
      return;
    }
    bucket.tokens -= 1;
    next();
  };
}
