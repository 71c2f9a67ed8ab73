import { readFileSync } from 'node:fs';

/**
 * A second, independent reading of the Kafka protocol, driven by Kafka's own message definitions
 * (messages/*.json): it encodes requests and decodes responses straight from the JSON, so the
 * simulator's hand-written schemas and codec are checked against the published format.
 */

export interface JsonField {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  flexibleVersions?: string;
  default?: string | number | boolean;
  fields?: JsonField[];
}

export interface JsonMessage {
  name: string;
  apiKey?: number;
  validVersions: string;
  flexibleVersions: string;
  fields: JsonField[];
  commonStructs?: Array<{ name: string; versions: string; fields: JsonField[] }>;
}

export type Json = null | boolean | number | bigint | string | Buffer | Json[] | { [name: string]: Json };

export function loadDefinition(name: string): JsonMessage {
  return JSON.parse(readFileSync(new URL(`./messages/${name}.json`, import.meta.url), 'utf8')) as JsonMessage;
}

export function versionIn(range: string | undefined, version: number): boolean {
  if (range === undefined || range === 'none') return false;
  const plus = /^(\d+)\+$/.exec(range);
  if (plus) return version >= Number(plus[1]);
  const span = /^(\d+)-(\d+)$/.exec(range);
  if (span) return version >= Number(span[1]) && version <= Number(span[2]);
  return version === Number(range);
}

export function validVersionList(message: JsonMessage): number[] {
  const [low, high] = message.validVersions.split('-').map(Number);
  const out: number[] = [];
  for (let v = low ?? 0; v <= (high ?? low ?? 0); v += 1) out.push(v);
  return out;
}

const primitiveSizes: Record<string, number> = { bool: 1, int8: 1, int16: 2, uint16: 2, int32: 4, int64: 8, float64: 8, uuid: 16 };

function structFields(message: JsonMessage, field: JsonField): JsonField[] {
  const typeName = field.type.replace(/^\[\]/, '');
  return field.fields ?? message.commonStructs?.find((s) => s.name === typeName)?.fields ?? [];
}

function isPrimitive(type: string): boolean {
  return type in primitiveSizes || type === 'string' || type === 'bytes';
}

/** The value a field has when absent, from its "default" (Kafka writes it as a string). */
export function jsonDefault(field: JsonField): Json {
  const d = field.default;
  if (field.type.startsWith('[]')) return [];
  if (d === 'null') return null;
  if (field.type === 'bool') return d === true || d === 'true';
  if (field.type === 'int64') return BigInt(d ?? 0);
  if (field.type === 'string') return d === undefined ? '' : String(d);
  if (field.type === 'uuid') return Buffer.alloc(16);
  if (field.type === 'bytes') return Buffer.alloc(0);
  if (isPrimitive(field.type)) return Number(d ?? 0);
  return {};
}

