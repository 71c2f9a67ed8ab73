import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { Agent, fetch as fetchOver } from 'undici';
import { errorBodySchema } from './resultSchemas.js';
import { codeForResponse, CruiseControlError, type CruiseControlErrorCode } from './errors.js';
import { exponentialBackoff } from '../domain/backoff.js';

/** HTTP basic credentials (webserver.security.enable with BasicSecurityProvider) or a bearer token. */
export type CruiseControlAuth = { readonly basic: { readonly user: string; readonly password: string } } | { readonly bearerToken: string };

/**
 * Credentials looked up at each request (a Secret that may change or go): its failure, with why,
 * is the request's failure (`CC_CREDENTIALS`) and nothing is sent.
 */
export type CruiseControlAuthSource = (signal: AbortSignal | undefined) => Promise<CruiseControlAuth>;

/**
 * The PEM CA Cruise Control's HTTPS certificate must verify against, looked up at each request (a
 * Secret that may change or go): its failure is the request's failure (`CC_TLS`) and nothing is sent.
 */
export type CruiseControlTrustSource = (signal: AbortSignal | undefined) => Promise<string>;

export interface TransportOptions {
  /** Base URL with the prefix, e.g. http://kafka-cruisecontrol-svc.kafka.svc:8090/kafkacruisecontrol */
  readonly url: string;
  readonly auth?: CruiseControlAuth | CruiseControlAuthSource;
  /** With it, the URL must be https: the server's certificate must verify against this CA and name the URL's host. */
  readonly trustedCa?: CruiseControlTrustSource;
  /** Per attempt. Default 30 000 ms: a request may block up to maxBlockTimeMs (10 s) before its 202. */
  readonly timeoutMs?: number;
  /** Extra attempts for GETs that failed to reach the server or timed out. Default 2. POSTs never retry. */
  readonly retries?: number;
  /** First backoff between GET attempts, doubled each time. Default 250 ms. */
  readonly retryDelayMs?: number;
  readonly registry?: Registry;
  readonly logger?: Logger;
  readonly userAgent?: string;
}

export interface WireRequest {
  readonly method: 'GET' | 'POST';
  readonly endpoint: string;
  /** Already encoded, without "?". Kept so a re-poll repeats it exactly. */
  readonly query: string;
  /** User-Task-ID to re-poll an existing task. */
  readonly taskId?: string;
  readonly signal?: AbortSignal;
}

export interface WireResponse {
  readonly status: 200 | 202;
  /** Parsed JSON, or the text when the server answered text/plain. */
  readonly body: unknown;
  readonly taskId: string | undefined;
  /** The Date header: when the server took the request (Koperator uses it as the task start). */
  readonly date: Date | undefined;
  readonly serverVersion: string | undefined;
}

const RETRYABLE = new Set<CruiseControlErrorCode>(['CC_UNAVAILABLE', 'CC_TIMEOUT', 'CC_TOO_MANY_USER_TASKS']);
const METRIC = 'kafkaplane_cruise_control_requests_total';

/** One HTTP exchange with Cruise Control: auth, timeout, cancellation, safe retries, metrics, logs. */
export class CruiseControlTransport {
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #auth: CruiseControlAuthSource | undefined;
  readonly #trustedCa: CruiseControlTrustSource | undefined;
  /** The connection pool verifying against the CA last read, made again when the CA changes. */
  #verifying: { ca: string; agent: Agent } | undefined;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #counter: Counter<'endpoint' | 'method' | 'outcome'> | undefined;
  readonly #logger: Logger | undefined;

  constructor(options: TransportOptions) {
    this.#base = options.url.replace(/\/+$/, '');
    this.#headers = { Accept: 'application/json', 'User-Agent': options.userAgent ?? 'kafkaplane' };
    const { auth } = options;
    if (typeof auth === 'function') this.#auth = auth;
    else if (auth !== undefined) this.#headers.Authorization = authorizationOf(auth);
    this.#trustedCa = options.trustedCa;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retries = options.retries ?? 2;
    this.#retryDelayMs = options.retryDelayMs ?? 250;
    this.#logger = options.logger;
    this.#counter = options.registry ? requestCounter(options.registry) : undefined;
  }

