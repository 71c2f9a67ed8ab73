import { setTimeout as delay } from 'node:timers/promises';
import { isNetworkError, kafkaErrorOf } from './errors.js';
import { exponentialBackoff } from '../domain/backoff.js';

export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly retries: number;
  /** Wait before the first retry; doubles on each further one. */
  readonly backoffMs: number;
}

/**
 * Whether an attempt may be repeated: only what Kafka classifies as retriable (a
 * RetriableException error code such as NOT_CONTROLLER or REQUEST_TIMED_OUT, or a lost
 * connection). INVALID_CONFIG, INVALID_REQUEST and the like fail at once: repeating them
 * cannot succeed.
 */
export function isRetriable(error: unknown): boolean {
  const kafka = kafkaErrorOf(error);
  if (kafka) return kafka.retriable;
  return isNetworkError(error);
}

export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy, signal: AbortSignal): Promise<T> {
  for (let n = 0; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= policy.retries || !isRetriable(error) || signal.aborted) throw error;
      await delay(exponentialBackoff(policy.backoffMs, n), undefined, { signal });
    }
  }
}