class Cursor {
  offset = 0;
  constructor(readonly buffer: Buffer) {}
  take(n: number): Buffer {
    if (this.offset + n > this.buffer.length) throw new Error(`read past the end at ${this.offset} (+${n}) of ${this.buffer.length}`);
    const out = this.buffer.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.take(1)[0] ?? 0;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let rest = n;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

export function decode(message: JsonMessage, version: number, buffer: Buffer): { value: Record<string, Json>; left: number } {
  const cursor = new Cursor(buffer);
  const value = decodeStruct(message, message.fields, version, versionIn(message.flexibleVersions, version), cursor);
  return { value, left: buffer.length - cursor.offset };
}

function decodeStruct(message: JsonMessage, fields: JsonField[], version: number, flexible: boolean, cursor: Cursor): Record<string, Json> {
  const out: Record<string, Json> = {};
  const tagged = new Map<number, JsonField>();
  for (const field of fields) {
    if (!versionIn(field.versions, version)) continue;
    if (flexible && versionIn(field.taggedVersions, version)) {
      tagged.set(field.tag ?? -1, field);
      out[field.name] = jsonDefault(field);
      continue;
    }
    out[field.name] = decodeField(message, field, version, flexible && field.flexibleVersions !== 'none', cursor);
  }
  if (flexible) {
    const count = cursor.varint();
    for (let i = 0; i < count; i += 1) {
      const tag = cursor.varint();
      const size = cursor.varint();
      const body = new Cursor(Buffer.from(cursor.take(size)));
      const field = tagged.get(tag);
      if (field) out[field.name] = decodeField(message, field, version, true, body);
    }
  }
  return out;
}

function decodeField(message: JsonMessage, field: JsonField, version: number, compact: boolean, cursor: Cursor): Json {
  const nullable = versionIn(field.nullableVersions, version);
  if (field.type.startsWith('[]')) {
    const n = compact ? cursor.varint() - 1 : cursor.take(4).readInt32BE(0);
    if (n < 0) {
      if (!nullable) throw new Error(`${field.name}: null array in a non-nullable field`);
      return null;
    }
    const inner = field.type.slice(2);
    const items: Json[] = [];
    for (let i = 0; i < n; i += 1) {
      items.push(
        isPrimitive(inner)
          ? decodePrimitive(inner, compact, cursor, nullable, field.name)
          : decodeStruct(message, structFields(message, field), version, compact, cursor),
      );
    }
    return items;
  }
  if (isPrimitive(field.type)) return decodePrimitive(field.type, compact, cursor, nullable, field.name);
  return decodeStruct(message, structFields(message, field), version, compact, cursor);
}

function decodePrimitive(type: string, compact: boolean, cursor: Cursor, nullable: boolean, name: string): Json {
  switch (type) {
    case 'bool': {
      const b = cursor.take(1)[0];
      if (b !== 0 && b !== 1) throw new Error(`${name}: boolean byte ${b}`);
      return b === 1;
    }
    case 'int8':
      return cursor.take(1).readInt8(0);
    case 'int16':
      return cursor.take(2).readInt16BE(0);
    case 'uint16':
      return cursor.take(2).readUInt16BE(0);
    case 'int32':
      return cursor.take(4).readInt32BE(0);
    case 'int64':
      return cursor.take(8).readBigInt64BE(0);
    case 'float64':
      return cursor.take(8).readDoubleBE(0);
    case 'uuid':
      return Buffer.from(cursor.take(16));
    case 'string':
    case 'bytes': {
      const n = compact ? cursor.varint() - 1 : type === 'string' ? cursor.take(2).readInt16BE(0) : cursor.take(4).readInt32BE(0);
      if (n < 0) {
        if (!nullable) throw new Error(`${name}: null in a non-nullable field`);
        return null;
      }
      const bytes = Buffer.from(cursor.take(n));
      return type === 'string' ? bytes.toString('utf8') : bytes;
    }
    default:
      throw new Error(`unknown type ${type}`);
  }
}

export function encode(message: JsonMessage, version: number, value: Record<string, Json>): Buffer {
  return encodeStruct(message, message.fields, version, versionIn(message.flexibleVersions, version), value);
}

function encodeStruct(message: JsonMessage, fields: JsonField[], version: number, flexible: boolean, value: Record<string, Json>): Buffer {
  const parts: Buffer[] = [];
  const tagged: Buffer[] = [];
  for (const field of fields) {
    if (!versionIn(field.versions, version)) continue;
    const v = field.name in value ? (value[field.name] ?? null) : jsonDefault(field);
    if (flexible && versionIn(field.taggedVersions, version)) {
      const body = encodeField(message, field, version, true, v);
      tagged.push(Buffer.concat([varint(field.tag ?? 0), varint(body.length), body]));
      continue;
    }
    parts.push(encodeField(message, field, version, flexible && field.flexibleVersions !== 'none', v));
  }
  if (flexible) parts.push(varint(tagged.length), ...tagged);
  return Buffer.concat(parts);
}

function encodeField(message: JsonMessage, field: JsonField, version: number, compact: boolean, value: Json): Buffer {
  if (field.type.startsWith('[]')) {
    if (value === null) return compact ? varint(0) : int32(-1);
    if (!Array.isArray(value)) throw new Error(`${field.name} needs an array`);
    const inner = field.type.slice(2);
    const items = value.map((item) =>
      isPrimitive(inner)
        ? encodePrimitive(inner, compact, item)
        : encodeStruct(message, structFields(message, field), version, compact, item as Record<string, Json>),
    );
    return Buffer.concat([compact ? varint(value.length + 1) : int32(value.length), ...items]);
  }
  if (isPrimitive(field.type)) return encodePrimitive(field.type, compact, value);
  return encodeStruct(message, structFields(message, field), version, compact, value as Record<string, Json>);
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n, 0);
  return b;
}

function encodePrimitive(type: string, compact: boolean, value: Json): Buffer {
  const b = Buffer.alloc(primitiveSizes[type] ?? 0);
  switch (type) {
    case 'bool':
      b.writeUInt8(value === true ? 1 : 0, 0);
      return b;
    case 'int8':
      b.writeInt8(Number(value), 0);
      return b;
    case 'int16':
      b.writeInt16BE(Number(value), 0);
      return b;
    case 'uint16':
      b.writeUInt16BE(Number(value), 0);
      return b;
    case 'int32':
      b.writeInt32BE(Number(value), 0);
      return b;
    case 'int64':
      b.writeBigInt64BE(BigInt(value as bigint), 0);
      return b;
    case 'float64':
      b.writeDoubleBE(Number(value), 0);
      return b;
    case 'uuid':
      return Buffer.isBuffer(value) ? value : Buffer.alloc(16);
    default: {
      if (value === null) return compact ? varint(0) : type === 'string' ? Buffer.from([0xff, 0xff]) : int32(-1);
      const bytes = Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
      const length = compact ? varint(bytes.length + 1) : type === 'string' ? Buffer.from([bytes.length >> 8, bytes.length & 0xff]) : int32(bytes.length);
      return Buffer.concat([length, bytes]);
    }
  }
}
