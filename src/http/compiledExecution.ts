import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, getVariableValues, isEnumType, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/**
 * graphql-jit can leave the values of built-in scalars and enums as resolvers return them instead
 * of passing each through serialize() (a call, a try/catch and an array per value: over a fleet
 * of 3000 brokers, a third of the time). The answer is the same when resolvers return values of
 * the declared types (the read model's views are typed so) and every enum's internal value is its
 * name (type-graphql string enums whose values equal their keys, as ours are); custom scalars
 * (DateTimeISO) are still serialized. An enum whose values differ from its names keeps it on.
 */
function enumValuesAreTheirNames(schema: GraphQLSchema): boolean {
  return Object.values(schema.getTypeMap())
    .filter(isEnumType)
    .every((type) => type.getValues().every((value) => value.value === value.name));
}

/** How many distinct operations keep their compiled form. */
const COMPILED_OPERATIONS = 1_000;

type Compiled = CompiledQuery | 'interpret';

/** One operation to run, as Apollo Server hands it over once it has parsed and validated it. */
export interface OperationToRun {
  /** Identifies the document text (Apollo's queryHash); the compiled form is kept under it. */
  queryHash: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | undefined;
  context: unknown;
}

export interface CompiledExecution {
  /** Plugs into ApolloServer's `gateway` option: the only hook Apollo offers to replace execution. */
  gateway: GatewayInterface;
  /** What the gateway runs for each operation (the benchmark calls it directly). */
  execute(run: OperationToRun): ExecutionResult | Promise<ExecutionResult>;
  /** Operations compiled so far (for tests and metrics). */
  readonly compilations: number;
}

/**
 * Executes HTTP operations with graphql-jit: each operation is compiled once into a function
 * with the field accesses inlined, then run for every request. graphql-js `execute` walks the
 * query for every object of a large result and costs about six times a JSON.stringify of the
 * same data on a portal's fleet query; the compiled form about as much as it
 * (docs/benchmarks.md). Fields without a resolver (type-graphql `simpleResolvers`) are read
 * directly. An operation graphql-jit cannot compile falls back to graphql-js. Subscriptions
 * (graphql-ws) do not pass through here.
 */
export function createCompiledExecution(schema: GraphQLSchema): CompiledExecution {
  const options = { disableLeafSerialization: enumValuesAreTheirNames(schema) };
  const cache = new LRUCache<string, Compiled>({ max: COMPILED_OPERATIONS });
  let compilations = 0;

  const run = (op: OperationToRun): ExecutionResult | Promise<ExecutionResult> => {
    // queryHash identifies the document text; one document may hold several operations.
    const key = `${op.queryHash}:${op.operationName ?? ''}`;
    let compiled = cache.get(key);
    if (compiled === undefined) {
      const result = compileQuery(schema, op.document, op.operationName ?? undefined, options);
      compiled = isCompiledQuery(result) ? result : 'interpret';
      compilations += 1;
      cache.set(key, compiled);
    }
    const variables = op.variables ?? {};
    if (compiled === 'interpret') {
      return execute({ schema, document: op.document, operationName: op.operationName, variableValues: variables, contextValue: op.context });
    }
    // graphql-js coerces variables first: its errors carry the variable's node, which Apollo
    // needs to answer BAD_USER_INPUT as it does without the compiled path.
    const coerced = getVariableValues(schema, op.operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
    if (coerced.errors) return { errors: coerced.errors };
    return compiled.query(undefined, op.context, coerced.coerced);
  };

  const executor: GatewayExecutor = (ctx) =>
    Promise.resolve(
      run({ queryHash: ctx.queryHash, document: ctx.document, operation: ctx.operation, operationName: ctx.operationName, variables: ctx.request.variables, context: ctx.context }),
    );

  const gateway: GatewayInterface = {
    load: () => Promise.resolve({ executor }),
    onSchemaLoadOrUpdate: (callback) => {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    stop: () => Promise.resolve(),
  };

  return {
    gateway,
    execute: run,
    get compilations() {
      return compilations;
    },
  };
}
