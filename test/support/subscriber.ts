import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client as a script or dashboard opens it, recording how its socket closed. */
export function wsClient(baseUrl: string, closes: number[] = []): Client {
  return createClient({
    url: `${baseUrl.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { closed: (event) => closes.push((event as { code: number }).code) },
  });
}

/** Every result of a typed subscription until it completes, or `until` says it has seen enough. */
export async function collect<TData, TVariables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  until: (results: ReadonlyArray<FormattedExecutionResult<TData, unknown>>) => boolean = () => false,
): Promise<Array<FormattedExecutionResult<TData, unknown>>> {
  const results: Array<FormattedExecutionResult<TData, unknown>> = [];
  for await (const result of client.iterate<TData>({ query: print(document), variables })) {
    results.push(result);
    if (until(results)) break;
  }
  return results;
}
