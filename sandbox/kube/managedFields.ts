import { ApiError, type StatusCause } from './errors.js';

/**
 * Field ownership for server-side apply (apimachinery pkg/util/managedfields, on
 * structured-merge-diff's Updater): every write records which manager set which fields in
 * `metadata.managedFields`; an apply that would change a field another manager owns fails with
 * a 409 Conflict unless forced; fields an applier stops applying are removed when nobody else
 * owns them.
 *
 * Approximation: a field is a path through maps (`.spec.brokers`, `.data.a`); lists are owned
 * whole (the real server tracks associative lists item by item, `k:{"name":"kafka"}`).
 */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
  subresource?: string;
}
export interface FieldsV1 {
  [key: string]: FieldsV1;
}

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Metadata the server owns, never part of a manager's fields. */
const SYSTEM_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'generateName',
]);

/** A field path as JSON-encoded keys (so keys may hold dots). */
type FieldPath = string;
const encode = (keys: string[]): FieldPath => JSON.stringify(keys);
const decode = (path: FieldPath): string[] => JSON.parse(path) as string[];
/** `.data.a`, the way fieldpath.Path prints. */
export const printPath = (path: FieldPath): string =>
  decode(path)
    .map((k) => `.${k}`)
    .join('');

/**
 * The fields an object sets: leaves of its maps (lists and scalars are leaves). Only `status`
 * for a status write; everything but `status` for a main-resource write of a kind with a
 * status subresource (the strategies' reset fields).
 */
export function fieldsOf(object: Json, scope: 'main' | 'status' | 'all'): Set<FieldPath> {
  const out = new Set<FieldPath>();
  const walk = (value: unknown, keys: string[]): void => {
    if (isMap(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, [...keys, k]);
    } else if (keys.length > 0) out.add(encode(keys));
  };
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (scope === 'status' && key !== 'status') continue;
    if (scope === 'main' && key === 'status') continue;
    if (key === 'metadata' && isMap(value)) {
      for (const [m, v] of Object.entries(value)) if (!SYSTEM_METADATA.has(m)) walk(v, ['metadata', m]);
    } else walk(value, [key]);
  }
  return out;
}

function valueAt(object: Json, path: FieldPath): unknown {
  let value: unknown = object;
  for (const key of decode(path)) value = isMap(value) ? value[key] : undefined;
  return value;
}

/** What changed from `before` to `after`, as field paths (added or modified, and removed). */
function compare(before: Json, after: Json, scope: 'main' | 'status' | 'all'): { changed: Set<FieldPath>; removed: Set<FieldPath> } {
  const old = fieldsOf(before, scope);
  const now = fieldsOf(after, scope);
  const changed = new Set([...now].filter((p) => !old.has(p) || JSON.stringify(valueAt(before, p)) !== JSON.stringify(valueAt(after, p))));
  const removed = new Set([...old].filter((p) => !now.has(p)));
  return { changed, removed };
}

function toFieldsV1(fields: Set<FieldPath>): FieldsV1 {
  const root: FieldsV1 = {};
  for (const path of [...fields].sort()) {
    let node = root;
    for (const key of decode(path)) node = node[`f:${key}`] ??= {};
  }
  return root;
}

function fromFieldsV1(fields: FieldsV1 | undefined): Set<FieldPath> {
  const out = new Set<FieldPath>();
  const walk = (node: FieldsV1, keys: string[]): void => {
    const children = Object.keys(node).filter((k) => k.startsWith('f:'));
    if (children.length === 0 && keys.length > 0) out.add(encode(keys));
    for (const child of children) walk(node[child] ?? {}, [...keys, child.slice(2)]);
  };
  walk(fields ?? {}, []);
  return out;
}

interface Owner {
  entry: ManagedFieldsEntry;
  fields: Set<FieldPath>;
}
/** What identifies a manager: name, operation, subresource, and for updates the apiVersion (managedfields BuildManagerIdentifier). */
const identity = (e: Pick<ManagedFieldsEntry, 'manager' | 'operation' | 'subresource' | 'apiVersion'>): string =>
  JSON.stringify([e.manager, e.operation, e.subresource ?? '', e.operation === 'Update' ? e.apiVersion : '']);

