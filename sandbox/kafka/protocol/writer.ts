/**
 * Kafka protocol primitive types, written big-endian into a growing buffer.
 * Names follow the protocol guide's "Protocol Primitive Types" (kafka.apache.org/protocol#protocol_types).
 */
export class Writer {
  #buffer = Buffer.alloc(256);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.#buffer.subarray(0, this.#length));
  }

  /** Makes room for `bytes` more bytes and returns where they start; may replace the buffer, so read it after. */
  #reserve(bytes: number): number {
    const start = this.#length;
    if (start + bytes > this.#buffer.length) {
      const grown = Buffer.alloc(Math.max(this.#buffer.length * 2, start + bytes));
      this.#buffer.copy(grown, 0, 0, start);
      this.#buffer = grown;
    }
    this.#length += bytes;
    return start;
  }

  bool(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  int8(value: number): this {
    const at = this.#reserve(1);
    this.#buffer.writeInt8(value, at);
    return this;
  }

  int16(value: number): this {
    const at = this.#reserve(2);
    this.#buffer.writeInt16BE(value, at);
    return this;
  }

  uint16(value: number): this {
    const at = this.#reserve(2);
    this.#buffer.writeUInt16BE(value, at);
    return this;
  }

  int32(value: number): this {
    const at = this.#reserve(4);
    this.#buffer.writeInt32BE(value, at);
    return this;
  }

  int64(value: bigint): this {
    const at = this.#reserve(8);
    this.#buffer.writeBigInt64BE(value, at);
    return this;
  }

  float64(value: number): this {
    const at = this.#reserve(8);
    this.#buffer.writeDoubleBE(value, at);
    return this;
  }

  /** UNSIGNED_VARINT: 7 bits a byte, low bits first, high bit set on all but the last byte. */
  unsignedVarint(value: number): this {
    let rest = value >>> 0;
    while (rest > 0x7f) {
      this.#byte((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    return this.#byte(rest);
  }

  #byte(byte: number): this {
    const at = this.#reserve(1);
    this.#buffer[at] = byte;
    return this;
  }

  raw(bytes: Buffer): this {
    const at = this.#reserve(bytes.length);
    bytes.copy(this.#buffer, at);
    return this;
  }

  /** UUID: 16 bytes; the text form is Kafka's URL-safe base64 (Uuid.toString) or hex with dashes. */
  uuid(bytes: Buffer): this {
    if (bytes.length !== 16) throw new RangeError(`a UUID has 16 bytes, not ${bytes.length}`);
    return this.raw(bytes);
  }

  /** STRING / NULLABLE_STRING (int16 length, -1 for null) or their COMPACT_ forms (length+1 as unsigned varint, 0 for null). */
  string(value: string | null, compact: boolean): this {
    if (value === null) return compact ? this.unsignedVarint(0) : this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    if (compact) this.unsignedVarint(bytes.length + 1);
    else this.int16(bytes.length);
    return this.raw(bytes);
  }

  /** BYTES / NULLABLE_BYTES and COMPACT_ forms: as strings, with an int32 length when not compact. */
  bytes(value: Buffer | null, compact: boolean): this {
    if (value === null) return compact ? this.unsignedVarint(0) : this.int32(-1);
    if (compact) this.unsignedVarint(value.length + 1);
    else this.int32(value.length);
    return this.raw(value);
  }

  /** ARRAY / COMPACT_ARRAY length prefix: int32 (-1 null) or unsigned varint of length+1 (0 null). */
  arrayLength(length: number | null, compact: boolean): this {
    if (length === null) return compact ? this.unsignedVarint(0) : this.int32(-1);
    return compact ? this.unsignedVarint(length + 1) : this.int32(length);
  }
}
