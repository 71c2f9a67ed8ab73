/**
 * Kubernetes resource quantities ("10Gi", "1500m", "1e3"), parsed and printed exactly as
 * apimachinery's resource.Quantity does (pkg/api/resource/quantity.go, suffix.go, amount.go).
 *
 * The API server re-emits the quantities of built-in objects (a PVC's storage request, a
 * container's resources) in canonical form, so anything that compares what it wanted with
 * what it reads back must compare values, never strings: `1024Mi` comes back as `1Gi`.
 */

export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/** An exact value: `unscaled × 10^scale`, with no trailing zeros in `unscaled` (0 has scale 0). */
export interface Quantity {
  readonly unscaled: bigint;
  readonly scale: number;
  /** The suffix family the value was written in; it is kept when printing. */
  readonly format: QuantityFormat;
  /** Set when apimachinery would echo the input string unchanged (its fast path). */
  readonly verbatim?: string;
}

export class QuantityError extends Error {
  readonly code = 'InvalidQuantity';
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`"${input}" is not a Kubernetes quantity: ${reason}`);
  }
}

/** The pattern the API server's OpenAPI schema uses for quantities (controller-gen emits it for resource.Quantity). */
export const QUANTITY_PATTERN = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

const NANO = -9;
/** quantity.go: maxInt64Factors, the decimal digits that surely fit an int64. */
const MAX_INT64_FACTORS = 18;
const MAX_INT64 = (1n << 63n) - 1n;

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_LETTERS = 'eEinumkKMGTP';

interface Scanned {
  positive: boolean;
  /** Integer digits without leading zeros ("0" when there are none). */
  num: string;
  /** Fraction digits, possibly empty. */
  denom: string;
  suffix: string;
}

/** quantity.go parseQuantityString: number, then a suffix of letters, an optional sign and digits. */
function scan(input: string): Scanned {
  let pos = 0;
  let positive = true;
  if (input[0] === '-' || input[0] === '+') {
    positive = input[0] === '+';
    pos++;
  }
  while (pos < input.length && input[pos] === '0') pos++;
  const numStart = pos;
  while (pos < input.length && isDigit(input[pos])) pos++;
  const num = input.slice(numStart, pos) || '0';
  let denom = '';
  if (input[pos] === '.') {
    const denomStart = ++pos;
    while (pos < input.length && isDigit(input[pos])) pos++;
    denom = input.slice(denomStart, pos);
  }
  const suffixStart = pos;
  while (pos < input.length && SUFFIX_LETTERS.includes(input[pos] ?? '')) pos++;
  if (input[pos] === '-' || input[pos] === '+') pos++;
  while (pos < input.length && isDigit(input[pos])) pos++;
  if (pos < input.length) throw new QuantityError(input, `unexpected "${input[pos] ?? ''}"`);
  return { positive, num, denom, suffix: input.slice(suffixStart) };
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** suffix.go interpret: the SI tables first, then `e<int>`/`E<int>` (the exponent is kept as an int32). */
function interpretSuffix(input: string, suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined) return { base: 2, exponent: binary, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const parsed = BigInt(suffix.slice(1));
    if (parsed <= MAX_INT64 && parsed >= -MAX_INT64 - 1n) {
      return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
    }
  }
  throw new QuantityError(input, `unknown suffix "${suffix}"`);
}

/** Parses a quantity as the API server does; numbers are read as their decimal text. */
export function parseQuantity(value: string | number): Quantity {
  const input = typeof value === 'number' ? numberText(value) : value.trim();
  if (input === '') throw new QuantityError(input, 'it is empty');
  const { positive, num, denom, suffix } = scan(input);
  const { base, exponent, format } = interpretSuffix(input, suffix);
  const digits = BigInt(num + denom);
  const signed = positive ? digits : -digits;

  if (base === 10) {
    const scale = exponent - denom.length;
    if (scale >= NANO && MAX_INT64_FACTORS - num.length - denom.length >= 0) {
      // quantity.go fast path: the input string is kept when it is already canonical.
      const shifted = num + denom;
      const keep = scale % 3 === 0 && !shifted.endsWith('000') && !shifted.startsWith('0');
      return make(signed, scale, format, keep ? input : undefined);
    }
    return scale >= NANO ? make(signed, scale, format) : make(roundUpToNano(signed, scale), NANO, format);
  }

  // Binary suffixes: value = digits / 10^len(denom) × 2^exponent.
  const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
  if (denom === '' && precision >= 0 && digits << BigInt(exponent) <= MAX_INT64) {
    const keep = (digits & 7n) !== 0n;
    return make(signed << BigInt(exponent), 0, format, keep ? input : undefined);
  }
  let nanos = roundUpToNano(signed << BigInt(exponent), -denom.length);
  // quantity.go: a binary quantity is capped at 2^63-1; between 0 and 1 it is printed as decimal.
  const cap = MAX_INT64 * 10n ** 9n;
  if (nanos > cap) nanos = cap;
  if (nanos < -cap) nanos = -cap;
  const magnitude = nanos < 0n ? -nanos : nanos;
  return make(nanos, NANO, magnitude > 0n && magnitude < 10n ** 9n ? 'DecimalSI' : format);
}

