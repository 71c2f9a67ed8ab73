import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import { KubeApi } from './api.js';
import { apiGroupList, apiResourceList, VERSION_INFO } from './discovery.js';
import { ApiError, methodNotAllowed } from './errors.js';
import type { Faults, RequestAttributes } from './faults.js';
import { warningHeader } from './fieldValidation.js';
import { groupVersionDocument, groupVersionPath, openApiIndex, type OpenApiDocument } from './openapi.js';
import type { ResourceType } from './resources.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { resourceKey, type StoredObject } from './store.js';
import { serveWatch, type WatchControl } from './watch.js';
import { serveWrite } from './writes.js';
import { serveScale } from './scale.js';
import { servePodLog } from './podLogs.js';
import { ContainerLogs } from './containerLogs.js';
import { decodeProtobufBody, PROTOBUF_MEDIA_TYPE } from './protobuf/decode.js';
import type { AuthorizationPolicy, RulesLister } from './authorization.js';
import { ANONYMOUS, type Authenticator, type UserInfo } from './reviews.js';
import type { ServiceAccountTokens } from './serviceAccountTokens.js';
import { forbidden } from './rbac.js';
import { listBody, validateListOptions } from './reads.js';
import { includeObjectOf, negotiateTable, toTable } from './table.js';

interface Route {
  r: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  subresource: Subresource | undefined;
}

type Subresource = 'status' | 'scale' | 'log' | 'token';

const MAX_BODY = 3 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The selectors and page size of a list or watch, as the request log shows them. */
function selectionOf(q: URLSearchParams): NonNullable<RequestAttributes['selection']> {
  const labelSelector = q.get('labelSelector');
  const fieldSelector = q.get('fieldSelector');
  const limit = q.get('limit');
  return {
    ...(labelSelector !== null ? { labelSelector } : {}),
    ...(fieldSelector !== null ? { fieldSelector } : {}),
    ...(limit !== null ? { limit: Number(limit) } : {}),
    continued: (q.get('continue') ?? '') !== '',
  };
}

/** One `Warning` header per distinct text (the apiserver's warning recorder drops repeats). */
const warningHeaders = (warnings: string[]): Record<string, string[]> => (warnings.length > 0 ? { Warning: [...new Set(warnings)].map(warningHeader) } : {});

/** The HTTP face of KubeApi: REST paths, query parameters, watches, Status errors. */
export class KubeHttpServer {
  readonly server: Server | TlsServer;
  readonly watches = new Set<WatchControl>();
  /** The object a create, update or patch stored, by its response: what the served listeners are told. */
  private readonly written = new WeakMap<ServerResponse, StoredObject>();

