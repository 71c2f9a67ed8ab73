import { NetworkError, ProtocolError, ResponseError, UserError } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { isRetriable, withRetries } from '../../src/kafka/retry.js';

describe('isRetriable', () => {
  it.each([
    ['NOT_CONTROLLER (Kafka: retriable)', new ProtocolError('NOT_CONTROLLER'), true],
    ['REQUEST_TIMED_OUT (Kafka: retriable)', new ProtocolError('REQUEST_TIMED_OUT'), true],
    ['INVALID_CONFIG', new ProtocolError('INVALID_CONFIG'), false],
    ['INVALID_REQUEST inside a response error', new ResponseError(44, 1, { '/responses/0': [42, 'Cannot update'] }, {}), false],
    ['a lost connection', new NetworkError('Connection closed'), true],
    ['a caller mistake', new UserError('bad options'), false],
  ])('%s -> %s', (_name, error, expected) => {
    expect(isRetriable(error)).toBe(expected);
  });
});

describe('withRetries', () => {
  it('repeats a retriable failure until it succeeds, within the allowed retries', async () => {
    let calls = 0;
    const result = await withRetries(
      () => {
        calls += 1;
        return calls < 3 ? Promise.reject(new ProtocolError('NOT_CONTROLLER')) : Promise.resolve('done');
      },
      { retries: 3, backoffMs: 1 },
      new AbortController().signal,
    );
    expect([result, calls]).toEqual(['done', 3]);
  });

  it('gives up at once on an error Kafka does not deem retriable', async () => {
    let calls = 0;
    const failing = withRetries(
      () => {
        calls += 1;
        return Promise.reject(new ProtocolError('INVALID_CONFIG'));
      },
      { retries: 3, backoffMs: 1 },
      new AbortController().signal,
    );
    await expect(failing).rejects.toBeInstanceOf(ProtocolError);
    expect(calls).toBe(1);
  });
});