/** `unscaled × 10^scale` in whole nanos, a finer non-zero remainder rounded away from zero (quantity.go, inf.RoundUp). */
function roundUpToNano(unscaled: bigint, scale: number): bigint {
  if (scale >= NANO) return unscaled * 10n ** BigInt(scale - NANO);
  const places = NANO - scale;
  if (unscaled === 0n) return 0n;
  // Far below a nano (1e-1000000000): skip building the divisor, the answer is one nano.
  if (places > unscaled.toString().length) return unscaled < 0n ? -1n : 1n;
  const divisor = 10n ** BigInt(places);
  const quotient = unscaled / divisor;
  if (unscaled % divisor === 0n) return quotient;
  return unscaled < 0n ? quotient - 1n : quotient + 1n;
}

function make(unscaled: bigint, scale: number, format: QuantityFormat, verbatim?: string): Quantity {
  const kept = verbatim === undefined ? {} : { verbatim };
  if (unscaled === 0n) return { unscaled: 0n, scale: 0, format, ...kept };
  let u = unscaled;
  let s = scale;
  while (u % 10n === 0n) {
    u /= 10n;
    s++;
  }
  return { unscaled: u, scale: s, format, ...kept };
}

/** JSON numbers in YAML/JSON manifests: integers as digits, others in exponent form that the parser reads. */
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new QuantityError(String(value), 'it is not a finite number');
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? BigInt(value).toString() : value.toString();
}

/** `-1`, `0` or `1` as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const sa = sign(a.unscaled);
  const sb = sign(b.unscaled);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  // Orders of magnitude first, so that 1e100000 and 1 compare without building 10^100000.
  const ma = a.unscaled.toString().replace('-', '').length + a.scale;
  const mb = b.unscaled.toString().replace('-', '').length + b.scale;
  if (ma !== mb) {
    const smallerMagnitude = ma < mb;
    return smallerMagnitude === sa > 0 ? -1 : 1;
  }
  const low = Math.min(a.scale, b.scale);
  const x = a.unscaled * 10n ** BigInt(a.scale - low);
  const y = b.unscaled * 10n ** BigInt(b.scale - low);
  return x === y ? 0 : x < y ? -1 : 1;
}

function sign(v: bigint): -1 | 0 | 1 {
  return v === 0n ? 0 : v < 0n ? -1 : 1;
}

/**
 * `a + b`, exact, in `a`'s suffix family (b's when `a` is zero), as apimachinery's
 * Quantity.Add keeps the receiver's format (quantity.go, Add).
 */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const low = Math.min(a.scale, b.scale);
  const sum = a.unscaled * 10n ** BigInt(a.scale - low) + b.unscaled * 10n ** BigInt(b.scale - low);
  return make(sum, low, a.unscaled === 0n ? b.format : a.format);
}

/** The string the API server writes back for this quantity (quantity.go CanonicalizeBytes, MarshalJSON). */
export function formatQuantity(q: Quantity): string {
  if (q.verbatim !== undefined) return q.verbatim;
  if (q.unscaled === 0n) return '0';
  if (q.format === 'BinarySI' && q.scale >= 0) {
    const whole = q.unscaled * 10n ** BigInt(q.scale);
    const magnitude = whole < 0n ? -whole : whole;
    if (magnitude >= 1024n) {
      let mantissa = whole;
      let power = 0;
      while (power < 6 && mantissa % 1024n === 0n && (mantissa < 0n ? -mantissa : mantissa) >= 1024n) {
        mantissa /= 1024n;
        power++;
      }
      return `${mantissa}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][power] ?? ''}`;
    }
  }
  // Decimal: the exponent is the largest multiple of 3 that leaves an integer mantissa.
  const exponent = Math.floor(q.scale / 3) * 3;
  const mantissa = q.unscaled * 10n ** BigInt(q.scale - exponent);
  const siSuffix = Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exponent)?.[0];
  if (q.format !== 'DecimalExponent' && siSuffix !== undefined) return `${mantissa}${siSuffix}`;
  return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
}

/** Parses and prints back: what a quantity written by us reads as from the API server. */
export function canonicalQuantity(value: string | number): string {
  return formatQuantity(parseQuantity(value));
}

/** True when the text is a quantity the API server accepts. */
export function isQuantity(value: string | number): boolean {
  try {
    parseQuantity(value);
    return true;
  } catch {
    return false;
  }
}
