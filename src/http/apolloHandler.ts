import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Hands a request whose body was read to Apollo Server and writes its answer. Express's
 * `res.send` would copy a whole answer into a Buffer and hash it for an ETag (over the fleet
 * query, 3 MB per request); a POST answer is never revalidated, so it is written as Apollo made
 * it, with its length. A GET answer still goes through `res.send` (`sendGet`), which answers a
 * matching If-None-Match with 304. Incremental answers (@defer) are streamed as they come.
 */
export async function answerWithApollo<Context extends BaseContext>(
  apollo: ApolloServer<Context>,
  http: { req: IncomingMessage; res: ServerResponse; body: unknown; sendGet?: (text: string) => void },
  context: () => Promise<Context>,
): Promise<void> {
  const { req, res, body } = http;
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = req.url ?? '';
  const queryAt = url.indexOf('?');
  const answer = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: queryAt < 0 ? '' : url.slice(queryAt), body },
    context,
  });
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.statusCode = answer.status ?? 200;
  if (answer.body.kind === 'complete') {
    if (http.sendGet !== undefined && (req.method === 'GET' || req.method === 'HEAD')) {
      http.sendGet(answer.body.string);
      return;
    }
    res.setHeader('content-length', Buffer.byteLength(answer.body.string));
    res.end(answer.body.string);
    return;
  }
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
}

/** Express middleware over `answerWithApollo`, for what express.json read of the body. */
export function apolloHandler<Context extends BaseContext>(
  apollo: ApolloServer<Context>,
  context: (http: { req: Request; res: Response }) => Promise<Context>,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!('body' in req)) {
      // Apollo needs what express.json made of the body (undefined for a GET): it must run first.
      res.status(500).send('the request body was not parsed before reaching Apollo Server');
      return;
    }
    answerWithApollo(apollo, { req, res, body: req.body, sendGet: (text) => res.send(text) }, () => context({ req, res })).catch(next);
  };
}
