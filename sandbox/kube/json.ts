/**
 * JSON decoding that, like the API server's strict decoder (sigs.k8s.io/json UnmarshalStrict),
 * notices keys given twice in one object. JSON.parse keeps the last one silently, so the body
 * is read here token by token; each duplicate is reported by its field path (`metadata.name`,
 * `spec.containers[0].name`), the path format of the apiserver's strict decoding errors.
 */
export interface Decoded {
  value: unknown;
  /** Paths of keys that appeared more than once in the same object, in document order. */
  duplicates: string[];
}

export class JsonSyntaxError extends Error {}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function decodeJson(text: string): Decoded {
  const duplicates: string[] = [];
  let at = 0;

  const skip = (): void => {
    while (at < text.length && WHITESPACE.has(text[at] ?? '')) at += 1;
  };
  const fail = (what: string): never => {
    if (at >= text.length) throw new JsonSyntaxError('unexpected end of JSON input');
    throw new JsonSyntaxError(`invalid character '${text[at] ?? ''}' ${what}`);
  };
  const child = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

  const readString = (): string => {
    const start = at;
    at += 1;
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    if (at >= text.length) throw new JsonSyntaxError('unexpected end of JSON input');
    at += 1;
    try {
      return JSON.parse(text.slice(start, at)) as string;
    } catch {
      throw new JsonSyntaxError('invalid character in string literal');
    }
  };

  const readValue = (path: string): unknown => {
    skip();
    const ch = text[at];
    if (ch === '{') {
      at += 1;
      const object: Record<string, unknown> = {};
      const seen = new Set<string>();
      skip();
      if (text[at] === '}') {
        at += 1;
        return object;
      }
      for (;;) {
        skip();
        if (text[at] !== '"') fail('looking for beginning of object key string');
        const key = readString();
        skip();
        if (text[at] !== ':') fail('after object key');
        at += 1;
        const value = readValue(child(path, key));
        if (seen.has(key)) duplicates.push(child(path, key));
        seen.add(key);
        // A key named __proto__ must become an own property, as JSON.parse makes it.
        Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
        skip();
        if (text[at] === ',') {
          at += 1;
          continue;
        }
        if (text[at] === '}') {
          at += 1;
          return object;
        }
        fail('after object key:value pair');
      }
    }
    if (ch === '[') {
      at += 1;
      const array: unknown[] = [];
      skip();
      if (text[at] === ']') {
        at += 1;
        return array;
      }
      for (;;) {
        array.push(readValue(`${path}[${array.length}]`));
        skip();
        if (text[at] === ',') {
          at += 1;
          continue;
        }
        if (text[at] === ']') {
          at += 1;
          return array;
        }
        fail('after array element');
      }
    }
    if (ch === '"') return readString();
    for (const [literal, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(literal, at)) {
        at += literal.length;
        return value;
      }
    }
    NUMBER.lastIndex = at;
    const number = NUMBER.exec(text);
    if (number) {
      at += number[0].length;
      return Number(number[0]);
    }
    return fail('looking for beginning of value');
  };

  const value = readValue('');
  skip();
  if (at < text.length) fail('after top-level value');
  return { value, duplicates };
}
