import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a route answers; `hang` keeps the request open without an answer. */
export type Answer =
  { readonly status: number; readonly body: unknown; readonly headers?: Readonly<Record<string, string>>; readonly contentType?: string } | 'hang';

export interface Recorded {
  readonly method: string;
  readonly endpoint: string;
  readonly params: URLSearchParams;
  readonly rawQuery: string;
  readonly headers: IncomingHttpHeaders;
}

export interface ReferenceServer {
  /** Base URL with the default prefix. */
  readonly url: string;
  readonly requests: Recorded[];
  /** Answers for `METHOD endpoint`, used in order; the last one repeats. */
  on(route: string, ...answers: Array<Answer | ((request: Recorded) => Answer)>): void;
  close(): Promise<void>;
}

const VERSION_HEADERS = { 'Cruise-Control-Version': '2.5.146', 'Cruise-Control-Commit_Id': 'dadba67e2324' };

/**
 * A stand-in that answers with Cruise Control's example bodies, headers and codes (examples.ts),
 * recording every request, so the client can be checked against the servlet's wire format.
 */
export async function startReferenceServer(): Promise<ReferenceServer> {
  const routes = new Map<string, Array<Answer | ((request: Recorded) => Answer)>>();
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://cc');
    const endpoint = url.pathname.replace(/^\/kafkacruisecontrol\//, '');
    const recorded: Recorded = { method: req.method ?? '', endpoint, params: url.searchParams, rawQuery: url.search.replace(/^\?/, ''), headers: req.headers };
    requests.push(recorded);
    const queue = routes.get(`${recorded.method} ${endpoint}`);
    const next = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    const answer =
      typeof next === 'function'
        ? next(recorded)
        : (next ?? { status: 404, body: `Unrecognized endpoint in request '/${endpoint}'`, contentType: 'text/plain;charset=utf-8' });
    if (answer === 'hang') return;
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'Content-Type': answer.contentType ?? (typeof answer.body === 'string' ? 'text/plain;charset=utf-8' : 'application/json;charset=utf-8'),
      ...VERSION_HEADERS,
      ...answer.headers,
    });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/kafkacruisecontrol`,
    requests,
    on: (route, ...answers) => routes.set(route, answers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
