import { ApiError, badRequest, type StatusCause } from './errors.js';
import type { ResourceType } from './resources.js';
import { builtinComponents, builtinDefinition, OBJECT_META, ref, resolveSchema, type Schema } from './schemas.js';

/**
 * Server-side field validation (the `fieldValidation` query parameter of create, update and
 * patch): what the API server does with fields the schema does not declare and keys given twice.
 * Strict refuses them, Warn (the default: apiserver handlers/rest.go fieldValidation) keeps the
 * request and answers with one `Warning` header per problem, Ignore drops them silently.
 */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

const SUPPORTED = ['', 'Ignore', 'Strict', 'Warn'];

/** The directive of a write, or 422 for a value the server does not know (meta/v1/validation ValidateFieldValidation). */
export function fieldValidationOf(q: URLSearchParams, options: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions'): FieldValidation {
  const value = q.get('fieldValidation') ?? '';
  if (!SUPPORTED.includes(value)) {
    const body = `Unsupported value: ${JSON.stringify(value)}: supported values: ${SUPPORTED.map((v) => JSON.stringify(v)).join(', ')}`;
    const cause: StatusCause = { reason: 'FieldValueNotSupported', message: body, field: 'fieldValidation' };
    throw new ApiError(422, 'Invalid', `${options}.meta.k8s.io "" is invalid: fieldValidation: ${body}`, {
      group: 'meta.k8s.io',
      kind: options,
      causes: [cause],
    });
  }
  return value === '' ? 'Warn' : (value as FieldValidation);
}

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Removes from `value` what `schema` does not declare and returns the paths removed, with the
 * walk and path format of apiextensions-apiserver's pruning (schema/pruning/algorithm.go,
 * schema/options.go): `spec.foo`, `spec.brokers[0].foo`. Below
 * `x-kubernetes-preserve-unknown-fields` unknown fields stay (declared ones are still walked);
 * an `x-kubernetes-embedded-resource` (and the resource root) keeps apiVersion, kind, metadata.
 */
export function pruneUnknownFields(
  value: unknown,
  schema: Schema | undefined,
  components: ReadonlyMap<string, Schema>,
  options: { root?: boolean; path?: string } = {},
): string[] {
  const found: string[] = [];
  const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
  // `skip` is the algorithm's skipPrune: below preserve-unknown-fields, unknown keys stay.
  const walk = (x: unknown, raw: Schema | undefined, path: string, embedded: boolean, skip: boolean): void => {
    const s = resolveSchema(raw, components);
    if (s === undefined && skip) return;
    const preserve = skip || s?.['x-kubernetes-preserve-unknown-fields'] === true;
    if (Array.isArray(x)) {
      x.forEach((item, i) => walk(item, s?.items as Schema | undefined, `${path}[${i}]`, false, preserve));
      return;
    }
    if (!isMap(x)) return;
    const properties = (s?.properties ?? {}) as Record<string, Schema>;
    const additional = s?.additionalProperties;
    const embeddedHere = embedded || s?.['x-kubernetes-embedded-resource'] === true;
    for (const key of Object.keys(x)) {
      if (embeddedHere && META_FIELDS.has(key)) continue;
      const property = properties[key] ?? (isMap(additional) ? additional : undefined);
      if (property !== undefined) walk(x[key], property, join(path, key), false, false);
      else if (preserve || additional === true) continue;
      else {
        found.push(join(path, key));
        delete x[key];
      }
    }
  };
  walk(value, schema, options.path ?? '', options.root === true, false);
  return found;
}

/**
 * Decodes a request's object the way the API server does before anything else looks at it:
 * unknown fields are dropped (built-ins: as Go's decoder into the typed struct does; custom
 * resources: pruned by the CRD's structural schema, and their metadata as an ObjectMeta).
 * Returns the paths dropped, in the order the real server reports them.
 */
export function dropUnknownFields(r: ResourceType, object: Json): string[] {
  const components = builtinComponents();
  if (!r.custom) return pruneUnknownFields(object, ref(builtinDefinition(r)), components);
  const metadata = isMap(object.metadata) ? pruneUnknownFields(object.metadata, ref(OBJECT_META), components, { path: 'metadata' }) : [];
  if (r.schema === undefined) return metadata;
  // customresource_handler.go: metadata's unknown fields first, then the pruned paths, sorted.
  return [...metadata, ...pruneUnknownFields(object, r.schema, components, { root: true }).sort()];
}

/** `strict decoding error: unknown field "spec.foo", duplicate field "x"` (apimachinery runtime/error.go). */
export function strictProblems(duplicates: string[], unknown: string[]): string[] {
  return [...duplicates.map((path) => `duplicate field "${path}"`), ...unknown.map((path) => `unknown field "${path}"`)];
}

const strictDecodingError = (problems: string[]): string => `strict decoding error: ${problems.join(', ')}`;

/** Create and update under Strict: the decode error of handlers/rest.go transformDecodeError (400). */
export function strictBodyError(r: ResourceType, problems: string[]): ApiError {
  return badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${strictDecodingError(problems)}`);
}

/**
 * A patch (JSON, merge, strategic) under Strict: handlers/patch.go answers 422 Invalid on the
 * field `patch`, whose value is the patched object (JSON and merge patches) or the patch map as
 * Go prints it (strategic merge).
 */
export function strictPatchError(value: string, problems: string[]): ApiError {
  return patchDecodeError(value, strictDecodingError(problems));
}

/** A patched object the decoder refuses (strict problems, a value of the wrong type): 422 on the field `patch`. */
export function patchDecodeError(value: string, detail: string): ApiError {
  const body = `Invalid value: ${JSON.stringify(value)}: ${detail}`;
  return new ApiError(422, 'Invalid', ` "" is invalid: patch: ${body}`, { causes: [{ reason: 'FieldValueInvalid', message: body, field: 'patch' }] });
}

/** Go's `%+v` of a decoded JSON map: `map[a:1 b:map[c:x]]`, keys sorted. */
export function goMapString(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goMapString).join(' ')}]`;
  if (isMap(value)) {
    return `map[${Object.keys(value)
      .sort()
      .map((k) => `${k}:${goMapString(value[k])}`)
      .join(' ')}]`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The `Warning` header value of one problem (299 with agent "-", apiserver pkg/warning, RFC 7234 quoting). */
export function warningHeader(text: string): string {
  return `299 - "${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
