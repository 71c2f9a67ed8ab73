import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { KafkaplaneClientError } from './errors.js';

export interface HttpOptions {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  server: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Bound on each request. */
  timeoutMs: number;
}

interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: ReadonlyArray<{ message: string; extensions?: { code?: unknown } }>;
}

/** Sends one typed operation as an HTTP POST and returns its data, or throws a coded error. */
export async function postOperation<TData, TVariables>(
  options: HttpOptions,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  signal?: AbortSignal,
): Promise<TData> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(options.server, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: print(document), variables }),
      signal: signal === undefined ? timeout : AbortSignal.any([timeout, signal]),
    });
  } catch (error) {
    if (timeout.aborted) throw new KafkaplaneClientError('TIMEOUT', `${options.server} did not answer within ${options.timeoutMs / 1000} s`);
    throw new KafkaplaneClientError('UNREACHABLE', `cannot reach ${options.server}: ${causeOf(error)}`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new KafkaplaneClientError('UNAUTHORIZED', `${options.server} refused the request (HTTP ${response.status}): check the token`);
  }
  const body = await readJson<TData>(response, options.server);
  if (body.errors !== undefined && body.errors.length > 0) {
    const codes = body.errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNKNOWN'));
    throw new KafkaplaneClientError('GRAPHQL', body.errors.map((e) => e.message).join('; '), codes);
  }
  if (body.data === undefined || body.data === null)
    throw new KafkaplaneClientError('GRAPHQL', `${options.server} answered without data (HTTP ${response.status})`);
  return body.data;
}

async function readJson<TData>(response: Response, server: string): Promise<GraphQLResponse<TData>> {
  try {
    return (await response.json()) as GraphQLResponse<TData>;
  } catch {
    // Not a GraphQL server at that address (a proxy's error page, another service).
    throw new KafkaplaneClientError('UNREACHABLE', `${server} did not answer as a GraphQL server (HTTP ${response.status})`);
  }
}

/** Node's fetch hides the reason (ECONNREFUSED...) in `cause`. */
export function causeOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause;
    if (cause instanceof Error) return 'code' in cause && typeof cause.code === 'string' ? cause.code : cause.message;
    return error.message;
  }
  return String(error);
}
