/** Thrown when bytes do not form a valid message: Kafka answers such requests by closing the connection. */
export class ProtocolDecodeError extends Error {
  readonly code = 'KAFKA_PROTOCOL_DECODE';
}

/** Reads the protocol primitive types (kafka.apache.org/protocol#protocol_types) from a buffer. */
export class Reader {
  #offset = 0;

  constructor(private readonly buffer: Buffer) {}

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.buffer.length - this.#offset;
  }

  #take(bytes: number): number {
    const start = this.#offset;
    if (bytes < 0 || start + bytes > this.buffer.length) {
      throw new ProtocolDecodeError(`needed ${bytes} bytes at offset ${start}, ${this.buffer.length - start} left`);
    }
    this.#offset += bytes;
    return start;
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int8(): number {
    return this.buffer.readInt8(this.#take(1));
  }

  int16(): number {
    return this.buffer.readInt16BE(this.#take(2));
  }

  uint16(): number {
    return this.buffer.readUInt16BE(this.#take(2));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.#take(4));
  }

  int64(): bigint {
    return this.buffer.readBigInt64BE(this.#take(8));
  }

  float64(): number {
    return this.buffer.readDoubleBE(this.#take(8));
  }

  unsignedVarint(): number {
    let value = 0;
    for (let shift = 0; shift <= 28; shift += 7) {
      const byte = this.buffer.readUInt8(this.#take(1));
      value |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value >>> 0;
    }
    throw new ProtocolDecodeError('unsigned varint longer than 5 bytes');
  }

  raw(length: number): Buffer {
    const start = this.#take(length);
    return this.buffer.subarray(start, start + length);
  }

  uuid(): Buffer {
    return Buffer.from(this.raw(16));
  }

  string(compact: boolean): string | null {
    const length = compact ? this.unsignedVarint() - 1 : this.int16();
    if (length < 0) return null;
    return this.raw(length).toString('utf8');
  }

  bytes(compact: boolean): Buffer | null {
    const length = compact ? this.unsignedVarint() - 1 : this.int32();
    if (length < 0) return null;
    return Buffer.from(this.raw(length));
  }

  arrayLength(compact: boolean): number | null {
    const length = compact ? this.unsignedVarint() - 1 : this.int32();
    return length < 0 ? null : length;
  }
}
