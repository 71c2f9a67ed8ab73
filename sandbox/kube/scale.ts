import type { KubeApi } from './api.js';
import { badRequest, conflict, invalid, methodNotAllowed } from './errors.js';
import { decodeJson, JsonSyntaxError } from './json.js';
import { applyPatch, patchTypeOf } from './patch.js';
import type { ResourceType } from './resources.js';
import type { StoredObject } from './store.js';
import { selectorString } from './workloadPrinters.js';

/**
 * The autoscaling/v1 `scale` subresource of Deployments and ReplicaSets (kubernetes
 * pkg/registry/apps/deployment/storage/storage.go ScaleREST): the object's spec.replicas and
 * status as a Scale; a write changes spec.replicas only (what `kubectl scale` does, with a merge patch).
 */
export interface ScaleRequest {
  method: string;
  r: ResourceType;
  namespace: string | undefined;
  name: string;
  contentType: string;
  body: Buffer;
}

interface Scale {
  kind: 'Scale';
  apiVersion: 'autoscaling/v1';
  metadata: Record<string, unknown>;
  spec: { replicas?: number };
  status: { replicas: number; selector: string };
}

export function scaleOf(object: StoredObject): Scale {
  const spec = (object.spec ?? {}) as { replicas?: number; selector?: unknown };
  const status = (object.status ?? {}) as { replicas?: number };
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selectorString(spec.selector) },
  };
}

export function serveScale(api: KubeApi, request: ScaleRequest): Scale {
  const { r, namespace, name } = request;
  const current = api.get(r, namespace, name);
  if (request.method === 'GET') return scaleOf(current);
  let wanted: Scale;
  const text = request.body.toString('utf8');
  try {
    if (request.method === 'PUT') wanted = decodeJson(text).value as Scale;
    else if (request.method === 'PATCH') {
      const type = patchTypeOf(r, request.contentType);
      if (type === 'apply') throw methodNotAllowed();
      wanted = applyPatch(r, scaleOf(current) as unknown as StoredObject, type, decodeJson(text).value) as unknown as Scale;
    } else throw methodNotAllowed();
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw badRequest(`error decoding patch: ${err.message}`);
    throw err;
  }
  const rv = wanted.metadata.resourceVersion;
  if (typeof rv === 'string' && rv !== '' && rv !== current.metadata.resourceVersion) throw conflict(r, name);
  const replicas = wanted.spec.replicas ?? 0;
  // apps validation ValidateScale: spec.replicas must be non-negative.
  if (replicas < 0) {
    const cause = { reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${replicas}: must be greater than or equal to 0` };
    throw invalid('Scale', { group: 'autoscaling', plural: 'scale' }, name, [cause]);
  }
  const next = structuredClone(current);
  (next.spec as { replicas?: number }).replicas = replicas;
  return scaleOf(api.update(r, current, next, undefined));
}