  async send(request: WireRequest): Promise<WireResponse> {
    const attempts = request.method === 'GET' ? this.#retries + 1 : 1;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await this.#attempt(request);
        this.#count(request, response.status === 200 ? 'ok' : 'accepted');
        this.#logger?.debug({ endpoint: request.endpoint, method: request.method, status: response.status, taskId: response.taskId }, 'cruise control request');
        return response;
      } catch (error) {
        if (!(error instanceof CruiseControlError)) throw error;
        this.#count(request, error.code);
        const retry = attempt < attempts && RETRYABLE.has(error.code) && !request.signal?.aborted;
        this.#logger?.warn(
          {
            endpoint: request.endpoint,
            method: request.method,
            status: error.status,
            code: error.code,
            taskId: error.taskId ?? request.taskId,
            attempt,
            retry,
          },
          error.message,
        );
        if (!retry) throw error;
        await pause(exponentialBackoff(this.#retryDelayMs, attempt - 1), request.signal);
      }
    }
  }

  async #attempt(request: WireRequest): Promise<WireResponse> {
    const { endpoint } = request;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const headers: Record<string, string> = { ...this.#headers, ...(request.taskId ? { 'User-Task-ID': request.taskId } : {}) };
    if (this.#auth !== undefined) {
      try {
        headers.Authorization = authorizationOf(await this.#auth(request.signal));
      } catch (cause) {
        if (request.signal?.aborted) throw new CruiseControlError({ code: 'CC_ABORTED', endpoint, taskId: request.taskId, cause });
        const errorMessage = cause instanceof Error ? cause.message : String(cause);
        throw new CruiseControlError({ code: 'CC_CREDENTIALS', endpoint, errorMessage, taskId: request.taskId, cause });
      }
    }
    const dispatcher = await this.#dispatcher(request);
    let response: { status: number; headers: { get(name: string): string | null }; text(): Promise<string> };
    let text: string;
    // A request cancelled before it began was never written: fetch rejects without connecting.
    const abortedBefore = signal.aborted;
    try {
      const target = `${this.#base}/${endpoint}?${request.query}`;
      response =
        dispatcher === undefined
          ? await fetch(target, { method: request.method, headers, signal })
          : await fetchOver(target, { method: request.method, headers, signal, dispatcher });
      text = await response.text();
    } catch (cause) {
      const refused = tlsFailure(cause);
      if (refused !== undefined && !request.signal?.aborted) {
        // The handshake failed, so the request was never written.
        throw new CruiseControlError({ code: 'CC_TLS', endpoint, errorMessage: refused, taskId: request.taskId, cause });
      }
      const code = request.signal?.aborted ? 'CC_ABORTED' : timeout.aborted ? 'CC_TIMEOUT' : 'CC_UNAVAILABLE';
      const detail = code === 'CC_TIMEOUT' ? `no answer within ${this.#timeoutMs} ms` : cause instanceof Error ? cause.message : String(cause);
      const maybeDelivered = request.method === 'POST' && !abortedBefore && !failedToConnect(cause);
      throw new CruiseControlError({ code, endpoint, errorMessage: detail, taskId: request.taskId, maybeDelivered, cause });
    }
    const taskId = response.headers.get('User-Task-ID') ?? undefined;
    const json = (response.headers.get('Content-Type') ?? '').includes('json');
    if (response.status === 200 || response.status === 202) {
      let body: unknown = text;
      if (json) {
        try {
          body = JSON.parse(text);
        } catch (cause) {
          throw new CruiseControlError({ code: 'CC_BAD_RESPONSE', endpoint, status: response.status, errorMessage: text.slice(0, 200), taskId, cause });
        }
      }
      const dateHeader = response.headers.get('Date');
      return {
        status: response.status,
        body,
        taskId,
        date: dateHeader ? new Date(dateHeader) : undefined,
        serverVersion: response.headers.get('Cruise-Control-Version') ?? undefined,
      };
    }
    const contentType = response.headers.get('Content-Type') ?? '';
    const errorMessage = json ? messageOf(text) : contentType.includes('html') ? htmlMessage(text) : text.trim();
    throw new CruiseControlError({ code: codeForResponse(response.status, errorMessage), endpoint, status: response.status, errorMessage, taskId });
  }

  /**
   * The connection pool of a Cruise Control served over HTTPS with a CA of its own: Node's TLS
   * then checks the chain against that CA only and the host name against the certificate.
   */
  async #dispatcher(request: WireRequest): Promise<Agent | undefined> {
    if (this.#trustedCa === undefined) return undefined;
    const { endpoint, taskId } = request;
    if (!this.#base.startsWith('https://')) {
      throw new CruiseControlError({
        code: 'CC_TLS',
        endpoint,
        taskId,
        errorMessage: `${this.#base} is not an https address; nothing is sent over plain HTTP`,
      });
    }
    let ca: string;
    try {
      ca = await this.#trustedCa(request.signal);
    } catch (cause) {
      if (request.signal?.aborted) throw new CruiseControlError({ code: 'CC_ABORTED', endpoint, taskId, cause });
      throw new CruiseControlError({ code: 'CC_TLS', endpoint, errorMessage: cause instanceof Error ? cause.message : String(cause), taskId, cause });
    }
    if (this.#verifying?.ca !== ca) {
      void this.#verifying?.agent.close();
      this.#verifying = { ca, agent: new Agent({ connect: { ca, rejectUnauthorized: true } }) };
    }
    return this.#verifying.agent;
  }

  #count(request: WireRequest, outcome: string): void {
    this.#counter?.inc({ endpoint: request.endpoint, method: request.method, outcome });
  }
}

