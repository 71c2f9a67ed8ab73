import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, getVariableValues, printSchema, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/** How many distinct operations keep their compiled form. */
const COMPILED_OPERATIONS = 1_000;

type Compiled = CompiledQuery | 'interpret';

export interface CompiledExecution {
  /** Plugs into ApolloServer's `gateway` option: the only hook Apollo offers to replace execution. */
  gateway: GatewayInterface;
  /** Operations compiled so far (for tests and metrics). */
  readonly compilations: number;
}

/**
 * Executes HTTP operations with graphql-jit: each operation is compiled once into a function
 * with the field accesses inlined, then run for every request. graphql-js `execute` walks the
 * query for every object of a large result and costs about three times a JSON.stringify of
 * the same data; the compiled form costs about as much (docs/benchmarks.md). Fields without a
 * resolver (type-graphql `simpleResolvers`) are read directly. An operation graphql-jit cannot
 * compile falls back to graphql-js. Subscriptions (graphql-ws) do not pass through here.
 */
export function createCompiledExecution(schema: GraphQLSchema): CompiledExecution {
  const cache = new LRUCache<string, Compiled>({ max: COMPILED_OPERATIONS });
  let compilations = 0;

  const executor: GatewayExecutor = (ctx) => {
    // queryHash identifies the document text; one document may hold several operations.
    const key = `${ctx.queryHash}:${ctx.operationName ?? ''}`;
    let compiled = cache.get(key);
    if (compiled === undefined) {
      const result = compileQuery(schema, ctx.document, ctx.operationName ?? undefined);
      compiled = isCompiledQuery(result) ? result : 'interpret';
      compilations += 1;
      cache.set(key, compiled);
    }
    const variables = ctx.request.variables ?? {};
    if (compiled === 'interpret') {
      return Promise.resolve(
        execute({ schema, document: ctx.document, operationName: ctx.operationName, variableValues: variables, contextValue: ctx.context }),
      );
    }
    // graphql-js coerces variables first: its errors carry the variable's node, which Apollo
    // needs to answer BAD_USER_INPUT as it does without the compiled path.
    const coerced = getVariableValues(schema, ctx.operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
    if (coerced.errors) return Promise.resolve({ errors: coerced.errors });
    return Promise.resolve(compiled.query(undefined, ctx.context, coerced.coerced) as ExecutionResult);
  };

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
    get compilations() {
      return compilations;
    },
  };
}
