import jsonPatch from 'fast-json-patch';
import mergePatch from 'json-merge-patch';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, unsupportedMediaType } from './errors.js';
import type { ResourceType } from './resources.js';
import type { StoredObject } from './store.js';

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';

/**
 * Merge keys of the built-in lists we touch (the x-kubernetes-patch-merge-key of the official
 * schemas): lists of these are merged item by item, other lists are replaced.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  volumes: 'name',
  volumeMounts: 'name',
  env: 'name',
  ports: 'containerPort',
  conditions: 'type',
  ownerReferences: 'uid',
  imagePullSecrets: 'name',
};

function strategicMerge(target: unknown, patch: unknown, key?: string): unknown {
  if (patch === null) return undefined;
  if (Array.isArray(patch)) {
    const items: unknown[] = patch;
    // finalizers merge as a set (x-kubernetes-patch-strategy: merge on a list of strings).
    if (key === 'finalizers' && Array.isArray(target)) return [...new Set([...(target as unknown[]), ...items])];
    const mergeKey = key !== undefined ? MERGE_KEYS[key] : undefined;
    if (mergeKey === undefined || !Array.isArray(target)) return patch;
    const result = [...(target as Array<Record<string, unknown>>)];
    for (const item of patch as Array<Record<string, unknown>>) {
      const index = result.findIndex((t) => t[mergeKey] === item[mergeKey]);
      if (item.$patch === 'delete') {
        if (index >= 0) result.splice(index, 1);
      } else if (index >= 0) result[index] = strategicMerge(result[index], item) as Record<string, unknown>;
      else result.push(item);
    }
    return result;
  }
  if (typeof patch !== 'object' || typeof target !== 'object' || target === null || Array.isArray(target)) return patch;
  const result: Record<string, unknown> = { ...(target as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (k === '$patch') continue;
    const merged = strategicMerge(result[k], v, k);
    if (merged === undefined) delete result[k];
    else result[k] = merged;
  }
  return result;
}

export function patchTypeAccepted(r: ResourceType): string[] {
  return r.custom ? [JSON_PATCH, MERGE_PATCH, APPLY] : [JSON_PATCH, MERGE_PATCH, STRATEGIC, APPLY];
}

/** The patched object; `isApply` tells the caller it may create (server-side apply). */
export function applyPatch(r: ResourceType, current: StoredObject | undefined, contentType: string, body: string): { object: StoredObject; isApply: boolean } {
  const type = contentType.split(';')[0]?.trim() ?? '';
  if (!patchTypeAccepted(r).includes(type)) throw unsupportedMediaType(patchTypeAccepted(r));
  try {
    if (type === APPLY) {
      const applied = parseYaml(body) as StoredObject;
      return { object: current ? mergePatch.apply<StoredObject>(structuredClone(current), applied) : applied, isApply: true };
    }
    if (current === undefined) throw new ApiError(404, 'NotFound', 'not found');
    const patch: unknown = JSON.parse(body);
    if (type === JSON_PATCH) {
      if (!Array.isArray(patch)) throw badRequest('json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp');
      const result = jsonPatch.applyPatch<StoredObject>(structuredClone(current), patch as jsonPatch.Operation[], true, false);
      return { object: result.newDocument, isApply: false };
    }
    if (type === MERGE_PATCH) return { object: mergePatch.apply(structuredClone(current), patch) as StoredObject, isApply: false };
    return { object: strategicMerge(structuredClone(current), patch) as StoredObject, isApply: false };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err instanceof jsonPatch.JsonPatchError) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${err.message.split('\n')[0] ?? ''}`);
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}
