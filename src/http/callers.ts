import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { CallerAccess, openAccess } from '../auth/callerAccess.js';
import { AUTH_DISABLED } from '../auth/identity.js';
import type { AccessReviewer, Authenticator } from '../auth/reviews.js';
import { sendJson } from './sendJson.js';

/**
 * Who calls the API: from `Authorization: Bearer <token>` over HTTP, or the
 * `connection_init` payload's `authorization` over graphql-ws. With authentication off every
 * caller is the same anonymous one, and may do anything.
 */
export interface Callers {
  readonly enforced: boolean;
  /**
   * The caller's access, or undefined when the token is missing or not accepted; a value at once
   * when nothing needs asking (authentication off), so that a request does not wait a turn of
   * the event loop for it.
   */
  resolve(authorization: unknown): CallerAccess | undefined | Promise<CallerAccess | undefined>;
}

export function openCallers(): Callers {
  return { enforced: false, resolve: () => openAccess(AUTH_DISABLED) };
}

export function kubernetesCallers(authenticator: Authenticator, reviewer: AccessReviewer): Callers {
  return {
    enforced: true,
    resolve: async (authorization) => {
      const token = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
      if (token === undefined) return undefined;
      const identity = await authenticator.authenticate(token);
      return identity ? new CallerAccess(identity, reviewer) : undefined;
    },
  };
}

/** The GraphQL answer of a request without an accepted token: 401 and a challenge (RFC 6750 section 3). */
export function sendUnauthenticated(res: ServerResponse): void {
  sendJson(
    res,
    401,
    { errors: [{ message: 'a bearer token the Kubernetes API server accepts is required', extensions: { code: 'UNAUTHENTICATED' } }] },
    { 'WWW-Authenticate': 'Bearer realm="kafkaplane"' },
  );
}

/**
 * The caller of a plain Node request: `then` gets its access; without an accepted token the
 * answer is 401, and 503 when the API server could not be asked (not the caller's fault, and
 * nothing of its answer is shown).
 */
export function authenticateRequest(
  callers: Callers,
  req: IncomingMessage,
  res: ServerResponse,
  onFailure: (err: unknown) => void,
  then: (access: CallerAccess) => void,
): void {
  const resolved = (access: CallerAccess | undefined): void => {
    if (access) then(access);
    else sendUnauthenticated(res);
  };
  const failed = (err: unknown): void => {
    onFailure(err);
    sendJson(res, 503, { errors: [{ message: 'authentication is unavailable', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  };
  let access: ReturnType<Callers['resolve']>;
  try {
    access = callers.resolve(req.headers.authorization);
  } catch (err) {
    failed(err);
    return;
  }
  if (access instanceof Promise) access.then(resolved, failed);
  else resolved(access);
}

/** Express middleware: the caller's access in `res.locals.access`, or 401. */
export function authenticateHttp(callers: Callers, onFailure: (err: unknown) => void): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) =>
    authenticateRequest(callers, req, res, onFailure, (access) => {
      res.locals.access = access;
      next();
    });
}
