import * as models from '@kubernetes/client-node';
import type { ResourceType } from './resources.js';

/** An OpenAPI v3 schema object, as the API server publishes it under /openapi/v3. */
export type Schema = Record<string, unknown>;

export interface Attribute {
  baseName: string;
  type: string;
  format: string;
}
export interface ModelClass {
  getAttributeTypeMap(): Attribute[];
}

const REF_PREFIX = '#/components/schemas/';

/** The Go package each API group's types live in, which names their OpenAPI definitions. */
const PACKAGES: Record<string, string> = {
  '': 'io.k8s.api.core.v1',
  'storage.k8s.io': 'io.k8s.api.storage.v1',
  apps: 'io.k8s.api.apps.v1',
  batch: 'io.k8s.api.batch.v1',
  policy: 'io.k8s.api.policy.v1',
  'scheduling.k8s.io': 'io.k8s.api.scheduling.v1',
  'networking.k8s.io': 'io.k8s.api.networking.v1',
  'coordination.k8s.io': 'io.k8s.api.coordination.v1',
  'events.k8s.io': 'io.k8s.api.events.v1',
  'apiextensions.k8s.io': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1',
  'authentication.k8s.io': 'io.k8s.api.authentication.v1',
  'authorization.k8s.io': 'io.k8s.api.authorization.v1',
  'rbac.authorization.k8s.io': 'io.k8s.api.rbac.v1',
};
const META_PACKAGE = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const META_TYPES = new Set([
  'V1ObjectMeta',
  'V1ListMeta',
  'V1ManagedFieldsEntry',
  'V1OwnerReference',
  'V1LabelSelector',
  'V1LabelSelectorRequirement',
  'V1Condition',
  'V1Status',
  'V1StatusDetails',
  'V1StatusCause',
  'V1Preconditions',
  'V1DeleteOptions',
]);

export const OBJECT_META = `${META_PACKAGE}.ObjectMeta`;
export const LIST_META = `${META_PACKAGE}.ListMeta`;
export const STATUS = `${META_PACKAGE}.Status`;
export const PATCH = `${META_PACKAGE}.Patch`;

export const ref = (name: string): Schema => ({ $ref: `${REF_PREFIX}${name}` });

/**
 * The strategic-merge metadata of the built-in fields we touch (`x-kubernetes-patch-merge-key`
 * and `x-kubernetes-patch-strategy` of the official document, from the Go struct tags in
 * k8s.io/api): lists merged item by item on a key, and lists of strings merged as sets.
 * Fields not listed here are replaced whole by a strategic merge patch.
 */
const PATCH_META: Record<string, { key?: string; strategy: string }> = {
  'V1ObjectMeta.finalizers': { strategy: 'merge' },
  'V1ObjectMeta.ownerReferences': { key: 'uid', strategy: 'merge' },
  'V1PodSpec.containers': { key: 'name', strategy: 'merge' },
  'V1PodSpec.initContainers': { key: 'name', strategy: 'merge' },
  'V1PodSpec.ephemeralContainers': { key: 'name', strategy: 'merge' },
  'V1PodSpec.volumes': { key: 'name', strategy: 'merge,retainKeys' },
  'V1PodSpec.imagePullSecrets': { key: 'name', strategy: 'merge' },
  'V1PodSpec.hostAliases': { key: 'ip', strategy: 'merge' },
  'V1Container.env': { key: 'name', strategy: 'merge' },
  'V1Container.ports': { key: 'containerPort', strategy: 'merge' },
  'V1Container.volumeMounts': { key: 'mountPath', strategy: 'merge' },
  'V1Container.volumeDevices': { key: 'devicePath', strategy: 'merge' },
  'V1PodStatus.conditions': { key: 'type', strategy: 'merge' },
  'V1PodStatus.podIPs': { key: 'ip', strategy: 'merge' },
  'V1NodeStatus.conditions': { key: 'type', strategy: 'merge' },
  'V1NodeStatus.addresses': { key: 'type', strategy: 'merge' },
  'V1NamespaceStatus.conditions': { key: 'type', strategy: 'merge' },
  'V1PersistentVolumeClaimStatus.conditions': { key: 'type', strategy: 'merge' },
  'V1ServiceSpec.ports': { key: 'port', strategy: 'merge' },
  'V1ServiceAccount.secrets': { key: 'name', strategy: 'merge' },
};

/** The client-node model of a built-in kind (client-node 2.x is generated from the release-1.36 OpenAPI). */
export function modelOf(r: Pick<ResourceType, 'group' | 'kind'>): string {
  if (r.kind === 'Event') return r.group === '' ? 'CoreV1Event' : 'EventsV1Event';
  return `V1${r.kind}`;
}

export const modelClass = (name: string): ModelClass | undefined => {
  const candidate = (models as unknown as Record<string, unknown>)[name];
  return typeof candidate === 'function' && 'getAttributeTypeMap' in candidate ? (candidate as unknown as ModelClass) : undefined;
};

/**
 * The schemas of the built-in kinds, read from client-node's generated models (their
 * attribute type maps carry every field name and type of the official OpenAPI document):
 * the whole document of the kinds the sandbox serves, keyed by definition name.
 */
