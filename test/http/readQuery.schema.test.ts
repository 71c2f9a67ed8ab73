import {
  execute,
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import type { FleetShape } from '../../bench/fleetFixture.js';
import { fleetServer } from '../../bench/fleetServer.js';
import { createCompiledExecution } from '../../src/http/compiledExecution.js';

/**
 * A selection of every field of `type` a client can ask without arguments of its own (but a
 * connection's `first`), down to `depth` levels: interfaces and unions through an inline
 * fragment per possible type.
 */
function everyField(schema: GraphQLSchema, type: GraphQLNamedType, depth: number): string {
  if (isLeafType(type)) return '';
  if (isAbstractType(type)) {
    const fragments = schema.getPossibleTypes(type).map((t) => `... on ${t.name} ${everyField(schema, t, depth)}`);
    return `{ __typename ${fragments.join(' ')} }`;
  }
  if (!isObjectType(type)) return '';
  const askable = (field: GraphQLField<unknown, unknown>): boolean => field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined);
  const selections = Object.values(type.getFields())
    .filter(askable)
    .flatMap((field) => {
      const named = getNamedType(field.type);
      if (isLeafType(named)) return [field.name];
      if (depth === 0) return [];
      const sub = everyField(schema, named, depth - 1);
      // Connections page: they refuse to answer without `first`.
      const args = field.args.some((arg) => arg.name === 'first') ? '(first: 10)' : '';
      return sub === '' || sub === '{  }' ? [] : [`${field.name}${args} ${sub}`];
    });
  return `{ ${selections.join(' ')} }`;
}

const shape: FleetShape = { clusters: 3, brokers: 4, disks: 2, configEntries: 3 };

describe('the read path over the whole schema', () => {
  it('answers a query of every field of clusters, brokers, disks and configs as graphql-js does, cold and warm', async () => {
    const { schema, context } = await fleetServer(shape);
    const clusterType = schema.getType('KafkaCluster');
    if (!clusterType) throw new Error('no KafkaCluster type');
    const query = `query Everything { clusters(first: 10) { totalCount nodes ${everyField(schema, clusterType, 4)} } }`;
    const document = parse(query);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation) throw new Error('no operation');
    // The query reaches far: brokers, their disks and configs, Cruise Control's status and load.
    expect(query.length).toBeGreaterThan(2_000);
    for (const field of ['brokers', 'disks', 'configs', 'cruiseControl', 'load', 'usedBytes', 'quorum']) expect(query).toContain(field);

    const execution = createCompiledExecution(schema);
    const run = () => execution.execute({ queryHash: query, document, operation, operationName: 'Everything', variables: {}, context: context() });
    const cold = await run();
    const reference = await execute({ schema, document, contextValue: context() });
    expect(reference.errors).toBeUndefined();
    expect(JSON.stringify(cold)).toBe(JSON.stringify(reference));
    const warm = run();
    expect(warm).not.toBeInstanceOf(Promise);
    expect(JSON.stringify(warm)).toBe(JSON.stringify(reference));
    // As the known queries send it: the data's JSON text as bytes, written in one pass, byte for byte graphql-js's.
    const reader = execution.reader({ queryHash: query, document, operation, operationName: 'Everything' });
    expect(await reader?.runJson(context(), {})).toEqual(Buffer.from(JSON.stringify(reference.data)));
    expect(execution.answered).toEqual({ readPath: 3, general: 0 });
  });
});
