import { ProtocolDecodeError, Reader } from './reader.js';
import { inVersions, propertyName, type FieldSpec, type FieldType, type FieldValue, type MessageSpec, type PrimitiveType, type StructValue } from './schema.js';
import { Writer } from './writer.js';

/**
 * Encodes and decodes message bodies from a MessageSpec, following the rules Kafka's message
 * generator applies (generator/src/main/java/org/apache/kafka/message/MessageDataGenerator.java):
 * flexible versions use compact strings, arrays and bytes and end every struct with a tagged-field
 * section; a tagged field is written only when it differs from its default; fields outside a
 * version are skipped on write and take their default on read.
 */

export function isFlexible(spec: MessageSpec, version: number): boolean {
  return inVersions(spec.flexibleVersions, version);
}

export function encodeMessage(spec: MessageSpec, version: number, value: StructValue): Buffer {
  const writer = new Writer();
  writeStruct(writer, spec.fields, version, isFlexible(spec, version), value);
  return writer.toBuffer();
}

export function decodeMessage(spec: MessageSpec, version: number, bytes: Buffer): StructValue {
  const reader = new Reader(bytes);
  const value = readStruct(reader, spec.fields, version, isFlexible(spec, version));
  if (reader.remaining !== 0) throw new ProtocolDecodeError(`${reader.remaining} bytes left after ${spec.name} v${version}`);
  return value;
}

export function writeStruct(writer: Writer, fields: readonly FieldSpec[], version: number, flexible: boolean, value: StructValue): void {
  const tagged: Array<{ tag: number; bytes: Buffer }> = [];
  for (const field of fields) {
    if (!inVersions(field.versions, version)) continue;
    const given = value[propertyName(field)];
    const fieldValue = given === undefined ? defaultValue(field) : given;
    if (flexible && inVersions(field.taggedVersions, version)) {
      if (sameValue(fieldValue, defaultValue(field))) continue;
      const inner = new Writer();
      writeField(inner, field, version, true, fieldValue);
      tagged.push({ tag: field.tag ?? 0, bytes: inner.toBuffer() });
      continue;
    }
    writeField(writer, field, version, flexible && field.flexibleVersions !== 'none', fieldValue);
  }
  if (!flexible) return;
  tagged.sort((a, b) => a.tag - b.tag);
  writer.unsignedVarint(tagged.length);
  for (const { tag, bytes } of tagged) writer.unsignedVarint(tag).unsignedVarint(bytes.length).raw(bytes);
}

export function readStruct(reader: Reader, fields: readonly FieldSpec[], version: number, flexible: boolean): StructValue {
  const value: Record<string, FieldValue> = {};
  const byTag = new Map<number, FieldSpec>();
  for (const field of fields) {
    value[propertyName(field)] = defaultValue(field);
    if (!inVersions(field.versions, version)) continue;
    if (flexible && inVersions(field.taggedVersions, version)) {
      byTag.set(field.tag ?? 0, field);
      continue;
    }
    value[propertyName(field)] = readField(reader, field, version, flexible && field.flexibleVersions !== 'none');
  }
  if (!flexible) return value;
  const count = reader.unsignedVarint();
  for (let i = 0; i < count; i += 1) {
    const tag = reader.unsignedVarint();
    const size = reader.unsignedVarint();
    const field = byTag.get(tag);
    const bytes = reader.raw(size);
    // Unknown tags are skipped: that is what makes tagged fields compatible across versions.
    if (field) value[propertyName(field)] = readField(new Reader(bytes), field, version, true);
  }
  return value;
}

