/** What a read-your-write needs: the read model's change notifications, and the request's signal. */
export interface WriteReader {
  readModel: { watch(listener: () => void): () => void };
  /** Aborted when the client goes away: the wait ends with what the cache shows. */
  signal: AbortSignal;
}

/**
 * What a mutation just wrote, once the informer cache shows it (read-your-writes for the payload):
 * `read` is asked again on each change the cache reports until `shows` accepts its answer, for at
 * most a few seconds; then the cache's answer as it is, so a slow watch delays the payload but
 * never fails the mutation.
 */
export function readYourWrite<T>(
  reader: WriteReader,
  read: () => T | undefined,
  shows: (value: T) => boolean = () => true,
  timeoutMs = 3_000,
): Promise<T | null> {
  const shown = (value: T | undefined): boolean => value !== undefined && shows(value);
  const first = read();
  if (shown(first) || reader.signal.aborted) return Promise.resolve(first ?? null);
  return new Promise((resolve, reject) => {
    let last = first;
    const settle = (outcome: { value: T | undefined } | { error: Error }): void => {
      stopWatching();
      clearTimeout(deadline);
      reader.signal.removeEventListener('abort', atEnd);
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.value ?? null);
    };
    const atEnd = (): void => settle({ value: last });
    // The read model updates its views before other listeners run: a read here sees the change.
    const stopWatching = reader.readModel.watch(() => {
      try {
        last = read();
      } catch (err) {
        settle({ error: err instanceof Error ? err : new Error(String(err)) });
        return;
      }
      if (shown(last)) atEnd();
    });
    const deadline = setTimeout(atEnd, timeoutMs);
    reader.signal.addEventListener('abort', atEnd, { once: true });
  });
}
