import { createClient, type Client } from 'graphql-ws';

/** A GraphQL error as the server sends it: `extensions.code` is stable (docs/api.md, "How it answers"). */
interface ResponseError {
  message: string;
  extensions?: { code?: string };
}

/** A request that failed as a whole: the server or the network, not a userError. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export type LinkState = 'connecting' | 'live' | 'offline';

const TOKEN_KEY = 'kafkaplane.console.token';

/**
 * The console's only way to the server: queries and mutations over HTTP, subscriptions over one
 * graphql-ws socket, both with the token a person gave (as any API client would send it).
 */
export class Api {
  private socket: Client | undefined;
  private token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  private readonly watchers = new Set<() => void>();
  link: LinkState = 'connecting';
  /** The server refused the request for want of (the right) credentials. */
  needsToken = false;

  constructor(private readonly url = new URL('/graphql', location.href).toString()) {}

  /** Calls `listener` on every change of `link` or `needsToken`; returns the way to stop. */
  watch(listener: () => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  get hasToken(): boolean {
    return this.token !== '';
  }

  setToken(token: string): void {
    this.token = token.trim();
    sessionStorage.setItem(TOKEN_KEY, this.token);
    this.needsToken = false;
    // A new socket, so the server sees the new credentials in connection_init.
    void this.socket?.dispose();
    this.socket = undefined;
    this.changed();
  }

  async request<T>(query: string, variables: object = {}, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    if (this.token !== '') headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(this.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal, credentials: 'same-origin' });
    } catch (error) {
      if (signal?.aborted === true) throw error;
      throw new ApiError(`the server cannot be reached (${String(error)})`, 'UNREACHABLE');
    }
    if (response.status === 401 || response.status === 403) {
      this.askForToken();
      throw new ApiError('the server asks for a token', 'UNAUTHENTICATED');
    }
    const body = (await response.json().catch(() => ({}))) as { data?: T | null; errors?: ResponseError[] };
    const first = body.errors?.[0];
    if (first !== undefined) {
      const code = first.extensions?.code ?? 'GRAPHQL_ERROR';
      if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') this.askForToken();
      throw new ApiError(first.message, code);
    }
    if (body.data === undefined || body.data === null) throw new ApiError(`the server answered ${response.status} with no data`, 'NO_DATA');
    return body.data;
  }

  /** Subscribes; `onData` gets each payload. Returns the way to unsubscribe. */
  subscribe<T>(query: string, variables: object, onData: (data: T) => void, onError: (error: ApiError) => void = () => {}): () => void {
    return this.ws().subscribe<T>(
      { query, variables: { ...variables } },
      {
        next: (result) => {
          const first = result.errors?.[0];
          const code = first?.extensions?.code;
          if (first !== undefined) onError(new ApiError(first.message, typeof code === 'string' ? code : 'GRAPHQL_ERROR'));
          else if (result.data !== undefined && result.data !== null) onData(result.data);
        },
        error: (error) => onError(new ApiError(error instanceof Error ? error.message : 'the live connection failed', 'SUBSCRIPTION')),
        complete: () => {},
      },
    );
  }

  private ws(): Client {
    this.socket ??= createClient({
      url: this.url.replace(/^http/, 'ws'),
      connectionParams: () => (this.token === '' ? {} : { authorization: `Bearer ${this.token}` }),
      // Dashboards stay open for hours: keep trying, as the server drops slow subscribers (1008).
      retryAttempts: Infinity,
      shouldRetry: () => true,
      lazy: true,
      on: {
        connecting: () => this.setLink('connecting'),
        connected: () => this.setLink('live'),
        closed: (event) => {
          // graphql-ws: 4403 Forbidden, 4401 Unauthorized.
          const code = (event as { code?: number } | undefined)?.code;
          if (code === 4401 || code === 4403) this.askForToken();
          this.setLink('offline');
        },
      },
    });
    return this.socket;
  }

  private askForToken(): void {
    if (this.needsToken) return;
    this.needsToken = true;
    this.changed();
  }

  private setLink(link: LinkState): void {
    if (this.link === link) return;
    this.link = link;
    this.changed();
  }

  private changed(): void {
    for (const watcher of this.watchers) watcher();
  }
}

export const api = new Api();
