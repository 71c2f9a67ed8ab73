import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Hands an Express request to Apollo Server and sends its answer. Express's `res.send` would
 * copy a whole answer into a Buffer and hash it for an ETag (over the fleet query, 3 MB per
 * request); a POST answer is never revalidated, so it is written as Apollo made it, with its
 * length. A GET answer still goes through `res.send`, which answers a matching If-None-Match
 * with 304. Incremental answers (@defer) are streamed as they come.
 */
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
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const queryAt = req.url.indexOf('?');
    apollo
      .executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: queryAt < 0 ? '' : req.url.slice(queryAt), body: req.body },
        context: () => context({ req, res }),
      })
      .then(async (answer) => {
        for (const [name, value] of answer.headers) res.setHeader(name, value);
        res.statusCode = answer.status ?? 200;
        if (answer.body.kind === 'complete') {
          if (req.method === 'GET' || req.method === 'HEAD') {
            res.send(answer.body.string);
            return;
          }
          res.setHeader('content-length', Buffer.byteLength(answer.body.string));
          res.end(answer.body.string);
          return;
        }
        for await (const chunk of answer.body.asyncIterator) res.write(chunk);
        res.end();
      })
      .catch(next);
  };
}
