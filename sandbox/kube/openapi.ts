import { createHash } from 'node:crypto';
import { VERSION_INFO } from './discovery.js';
import type { ResourceType } from './resources.js';
import { builtinComponents, builtinDefinition, closure, LIST_META, OBJECT_META, PATCH, ref, STATUS, type Schema } from './schemas.js';

/**
 * `/openapi/v3`: the index of group-versions and one OpenAPI 3.0 document per group-version, as
 * kube-openapi's handler3 serves them. kubectl reads them before `apply` and `create`
 * (cli-runtime query_param_verifier_v3.go): when the PATCH operation of the kind (found by its
 * `x-kubernetes-group-version-kind`) lists the `fieldValidation` parameter, kubectl leaves
 * validation to the server and sends `fieldValidation=Strict`. Its three-way patches of
 * built-ins read the merge keys from the components (kubectl apply/patcher.go).
 */

/** `api/v1` or `apis/<group>/<version>`: the key of a group-version in the index. */
export const groupVersionPath = (group: string, version: string): string => (group === '' ? `api/${version}` : `apis/${group}/${version}`);

export interface OpenApiDocument {
  json: string;
  /** The document's hash, as in `?hash=` and the ETag (handler3 uses the SHA-512 of the JSON, upper-case hex). */
  hash: string;
}

