import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { paginate, type ConnectionArgs } from '../../src/schema/connection.js';
import { decodeGlobalId, encodeGlobalId } from '../../src/domain/globalId.js';

describe('global ids', () => {
  it('round-trip type and key parts, including slashes and unicode', () => {
    const id = encodeGlobalId('Broker', 'kafka/ns', 'my-cluster', '2');
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeGlobalId(id)).toEqual({ type: 'Broker', key: ['kafka/ns', 'my-cluster', '2'] });
    expect(decodeGlobalId(encodeGlobalId('Disk', 'ns', 'c', '1', '/kafka-logs-ü'))?.key.at(-1)).toBe('/kafka-logs-ü');
  });

  it.each(['', 'not an id!', Buffer.from('kafkaplane://Unknown/x').toString('base64url'), Buffer.from('gid://shopify/Product/1').toString('base64url')])(
    'rejects %j',
    (id) => {
      expect(decodeGlobalId(id)).toBeUndefined();
    },
  );
});

describe('paginate', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const page = (args: ConnectionArgs) => paginate(items, args, (x) => x);

  it('walks forward with first/after and backward with last/before', () => {
    const p1 = page({ first: 2 });
    expect(p1.nodes).toEqual(['a', 'b']);
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = page({ first: 2, after: p1.pageInfo.endCursor });
    expect(p2.nodes).toEqual(['c', 'd']);
    const p3 = page({ first: 2, after: p2.pageInfo.endCursor });
    expect(p3.nodes).toEqual(['e']);
    expect(p3.pageInfo.hasNextPage).toBe(false);
    expect(p3.totalCount).toBe(5);

    const back = page({ last: 2, before: p3.pageInfo.startCursor });
    expect(back.nodes).toEqual(['c', 'd']);
    expect(back.pageInfo.hasPreviousPage).toBe(true);
  });

  it('keeps its place when the item under the cursor is removed', () => {
    const p1 = page({ first: 2 });
    const after = paginate(['a', 'c', 'd', 'e'], { first: 2, after: p1.pageInfo.endCursor }, (x) => x);
    expect(after.nodes).toEqual(['c', 'd']);
  });

  it.each([
    [{}, 'You must provide a `first` or `last` value'],
    [{ first: 1, last: 1 }, 'both `first` and `last`'],
    [{ first: 0 }, '`first` must be between 1 and 100, got 0'],
    [{ last: 101 }, '`last` must be between 1 and 100, got 101'],
    [{ first: 1, after: 'bogus' }, '`after` is not a valid cursor'],
  ] as Array<[ConnectionArgs, string]>)('refuses %j with a BAD_USER_INPUT error', (args, message) => {
    expect(() => page(args)).toThrow(message);
    try {
      page(args);
    } catch (err) {
      expect((err as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});
