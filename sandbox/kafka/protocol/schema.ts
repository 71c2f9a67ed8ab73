/**
 * Message schemas in the shape of Kafka's own message definitions
 * (clients/src/main/resources/common/message/*.json, described in that folder's README.md):
 * the same field names, types and version ranges, so each schema can be compared with the
 * published definition field by field (test/sandbox/kafka/protocol/definitions.test.ts does).
 */

export type PrimitiveType = 'bool' | 'int8' | 'int16' | 'uint16' | 'int32' | 'int64' | 'float64' | 'string' | 'bytes' | 'uuid';

export type FieldType =
  | PrimitiveType
  /** `[]int32`, `[]string`: an array of a primitive. */
  | { readonly arrayOf: PrimitiveType }
  /** `[]SomeStruct`: an array of structs with these fields. */
  | { readonly arrayOfStruct: string; readonly fields: readonly FieldSpec[] }
  /** `SomeStruct`: one nested struct. */
  | { readonly struct: string; readonly fields: readonly FieldSpec[] };

export interface FieldSpec {
  /** Kafka's field name (PascalCase); values use its camelCase form. */
  readonly name: string;
  readonly type: FieldType;
  /** Versions that carry the field: "0+", "3+", "8-10". */
  readonly versions: string;
  readonly nullableVersions?: string;
  /** Versions in which the field travels in the tagged-field section, under `tag`. */
  readonly taggedVersions?: string;
  readonly tag?: number;
  /** The value used when the field is absent in a version or unset, as in the definitions. */
  readonly default?: FieldValue;
  /** Only the request header's ClientId: "none" keeps it a classic string even in flexible versions. */
  readonly flexibleVersions?: 'none';
}

export interface MessageSpec {
  readonly name: string;
  readonly apiKey?: number;
  readonly validVersions: string;
  readonly flexibleVersions: string;
  readonly fields: readonly FieldSpec[];
}

export type FieldValue = boolean | number | bigint | string | null | Buffer | readonly FieldValue[] | StructValue;

export interface StructValue {
  readonly [field: string]: FieldValue | undefined;
}

/** A parsed version range: "none", "3", "3+", "8-10". */
export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

export function parseVersions(text: string): VersionRange | null {
  if (text === 'none') return null;
  const open = /^(\d+)\+$/.exec(text);
  if (open?.[1] !== undefined) return { min: Number(open[1]), max: Number.MAX_SAFE_INTEGER };
  const closed = /^(\d+)-(\d+)$/.exec(text);
  if (closed?.[1] !== undefined && closed[2] !== undefined) return { min: Number(closed[1]), max: Number(closed[2]) };
  if (/^\d+$/.test(text)) return { min: Number(text), max: Number(text) };
  throw new Error(`not a version range: ${text}`);
}

export function inVersions(text: string | undefined, version: number): boolean {
  if (text === undefined) return false;
  const range = parseVersions(text);
  return range !== null && version >= range.min && version <= range.max;
}

/** ThrottleTimeMs -> throttleTimeMs, the property name a field's value has. */
export function propertyName(field: FieldSpec): string {
  return field.name.charAt(0).toLowerCase() + field.name.slice(1);
}