const QUERY = (name: string, description: string, type = 'string'): Schema => ({ name, in: 'query', description, schema: { type, uniqueItems: true } });
const PRETTY = QUERY(
  'pretty',
  "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).",
);
const DRY_RUN = QUERY(
  'dryRun',
  'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed',
);
const FIELD_MANAGER = QUERY('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.');
const FIELD_VALIDATION = QUERY(
  'fieldValidation',
  'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn (default) - Strict',
);
const FORCE = QUERY('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.', 'boolean');
const LIST_PARAMETERS = [
  'allowWatchBookmarks',
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
  'watch',
].map((name) =>
  QUERY(
    name,
    name,
    ['limit', 'timeoutSeconds'].includes(name) ? 'integer' : ['allowWatchBookmarks', 'sendInitialEvents', 'watch'].includes(name) ? 'boolean' : 'string',
  ),
);
const PATH = (name: string): Schema => ({
  name,
  in: 'path',
  description: `${name} of the ${name === 'namespace' ? 'namespace' : 'object'}`,
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

const json = (schema: Schema): Schema => ({ content: { 'application/json': { schema }, 'application/yaml': { schema } } });

/** The operationId's group part: `CoreV1`, `StorageV1`, `KafkaBanzaicloudIoV1beta1`. */
function operationGroup(r: ResourceType): string {
  const group = r.group === '' ? 'core' : r.group.replace(/\.k8s\.io$/, '');
  const words = group.split(/[.-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return `${words.join('')}${r.version.charAt(0).toUpperCase()}${r.version.slice(1)}`;
}

/** A custom resource's definition name: the group reversed, then version and kind (`io.banzaicloud.kafka.v1beta1.KafkaCluster`). */
const customDefinition = (r: ResourceType): string => `${r.group.split('.').reverse().join('.')}.${r.version}.${r.kind}`;

function customSchema(r: ResourceType): Schema {
  const schema = structuredClone(r.schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  const properties = { ...((schema.properties ?? {}) as Record<string, Schema>) };
  // The apiserver publishes CRs with the standard apiVersion, kind and metadata (builder.go).
  properties.apiVersion = { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' };
  properties.kind = { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' };
  properties.metadata = { allOf: [ref(OBJECT_META)], description: "Standard object's metadata." };
  return { ...schema, type: 'object', properties, 'x-kubernetes-group-version-kind': [{ group: r.group, kind: r.kind, version: r.version }] };
}

function listSchema(r: ResourceType, item: string): Schema {
  return {
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { type: 'string' },
      items: { type: 'array', items: { allOf: [ref(item)], default: {} } },
      kind: { type: 'string' },
      metadata: { allOf: [ref(LIST_META)], default: {} },
    },
    'x-kubernetes-group-version-kind': [{ group: r.group, kind: `${r.kind}List`, version: r.version }],
  };
}

/** The document of one group-version: paths of every verb the sandbox serves, and the schemas they name. */
export function groupVersionDocument(group: string, version: string, resources: ResourceType[]): OpenApiDocument {
  // Built-in schemas are made on first use: name every kind before copying them.
  for (const r of resources) if (!r.custom) builtinDefinition(r);
  const components = new Map<string, Schema>(builtinComponents());
  const roots = new Set<string>([STATUS]);
  const paths: Record<string, Schema> = {};
  components.set(PATCH, { type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.' });
  roots.add(PATCH);
  const prefix = `/${groupVersionPath(group, version)}`;
  for (const r of resources) {
    const name = r.custom ? customDefinition(r) : builtinDefinition(r);
    if (r.custom) components.set(name, customSchema(r));
    const listName = `${name}List`;
    components.set(listName, listSchema(r, name));
    roots.add(name);
    roots.add(listName);
    const gvk = { group: r.group, kind: r.kind, version: r.version };
    const id = (verb: string, suffix = ''): string => `${verb}${operationGroup(r)}${r.namespaced ? 'Namespaced' : ''}${r.kind}${suffix}`;
    const op = (action: string, operationId: string, extra: Schema): Schema => ({
      tags: [`${operationGroup(r).toLowerCase()}`],
      operationId,
      ...extra,
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
    });
    const ok = (schema: Schema, codes: string[] = ['200']): Schema => ({
      responses: Object.fromEntries([
        ...codes.map((c) => [c, { description: c === '201' ? 'Created' : c === '202' ? 'Accepted' : 'OK', ...json(schema) }]),
        ['401', { description: 'Unauthorized' }],
      ]),
    });
    const write = (action: 'post' | 'put', schemaRef: Schema): Schema => ({
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
      requestBody: { required: true, ...json(schemaRef) },
      ...ok(schemaRef, action === 'post' ? ['200', '201', '202'] : ['200', '201']),
    });
    // Custom resources take no strategic merge patch (415): kubectl then computes a merge patch.
    const patchTypes = [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      ...(r.custom ? [] : ['application/strategic-merge-patch+json']),
    ];
    const patch = (schemaRef: Schema): Schema => ({
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE],
      requestBody: { required: true, content: Object.fromEntries(patchTypes.map((t) => [t, { schema: ref(PATCH) }])) },
      ...ok(schemaRef, ['200', '201']),
    });
    const collection = `${prefix}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
    const scopeParameters = [...(r.namespaced ? [PATH('namespace')] : []), PRETTY];
    const item = ref(name);
    if (r.createOnly) {
      paths[collection] = { parameters: scopeParameters, post: op('post', id('create'), write('post', item)) };
      continue;
    }
    paths[collection] = {
      parameters: scopeParameters,
      get: op('list', id('list'), { parameters: LIST_PARAMETERS, ...ok(ref(listName)) }),
      post: op('post', id('create'), write('post', item)),
      delete: op('deletecollection', id('deleteCollection'), { parameters: [DRY_RUN, ...LIST_PARAMETERS], ...ok(ref(STATUS)) }),
    };
    paths[`${collection}/{name}`] = {
      parameters: [PATH('name'), ...scopeParameters],
      get: op('get', id('read'), ok(item)),
      put: op('put', id('replace'), write('put', item)),
      patch: op('patch', id('patch'), patch(item)),
      delete: op('delete', id('delete'), { parameters: [DRY_RUN], ...ok(ref(STATUS), ['200', '202']) }),
    };
    if (r.statusSubresource) {
      paths[`${collection}/{name}/status`] = {
        parameters: [PATH('name'), ...scopeParameters],
        get: op('get', id('read', 'Status'), ok(item)),
        put: op('put', id('replace', 'Status'), write('put', item)),
        patch: op('patch', id('patch', 'Status'), patch(item)),
      };
    }
    if (r.namespaced)
      paths[`${prefix}/${r.plural}`] = {
        parameters: [PRETTY],
        get: op('list', `list${operationGroup(r)}${r.kind}ForAllNamespaces`, { parameters: LIST_PARAMETERS, ...ok(ref(listName)) }),
      };
  }
  const document = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: VERSION_INFO.gitVersion },
    paths,
    components: { schemas: Object.fromEntries([...closure(roots, components)].sort(([a], [b]) => (a < b ? -1 : 1))) },
  };
  const text = JSON.stringify(document);
  return { json: text, hash: createHash('sha512').update(text).digest('hex').toUpperCase() };
}

/** The index: `{"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=…"}, …}}`. */
export function openApiIndex(documents: ReadonlyMap<string, OpenApiDocument>): string {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [path, doc] of [...documents].sort(([a], [b]) => (a < b ? -1 : 1))) paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${doc.hash}` };
  return JSON.stringify({ paths });
}
