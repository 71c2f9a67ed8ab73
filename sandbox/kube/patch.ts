import jsonPatch from 'fast-json-patch';
import mergePatch from 'json-merge-patch';
import { ApiError, badRequest, unsupportedMediaType } from './errors.js';
import type { ResourceType } from './resources.js';
import { builtinComponents, builtinDefinition, ref, resolveSchema, type Schema } from './schemas.js';
import type { StoredObject } from './store.js';

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Strategic merge patch of built-ins (apimachinery pkg/util/strategicpatch), driven by the
 * kind's schema: lists with an `x-kubernetes-patch-merge-key` are merged item by item, lists of
 * strings with the `merge` strategy as sets, other lists replaced; the directives `$patch`
 * (replace, delete), `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
 * `$setElementOrder/<field>` that kubectl's three-way patches carry are honoured.
 */
function strategicMerge(target: unknown, patch: unknown, schema: Schema | undefined, components: ReadonlyMap<string, Schema>): unknown {
  if (!isMap(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === 'delete') return undefined;
  const resolved = resolveSchema(schema, components);
  const properties = (resolved?.properties ?? {}) as Record<string, Schema>;
  const additional = isMap(resolved?.additionalProperties) ? resolved.additionalProperties : undefined;
  const result: Json = isMap(target) ? { ...target } : {};
  const orders: Array<[string, unknown[]]> = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) {
      if (Array.isArray(value)) orders.push([key.slice('$setElementOrder/'.length), value]);
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) result[field] = current.filter((item) => !value.includes(item));
      continue;
    }
    const fieldSchema = properties[key] ?? additional;
    if (value === null) delete result[key];
    else if (Array.isArray(value)) result[key] = mergeList(result[key], value, fieldSchema, components);
    else if (isMap(value) && isMap(result[key])) {
      const merged = strategicMerge(result[key], value, fieldSchema, components);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (isMap(value)) {
      const merged = strategicMerge({}, value, fieldSchema, components);
      if (merged !== undefined) result[key] = merged;
    } else result[key] = value;
  }
  for (const [field, order] of orders) {
    const list: unknown = result[field];
    const mergeKey = (resolveSchema(properties[field], components) ?? properties[field])?.['x-kubernetes-patch-merge-key'] as string | undefined;
    if (!Array.isArray(list)) continue;
    const position = (item: unknown): number =>
      order.findIndex((o) => (mergeKey !== undefined && isMap(o) && isMap(item) ? o[mergeKey] === item[mergeKey] : o === item));
    result[field] = (list as unknown[]).slice().sort((a, b) => {
      const [pa, pb] = [position(a), position(b)];
      return pa < 0 || pb < 0 ? 0 : pa - pb;
    });
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as unknown[]);
    for (const key of Object.keys(result)) if (!keep.has(key)) delete result[key];
  }
  return result;
}

function mergeList(target: unknown, patch: unknown[], schema: Schema | undefined, components: ReadonlyMap<string, Schema>): unknown[] {
  const mergeKey = schema?.['x-kubernetes-patch-merge-key'] as string | undefined;
  const strategy = typeof schema?.['x-kubernetes-patch-strategy'] === 'string' ? schema['x-kubernetes-patch-strategy'] : '';
  if (!strategy.split(',').includes('merge') || !Array.isArray(target)) return patch.filter((item) => !(isMap(item) && item.$patch !== undefined));
  if (patch.some((item) => isMap(item) && item.$patch === 'replace')) return patch.filter((item) => !(isMap(item) && item.$patch === 'replace'));
  const current: unknown[] = target;
  if (mergeKey === undefined) return [...current, ...patch.filter((item) => !current.includes(item))];
  const items = schema?.items as Schema | undefined;
  const result: unknown[] = [...current];
  for (const item of patch) {
    if (!isMap(item)) continue;
    const index = result.findIndex((t) => isMap(t) && t[mergeKey] === item[mergeKey]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) result[index] = strategicMerge(result[index], item, items, components);
    else result.push(strategicMerge({}, item, items, components));
  }
  return result;
}

export function patchTypeAccepted(r: ResourceType): string[] {
  return r.custom ? [JSON_PATCH, MERGE_PATCH, APPLY] : [JSON_PATCH, MERGE_PATCH, STRATEGIC, APPLY];
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** The patch type of a Content-Type, or 415 for one the resource does not take. */
export function patchTypeOf(r: ResourceType, contentType: string): PatchType {
  const type = contentType.split(';')[0]?.trim() ?? '';
  if (!patchTypeAccepted(r).includes(type)) throw unsupportedMediaType(patchTypeAccepted(r));
  return type === JSON_PATCH ? 'json' : type === MERGE_PATCH ? 'merge' : type === STRATEGIC ? 'strategic' : 'apply';
}

/** Applies a decoded JSON, merge or strategic merge patch to the current object. */
export function applyPatch(r: ResourceType, current: StoredObject, type: Exclude<PatchType, 'apply'>, patch: unknown): StoredObject {
  try {
    if (type === 'json') {
      if (!Array.isArray(patch)) throw badRequest('json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp');
      return jsonPatch.applyPatch<StoredObject>(structuredClone(current), patch as jsonPatch.Operation[], true, false).newDocument;
    }
    if (type === 'merge') return mergePatch.apply(structuredClone(current), patch) as StoredObject;
    return strategicMerge(structuredClone(current), patch, ref(builtinDefinition(r)), builtinComponents()) as StoredObject;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err instanceof jsonPatch.JsonPatchError)
      throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${err.message.split('\n')[0] ?? ''}`);
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}
