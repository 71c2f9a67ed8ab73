import { ProtocolDecodeError } from './reader.js';

/** Kafka's default socket.request.max.bytes: larger frames make the broker close the connection. */
export const MAX_REQUEST_BYTES = 104_857_600;

/**
 * Splits a TCP byte stream into Kafka frames: each message is an int32 size followed by that
 * many bytes (kafka.apache.org/protocol#protocol_common).
 */
export class FrameReader {
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  /** Adds received bytes; returns the complete frames (without their size prefix). */
  push(chunk: Buffer): Buffer[] {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    const frames: Buffer[] = [];
    let buffer = Buffer.concat(this.#pending, this.#pendingBytes);
    while (buffer.length >= 4) {
      const size = buffer.readInt32BE(0);
      if (size < 0 || size > MAX_REQUEST_BYTES) throw new ProtocolDecodeError(`frame of ${size} bytes`);
      if (buffer.length < 4 + size) break;
      frames.push(buffer.subarray(4, 4 + size));
      buffer = buffer.subarray(4 + size);
    }
    this.#pending = buffer.length > 0 ? [buffer] : [];
    this.#pendingBytes = buffer.length;
    return frames;
  }
}

export function frame(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length, 0);
  return Buffer.concat([size, payload]);
}
