/** What a watch listener hands events to. */
export interface StreamSink<T> {
  push(value: T): void;
  /** No more events: the subscriber gets the ones queued, then completion. */
  end(): void;
}

export interface BoundedStreamOptions<T> {
  /** Events queued for a subscriber that does not read them; one more drops it. */
  limit: number;
  /** Called once when the queue overflows (the server closes the subscriber's socket). */
  onOverflow: (limit: number) => void;
  /** Starts feeding the sink, at once; returns what stops it. */
  start: (sink: StreamSink<T>) => () => void;
}

/**
 * One subscriber's events, queued at most `limit` deep: a subscriber that falls behind is dropped
 * rather than slowing the watch streams, which feed every subscriber from the same listener. The
 * feed starts when this is called, not on the first read, so no event is lost in between.
 */
export function boundedStream<T extends object>(options: BoundedStreamOptions<T>): AsyncIterableIterator<T> {
  const queue: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let ending = false;
  let stopped = false;
  let stop: () => void = () => undefined;

  const finish = (): IteratorResult<T> => {
    if (!stopped) {
      stopped = true;
      stop();
    }
    return { done: true, value: undefined };
  };
  const wake = (): void => {
    const resolve = waiting;
    if (resolve === undefined) return;
    const value = queue.shift();
    if (value !== undefined) {
      waiting = undefined;
      resolve({ done: false, value });
    } else if (ending) {
      waiting = undefined;
      resolve(finish());
    }
  };

  const sink: StreamSink<T> = {
    push(value) {
      if (ending) return;
      if (queue.length >= options.limit) {
        ending = true;
        queue.length = 0;
        options.onOverflow(options.limit);
      } else {
        queue.push(value);
      }
      wake();
    },
    end() {
      ending = true;
      wake();
    },
  };
  stop = options.start(sink);

  const iterator: AsyncIterableIterator<T> = {
    next() {
      const value = queue.shift();
      if (value !== undefined) return Promise.resolve({ done: false, value });
      if (ending || stopped) return Promise.resolve(finish());
      return new Promise((resolve) => (waiting = resolve));
    },
    return() {
      ending = true;
      queue.length = 0;
      const result = finish();
      const resolve = waiting;
      waiting = undefined;
      resolve?.(result);
      return Promise.resolve(result);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
