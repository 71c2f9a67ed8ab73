import { describe, expect, it } from 'vitest';
import { boundedStream, type StreamSink } from '../../src/subscriptions/boundedStream.js';

interface Item {
  n: number;
}

function stream(limit: number): { sink: StreamSink<Item>; overflows: number[]; stops: () => number; iterator: AsyncIterableIterator<Item> } {
  let sink: StreamSink<Item> | undefined;
  let stopped = 0;
  const overflows: number[] = [];
  const iterator = boundedStream<Item>({
    limit,
    onOverflow: (l) => overflows.push(l),
    start: (s) => {
      sink = s;
      return () => (stopped += 1);
    },
  });
  if (sink === undefined) throw new Error('the feed did not start at once');
  return { sink, overflows, stops: () => stopped, iterator };
}

describe('boundedStream', () => {
  it('hands events in order, including those pushed before the first read, and completes after end()', async () => {
    const { sink, iterator, stops } = stream(10);
    sink.push({ n: 1 });
    const pending = iterator.next();
    sink.push({ n: 2 });
    expect(await pending).toEqual({ done: false, value: { n: 1 } });
    const waiting = iterator.next();
    expect(await waiting).toEqual({ done: false, value: { n: 2 } });
    sink.push({ n: 3 });
    sink.end();
    sink.push({ n: 4 });
    expect(await iterator.next()).toEqual({ done: false, value: { n: 3 } });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(stops()).toBe(1);
  });

  it('drops a subscriber that lets more than the limit queue up: overflow reported once, the stream ends, the feed stops', async () => {
    const { sink, iterator, overflows, stops } = stream(3);
    for (let n = 1; n <= 3; n += 1) sink.push({ n });
    expect(overflows).toEqual([]);
    sink.push({ n: 4 });
    sink.push({ n: 5 });
    expect(overflows).toEqual([3]);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(stops()).toBe(1);
  });

  it('stops the feed when the subscriber leaves, releasing a pending read', async () => {
    const { iterator, stops } = stream(3);
    const pending = iterator.next();
    await iterator.return?.();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(stops()).toBe(1);
  });
});