class BuiltinSchemas {
  readonly components = new Map<string, Schema>();
  private readonly names = new Map<string, string>();

  definitionName(model: string, pkg: string): string {
    const known = this.names.get(model);
    if (known !== undefined) return known;
    const name = `${META_TYPES.has(model) ? META_PACKAGE : pkg}.${model.replace(/^(CoreV1|EventsV1|V1)/, '')}`;
    this.names.set(model, name);
    return name;
  }

  /** Adds a model and every model it refers to; returns its definition name. */
  add(model: string, pkg: string): string {
    const name = this.definitionName(model, pkg);
    if (this.components.has(name)) return name;
    const cls = modelClass(model);
    if (!cls) throw new Error(`no client-node model ${model}`);
    const properties: Record<string, Schema> = {};
    const schema: Schema = { type: 'object', properties };
    this.components.set(name, schema);
    for (const attribute of cls.getAttributeTypeMap()) {
      const property = this.typeSchema(attribute.type, attribute.format, pkg);
      const patch = PATCH_META[`${model}.${attribute.baseName}`];
      if (patch?.key !== undefined) property['x-kubernetes-patch-merge-key'] = patch.key;
      if (patch) property['x-kubernetes-patch-strategy'] = patch.strategy;
      properties[attribute.baseName] = property;
    }
    return name;
  }

  private typeSchema(type: string, format: string, pkg: string): Schema {
    const array = /^Array<(.+)>$/.exec(type);
    if (array) return { type: 'array', items: this.typeSchema(array[1] ?? '', format, pkg) };
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) return { type: 'object', additionalProperties: this.typeSchema(map[1] ?? '', format, pkg) };
    switch (type) {
      case 'string':
        return format === '' ? { type: 'string' } : { type: 'string', format };
      case 'number':
        return format === 'double' ? { type: 'number', format } : { type: 'integer', format: format || 'int64' };
      case 'boolean':
        return { type: 'boolean' };
      case 'Date':
      case 'V1MicroTime':
        return { type: 'string', format: 'date-time' };
      case 'IntOrString':
        return { 'x-kubernetes-int-or-string': true };
      case 'any':
        // RawExtension, JSON and the like: any value.
        return { 'x-kubernetes-preserve-unknown-fields': true };
      default:
        return { allOf: [ref(this.add(type, pkg))], default: {} };
    }
  }
}

let builtins: BuiltinSchemas | undefined;
const rootNames = new Map<string, string>();

/**
 * The schemas, started with the core/v1 types other groups reuse (a Deployment's Pod template,
 * an Ingress backend's TypedLocalObjectReference), so that they keep their core/v1 names.
 */
function schemas(): BuiltinSchemas {
  if (!builtins) {
    builtins = new BuiltinSchemas();
    for (const model of ['V1Pod', 'V1PodTemplateSpec', 'V1TypedLocalObjectReference', 'V1ResourceRequirements']) builtins.add(model, PACKAGES[''] ?? '');
  }
  return builtins;
}

/** The definition name of a built-in kind's schema (`io.k8s.api.core.v1.Pod`), creating the schemas on first use. */
export function builtinDefinition(r: Pick<ResourceType, 'group' | 'version' | 'kind'>): string {
  const all = schemas();
  const key = `${r.group}/${r.version}/${r.kind}`;
  const known = rootNames.get(key);
  if (known !== undefined) return known;
  const pkg = PACKAGES[r.group];
  if (pkg === undefined) throw new Error(`no package for group ${r.group}`);
  const name = all.add(modelOf(r), pkg);
  const schema = all.components.get(name);
  if (schema) schema['x-kubernetes-group-version-kind'] = [{ group: r.group, kind: r.kind, version: r.version }];
  rootNames.set(key, name);
  return name;
}

/** Every built-in schema made so far, by definition name (ObjectMeta and its parts always among them). */
export function builtinComponents(): ReadonlyMap<string, Schema> {
  const all = schemas();
  all.add('V1ObjectMeta', META_PACKAGE);
  all.add('V1ListMeta', META_PACKAGE);
  all.add('V1Status', META_PACKAGE);
  return all.components;
}

/** Resolves `$ref` and the `allOf: [{$ref}]` wrapping the real documents use for nested types. */
export function resolveSchema(schema: Schema | undefined, components: ReadonlyMap<string, Schema>): Schema | undefined {
  let current = schema;
  for (let depth = 0; current !== undefined && depth < 4; depth += 1) {
    const allOf = current.allOf as Schema[] | undefined;
    const target = (allOf?.[0]?.$ref ?? current.$ref) as string | undefined;
    if (target === undefined) return current;
    current = components.get(target.slice(REF_PREFIX.length));
  }
  return current;
}

/** The schemas a definition refers to, itself included (what one OpenAPI document must carry). */
export function closure(names: Iterable<string>, components: ReadonlyMap<string, Schema>): Map<string, Schema> {
  const out = new Map<string, Schema>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string') add(child.slice(REF_PREFIX.length));
        else visit(child);
      }
    }
  };
  const add = (name: string): void => {
    if (out.has(name)) return;
    const schema = components.get(name);
    if (!schema) return;
    out.set(name, schema);
    visit(schema);
  };
  for (const name of names) add(name);
  return out;
}
