import type { KubeApi } from './api.js';
import { ApiError, badRequest, expired, type StatusCause } from './errors.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import type { FieldMatcher, LabelMatcher } from './selectors.js';
import type { StoredObject } from './store.js';
import { toTable, type TableOptions } from './table.js';

// apiserver storage/etcd3/errors.go: a continue token whose revision was compacted.
const CONTINUE_TOO_OLD =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';
// The same file: an Exact list at a compacted revision.
const LIST_TOO_OLD = 'The resourceVersion for the provided list is too old.';

/** The token names the list's revision and the last key served (etcd3 continue.go keeps the same two). */
function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: unknown; rv?: unknown; start?: unknown };
    if (parsed.v === 'meta.k8s.io/v1' && typeof parsed.rv === 'number' && typeof parsed.start === 'string') return { rv: parsed.rv, start: parsed.start };
  } catch {
    // falls through to the 400 below
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

/** 422 on the list options (`ListOptions.meta.k8s.io "" is invalid: …`), as handlers/get.go reports ValidateListOptions. */
function invalidListOptions(causes: StatusCause[]): ApiError {
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return new ApiError(422, 'Invalid', `ListOptions.meta.k8s.io "" is invalid: ${causes.length > 1 ? `[${text}]` : text}`, {
    group: 'meta.k8s.io',
    kind: 'ListOptions',
    causes,
  });
}

/** meta/internalversion/validation ValidateListOptions: resourceVersionMatch with resourceVersion, without continue, Exact not at "0". */
export function validateListOptions(q: URLSearchParams, watch: boolean): void {
  const match = q.get('resourceVersionMatch') ?? '';
  const rv = q.get('resourceVersion') ?? '';
  const forbidden = (message: string): StatusCause => ({ reason: 'FieldValueForbidden', message: `Forbidden: ${message}`, field: 'resourceVersionMatch' });
  const causes: StatusCause[] = [];
  if (watch) {
    // validateWatchOptions: the sandbox has no sendInitialEvents (the WatchList feature).
    if (match !== '') causes.push(forbidden('resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
  } else if (match !== '') {
    if (rv === '') causes.push(forbidden('resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if ((q.get('continue') ?? '') !== '') causes.push(forbidden('resourceVersionMatch is forbidden when continue is provided'));
    if (match !== 'Exact' && match !== 'NotOlderThan') {
      causes.push({
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan", ""`,
        field: 'resourceVersionMatch',
      });
    }
    if (match === 'Exact' && rv === '0') causes.push(forbidden('resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (causes.length > 0) throw invalidListOptions(causes);
}

/** storage/errors.go NewTooLargeResourceVersionError: a 504 Timeout the client may retry. */
function tooLarge(requested: number, current: number): ApiError {
  return new ApiError(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
    retryAfterSeconds: 1,
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version', field: '' }],
  });
}

function parseResourceVersion(value: string): number {
  if (!/^\d+$/.test(value)) throw badRequest(`invalid resource version "${value}"`);
  return Number(value);
}

/**
 * A list: label and field selectors, paging with limit and continue (each page read at the
 * first page's revision), and the resourceVersion semantics of the API concepts page: unset
 * is the latest, "0" any, N with NotOlderThan at least N (the latest here), N with Exact (or
 * with a limit and no match, the legacy rule) the state at revision N.
 */
export function listBody(
  api: KubeApi,
  r: ResourceType,
  namespace: string | undefined,
  labels: LabelMatcher,
  fields: FieldMatcher,
  q: URLSearchParams,
  table: Omit<TableOptions, 'noHeaders'> | undefined,
): Record<string, unknown> {
  validateListOptions(q, false);
  const current = api.store.currentRevision;
  const limit = Number(q.get('limit') ?? 0);
  const token = q.get('continue');
  const from = token === null || token === '' ? undefined : decodeContinue(token);
  const rvText = q.get('resourceVersion') ?? '';
  const match = q.get('resourceVersionMatch') ?? '';
  let at = current;
  if (from !== undefined) at = from.rv;
  else if (rvText !== '' && rvText !== '0') {
    const requested = parseResourceVersion(rvText);
    if (requested > current) throw tooLarge(requested, current);
    if (match === 'Exact' || (match === '' && limit > 0)) at = requested;
  }
  // Selected and paged before anything is copied: a page of 500 out of 10,000 copies 500.
  const objects = api.storedAt(r, namespace, at);
  // etcd3 store: a continued list reads at the first page's revision; once compacted, 410.
  if (!objects) throw expired(from !== undefined ? CONTINUE_TOO_OLD : LIST_TOO_OLD);
  const all = objects.filter((o) => labels(o.metadata.labels) && fields(o as unknown as Record<string, unknown>));
  const key = (o: StoredObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const rest = from === undefined ? all : all.filter((o) => key(o) > from.start);
  const page = limit > 0 ? rest.slice(0, limit) : rest;
  const last = page[page.length - 1];
  const next = limit > 0 && rest.length > limit && last ? encodeContinue(at, key(last)) : undefined;
  // etcd3 store.go GetList: remainingItemCount only when nothing is filtered, since with a
  // selector the count of what is left would include objects that do not match.
  const unfiltered = (q.get('labelSelector') ?? '').trim() === '' && (q.get('fieldSelector') ?? '').trim() === '';
  const metadata = {
    resourceVersion: String(at),
    ...(next ? { continue: next, ...(unfiltered ? { remainingItemCount: rest.length - page.length } : {}) } : {}),
  };
  const served = api.presented(r, page);
  if (table) return toTable(r, served, metadata, table);
  // Built-in list items carry no kind/apiVersion; custom resource items do (kube-apiserver encodes typed lists without their items' TypeMeta).
  const items = r.custom ? served : served.map(({ apiVersion: _a, kind: _k, ...item }) => item);
  return { kind: `${r.kind}List`, apiVersion: apiVersionOf(r), metadata, items };
}
