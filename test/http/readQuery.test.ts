import {
  execute,
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLError,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  GraphQLUnionType,
  Kind,
  parse,
  type OperationDefinitionNode,
} from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { describe, expect, it } from 'vitest';
import { createCompiledExecution } from '../../src/http/compiledExecution.js';
import { planQuery } from '../../src/http/readQuery/plan.js';

// A schema with every kind of field the read path generates code for.
const Node = new GraphQLInterfaceType({ name: 'Node', fields: { id: { type: new GraphQLNonNull(GraphQLID) } } });
const State = new GraphQLEnumType({ name: 'State', values: { RUNNING: { value: 'RUNNING' }, FAILED: { value: 'FAILED' } } });
const Code = new GraphQLEnumType({ name: 'Code', values: { NOT_FOUND: { value: 404 }, GONE: { value: 410 } } });

interface DiskValue {
  path: string;
  used: number | null;
}
interface BrokerValue {
  kind: 'broker';
  id: string;
  brokerId: number;
  state: string;
  code: number;
  rack: string | null;
  cpu: number;
  ready: boolean;
  since: Date;
  disks: DiskValue[];
  label: (args: { prefix: string }) => string;
}
interface ClusterValue {
  kind: 'cluster';
  id: string;
  name: string;
  brokers: BrokerValue[];
}

interface Context {
  calls: string[];
  /** Settled answers of the slow field, as a cache a DataLoader would hold. */
  settled: Map<string, string>;
  /** What `slow` answers when nothing has settled yet. */
  slow: 'settles' | 'never settles' | 'rejects';
}

const Disk = new GraphQLObjectType<DiskValue, Context>({
  name: 'Disk',
  fields: {
    path: { type: new GraphQLNonNull(GraphQLString) },
    used: { type: GraphQLFloat },
    strict: { type: new GraphQLNonNull(GraphQLFloat), resolve: (disk) => disk.used },
  },
});

const Broker: GraphQLObjectType<BrokerValue, Context> = new GraphQLObjectType<BrokerValue, Context>({
  name: 'Broker',
  interfaces: [Node],
  isTypeOf: (value) => (value as { kind?: string }).kind === 'broker',
  fields: () => ({
    id: { type: new GraphQLNonNull(GraphQLID) },
    brokerId: { type: new GraphQLNonNull(GraphQLInt) },
    state: { type: State },
    code: { type: Code },
    rack: { type: GraphQLString },
    cpu: { type: GraphQLFloat },
    ready: { type: GraphQLBoolean },
    since: { type: GraphQLDateTimeISO },
    disks: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Disk))) },
    label: { type: GraphQLString, args: { prefix: { type: GraphQLString, defaultValue: '#' } } },
    peers: {
      type: new GraphQLList(new GraphQLList(GraphQLInt)),
      resolve: (broker) => [[broker.brokerId], [], null],
    },
    slow: {
      type: GraphQLString,
      resolve: (broker, _args, ctx) => {
        const known = ctx.settled.get(broker.id);
        if (known !== undefined) return known;
        ctx.calls.push(`slow:${broker.id}`);
        if (ctx.slow === 'rejects') return Promise.reject(new GraphQLError('Cruise Control unreachable', { extensions: { code: 'CC_UNAVAILABLE' } }));
        return Promise.resolve(`load of ${broker.id}`).then((value) => {
          if (ctx.slow === 'settles') ctx.settled.set(broker.id, value);
          return value;
        });
      },
    },
    fails: {
      type: GraphQLString,
      resolve: () => {
        throw new GraphQLError('broker unreachable', { extensions: { code: 'KAFKA_UNAVAILABLE' } });
      },
    },
  }),
});

const Cluster = new GraphQLObjectType<ClusterValue, Context>({
  name: 'Cluster',
  interfaces: [Node],
  isTypeOf: (value) => (value as { kind?: string }).kind === 'cluster',
  fields: {
    id: { type: new GraphQLNonNull(GraphQLID) },
    name: { type: new GraphQLNonNull(GraphQLString) },
    brokers: {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Broker))),
      args: { first: { type: GraphQLInt }, state: { type: State } },
      resolve: (cluster, args: { first?: number; state?: string }) =>
        cluster.brokers.filter((b) => args.state === undefined || b.state === args.state).slice(0, args.first ?? undefined),
    },
  },
});