  /** `tls`: serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
  constructor(
    readonly api: KubeApi,
    private readonly faults: Faults,
    private readonly access: {
      /** Static tokens, then ServiceAccount tokens issued by the TokenRequest API. */
      authenticate: Authenticator;
      tokens: ServiceAccountTokens;
      policy: AuthorizationPolicy;
      rules?: RulesLister | undefined;
      enforce?: AuthorizationPolicy | undefined;
    },
    tls?: { cert: string; key: string },
    /** The containers' output, which the kubelet keeps and `pods/log` reads. */
    private readonly logs: ContainerLogs = new ContainerLogs(),
  ) {
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      void this.handle(req, res);
    };
    this.server = tls ? createTlsServer({ cert: tls.cert, key: tls.key }, handler) : createServer(handler);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    try {
      // A wrong credential is refused; none at all is an anonymous request, which the sandbox
      // allows (kubectl sends no bearer token over plain HTTP). Requests are authorized only
      // with `rbac` on (discovery and health paths never are); otherwise the policy only
      // answers SubjectAccessReviews.
      let user = ANONYMOUS;
      const auth = req.headers.authorization;
      if (auth !== undefined && url.pathname !== '/healthz' && url.pathname !== '/readyz' && url.pathname !== '/livez') {
        const found = this.access.authenticate(/^Bearer (.+)$/i.exec(auth)?.[1] ?? '');
        if (!found) throw new ApiError(401, 'Unauthorized', 'Unauthorized');
        user = found.user;
      }
      const injected = await this.faults.before(req.method ?? 'GET', url, user.username);
      if (injected) {
        sendJson(res, injected.code, injected.status, injected.headers);
        return;
      }
      if (await this.discovery(url.pathname, req, url, res)) return;
      const route = this.route(url.pathname);
      if (!route) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
      this.faults.count(req.method ?? 'GET', route.r.plural, watch);
      const verb = rbacVerb(req.method ?? 'GET', route.name !== undefined, watch);
      this.faults.request({
        user: user.username,
        verb,
        apiGroup: route.r.group,
        resource: route.r.plural,
        subresource: route.subresource,
        namespace: route.namespace,
        name: route.name,
        ...(verb === 'list' || verb === 'watch' ? { selection: selectionOf(url.searchParams) } : {}),
      });
      if (this.access.enforce) {
        // endpoints/filters/authorization.go: after authentication, before anything is served.
        const access = {
          user: user.username,
          groups: user.groups,
          resourceAttributes: {
            verb,
            group: route.r.group,
            version: route.r.version,
            resource: route.r.plural,
            subresource: route.subresource,
            namespace: route.namespace,
            name: route.name,
          },
        };
        const decision = this.access.enforce(access);
        if (!decision.allowed) throw forbidden(access, decision.reason);
      }
      await this.serve(req, res, url, route, user);
      if (res.statusCode < 400) this.faults.served(req.method ?? 'GET', route.r.plural, watch, this.written.get(res));
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`);
      if (!res.headersSent) sendJson(res, error.code, error.toStatus());
      else res.end();
    }
  }

  private async discovery(path: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<boolean> {
    const resources = this.api.resources();
    if (path === '/openapi/v3' || path.startsWith('/openapi/v3/')) this.openapi(path, req, url, res);
    else if (path === '/version') sendJson(res, 200, VERSION_INFO);
    else if (path === '/healthz' || path === '/readyz' || path === '/livez') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    } else if (path === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end(this.faults.metricsText());
    } else if (path === '/api')
      sendJson(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] });
    else if (path === '/api/v1')
      sendJson(
        res,
        200,
        apiResourceList(
          'v1',
          resources.filter((r) => r.group === ''),
        ),
      );
    else if (path === '/apis') sendJson(res, 200, apiGroupList(resources));
    else {
      const match = /^\/apis\/([^/]+)\/([^/]+)\/?$/.exec(path);
      if (!match) return false;
      const [, group = '', version = ''] = match;
      const served = resources.filter((r) => r.group === group && r.version === version);
      if (served.length === 0) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      sendJson(res, 200, apiResourceList(`${group}/${version}`, served));
    }
    await Promise.resolve();
    return true;
  }

  /** `/api/v1/...` or `/apis/g/v/...`, then `[namespaces/ns/]plural[/name[/status]]`. */
  private route(path: string): Route | undefined {
    const parts = path
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === 'api' && parts[1] !== undefined) [group, version, rest] = ['', parts[1], parts.slice(2)];
    else if (parts[0] === 'apis' && parts[1] !== undefined && parts[2] !== undefined) [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
    else return undefined;
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      const candidate = this.api.resource(group, version, rest[2] ?? '');
      if (candidate?.namespaced) {
        namespace = rest[1];
        rest = rest.slice(2);
      }
    }
    const r = this.api.resource(group, version, rest[0] ?? '');
    if (!r || rest.length > 3) return undefined;
    const sub = rest[2];
    if (sub === undefined) return { r, namespace, name: rest[1], subresource: undefined };
    const served =
      (sub === 'status' && r.statusSubresource) ||
      (sub === 'scale' && r.scale === true) ||
      (sub === 'log' && r.log === true) ||
      (sub === 'token' && r.group === '' && r.plural === 'serviceaccounts');
    return served ? { r, namespace, name: rest[1], subresource: sub } : undefined;
  }

  private async serve(req: IncomingMessage, res: ServerResponse, url: URL, route: Route, user: UserInfo): Promise<void> {
    const { r, namespace, name, subresource } = route;
    const q = url.searchParams;
    const present = (o: StoredObject): StoredObject => ({ ...o, apiVersion: r.group === '' ? r.version : `${r.group}/${r.version}`, kind: r.kind });

    // Reviews are created, never read, listed or watched.
    if (r.createOnly && req.method !== 'POST') throw methodNotAllowed();
    if (subresource === 'scale' && name !== undefined) {
      const body = await readBody(req);
      sendJson(res, 200, serveScale(this.api, { method: req.method ?? 'GET', r, namespace, name, contentType: req.headers['content-type'] ?? '', body }));
      return;
    }
    if (subresource === 'token' && name !== undefined) {
      // The TokenRequest API: create only.
      if (req.method !== 'POST') throw methodNotAllowed();
      sendJson(res, 201, this.access.tokens.issue(namespace ?? '', name, await tokenRequestBody(req)));
      return;
    }
    if (subresource === 'log' && name !== undefined) {
      if (req.method !== 'GET') throw methodNotAllowed();
      servePodLog(this.api, this.logs, { namespace: namespace ?? '', name, query: q }, req, res);
      return;
    }
    switch (req.method) {
      case 'GET': {
        const version = negotiateTable(req.headers.accept);
        const table = version !== undefined ? { version, include: includeObjectOf(q) } : undefined;
        if (name !== undefined) {
          const object = this.api.get(r, namespace, name);
          sendJson(res, 200, table ? toTable(r, [object], { resourceVersion: object.metadata.resourceVersion }, table) : object);
          return;
        }
        const labels = parseLabelSelector(q.get('labelSelector') ?? undefined);
        const fields = parseFieldSelector(q.get('fieldSelector') ?? undefined, r.fieldSelectors);
        if (q.get('watch') === 'true' || q.get('watch') === '1') {
          validateListOptions(q, true);
          const rv = q.get('resourceVersion');
          // Table events: the first carries the column definitions, the others not (handlers/response.go).
          let headers = true;
          const encode = table
            ? (object: StoredObject): unknown => {
                const converted = toTable(r, [object], { resourceVersion: object.metadata.resourceVersion }, { ...table, noHeaders: !headers });
                headers = false;
                return converted;
              }
            : undefined;
          serveWatch(
            this.api.store,
            {
              resource: resourceKey(r),
              present,
              ...(encode ? { encode } : {}),
              namespace,
              labels,
              fields,
              resourceVersion: rv === null || rv === '' ? undefined : Number(rv),
              bookmarks: q.get('allowWatchBookmarks') === 'true',
              timeoutMs: Number(q.get('timeoutSeconds') ?? 1800) * 1000,
            },
            res,
            this.watches,
          );
          return;
        }
        sendJson(res, 200, listBody(this.api, r, namespace, labels, fields, q, table));
        return;
      }
      case 'POST':
      case 'PUT':
      case 'PATCH': {
        const { code, object, warnings } = serveWrite(this.api, {
          method: req.method,
          r,
          namespace,
          name,
          subresource: subresource === 'status' ? 'status' : undefined,
          query: q,
          contentType: req.headers['content-type'] ?? '',
          userAgent: req.headers['user-agent'],
          body: await readBody(req),
          reviews: { requester: user, authenticate: this.access.authenticate, policy: this.access.policy, rules: this.access.rules },
        });
        if (q.get('dryRun') === null) this.written.set(res, object);
        sendJson(res, code, object, warningHeaders(warnings));
        return;
      }
      case 'DELETE': {
        const text = (await readBody(req)).toString('utf8');
        const options =
          text.trim() === ''
            ? {}
            : (JSON.parse(text) as {
                gracePeriodSeconds?: number;
                propagationPolicy?: string;
                preconditions?: { uid?: string | null; resourceVersion?: string | null };
              });
        const grace = q.get('gracePeriodSeconds');
        const propagation = q.get('propagationPolicy');
        const dryRun = q.get('dryRun');
        if (dryRun !== null && dryRun !== 'All') {
          throw new ApiError(
            422,
            'Invalid',
            `DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"${dryRun}"}: supported values: "All"`,
          );
        }
        const deleteOptions = {
          ...options,
          ...(grace !== null ? { gracePeriodSeconds: Number(grace) } : {}),
          ...(propagation !== null ? { propagationPolicy: propagation } : {}),
          dryRun: dryRun === 'All',
        };
        if (name === undefined) {
          const labels = parseLabelSelector(q.get('labelSelector') ?? undefined);
          const fields = parseFieldSelector(q.get('fieldSelector') ?? undefined, r.fieldSelectors);
          const items = this.api.list(r, namespace).filter((o) => labels(o.metadata.labels) && fields(o as unknown as Record<string, unknown>));
          for (const item of items) this.api.delete(r, item.metadata.namespace, item.metadata.name, deleteOptions);
          sendJson(res, 200, {
            kind: `${r.kind}List`,
            apiVersion: present(items[0] ?? ({} as StoredObject)).apiVersion,
            metadata: { resourceVersion: String(this.api.store.currentRevision) },
            items,
          });
          return;
        }
        const { object, removed } = this.api.delete(r, namespace, name, deleteOptions);
        if (removed && !r.returnDeletedObject) {
          sendJson(res, 200, {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            details: { name, ...(r.group !== '' ? { group: r.group } : {}), kind: r.plural, uid: object.metadata.uid },
          });
        } else sendJson(res, 200, object);
        return;
      }
      default:
        throw methodNotAllowed();
    }
  }

  /** Documents by group-version path, rebuilt when the served resources change (a CRD was added or changed). */
  private openapiCache: { key: string; documents: Map<string, OpenApiDocument> } | undefined;

  private openapiDocuments(): Map<string, OpenApiDocument> {
    const resources = this.api.resources();
    const key = `${this.api.resourcesGeneration}`;
    if (this.openapiCache?.key === key) return this.openapiCache.documents;
    const byGroupVersion = new Map<string, ResourceType[]>();
    for (const r of resources) {
      const path = groupVersionPath(r.group, r.version);
      byGroupVersion.set(path, [...(byGroupVersion.get(path) ?? []), r]);
    }
    const documents = new Map<string, OpenApiDocument>();
    for (const [path, served] of byGroupVersion) {
      const [first] = served;
      if (first) documents.set(path, groupVersionDocument(first.group, first.version, served));
    }
    this.openapiCache = { key, documents };
    return documents;
  }

  /**
   * kube-openapi handler3: the index, and each group-version's document by its path. A request
   * with the current `hash` may be cached for good; one with an old hash is redirected (301).
   */
  private openapi(path: string, req: IncomingMessage, url: URL, res: ServerResponse): void {
    const documents = this.openapiDocuments();
    const send = (text: string, etag: string, headers: Record<string, string> = {}): void => {
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ETag: etag, ...headers });
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ETag: etag, ...headers });
      res.end(text);
    };
    if (path === '/openapi/v3' || path === '/openapi/v3/') {
      const index = openApiIndex(documents);
      send(index, `"${createHash('sha512').update(index).digest('hex').toUpperCase()}"`);
      return;
    }
    const document = documents.get(path.slice('/openapi/v3/'.length));
    if (!document) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    const hash = url.searchParams.get('hash');
    if (hash !== null && hash !== document.hash) {
      res.writeHead(301, { Location: `${path}?hash=${document.hash}` });
      res.end();
      return;
    }
    const cache: Record<string, string> =
      hash !== null ? { Vary: 'Accept', 'Cache-Control': 'public, immutable', Expires: new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString() } : {};
    send(document.json, `"${document.hash}"`, cache);
  }
}

/** A TokenRequest as JSON or protobuf (kubectl's typed client sends protobuf). */
async function tokenRequestBody(req: IncomingMessage): Promise<StoredObject> {
  const body = await readBody(req);
  const contentType = req.headers['content-type']?.split(';')[0]?.trim() ?? '';
  try {
    if (contentType === PROTOBUF_MEDIA_TYPE)
      return decodeProtobufBody(body, { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }).object as unknown as StoredObject;
    const text = body.toString('utf8');
    return (text.trim() === '' ? {} : JSON.parse(text)) as StoredObject;
  } catch (err) {
    throw new ApiError(400, 'BadRequest', `the object provided is unrecognized: ${(err as Error).message}`);
  }
}

/** The RBAC verb of a request (k8s.io/apiserver pkg/endpoints/request/requestinfo.go). */
function rbacVerb(method: string, named: boolean, watch: boolean): string {
  if (watch) return 'watch';
  switch (method) {
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return named ? 'get' : 'list';
  }
}
