import type { ServerResponse } from 'node:http';

/**
 * Answers `body` as JSON with its status and headers, on a plain Node response as on Express's
 * (which is one): the GraphQL POST lane answers without Express (graphqlPost.ts), and its
 * refusals must read the same as those Express sends on the other routes.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}