function owners(entries: unknown): Owner[] {
  if (!Array.isArray(entries)) return [];
  return (entries as ManagedFieldsEntry[]).map((entry) => ({ entry, fields: fromFieldsV1(entry.fieldsV1) }));
}

/** managedfields encode: entries sorted by operation, then time, then manager. */
function encodeOwners(list: Owner[]): ManagedFieldsEntry[] {
  return list
    .filter((o) => o.fields.size > 0)
    .map((o) => ({ ...o.entry, fieldsType: 'FieldsV1' as const, fieldsV1: toFieldsV1(o.fields) }))
    .sort((a, b) =>
      a.operation !== b.operation
        ? a.operation < b.operation
          ? -1
          : 1
        : (a.time ?? '') !== (b.time ?? '')
          ? (a.time ?? '') < (b.time ?? '')
            ? -1
            : 1
          : a.manager < b.manager
            ? -1
            : a.manager > b.manager
              ? 1
              : 0,
    );
}

export interface Writer {
  manager: string;
  apiVersion: string;
  subresource: 'status' | undefined;
  /** Whether status is its own subresource for this kind (main writes then do not own status). */
  statusSubresource: boolean;
  time: string;
}

const scopeOf = (w: Writer): 'main' | 'status' | 'all' => (w.subresource === 'status' ? 'status' : w.statusSubresource ? 'main' : 'all');

/** managedfields: a manager name from the User-Agent when none was given (`kubectl/v1.32` -> `kubectl`). */
export function managerOf(fieldManager: string | null, userAgent: string | undefined): string {
  if (fieldManager !== null && fieldManager !== '') return fieldManager;
  return (userAgent ?? '').split('/')[0]?.slice(0, 128) ?? '';
}

/**
 * The managedFields after an ordinary write (create, update, non-apply patch): the writer
 * takes every field it changed, other managers lose them (structured-merge-diff Updater.Update).
 * `requested` is what the request body carried: when set (and not a status write) it replaces
 * the live list, so clients can edit or clear managedFields (decodeLiveOrNew).
 */
export function recordUpdate(live: Json | undefined, next: Json, requested: unknown, writer: Writer): ManagedFieldsEntry[] {
  const liveEntries = isMap(live?.metadata) ? live.metadata.managedFields : undefined;
  const base = requested !== undefined && writer.subresource === undefined ? requested : liveEntries;
  if (Array.isArray(base) && base.length === 0 && requested !== undefined) return [];
  const list = owners(base);
  const { changed, removed } = compare(live ?? {}, next, scopeOf(writer));
  const me = { manager: writer.manager, operation: 'Update' as const, apiVersion: writer.apiVersion, subresource: writer.subresource };
  for (const owner of list)
    if (identity(owner.entry) !== identity(me)) owner.fields = new Set([...owner.fields].filter((p) => !changed.has(p) && !removed.has(p)));
  let mine = list.find((o) => identity(o.entry) === identity(me));
  if (!mine) {
    mine = { entry: { ...me, fieldsType: 'FieldsV1', fieldsV1: {} }, fields: new Set() };
    list.push(mine);
  }
  const before = mine.fields.size;
  mine.fields = new Set([...mine.fields, ...changed].filter((p) => !removed.has(p)));
  if (changed.size > 0 || mine.fields.size !== before || mine.entry.time === undefined) mine.entry = { ...mine.entry, time: writer.time };
  return encodeOwners(list);
}

/**
 * Server-side apply: merges the applied configuration into the live object (maps deeply, lists
 * whole), removes what this manager applied before and no longer applies unless another manager
 * owns it, and records the configuration's fields as this manager's. Fields another manager
 * owns whose value would change are conflicts: a 409 unless `force`, then they change hands.
 */
