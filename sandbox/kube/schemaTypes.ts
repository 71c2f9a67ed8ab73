import type { StatusCause } from './errors.js';

/**
 * The type checks of a custom resource's structural schema, as apiextensions-apiserver runs them
 * (kube-openapi pkg/validation/validate type.go typeValidator, paths as slice_validator.go
 * builds them: `spec.brokers[0].id`), reported as ConvertToFieldErrors does (validation.go):
 * a FieldValueTypeInvalid cause `Invalid value: "string": spec.brokers[0].id in body must be of
 * type integer: "string"`. Nulls are left alone (non-nullable nulls are pruned before
 * validation); `x-kubernetes-int-or-string` takes either; other schema rules are not checked.
 */
type Schema = Record<string, unknown>;
type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The JSON type kube-openapi infers from a decoded value (an integral float counts as an integer where one is expected). */
function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (isMap(value)) return 'object';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return 'string';
}

export function schemaTypeProblems(object: Json, schema: Schema): StatusCause[] {
  const causes: StatusCause[] = [];
  const walk = (value: unknown, s: Schema | undefined, path: string): void => {
    if (s === undefined || value === null || value === undefined) return;
    const expected = typeof s.type === 'string' ? s.type : undefined;
    if (expected !== undefined && s['x-kubernetes-int-or-string'] !== true) {
      const actual = typeOf(value);
      const fits = actual === expected || (expected === 'number' && actual === 'integer');
      if (!fits) {
        const message = `${path} in body must be of type ${expected}: ${JSON.stringify(actual)}`;
        causes.push({ reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: ${JSON.stringify(actual)}: ${message}` });
        return;
      }
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, s.items as Schema | undefined, `${path}[${i}]`));
      return;
    }
    if (!isMap(value)) return;
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    const additional = isMap(s.additionalProperties) ? s.additionalProperties : undefined;
    for (const [key, child] of Object.entries(value)) {
      if (path === '' && (key === 'metadata' || key === 'apiVersion' || key === 'kind')) continue;
      walk(child, properties[key] ?? additional, path === '' ? key : `${path}.${key}`);
    }
  };
  walk(object, schema, '');
  return causes;
}
