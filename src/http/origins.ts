import type { IncomingMessage } from 'node:http';

/**
 * Whether a WebSocket upgrade may proceed: browsers send Origin and let any page open a socket
 * to any host, so a page elsewhere could drive the API with a visitor's network position. Only
 * the server's own origin (the Host the request was sent to) and the listed ones are allowed;
 * clients that are not browsers send no Origin and are let through (they authenticate anyway).
 */
export function allowedOrigin(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (req.headers.host !== undefined && parsed.host === req.headers.host) return true;
  return allowed.some((a) => {
    try {
      return new URL(a).origin === parsed.origin;
    } catch {
      return false;
    }
  });
}