export function serverSideApply(live: Json | undefined, applied: Json, writer: Writer, force: boolean): { object: Json; managedFields: ManagedFieldsEntry[] } {
  const scope = scopeOf(writer);
  const liveObject = live ?? {};
  const list = owners(isMap(liveObject.metadata) ? liveObject.metadata.managedFields : undefined);
  // An object nobody manages yet is first attributed to "before-first-apply" (fieldmanager.go).
  if (live !== undefined && list.length === 0) {
    list.push({
      entry: { manager: 'before-first-apply', operation: 'Update', apiVersion: writer.apiVersion, time: writer.time, fieldsType: 'FieldsV1', fieldsV1: {} },
      fields: fieldsOf(liveObject, scope),
    });
  }
  const me = { manager: writer.manager, operation: 'Apply' as const, apiVersion: writer.apiVersion, subresource: writer.subresource };
  const mine = list.find((o) => identity(o.entry) === identity(me));
  const previous = mine?.fields ?? new Set<FieldPath>();
  const config = fieldsOf(applied, scope);

  const merged = mergeApplied(liveObject, applied, scope);
  // Prune: what this manager applied last time, no longer applies, and nobody else owns.
  for (const path of previous) {
    if (config.has(path) || list.some((o) => o !== mine && o.fields.has(path))) continue;
    removeAt(merged, decode(path));
  }
  const { changed, removed } = compare(liveObject, merged, scope);
  const conflicts: Array<{ owner: Owner; path: FieldPath }> = [];
  for (const owner of list) {
    if (owner === mine) continue;
    for (const path of owner.fields) if (changed.has(path)) conflicts.push({ owner, path });
  }
  if (conflicts.length > 0 && !force) throw applyConflict(conflicts);
  for (const owner of list) if (owner !== mine) owner.fields = new Set([...owner.fields].filter((p) => !changed.has(p) && !removed.has(p)));
  const entry: ManagedFieldsEntry = { ...me, time: writer.time, fieldsType: 'FieldsV1', fieldsV1: {} };
  if (mine) {
    mine.entry = entry;
    mine.fields = config;
  } else list.push({ entry, fields: config });
  return { object: merged, managedFields: encodeOwners(list) };
}

function mergeApplied(live: Json, applied: Json, scope: 'main' | 'status' | 'all'): Json {
  const merge = (target: unknown, patch: unknown): unknown => {
    if (!isMap(patch) || !isMap(target)) return structuredClone(patch);
    const result: Json = { ...target };
    for (const [k, v] of Object.entries(patch)) result[k] = merge(result[k], v);
    return result;
  };
  const result = structuredClone(live);
  for (const [key, value] of Object.entries(applied)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if ((scope === 'main' && key === 'status') || (scope === 'status' && key !== 'status' && key !== 'metadata')) continue;
    result[key] = merge(result[key], value);
  }
  return result;
}

function removeAt(object: Json, keys: string[]): void {
  const parents: Json[] = [];
  let node: unknown = object;
  for (const key of keys.slice(0, -1)) {
    if (!isMap(node)) return;
    parents.push(node);
    node = node[key];
  }
  if (!isMap(node)) return;
  delete node[keys[keys.length - 1] ?? ''];
  // Maps left empty by the removal go too (their only fields were pruned).
  for (let i = parents.length - 1; i >= 0; i -= 1) {
    const key = keys[i] ?? '';
    const child = parents[i]?.[key];
    if (isMap(child) && Object.keys(child).length === 0 && i > 0) delete parents[i]?.[key];
    else break;
  }
}

/** Who a conflict names: `"kafkaplane" using v1` for an update, `"kubectl"` for an apply (managedfields conflict.go printManager). */
function printManager(entry: ManagedFieldsEntry): string {
  let text = JSON.stringify(entry.manager);
  if (entry.subresource) text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  return entry.operation === 'Update' ? `${text} using ${entry.apiVersion}` : text;
}

/** 409 Conflict worded as managedfields conflict.go NewConflictError / getConflictMessage. */
function applyConflict(conflicts: Array<{ owner: Owner; path: FieldPath }>): ApiError {
  const causes: StatusCause[] = conflicts.map(({ owner, path }) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(owner.entry)}`,
    field: printPath(path),
  }));
  let message: string;
  const [first] = conflicts;
  if (conflicts.length === 1 && first) message = `Apply failed with 1 conflict: conflict with ${printManager(first.owner.entry)}: ${printPath(first.path)}`;
  else {
    const byManager = new Map<string, string[]>();
    for (const { owner, path } of conflicts) {
      const name = printManager(owner.entry);
      byManager.set(name, [...(byManager.get(name) ?? []), printPath(path)]);
    }
    const lines: string[] = [];
    for (const name of [...byManager.keys()].sort()) lines.push(`conflicts with ${name}:`, ...(byManager.get(name) ?? []).map((p) => `- ${p}`));
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes });
}
