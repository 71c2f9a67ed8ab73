import { ApolloServer } from '@apollo/server';
import {
  execute,
  GraphQLEnumType,
  GraphQLError,
  GraphQLFloat,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type OperationDefinitionNode,
} from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { afterEach, describe, expect, it } from 'vitest';
import { createCompiledExecution } from '../../src/http/compiledExecution.js';

const Broker = new GraphQLObjectType({
  name: 'Broker',
  fields: {
    id: { type: new GraphQLNonNull(GraphQLInt) },
    rack: { type: GraphQLString },
    fails: {
      type: GraphQLString,
      resolve: () => {
        throw new GraphQLError('broker unreachable', { extensions: { code: 'KAFKA_UNAVAILABLE' } });
      },
    },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      brokers: {
        type: new GraphQLList(Broker),
        args: { first: { type: new GraphQLNonNull(GraphQLInt) } },
        resolve: (_root, args: { first: number }, ctx: { racks: string[] }) =>
          Array.from({ length: args.first }, (_, i) => ({ id: i, rack: ctx.racks[i % ctx.racks.length] })),
      },
    },
  }),
});

let server: ApolloServer<{ racks: string[] }> | undefined;
afterEach(async () => {
  await server?.stop();
});

async function run(query: string, variables?: Record<string, unknown>) {
  if (!server) throw new Error('no server');
  const response = await server.executeOperation({ query, variables }, { contextValue: { racks: ['a', 'b'] } });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult;
}

describe('compiled execution behind Apollo Server', () => {
  it('answers as graphql-js does, compiling each operation once', async () => {
    const compiled = createCompiledExecution(schema);
    server = new ApolloServer({ gateway: compiled.gateway });
    await server.start();
    const query = 'query B($n: Int!) { brokers(first: $n) { id rack } }';
    const expected = await execute({ schema, document: parse(query), variableValues: { n: 3 }, contextValue: { racks: ['a', 'b'] } });

    expect(await run(query, { n: 3 })).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(await run(query, { n: 1 })).toEqual({ data: { brokers: [{ id: 0, rack: 'a' }] } });
    expect(compiled.compilations).toBe(1);
    await run('{ brokers(first: 1) { id } }');
    expect(compiled.compilations).toBe(2);
  });

  it('keeps compiled operations within a bound on their document text, compiling an evicted one again', async () => {
    const compiled = createCompiledExecution(schema, { maxDocumentChars: 200 });
    server = new ApolloServer({ gateway: compiled.gateway });
    await server.start();
    // Two documents of about 120 characters each: the second evicts the first.
    const padded = (name: string) => `query ${name} { brokers(first: 1) { id } }`.padEnd(120, ' ');
    await run(padded('A'));
    await run(padded('A'));
    expect(compiled.compilations).toBe(1);
    await run(padded('B'));
    expect(compiled.compilations).toBe(2);
    expect(await run(padded('A'))).toEqual({ data: { brokers: [{ id: 0 }] } });
    expect(compiled.compilations).toBe(3);
  });

  it('reports resolver errors and bad variables the way graphql-js does', async () => {
    server = new ApolloServer({ gateway: createCompiledExecution(schema).gateway, includeStacktraceInErrorResponses: false });
    await server.start();
    const failing = await run('{ brokers(first: 1) { id fails } }');
    expect(failing.data).toEqual({ brokers: [{ id: 0, fails: null }] });
    expect(failing.errors?.[0]).toMatchObject({ message: 'broker unreachable', path: ['brokers', 0, 'fails'], extensions: { code: 'KAFKA_UNAVAILABLE' } });

    const badVariable = await run('query B($n: Int!) { brokers(first: $n) { id } }', { n: 'three' });
    expect(badVariable.errors?.[0]?.message).toContain('Int cannot represent non-integer value: "three"');
    expect(badVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('compiled execution of leaf values', () => {
  const Level = new GraphQLEnumType({ name: 'Level', values: { LOW: { value: 'LOW' }, HIGH: { value: 'HIGH' } } });
  const Code = new GraphQLEnumType({ name: 'Code', values: { NOT_FOUND: { value: 404 } } });
  const Item = new GraphQLObjectType({
    name: 'Item',
    fields: {
      level: { type: Level },
      at: { type: GraphQLDateTimeISO },
      size: { type: GraphQLFloat },
    },
  });
  const schemaWith = (extra: Record<string, { type: GraphQLEnumType; resolve: () => unknown }>) =>
    new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: { item: { type: Item, resolve: () => ({ level: 'HIGH', at: new Date('2026-01-01T00:00:00Z'), size: 1.5 }) }, ...extra },
      }),
    });
  const run = async (schema: GraphQLSchema, query: string) => {
    const document = parse(query);
    const operation = document.definitions[0] as OperationDefinitionNode;
    return JSON.parse(
      JSON.stringify(
        await createCompiledExecution(schema).execute({ queryHash: query, document, operation, operationName: undefined, variables: {}, context: {} }),
      ),
    ) as unknown;
  };

  it('answers enums, built-in scalars and dates as graphql-js does', async () => {
    const schema = schemaWith({});
    const query = '{ item { level at size } }';
    expect(await run(schema, query)).toEqual({ data: { item: { level: 'HIGH', at: '2026-01-01T00:00:00.000Z', size: 1.5 } } });
    expect(await run(schema, query)).toEqual(JSON.parse(JSON.stringify(await execute({ schema, document: parse(query) }))));
  });

  it('still serializes enums whose internal values are not their names', async () => {
    const schema = schemaWith({ code: { type: Code, resolve: () => 404 } });
    expect(await run(schema, '{ code item { level } }')).toEqual({ data: { code: 'NOT_FOUND', item: { level: 'HIGH' } } });
  });
});
