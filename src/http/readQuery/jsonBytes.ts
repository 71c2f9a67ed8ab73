/** A string JSON.stringify writes as it is between its quotes: printable ASCII but a quote and a backslash. */
const NOT_PLAIN = /[^\u0020\u0021\u0023-\u005b\u005d-\u007f]/;

/** Up to this length, text is copied byte by byte; longer text goes through Buffer's write. */
const SHORT = 32;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The bytes of an answer's JSON text, as the read path writes them: UTF-8, the same bytes as
 * `Buffer.from(JSON.stringify(data))`. Written straight into one growing buffer, an answer of
 * 3 MB costs no string to build, flatten and encode afterwards, and leaves no garbage behind
 * but the buffer itself (docs/benchmarks.md).
 */
export class JsonBytes {
  #bytes: Buffer;
  #length = 0;

  /** `capacity`: the bytes expected (the last answer's size); the buffer grows past it as needed. */
  constructor(capacity: number) {
    this.#bytes = Buffer.allocUnsafe(Math.max(64, capacity));
  }

  /** Text that is ASCII: punctuation, keys, numbers, `true`, `null`, an enum value's quoted name. */
  ascii(text: string): void {
    const n = text.length;
    if (this.#length + n > this.#bytes.length) this.#grow(n);
    if (n > SHORT) {
      this.#length += this.#bytes.write(text, this.#length, 'latin1');
      return;
    }
    // Short text is copied here: a call into Buffer's native write costs more than the copy.
    const bytes = this.#bytes;
    let at = this.#length;
    for (let i = 0; i < n; i += 1) bytes[at++] = text.charCodeAt(i);
    this.#length = at;
  }

  /** A string value, quoted and escaped as `JSON.stringify` does. */
  string(value: string): void {
    const n = value.length;
    if (n > SHORT) {
      if (NOT_PLAIN.test(value)) {
        this.json(JSON.stringify(value));
        return;
      }
      if (this.#length + n + 2 > this.#bytes.length) this.#grow(n + 2);
      this.#bytes[this.#length] = QUOTE;
      this.#length += this.#bytes.write(value, this.#length + 1, 'latin1') + 2;
      this.#bytes[this.#length - 1] = QUOTE;
      return;
    }
    if (this.#length + n + 2 > this.#bytes.length) this.#grow(n + 2);
    const bytes = this.#bytes;
    let at = this.#length;
    bytes[at++] = QUOTE;
    for (let i = 0; i < n; i += 1) {
      const c = value.charCodeAt(i);
      // Not plain (see NOT_PLAIN): what was copied is left behind, and the escaped text written over it.
      if (c < 0x20 || c === QUOTE || c === BACKSLASH || c > 0x7f) {
        this.json(JSON.stringify(value));
        return;
      }
      bytes[at++] = c;
    }
    bytes[at++] = QUOTE;
    this.#length = at;
  }

  /** JSON text with any characters in it (a custom scalar's, an escaped string): written as UTF-8. */
  json(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8 (a pair of them, 4).
    if (this.#length + text.length * 3 > this.#bytes.length) this.#grow(text.length * 3);
    this.#length += this.#bytes.write(text, this.#length, 'utf8');
  }

  /** The bytes written so far (a view of the buffer, not a copy). */
  written(): Buffer {
    return this.#bytes.subarray(0, this.#length);
  }

  get length(): number {
    return this.#length;
  }

  #grow(needed: number): void {
    let capacity = this.#bytes.length * 2;
    while (capacity < this.#length + needed) capacity *= 2;
    const bytes = Buffer.allocUnsafe(capacity);
    this.#bytes.copy(bytes, 0, 0, this.#length);
    this.#bytes = bytes;
  }
}