const Member = new GraphQLUnionType({ name: 'Member', types: [Broker, Cluster] });

const disk = (path: string, used: number | null): DiskValue => ({ path, used });
const broker = (id: number, extra: Partial<BrokerValue> = {}): BrokerValue => ({
  kind: 'broker',
  id: `B${id}`,
  brokerId: id,
  state: id === 2 ? 'FAILED' : 'RUNNING',
  code: id === 2 ? 410 : 404,
  rack: id === 1 ? null : `zone-${id}`,
  cpu: 12.5 * id,
  ready: id !== 2,
  since: new Date(Date.UTC(2026, 0, id + 1)),
  disks: [disk(`/kafka-logs-${id}`, id * 100), disk('/extra "quoted"\n', null)],
  label(args) {
    return `${args.prefix}${this.brokerId}`;
  },
  ...extra,
});
const clusters: ClusterValue[] = [
  { kind: 'cluster', id: 'C1', name: 'kafka', brokers: [broker(0), broker(1), broker(2)] },
  { kind: 'cluster', id: 'C2', name: 'logs', brokers: [broker(3, { state: 'unknown-state' })] },
];

const schema = new GraphQLSchema({
  types: [Broker, Cluster],
  query: new GraphQLObjectType<unknown, Context>({
    name: 'Query',
    fields: {
      clusters: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Cluster))), resolve: () => clusters.slice(0, 1) },
      allClusters: { type: new GraphQLList(Cluster), resolve: () => clusters },
      node: { type: Node, args: { id: { type: new GraphQLNonNull(GraphQLID) } }, resolve: (_root, args: { id: string }) => findNode(args.id) },
      members: { type: new GraphQLList(Member), resolve: () => [clusters[0], clusters[0]?.brokers[0]] },
      greeting: { type: GraphQLString, resolve: () => 'hello' },
      // Strings JSON escapes, and some it leaves as they are.
      texts: {
        type: new GraphQLList(GraphQLString),
        resolve: () => ['quote " and \\ backslash', 'line\nbreak\ttab\u0001', 'é and \u2028', 'lone \ud800 surrogate', '😀', 'delete \u007f', ''],
      },
    },
  }),
  mutation: new GraphQLObjectType({ name: 'Mutation', fields: { touch: { type: GraphQLString, resolve: () => 'touched' } } }),
});

function findNode(id: string): ClusterValue | BrokerValue | undefined {
  return clusters.find((c) => c.id === id) ?? clusters.flatMap((c) => c.brokers).find((b) => b.id === id);
}

const newContext = (slow: Context['slow'] = 'settles'): Context => ({ calls: [], settled: new Map(), slow });

async function both(query: string, variables: Record<string, unknown> = {}, slow: Context['slow'] = 'settles') {
  const execution = createCompiledExecution(schema);
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error('no operation');
  const context = newContext(slow);
  const answer = await execution.execute({ queryHash: query, document, operation, operationName: undefined, variables, context });
  const reference = await execute({ schema, document, variableValues: variables, contextValue: newContext(slow) });
  // The same data as the known queries send it: the bytes of JSON.stringify of graphql-js's data.
  const reader = execution.reader({ queryHash: query, document, operation, operationName: undefined });
  const coerced = reader?.coerce(variables);
  const json = reader !== undefined && coerced !== undefined ? await reader.runJson(newContext(slow), coerced) : undefined;
  return {
    answer: JSON.parse(JSON.stringify(answer)) as unknown,
    reference: JSON.parse(JSON.stringify(reference)) as unknown,
    referenceBytes: Buffer.from(JSON.stringify(reference.data)),
    json,
    answered: execution.answered,
    context,
  };
}

