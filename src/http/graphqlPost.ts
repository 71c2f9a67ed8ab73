import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallerAccess } from '../auth/callerAccess.js';
import { authenticateRequest, type Callers } from './callers.js';
import type { RateLimiter } from './rateLimit.js';
import { sendJson } from './sendJson.js';

/** The largest request body /graphql reads, over this lane and through express.json alike. */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_BODY_TEXT = '1mb';

export interface GraphQLPostLaneOptions {
  callers: Callers;
  limiter: RateLimiter;
  onAuthenticationFailure: (err: unknown) => void;
  /** Answers the request with the body read and the caller's access (Apollo Server, through `answerWithApollo`); undefined when it answered at once. */
  answer: (req: IncomingMessage, res: ServerResponse, body: unknown, access: CallerAccess) => Promise<void> | undefined;
  onError: (err: unknown) => void;
}

/**
 * `POST /graphql` with a JSON body, the request every client sends, answered without Express:
 * its router tried each route's path in turn and express.json went through raw-body, type-is
 * and a charset decoder, which together cost a small query about as much as running it
 * (docs/benchmarks.md). The same steps run in the same order: the caller is authenticated, the
 * rate limit applied, the body read (at most 1 MiB) and parsed as JSON, and Apollo Server answers.
 * What this lane does not take (another path or method, another content type or charset, a
 * compressed body, no body at all) goes to Express as before: `handle` answers false for it, and
 * has read nothing of it.
 */
export function graphqlPostLane(options: GraphQLPostLaneOptions): { handle(req: IncomingMessage, res: ServerResponse): boolean } {
  return {
    handle(req, res) {
      if (!takes(req)) return false;
      authenticateRequest(options.callers, req, res, options.onAuthenticationFailure, (access) => {
        if (!options.limiter(req, res, access)) return;
        readJsonBody(req, res, (body) => {
          const failed = (err: unknown): void => {
            options.onError(err);
            if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
            else res.destroy();
          };
          try {
            options.answer(req, res, body, access)?.catch(failed);
          } catch (err) {
            failed(err);
          }
        });
      });
      return true;
    },
  };
}

/** A POST to /graphql itself, with a body of JSON in UTF-8, not compressed. */
function takes(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  const path = url.indexOf('?') < 0 ? url : url.slice(0, url.indexOf('?'));
  if (path !== '/graphql') return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return false;
  return isUtf8Json(req.headers['content-type']);
}

/** `application/json`, with no parameter but a UTF-8 charset (RFC 8259 section 8.1: JSON is UTF-8). */
function isUtf8Json(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [type, ...parameters] = contentType.split(';');
  if (type?.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name, value] = parameter.split('=');
    return name?.trim().toLowerCase() === 'charset' && ['utf-8', '"utf-8"'].includes(value?.trim().toLowerCase() ?? '');
  });
}

/**
 * Reads the body and parses it as express.json does: at most 1 MiB (413 beyond, before reading
 * when Content-Length says so), an empty body as `{}`, and only an object or an array (its
 * strict mode); anything else is 400. The refusals are those `badBody` in server.ts sends for
 * what express.json refuses.
 */
function readJsonBody(req: IncomingMessage, res: ServerResponse, then: (body: unknown) => void): void {
  const tooLarge = (): void =>
    sendJson(res, 413, { errors: [{ message: `the request body is too large (at most ${MAX_BODY_TEXT})`, extensions: { code: 'BAD_REQUEST' } }] });
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
    tooLarge();
    return;
  }
  const chunks: Buffer[] = [];
  let length = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    length += chunk.length;
    if (length > MAX_BODY_BYTES) {
      refused = true;
      tooLarge();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (refused) return;
    // A byte order mark is dropped, as express.json's decoder drops it.
    const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8').replace(/^\uFEFF/, '');
    if (text.length === 0) {
      then({});
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      sendJson(res, 400, { errors: [{ message: `the request body is not valid JSON: ${(err as Error).message}`, extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    if (typeof body !== 'object' || body === null) {
      sendJson(res, 400, {
        errors: [{ message: 'the request body is not valid JSON: an object or an array is expected', extensions: { code: 'BAD_REQUEST' } }],
      });
      return;
    }
    then(body);
  });
  // A client gone mid-body leaves nothing to answer.
  req.on('error', () => undefined);
}