function writeField(writer: Writer, field: FieldSpec, version: number, compact: boolean, value: FieldValue): void {
  const nullable = inVersions(field.nullableVersions, version);
  if (value === null && !nullable) throw new TypeError(`${field.name} is not nullable in version ${version}`);
  const type = field.type;
  if (typeof type === 'string') return writePrimitive(writer, type, compact, value, field.name);
  if ('struct' in type) {
    if (value === null) throw new TypeError(`${field.name}: nullable structs are not supported`);
    return writeStruct(writer, type.fields, version, compact, asStruct(value, field.name));
  }
  if (value === null) {
    writer.arrayLength(null, compact);
    return;
  }
  if (!Array.isArray(value)) throw new TypeError(`${field.name} must be an array`);
  const items: readonly FieldValue[] = value;
  writer.arrayLength(items.length, compact);
  for (const item of items) {
    if ('arrayOf' in type) writePrimitive(writer, type.arrayOf, compact, item, field.name);
    else writeStruct(writer, type.fields, version, compact, asStruct(item, field.name));
  }
}

function readField(reader: Reader, field: FieldSpec, version: number, compact: boolean): FieldValue {
  const type = field.type;
  if (typeof type === 'string') return readPrimitive(reader, type, compact);
  if ('struct' in type) return readStruct(reader, type.fields, version, compact);
  const length = reader.arrayLength(compact);
  if (length === null) {
    if (!inVersions(field.nullableVersions, version)) throw new ProtocolDecodeError(`${field.name} is null but not nullable`);
    return null;
  }
  const items: FieldValue[] = [];
  for (let i = 0; i < length; i += 1) {
    items.push('arrayOf' in type ? readPrimitive(reader, type.arrayOf, compact) : readStruct(reader, type.fields, version, compact));
  }
  return items;
}

function writePrimitive(writer: Writer, type: PrimitiveType, compact: boolean, value: FieldValue, name: string): void {
  const fail = (): never => {
    throw new TypeError(`${name} must be a ${type}, got ${typeof value}`);
  };
  switch (type) {
    case 'bool':
      writer.bool(typeof value === 'boolean' ? value : fail());
      return;
    case 'int8':
      writer.int8(typeof value === 'number' ? value : fail());
      return;
    case 'int16':
      writer.int16(typeof value === 'number' ? value : fail());
      return;
    case 'uint16':
      writer.uint16(typeof value === 'number' ? value : fail());
      return;
    case 'int32':
      writer.int32(typeof value === 'number' ? value : fail());
      return;
    case 'int64':
      writer.int64(typeof value === 'bigint' ? value : typeof value === 'number' ? BigInt(value) : fail());
      return;
    case 'float64':
      writer.float64(typeof value === 'number' ? value : fail());
      return;
    case 'string':
      writer.string(typeof value === 'string' || value === null ? value : fail(), compact);
      return;
    case 'bytes':
      writer.bytes(Buffer.isBuffer(value) || value === null ? value : fail(), compact);
      return;
    case 'uuid':
      writer.uuid(Buffer.isBuffer(value) ? value : fail());
      return;
  }
}

function readPrimitive(reader: Reader, type: PrimitiveType, compact: boolean): FieldValue {
  switch (type) {
    case 'bool':
      return reader.bool();
    case 'int8':
      return reader.int8();
    case 'int16':
      return reader.int16();
    case 'uint16':
      return reader.uint16();
    case 'int32':
      return reader.int32();
    case 'int64':
      return reader.int64();
    case 'float64':
      return reader.float64();
    case 'string':
      return reader.string(compact);
    case 'bytes':
      return reader.bytes(compact);
    case 'uuid':
      return reader.uuid();
  }
}

/** The value of an absent or unset field: the definition's default, else the type's zero. */
export function defaultValue(field: FieldSpec): FieldValue {
  if (field.default !== undefined) return field.default;
  return zeroOf(field.type);
}

function zeroOf(type: FieldType): FieldValue {
  if (typeof type !== 'string') return 'struct' in type ? {} : [];
  switch (type) {
    case 'bool':
      return false;
    case 'int64':
      return 0n;
    case 'string':
      return '';
    case 'bytes':
      return Buffer.alloc(0);
    case 'uuid':
      return Buffer.alloc(16);
    default:
      return 0;
  }
}

function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === 0 && b.length === 0;
  return a === b;
}

function asStruct(value: FieldValue, name: string): StructValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value)) {
    throw new TypeError(`${name} must hold structs`);
  }
  return value as StructValue;
}