describe('the read path answers queries as graphql-js does', () => {
  it.each([
    ['scalars, enums and a custom scalar', '{ clusters { id name brokers { id brokerId state code rack cpu ready since } } }'],
    [
      'aliases, __typename and a field asked twice',
      '{ c: clusters { __typename first: brokers(first: 1) { brokerId } all: brokers { brokerId id } } greeting }',
    ],
    ['fragments merging fields under one key', '{ clusters { ...A brokers { disks { used } } } } fragment A on Cluster { name brokers { disks { path } } }'],
    [
      'an interface with inline fragments',
      '{ a: node(id: "B1") { id ... on Broker { brokerId rack } ... on Cluster { name } } b: node(id: "C1") { __typename ... on Cluster { name } } c: node(id: "none") { id } }',
    ],
    ['a union', '{ members { __typename ... on Broker { brokerId } ... on Cluster { name } } }'],
    ['nested and null lists', '{ clusters { brokers { peers disks { path used } } } }'],
    ['a method read as a field, with its default and a literal argument', '{ clusters { brokers { label a: label(prefix: "broker-") } } }'],
    ['@skip and @include with literals', '{ clusters { name @skip(if: true) id @include(if: true) brokers @include(if: false) { id } } }'],
    ['an enum argument', '{ clusters { brokers(state: FAILED) { brokerId state } } }'],
    ['strings that need escaping', '{ texts clusters { brokers { disks { path } } } }'],
  ])('%s', async (_name, query) => {
    const { answer, reference, answered, json, referenceBytes } = await both(query);
    expect(answer).toEqual(reference);
    expect(json).toEqual(referenceBytes);
    expect(answered).toEqual({ readPath: 2, general: 0 });
  });

  it('takes variables in arguments, per request', async () => {
    const query = 'query Q($first: Int, $prefix: String) { clusters { brokers(first: $first) { label(prefix: $prefix) } } }';
    for (const variables of [{ first: 1, prefix: 'b' }, { first: 2 }, {}]) {
      const { answer, reference, answered, json, referenceBytes } = await both(query, variables);
      expect(answer).toEqual(reference);
      expect(json).toEqual(referenceBytes);
      expect(answered.readPath).toBe(2);
    }
  });

  it('settles the promises of a first pass and answers on the next one', async () => {
    const { answer, reference, answered, context, json, referenceBytes } = await both('{ clusters { brokers { brokerId slow } } }');
    expect(answer).toEqual(reference);
    expect(json).toEqual(referenceBytes);
    expect(answer).toMatchObject({ data: { clusters: [{ brokers: [{ slow: 'load of B0' }, { slow: 'load of B1' }, { slow: 'load of B2' }] }] } });
    expect(answered).toEqual({ readPath: 2, general: 0 });
    // One call per broker: the first pass started them all; the second read what they settled to.
    expect(context.calls).toEqual(['slow:B0', 'slow:B1', 'slow:B2']);
  });
});

describe('what the read path leaves to the general execution', () => {
  it('reports a resolver error with its path, as graphql-js does', async () => {
    const { answer, reference, answered } = await both('{ clusters { brokers { brokerId fails } } }');
    expect(answer).toEqual(reference);
    expect((answer as { errors: unknown[] }).errors[0]).toMatchObject({ message: 'broker unreachable', path: ['clusters', 0, 'brokers', 0, 'fails'] });
    expect(answered).toEqual({ readPath: 0, general: 1 });
  });

  it('propagates a null in a non-null place, as graphql-js does', async () => {
    const { answer, reference, answered } = await both('{ clusters { brokers { disks { path strict } } } }');
    expect(answer).toEqual(reference);
    expect(answer).toMatchObject({ data: null, errors: [{ path: ['clusters', 0, 'brokers', 0, 'disks', 1, 'strict'] }] });
    expect(answered.general).toBe(1);
  });

  it('refuses an enum value outside the enum, as graphql-js does', async () => {
    const { answer, reference, answered } = await both('{ allClusters { brokers { state } } }');
    expect(answer).toEqual(reference);
    expect(answer).toMatchObject({ errors: [{ message: 'Enum "State" cannot represent value: "unknown-state"' }] });
    expect(answered.general).toBe(1);
  });

  it('answers a resolver that never settles, or rejects, on the general execution', async () => {
    for (const slow of ['never settles', 'rejects'] as const) {
      const { answer, reference, answered } = await both('{ clusters { brokers { brokerId slow } } }', {}, slow);
      expect(answer).toEqual(reference);
      expect(answered).toEqual({ readPath: 0, general: 1 });
    }
  });

  it('runs mutations on the general execution', async () => {
    const mutation = await both('mutation { touch }');
    expect(mutation.answer).toEqual({ data: { touch: 'touched' } });
    expect(mutation.answered).toEqual({ readPath: 0, general: 1 });
  });
});

