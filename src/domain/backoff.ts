/**
 * The wait before retry number `attempt` (0 for the first retry): `baseMs` doubled per attempt,
 * at most `maxMs`. One formula for every retry loop, as client-go's exponential backoff.
 */
export function exponentialBackoff(baseMs: number, attempt: number, maxMs = Number.POSITIVE_INFINITY): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
}
