import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { KafkaplaneClientError } from './errors.js';

/** A graphql-ws connection to the server's /graphql, opened on the first subscription. */
export function openSocket(server: string, token: string | undefined): Client {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  // The token goes on the upgrade request (what a proxy in front sees) and in connection_init.
  class AuthorizedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  return createClient({
    url: server.replace(/^http/, 'ws'),
    webSocketImpl: AuthorizedWebSocket,
    connectionParams: token === undefined ? undefined : { authorization: `Bearer ${token}` },
    // A script wants to know at once that the server is gone, not retry behind its back.
    retryAttempts: 0,
  });
}

/** Each result of a typed subscription, until the server completes it or `signal` aborts. */
export async function* subscribe<TData, TVariables extends Record<string, unknown>>(
  client: Client,
  server: string,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  signal?: AbortSignal,
): AsyncGenerator<TData, void, undefined> {
  if (signal?.aborted === true) return;
  const results = client.iterate<TData>({ query: print(document), variables });
  const stop = () => void results.return?.();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const result of results) {
      if (result.errors !== undefined && result.errors.length > 0) throw graphqlError(result.errors);
      if (result.data !== undefined && result.data !== null) yield result.data;
    }
  } catch (error) {
    throw socketError(error, server);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

type FormattedErrors = ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;

function graphqlError(errors: FormattedErrors): KafkaplaneClientError {
  const codes = errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNKNOWN'));
  return new KafkaplaneClientError(codes.includes('NOT_FOUND') ? 'NOT_FOUND' : 'GRAPHQL', errors.map((e) => e.message).join('; '), codes);
}

/** graphql-ws rejects with GraphQL errors, a CloseEvent or a socket's ErrorEvent: give each its code. */
function socketError(error: unknown, server: string): KafkaplaneClientError {
  if (error instanceof KafkaplaneClientError) return error;
  if (Array.isArray(error)) return graphqlError(error as FormattedErrors);
  const event = error as { code?: unknown; reason?: unknown; message?: unknown };
  if (typeof event.code === 'number') {
    const reason = typeof event.reason === 'string' && event.reason !== '' ? `: ${event.reason}` : '';
    if (event.code === 4401 || event.code === 4403)
      return new KafkaplaneClientError('UNAUTHORIZED', `${server} refused the subscription (${event.code}${reason})`);
    return new KafkaplaneClientError('UNREACHABLE', `the connection to ${server} closed (${event.code}${reason})`);
  }
  const message = typeof event.message === 'string' ? event.message : String(error);
  if (/\b40[13]\b/.test(message)) return new KafkaplaneClientError('UNAUTHORIZED', `${server} refused the subscription: ${message}`);
  return new KafkaplaneClientError('UNREACHABLE', `cannot subscribe at ${server}: ${message}`);
}
