import { describe, expect, it } from 'vitest';
import { readYourWrite } from '../../src/resolvers/readYourWrite.js';

/** A read model that reports changes when told to, like the informer cache's notifications. */
function changes() {
  const listeners = new Set<() => void>();
  return {
    readModel: {
      watch(listener: () => void): () => void {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    change: () => [...listeners].forEach((l) => l()),
    watching: () => listeners.size,
  };
}

describe('reading back what a mutation wrote', () => {
  it('answers at once when the cache already shows the write, without watching', async () => {
    const source = changes();
    const reader = { readModel: source.readModel, signal: new AbortController().signal };
    await expect(
      readYourWrite(
        reader,
        () => 5,
        (v) => v >= 5,
      ),
    ).resolves.toBe(5);
    expect(source.watching()).toBe(0);
  });

  it('answers on the change that shows the write, and stops watching', async () => {
    const source = changes();
    let generation = 3;
    const answer = readYourWrite(
      { readModel: source.readModel, signal: new AbortController().signal },
      () => generation,
      (v) => v >= 5,
      60_000,
    );
    generation = 4;
    source.change();
    expect(source.watching()).toBe(1);
    generation = 5;
    source.change();
    await expect(answer).resolves.toBe(5);
    expect(source.watching()).toBe(0);
  });

  it('answers with what the cache shows once the client is gone', async () => {
    const source = changes();
    const request = new AbortController();
    const answer = readYourWrite(
      { readModel: source.readModel, signal: request.signal },
      () => 3,
      (v) => v >= 5,
      60_000,
    );
    request.abort();
    await expect(answer).resolves.toBe(3);
    expect(source.watching()).toBe(0);
  });

  it('fails the wait when the cache can no longer be read', async () => {
    const source = changes();
    let readable = true;
    const answer = readYourWrite(
      { readModel: source.readModel, signal: new AbortController().signal },
      () => {
        if (!readable) throw new Error('the informer caches have not synced');
        return undefined;
      },
      () => true,
      60_000,
    );
    readable = false;
    source.change();
    await expect(answer).rejects.toThrow('the informer caches have not synced');
    expect(source.watching()).toBe(0);
  });
});
