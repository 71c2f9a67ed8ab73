import { badParameter } from './errors.js';

/**
 * Query parameters as Cruise Control parses them (ParameterUtils.java): names case-insensitive,
 * booleans true only for "true" (Boolean.parseBoolean), integers without trimming, lists split
 * at commas.
 */
export class Parameters {
  /** Lower-cased name to value; the first of repeated names wins, as servlet getParameter does. */
  readonly #values = new Map<string, string>();
  /** The names and values as sent, for RequestURL and for matching re-polls. */
  readonly raw: ReadonlyArray<readonly [string, string]>;

  constructor(search: URLSearchParams) {
    const raw: Array<[string, string]> = [];
    for (const [name, value] of search) {
      raw.push([name, value]);
      if (!this.#values.has(name.toLowerCase())) this.#values.set(name.toLowerCase(), value);
    }
    this.raw = raw;
  }

  names(): string[] {
    return [...this.#values.keys()];
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  string(name: string): string | undefined {
    return this.#values.get(name);
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.#values.get(name);
    return value === undefined ? fallback : value.toLowerCase() === 'true';
  }

  int(name: string): number | undefined {
    const value = this.#values.get(name);
    return value === undefined ? undefined : parseJavaInt(value);
  }

  long(name: string): number | undefined {
    const value = this.#values.get(name);
    if (value === undefined) return undefined;
    if (!/^[-+]?\d+$/.test(value)) throw badParameter(`For input string: "${value}"`);
    return Number(value);
  }

  /** A comma list; each item URL-decoded once more (ParameterUtils decodes lists twice). */
  list(name: string): string[] | undefined {
    const value = this.#values.get(name);
    if (value === undefined) return undefined;
    if (value === '') return [];
    return value.split(',').map((item) => {
      try {
        return decodeURIComponent(item);
      } catch {
        return item;
      }
    });
  }

  intList(name: string): number[] | undefined {
    return this.list(name)?.map(parseJavaInt);
  }

  /** A positive concurrency, or undefined when absent (then the config default applies). */
  concurrency(name: string): number | undefined {
    const value = this.int(name);
    if (value !== undefined && value <= 0) throw badParameter(`The requested movement concurrency must be positive (Requested: ${value}).`);
    return value;
  }

  /** A Java regex parameter; an invalid pattern is a 400. */
  regex(name: string): RegExp | undefined {
    const value = this.#values.get(name);
    if (value === undefined || value === '') return undefined;
    try {
      return new RegExp(`^(?:${value})$`);
    } catch (error) {
      throw badParameter(error instanceof Error ? error.message : String(error));
    }
  }
}

/** Integer.parseInt: digits with an optional sign, no spaces. */
function parseJavaInt(value: string): number {
  if (!/^[-+]?\d+$/.test(value)) throw badParameter(`For input string: "${value}"`);
  const n = Number(value);
  if (n > 2147483647 || n < -2147483648) throw badParameter(`For input string: "${value}"`);
  return n;
}
