import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What a mutation just wrote, once the informer cache shows it (read-your-writes for the payload):
 * `read` is asked until `shows` accepts its answer, for at most a few seconds; then the cache's
 * answer as it is, so a slow watch delays the payload but never fails the mutation.
 */
export async function readYourWrite<T>(read: () => T | undefined, shows: (value: T) => boolean = () => true, timeoutMs = 3_000): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if ((value !== undefined && shows(value)) || Date.now() > deadline) return value ?? null;
    await sleep(20);
  }
}
