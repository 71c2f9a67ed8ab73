import { canonicalQuantity, isQuantity } from '../../src/k8s/crd/quantity.js';
import { fieldForbidden, fieldInvalid, fieldRequired, type StatusCause } from './errors.js';
import type { StoredObject } from './store.js';

// apimachinery validation: DNS-1123 subdomain and label, label keys and values.
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** metav1.MicroTime: exactly six fractional digits (micro_time.go RFC3339Micro). */
const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;

/** Kinds whose names must be DNS-1123 labels rather than subdomains (validation.go). */
const LABEL_NAMED = new Set(['Namespace', 'Service']);

/** RBAC kinds: any path segment (apis/rbac/validation ValidateRBACName: path.IsValidPathSegmentName), so `system:basic-user` is a name. */
const PATH_SEGMENT_NAMED = new Set(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);

function pathSegmentProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `may not be '${name}'`;
  if (name.includes('/')) return "may not contain '/'";
  if (name.includes('%')) return "may not contain '%'";
  return undefined;
}

export function validateMeta(object: StoredObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const { name, labels } = object.metadata;
  const [pattern, max, what] = LABEL_NAMED.has(object.kind) ? [DNS1123_LABEL, 63, 'RFC 1123 label'] : [DNS1123_SUBDOMAIN, 253, 'RFC 1123 subdomain'];
  const segmentProblem = name && PATH_SEGMENT_NAMED.has(object.kind) ? pathSegmentProblem(name) : undefined;
  if (!name) causes.push(fieldRequired('metadata.name', 'name or generateName is required'));
  else if (PATH_SEGMENT_NAMED.has(object.kind)) {
    if (segmentProblem !== undefined) causes.push(fieldInvalid('metadata.name', name, segmentProblem));
  } else if (!pattern.test(name) || name.length > max) {
    causes.push(
      fieldInvalid(
        'metadata.name',
        name,
        `a lowercase ${what} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      ),
    );
  }
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyName = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
    if (!LABEL_NAME.test(keyName) || keyName.length > 63) {
      causes.push(
        fieldInvalid(
          'metadata.labels',
          key,
          "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ),
      );
    }
    if (typeof value !== 'string' || !LABEL_VALUE.test(value) || value.length > 63) {
      causes.push(
        fieldInvalid(
          'metadata.labels',
          value,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ),
      );
    }
  }
  const controllers = (object.metadata.ownerReferences ?? []).filter((r) => r.controller === true);
  if (controllers.length > 1)
    causes.push(
      fieldInvalid(
        'metadata.ownerReferences',
        controllers.map((r) => r.name),
        'Only one reference can have Controller set to true',
      ),
    );
  return causes;
}

/** MicroTime fields of the kinds we serve; a wrong precision is a decode error (400). */
export function microTimeProblem(object: StoredObject): string | undefined {
  const fields: Array<[string, unknown]> = [];
  if (object.kind === 'Lease') {
    const spec = object.spec as Record<string, unknown> | undefined;
    fields.push(['acquireTime', spec?.acquireTime], ['renewTime', spec?.renewTime]);
  }
  if (object.kind === 'Event') fields.push(['eventTime', object.eventTime]);
  for (const [field, value] of fields) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || !MICRO_TIME.test(value)) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      const fraction = /\.\d+Z?$/.exec(text)?.[0] ?? text;
      return `${object.kind} in version "${object.apiVersion.split('/').at(-1) ?? 'v1'}" cannot be handled as a ${object.kind}: parsing time "${text}" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "${fraction}" as ".000000" (field ${field})`;
    }
  }
  return undefined;
}

/** Re-emits every resource quantity in canonical form, as the API server does (`1024Mi` -> `1Gi`). */
export function canonicalizeQuantities(object: StoredObject): StoredObject {
  const fix = (map: unknown): void => {
    if (map === null || typeof map !== 'object') return;
    for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
      if ((typeof value === 'string' || typeof value === 'number') && isQuantity(value)) (map as Record<string, unknown>)[key] = canonicalQuantity(value);
    }
  };
  const spec = object.spec as Record<string, unknown> | undefined;
  if (object.kind === 'Pod') {
    for (const container of [...((spec?.containers as unknown[]) ?? []), ...((spec?.initContainers as unknown[]) ?? [])]) {
      const resources = (container as { resources?: { requests?: unknown; limits?: unknown } }).resources;
      fix(resources?.requests);
      fix(resources?.limits);
    }
  }
  if (object.kind === 'PersistentVolumeClaim') {
    const resources = spec?.resources as { requests?: unknown; limits?: unknown } | undefined;
    fix(resources?.requests);
    fix(resources?.limits);
    fix((object.status as { capacity?: unknown } | undefined)?.capacity);
  }
  if (object.kind === 'PersistentVolume') fix(spec?.capacity);
  if (object.kind === 'Node') {
    const status = object.status as { capacity?: unknown; allocatable?: unknown } | undefined;
    fix(status?.capacity);
    fix(status?.allocatable);
  }
  return object;
}

const stringifyStable = (v: unknown): string => JSON.stringify(v);

/**
 * Pod updates may change only a few spec fields (validation.go ValidatePodUpdate): container
 * images, activeDeadlineSeconds, added tolerations, removed scheduling gates.
 */
export function podUpdateProblems(previous: StoredObject, next: StoredObject): StatusCause[] {
  const before = structuredClone(previous.spec ?? {}) as Record<string, unknown>;
  const after = structuredClone(next.spec ?? {}) as Record<string, unknown>;
  for (const spec of [before, after]) {
    for (const c of [...((spec.containers as Array<Record<string, unknown>>) ?? []), ...((spec.initContainers as Array<Record<string, unknown>>) ?? [])])
      delete c.image;
    delete spec.activeDeadlineSeconds;
    delete spec.tolerations;
    delete spec.schedulingGates;
    // The scheduler's binding sets nodeName once.
    if (before.nodeName === undefined) delete after.nodeName;
  }
  if (stringifyStable(before) === stringifyStable(after)) return [];
  return [
    fieldForbidden(
      'spec',
      'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ),
  ];
}

/**
 * PVC updates (ValidatePersistentVolumeClaimUpdate and the resize admission plugin): once
 * bound, only spec.resources.requests may change, never below status.capacity, and growing
 * needs a StorageClass that allows volume expansion.
 */
export function pvcUpdateProblems(previous: StoredObject, next: StoredObject, allowsExpansion: (className: string) => boolean): StatusCause[] {
  const before = structuredClone(previous.spec ?? {}) as { resources?: { requests?: { storage?: string } }; volumeName?: string; storageClassName?: string };
  const after = structuredClone(next.spec ?? {}) as typeof before;
  const oldSize = before.resources?.requests?.storage;
  const newSize = after.resources?.requests?.storage;
  const capacity = (previous.status as { capacity?: { storage?: string } } | undefined)?.capacity?.storage;
  for (const spec of [before, after]) if (spec.resources?.requests) delete spec.resources.requests.storage;
  if (before.volumeName === undefined) delete after.volumeName;
  if (stringifyStable(before) !== stringifyStable(after)) {
    return [fieldForbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims')];
  }
  if (oldSize === undefined || newSize === undefined || oldSize === newSize) return [];
  const bytes = (q: string): number => Number(canonicalBytes(q));
  if (capacity !== undefined && bytes(newSize) < bytes(capacity)) {
    return [fieldForbidden('spec.resources.requests.storage', 'field can not be less than status.capacity')];
  }
  if (bytes(newSize) > bytes(oldSize) && !allowsExpansion(after.storageClassName ?? '')) {
    return [fieldForbidden('spec', 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize')];
  }
  return [];
}

const UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A storage quantity in bytes (enough precision for sizes of disks). */
export function canonicalBytes(quantity: string): number {
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(quantity.trim());
  if (!match) return Number.NaN;
  return Number(match[1]) * (UNITS[match[2] ?? ''] ?? Number.NaN);
}
