import { isQuantity } from '../../src/k8s/crd/quantity.js';
import type { ResourceType } from './resources.js';
import { modelClass, modelOf } from './schemas.js';

/**
 * The type errors of the API server's JSON decoder for built-in kinds (sigs.k8s.io/json, a
 * case-sensitive fork of encoding/json, decoding into the Go struct): a value of the wrong JSON
 * type gives `json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32`
 * (UnmarshalTypeError: the innermost struct, the field path without indices or map keys, the
 * Go type), and decoding goes on, the first such error winning. A Quantity that does not parse
 * stops decoding at once with the error of resource.ParseQuantity (its UnmarshalJSON). `null`
 * is always accepted (the zero value). Field types come from client-node's models, which carry
 * every field of the official OpenAPI document but type quantities as strings: those are listed.
 */
const QUANTITY_FIELDS = new Set([
  'V1ResourceRequirements.limits',
  'V1ResourceRequirements.requests',
  'V1VolumeResourceRequirements.limits',
  'V1VolumeResourceRequirements.requests',
  'V1PersistentVolumeSpec.capacity',
  'V1PersistentVolumeClaimStatus.capacity',
  'V1PersistentVolumeClaimStatus.allocatedResources',
  'V1NodeStatus.capacity',
  'V1NodeStatus.allocatable',
  'V1PodSpec.overhead',
  'V1ContainerStatus.allocatedResources',
  'V1EmptyDirVolumeSource.sizeLimit',
]);

/** resource.ErrFormatWrong (apimachinery pkg/api/resource/quantity.go). */
const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const INT_RANGES: Record<string, [number, number]> = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };

class QuantityError extends Error {}

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const structName = (model: string): string => model.replace(/^(CoreV1|EventsV1|V1)/, '');

/** How encoding/json names a JSON value in an UnmarshalTypeError. */
const jsonKind = (v: unknown): string =>
  Array.isArray(v) ? 'array' : isMap(v) ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : 'string';

/** The Go type of a client-node attribute type, as reflect.Type.String() prints it. */
function goType(type: string, format: string, quantity: boolean): string {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return `[]${goType(array[1] ?? '', format, false)}`;
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return quantity ? 'v1.ResourceList' : `map[string]${goType(map[1] ?? '', format, false)}`;
  if (quantity) return 'resource.Quantity';
  switch (type) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return format === 'double' ? 'float64' : format || 'int64';
    case 'Date':
      return 'v1.Time';
    case 'V1MicroTime':
      return 'v1.MicroTime';
    case 'IntOrString':
      return 'intstr.IntOrString';
    case 'any':
      return 'runtime.RawExtension';
    default:
      return `v1.${structName(type)}`;
  }
}

/**
 * The decoder's error for a create or update body of a built-in kind, or undefined when every
 * value has the type of its field. Unknown fields are not looked at (they are dropped later).
 */
export function fieldTypeError(r: ResourceType, object: Json): string | undefined {
  if (r.custom) return undefined;
  let first: string | undefined;
  const mismatch = (value: string, struct: string, path: string[], type: string): void => {
    first ??= `json: cannot unmarshal ${value} into Go struct field ${struct}.${path.join('.')} of type ${type}`;
  };

  const check = (value: unknown, type: string, format: string, struct: string, path: string[], quantity: boolean): void => {
    if (value === null || value === undefined) return;
    const array = /^Array<(.+)>$/.exec(type);
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (array) {
      if (!Array.isArray(value)) mismatch(jsonKind(value), struct, path, goType(type, format, quantity));
      else for (const item of value) check(item, array[1] ?? '', format, struct, path, false);
      return;
    }
    if (map) {
      if (!isMap(value)) mismatch(jsonKind(value), struct, path, goType(type, format, quantity));
      else for (const item of Object.values(value)) check(item, map[1] ?? '', format, struct, path, quantity);
      return;
    }
    if (quantity) {
      // Quantity.UnmarshalJSON parses strings and bare numbers alike; anything else fails to parse.
      if (!((typeof value === 'string' || typeof value === 'number') && isQuantity(value))) throw new QuantityError(QUANTITY_FORMAT);
      return;
    }
    switch (type) {
      case 'string':
      case 'Date':
      case 'V1MicroTime':
        // metav1.Time and MicroTime first unmarshal a string (their UnmarshalJSON).
        if (typeof value !== 'string') mismatch(jsonKind(value), struct, path, 'string');
        return;
      case 'boolean':
        if (typeof value !== 'boolean') mismatch(jsonKind(value), struct, path, 'bool');
        return;
      case 'number':
        checkNumber(value, format || 'int64', struct, path);
        return;
      case 'IntOrString':
        // intstr.IntOrString.UnmarshalJSON: a string, else an int32.
        if (typeof value !== 'string') checkNumber(value, 'int32', struct, path);
        return;
      case 'any':
        return;
      default:
        checkModel(value, type, struct, path);
    }
  };

  const checkNumber = (value: unknown, format: string, struct: string, path: string[]): void => {
    const type = format === 'double' ? 'float64' : format;
    if (typeof value !== 'number') return mismatch(jsonKind(value), struct, path, type);
    const range = INT_RANGES[format];
    // strconv.ParseInt refuses fractions and values out of range: "number 1.5".
    if (range && (!Number.isInteger(value) || value < range[0] || value > range[1])) mismatch(`number ${String(value)}`, struct, path, type);
  };

  const checkModel = (value: unknown, model: string, struct: string, path: string[]): void => {
    if (!isMap(value)) return mismatch(jsonKind(value), struct, path, `v1.${structName(model)}`);
    const attributes = new Map((modelClass(model)?.getAttributeTypeMap() ?? []).map((a) => [a.baseName, a]));
    // In document order, as the decoder meets them.
    for (const [key, child] of Object.entries(value)) {
      const attribute = attributes.get(key);
      if (attribute) check(child, attribute.type, attribute.format, structName(model), [...path, key], QUANTITY_FIELDS.has(`${model}.${key}`));
    }
  };

  try {
    checkModel(object, modelOf(r), structName(modelOf(r)), []);
  } catch (err) {
    if (err instanceof QuantityError) return err.message;
    throw err;
  }
  return first;
}
