import { parseQuantity } from '../k8s/crd/quantity.js';

/** A storage quantity ("100Gi") in bytes; null when absent or not a quantity. */
export function quantityBytes(value: string | number | undefined): number | null {
  if (value === undefined) return null;
  try {
    const q = parseQuantity(value);
    return Number(q.unscaled) * 10 ** q.scale;
  } catch {
    return null;
  }
}

/** A quantity as text, as Kubernetes objects may hold numbers too. */
export function quantityText(value: string | number | undefined): string | null {
  return value === undefined ? null : String(value);
}