/**
 * Errors of the connect phase (Node's net and dns, undici's connect timeout): the request was
 * never written, so nothing can have reached Cruise Control. Any other failure (a reset or a
 * close after the connection was up, a timeout, a cancel) may come after Cruise Control took it.
 */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'UND_ERR_CONNECT_TIMEOUT']);

function failedToConnect(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && CONNECT_FAILURES.has(code)) return true;
  // Happy eyeballs tries every address and reports them together (an AggregateError).
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => failedToConnect(e, depth + 1))) return true;
  return failedToConnect(cause, depth + 1);
}

/**
 * Why the TLS handshake failed, when it did: a certificate that does not verify or does not name
 * the host (OpenSSL's verify codes, Node's ERR_TLS_CERT_ALTNAME_INVALID), or a server that does
 * not speak TLS at all (OpenSSL's ERR_SSL_* codes, such as a plain HTTP answer).
 */
function tlsFailure(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const { code, cause, message } = error as { code?: unknown; cause?: unknown; message?: unknown };
  if (typeof code === 'string' && /CERT|UNABLE_TO_(GET|VERIFY)|SELF_SIGNED|^ERR_SSL_/.test(code)) {
    const why = typeof message === 'string' ? message : code;
    return code.startsWith('ERR_SSL_')
      ? `Cruise Control did not answer over TLS (${code}: ${why})`
      : `Cruise Control's certificate was refused (${code}: ${why})`;
  }
  return tlsFailure(cause, depth + 1);
}

function authorizationOf(auth: CruiseControlAuth): string {
  if ('basic' in auth) return `Basic ${Buffer.from(`${auth.basic.user}:${auth.basic.password}`).toString('base64')}`;
  return `Bearer ${auth.bearerToken}`;
}

/** The heading of Jetty's error page (a refusal of its security handler, before the servlet): `HTTP ERROR 401 Unauthorized`. */
function htmlMessage(text: string): string {
  const heading = /<h2>([^<]*)<\/h2>/i.exec(text) ?? /<title>([^<]*)<\/title>/i.exec(text);
  return (heading?.[1] ?? text.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

function messageOf(text: string): string {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.errorMessage ?? parsed.data.message ?? text;
  } catch {
    // not JSON after all: the text is the message
  }
  return text.trim();
}

/** One counter per registry, shared by every client registered on it. */
function requestCounter(registry: Registry): Counter<'endpoint' | 'method' | 'outcome'> {
  const existing = registry.getSingleMetric(METRIC);
  if (existing instanceof Counter) return existing;
  return new Counter({
    name: METRIC,
    help: 'Requests to Cruise Control by endpoint, method and outcome (ok, accepted, or an error code).',
    labelNames: ['endpoint', 'method', 'outcome'],
    registers: [registry],
  });
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
