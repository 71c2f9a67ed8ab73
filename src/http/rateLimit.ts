import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import type { CallerAccess } from '../auth/callerAccess.js';
import { sendJson } from './sendJson.js';

/** Callers whose buckets are remembered; one forgotten starts again full, which only errs on the kind side. */
const TRACKED_CALLERS = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/** Lets a request through (true), or answers it 429 (false). */
export type RateLimiter = (req: IncomingMessage, res: ServerResponse, access: CallerAccess | undefined) => boolean;

/**
 * A token bucket per caller (the authenticated username, or the address with authentication
 * off): `perSecond` refilled each second, up to twice as many held. An empty bucket answers 429
 * with Retry-After, the seconds until one request is allowed again (RFC 6585, RFC 9110 10.2.3).
 * One limiter serves both ways a GraphQL request comes in (graphqlPost.ts and Express), so a
 * caller has one bucket.
 */
export function rateLimiter(perSecond: number, now: () => number = Date.now): RateLimiter {
  const capacity = perSecond * 2;
  const buckets = new LRUCache<string, Bucket>({ max: TRACKED_CALLERS });
  return (req, res, access) => {
    if (perSecond <= 0) return true;
    const key = access?.enforced ? `user:${access.caller.username}` : `address:${req.socket.remoteAddress ?? 'unknown'}`;
    const at = now();
    const bucket = buckets.get(key) ?? { tokens: capacity, at };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((at - bucket.at) / 1000) * perSecond);
    bucket.at = at;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      sendJson(
        res,
        429,
        { errors: [{ message: `too many requests: at most ${perSecond} a second`, extensions: { code: 'RATE_LIMITED' } }] },
        { 'Retry-After': String(Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond))) },
      );
      return false;
    }
    bucket.tokens -= 1;
    return true;
  };
}

/** Express middleware over a limiter, for the caller `authenticateHttp` put in `res.locals.access`. */
export function rateLimit(limiter: RateLimiter): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    if (limiter(req, res, res.locals.access as CallerAccess | undefined)) next();
  };
}
