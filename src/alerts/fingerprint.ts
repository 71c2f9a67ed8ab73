/**
 * An alert's identity: the fingerprint Prometheus and Alertmanager compute from its label set,
 * FNV-1a 64 over the labels sorted by name, each name and value followed by the byte 0xff
 * (prometheus/common model/signature.go, labelSetToFingerprint), printed as 16 hex digits.
 * Computing the same value for alerts Prometheus pushes directly (they carry none) makes a
 * retried delivery recognisable whichever way it came.
 */
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
const SEPARATOR = 0xff;

export function labelsFingerprint(labels: Readonly<Record<string, string>>): string {
  let hash = FNV_OFFSET;
  const addByte = (byte: number): void => {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK;
  };
  const encoder = new TextEncoder();
  for (const name of Object.keys(labels).sort()) {
    for (const byte of encoder.encode(name)) addByte(byte);
    addByte(SEPARATOR);
    for (const byte of encoder.encode(labels[name] ?? '')) addByte(byte);
    addByte(SEPARATOR);
  }
  return hash.toString(16).padStart(16, '0');
}
