import { ProtocolDecodeError } from './reader.js';
import type { FieldValue, StructValue } from './schema.js';

/** Typed reads of a decoded struct's fields; the codec already enforced the wire types. */
function field(struct: StructValue, name: string): FieldValue | undefined {
  return struct[name];
}

function mismatch(name: string, expected: string): never {
  throw new ProtocolDecodeError(`field ${name} is not a ${expected}`);
}

export function num(struct: StructValue, name: string): number {
  const value = field(struct, name);
  return typeof value === 'number' ? value : mismatch(name, 'number');
}

export function bool(struct: StructValue, name: string): boolean {
  const value = field(struct, name);
  return typeof value === 'boolean' ? value : mismatch(name, 'boolean');
}

export function str(struct: StructValue, name: string): string {
  const value = field(struct, name);
  return typeof value === 'string' ? value : mismatch(name, 'string');
}

export function nullableStr(struct: StructValue, name: string): string | null {
  const value = field(struct, name);
  return value === null || typeof value === 'string' ? value : mismatch(name, 'string or null');
}

function list(struct: StructValue, name: string): readonly FieldValue[] | null {
  const value = field(struct, name);
  if (value === null) return null;
  return Array.isArray(value) ? (value as readonly FieldValue[]) : mismatch(name, 'array');
}

export function structs(struct: StructValue, name: string): readonly StructValue[] | null {
  const items = list(struct, name);
  if (items === null) return null;
  return items.map((item) =>
    item !== null && typeof item === 'object' && !Array.isArray(item) && !Buffer.isBuffer(item) ? (item as StructValue) : mismatch(name, 'struct array'),
  );
}

export function numbers(struct: StructValue, name: string): readonly number[] | null {
  const items = list(struct, name);
  if (items === null) return null;
  return items.map((item) => (typeof item === 'number' ? item : mismatch(name, 'number array')));
}

export function strings(struct: StructValue, name: string): readonly string[] | null {
  const items = list(struct, name);
  if (items === null) return null;
  return items.map((item) => (typeof item === 'string' ? item : mismatch(name, 'string array')));
}

export function uuid(struct: StructValue, name: string): Buffer {
  const value = field(struct, name);
  return Buffer.isBuffer(value) ? value : mismatch(name, 'uuid');
}