describe('what the read path tells of each operation', () => {
  it('says once per operation compiled whether it has a read path, and why not', async () => {
    const compiled: unknown[] = [];
    const execution = createCompiledExecution(schema, { onCompiled: (name, readPath) => compiled.push([name, readPath]) });
    const run = (query: string) => {
      const document = parse(query);
      const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      if (!operation) throw new Error('no operation');
      return execution.execute({ queryHash: query, document, operation, operationName: undefined, variables: {}, context: newContext() });
    };
    await run('query Greeting { greeting }');
    await run('query Greeting { greeting }');
    await run('mutation Touch { touch }');
    await run('query Schema { __schema { queryType { name } } }');
    expect(compiled).toEqual([
      ['Greeting', { ok: true }],
      ['Touch', { ok: false, reason: 'a mutation is not a read' }],
      ['Schema', { ok: false, reason: 'introspection' }],
    ]);
  });
});

describe('@skip and @include on variables', () => {
  it('reads the fields each set of values includes, with one plan per set', async () => {
    const query = 'query Q($yes: Boolean!, $no: Boolean = false) { greeting @include(if: $yes) clusters { id @skip(if: $no) name @include(if: $yes) } }';
    const execution = createCompiledExecution(schema);
    const document = parse(query);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation) throw new Error('no operation');
    const answers: unknown[] = [];
    for (const variables of [{ yes: true }, { yes: false }, { yes: true, no: true }, { yes: true }]) {
      const answer = await execution.execute({ queryHash: query, document, operation, operationName: 'Q', variables, context: newContext() });
      expect(answer).toEqual(JSON.parse(JSON.stringify(await execute({ schema, document, variableValues: variables, contextValue: newContext() }))));
      answers.push(answer.data);
    }
    expect(answers).toEqual([
      { greeting: 'hello', clusters: [{ id: 'C1', name: 'kafka' }] },
      { clusters: [{ id: 'C1' }] },
      { greeting: 'hello', clusters: [{ name: 'kafka' }] },
      { greeting: 'hello', clusters: [{ id: 'C1', name: 'kafka' }] },
    ]);
    expect(execution.answered).toEqual({ readPath: 4, general: 0 });
  });
});

describe('planning the read path', () => {
  it.each([
    ['mutation { touch }', 'a mutation is not a read'],
    ['{ __schema { queryType { name } } }', 'introspection'],
    ['{ __type(name: "Broker") { name } }', 'introspection'],
    ['{ greeting @defer }', 'the directive @defer'],
    ['{ __proto__: greeting }', 'a response key __proto__'],
    ['query A { greeting } query B { greeting }', 'no single operation to run'],
  ])('declines %s', (query, reason) => {
    expect(planQuery(schema, parse(query), undefined)).toEqual({ ok: false, reason });
  });

  it('plans with the values of the variables @skip and @include name', () => {
    const document = parse('query Q($v: Boolean!) { greeting @skip(if: $v) clusters { id } }');
    const keys = (variables: Record<string, unknown>) => {
      const planned = planQuery(schema, document, undefined, variables);
      if (!planned.ok) throw new Error(planned.reason);
      return planned.plan.root.fields.map((f) => f.responseKey);
    };
    expect(keys({ v: true })).toEqual(['clusters']);
    expect(keys({ v: false })).toEqual(['greeting', 'clusters']);
  });

  it('plans a named operation among several, and skips fields with literal @skip', () => {
    const planned = planQuery(schema, parse('query A { greeting } query B { clusters { id name @skip(if: true) } }'), 'B');
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.plan.fields.map((f) => `${f.parentType.name}.${f.responseKey}`)).toEqual(['Query.clusters', 'Cluster.id']);
  });
});
