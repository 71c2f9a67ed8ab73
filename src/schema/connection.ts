import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';

/** GitHub's bounds: every connection needs `first` or `last`, from 1 to 100. */
export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: 'Where a page of a connection stands (Relay cursor connections).', simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `The first n items after \`after\` (1 to ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Items after this cursor.' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `The last n items before \`before\` (1 to ${MAX_PAGE_SIZE}).` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Items before this cursor.' })
  before?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Array<Edge<T>>;
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function connectionTypes<T extends object>(nodeType: ClassType<T>, name: string): ClassType<Connection<T>> {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class EdgeType {
    @Field(() => String, { description: 'Opaque: pass it as `after` or `before`.' })
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [nodeType], { description: 'The nodes of the edges, for clients that need no cursors.' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items the whole connection holds.' })
    totalCount!: number;
  }
  return ConnectionType;
}

function badArgument(message: string, argumentName: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName } });
}

/** Cursors of the keys seen lately: a fleet query pages through the same thousands of brokers every time. */
const cursors = new LRUCache<string, string>({ max: 100_000 });

function encodeCursor(key: string): string {
  let cursor = cursors.get(key);
  if (cursor === undefined) {
    cursor = Buffer.from(`cursor:${key}`, 'utf8').toString('base64url');
    cursors.set(key, cursor);
  }
  return cursor;
}

function decodeCursor(cursor: string, argumentName: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('cursor:')) throw badArgument(`\`${argumentName}\` is not a valid cursor: ${JSON.stringify(cursor)}`, argumentName);
  return text.slice('cursor:'.length);
}

/**
 * One page of `items`, which must be sorted by `keyOf` ascending (string order; for newest
 * first, make the key descend with time). Cursors hold the item's key rather than a position,
 * so a page stays correct when items are added or removed before it.
 */
export function paginate<T>(items: readonly T[], args: ConnectionArgs, keyOf: (item: T) => string): Connection<T> {
  const { first, last, after, before } = args;
  if (first == null && last == null) throw badArgument(`You must provide a \`first\` or \`last\` value to paginate this connection.`, 'first');
  if (first != null && last != null) throw badArgument('Passing both `first` and `last` to paginate a connection is not supported.', 'last');
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && (value < 1 || value > MAX_PAGE_SIZE)) {
      throw badArgument(`\`${name}\` must be between 1 and ${MAX_PAGE_SIZE}, got ${value}.`, name);
    }
  }

  let start = 0;
  let end = items.length;
  if (after != null) {
    const key = decodeCursor(after, 'after');
    const index = items.findIndex((item) => keyOf(item) > key);
    start = index === -1 ? items.length : index;
  }
  if (before != null) {
    const key = decodeCursor(before, 'before');
    const index = items.findIndex((item) => keyOf(item) >= key);
    end = index === -1 ? items.length : index;
  }
  end = Math.max(start, end);
  let from = start;
  let to = end;
  if (first != null) to = Math.min(end, start + first);
  if (last != null) from = Math.max(start, end - last);

  const nodes = items.slice(from, to);
  const startCursor = nodes.length > 0 ? encodeCursor(keyOf(nodes[0] as T)) : null;
  const endCursor = nodes.length > 0 ? encodeCursor(keyOf(nodes[nodes.length - 1] as T)) : null;
  let edges: Array<Edge<T>> | undefined;
  return {
    // Built only when asked for: a client that reads `nodes` needs no cursor per item.
    get edges() {
      edges ??= nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
      return edges;
    },
    nodes,
    totalCount: items.length,
    pageInfo: {
      hasNextPage: to < end || (first == null && end < items.length),
      hasPreviousPage: from > start || (last == null && start > 0),
      startCursor,
      endCursor,
    },
  };
}
