/**
 * From a zod schema to a CRD `openAPIV3Schema` the API server accepts as *structural*
 * (apiextensions-apiserver pkg/apiserver/schema/validation.go): every node has a `type`, no
 * `$ref`, `additionalProperties` never beside `properties`, quantities as int-or-string, and
 * `x-kubernetes-preserve-unknown-fields: true` on the subtrees we keep as written (the zod
 * `looseObject`s), so the API server does not prune what a user put there.
 */
import { z } from 'zod';
import { INT_OR_STRING } from './kubeTypes.js';
import { QUANTITY_PATTERN } from './quantity.js';

/** apiextensions.k8s.io/v1 JSONSchemaProps, as far as we produce it. */
export interface JSONSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps;
  items?: JSONSchemaProps;
  required?: string[];
  anyOf?: JSONSchemaProps[];
  enum?: unknown[];
  default?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
}

type Json = Record<string, unknown>;

export function toOpenApiSchema(schema: z.ZodType): JSONSchemaProps {
  const raw = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    reused: 'inline',
    cycles: 'throw',
    unrepresentable: 'throw',
  }) as Json;
  delete raw.$schema;
  const result = clean(raw);
  const problems = structuralProblems(result);
  if (problems.length > 0) throw new Error(`not a structural schema:\n${problems.join('\n')}`);
  return result;
}

/** Bounds that only restate the JavaScript or int32 integer range, which say nothing to a user. */
const IMPLICIT_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2147483647, -2147483648]);

function clean(node: Json): JSONSchemaProps {
  if (node[INT_OR_STRING] === true) {
    // The form controller-gen emits for resource.Quantity.
    return sortKeys({
      ...(typeof node.description === 'string' ? { description: node.description } : {}),
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      pattern: QUANTITY_PATTERN,
      [INT_OR_STRING]: true,
    });
  }
  const out: Json = { ...node };
  if (isObject(out.properties)) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([key, child]) => [key, clean(child as Json)]));
  }
  if (isObject(out.items)) out.items = clean(out.items);
  const additional = out.additionalProperties;
  if (additional === false) {
    delete out.additionalProperties;
  } else if (additional === true || (isObject(additional) && Object.keys(additional).length === 0)) {
    delete out.additionalProperties;
    out['x-kubernetes-preserve-unknown-fields'] = true;
  } else if (isObject(additional)) {
    out.additionalProperties = clean(additional);
  }
  if (isObject(out.properties) && Object.keys(out.properties).length === 0) delete out.properties;
  if (Array.isArray(out.required) && out.required.length === 0) delete out.required;
  if (typeof out.minimum === 'number' && IMPLICIT_BOUNDS.has(out.minimum)) delete out.minimum;
  if (typeof out.maximum === 'number' && IMPLICIT_BOUNDS.has(out.maximum)) delete out.maximum;
  return sortKeys(out);
}

/** Keys in alphabetical order, as controller-gen writes them: diffs of the YAML stay small. */
function sortKeys(node: Json): JSONSchemaProps {
  return Object.fromEntries(
    Object.keys(node)
      .sort()
      .map((key) => [key, node[key]]),
  );
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What keeps a schema from being structural, one line per problem with its JSON path. */
export function structuralProblems(schema: JSONSchemaProps, path = '$'): string[] {
  const problems: string[] = [];
  const raw = schema as Json;
  if ('$ref' in raw) problems.push(`${path}: $ref is not allowed`);
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const preserved = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (schema.type === undefined && !intOrString && !preserved) problems.push(`${path}: no type`);
  if (schema.anyOf !== undefined && !intOrString) problems.push(`${path}: anyOf outside int-or-string`);
  if (schema.properties !== undefined && schema.additionalProperties !== undefined) {
    problems.push(`${path}: properties and additionalProperties together`);
  }
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    problems.push(...structuralProblems(child, `${path}.${key}`));
  }
  if (schema.items !== undefined) problems.push(...structuralProblems(schema.items, `${path}[]`));
  if (schema.additionalProperties !== undefined) {
    problems.push(...structuralProblems(schema.additionalProperties, `${path}{}`));
  }
  return problems;
}
