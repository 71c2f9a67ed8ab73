import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  getVariableValues,
  isEnumType,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { ExecutionPath } from './metrics.js';
import { compileReadQuery, NOT_READ, type ReadQuery } from './readQuery/readQuery.js';

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
/**
 * How much document text the compiled operations may stand for together. A compiled operation
 * (its read plan and generated code) grows with its document, and a client can send many
 * distinct documents of up to 10,000 tokens each: a bound by count alone would let them hold
 * hundreds of megabytes. Beyond it the least recently used are compiled again when next asked.
 */
export const COMPILED_DOCUMENT_CHARS = 4 * 1024 * 1024;

/** How one operation runs: its read path when it has one, then graphql-jit, or else graphql-js. */
interface Compiled {
  /** The length of the document's text: its weight in the cache. */
  chars: number;
  read: ReadQuery | undefined;
  /** Compiled on the first request the read path does not answer. */
  general: CompiledQuery | 'interpret' | undefined;
}

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
  /**
   * The operation's read path alone, for answers known to need no error handling (the known
   * queries, which keep what `coerce` gives per variables text); undefined when it has none. Its
   * `run` answers NOT_READ when it does not answer this request (a resolver throws, a null in a
   * non-null place), which `execute` would then hand to graphql-jit.
   */
  reader(op: Omit<OperationToRun, 'variables' | 'context'>): Reader | undefined;
  /** Operations compiled so far (for tests and metrics). */
  readonly compilations: number;
  /** Requests answered by the read path, and by the general execution (graphql-jit or graphql-js). */
  readonly answered: { readPath: number; general: number };
}

/** An operation's read path in two steps: its variables coerced, then the answer read (counted as `execute` counts it). */
export interface Reader {
  /** The variables as graphql-js coerces them, or undefined when they do not fit. */
  coerce(variables: Record<string, unknown> | undefined): Record<string, unknown> | undefined;
  run(context: unknown, coerced: Record<string, unknown>): Record<string, unknown> | typeof NOT_READ | Promise<Record<string, unknown> | typeof NOT_READ>;
  /** The same answer's data as its JSON text's UTF-8 bytes, for an answer sent as it is. */
  runJson(context: unknown, coerced: Record<string, unknown>): Buffer | typeof NOT_READ | Promise<Buffer | typeof NOT_READ>;
}

/**
 * Executes HTTP operations compiled once per operation, then run for every request. graphql-js
 * `execute` walks the query for every object of a large result and costs about nine times a
 * JSON.stringify of the same data on a portal's fleet query (docs/benchmarks.md).
 * - A query runs on its read path (readQuery/): code generated for the query that builds the
 *   answer directly, about 1.2 times the JSON.stringify. It answers only when graphql-js would
 *   answer without errors.
 * - Anything else (mutations, what the read path declines, a request it does not answer) runs
 *   on graphql-jit, which reports errors as graphql-js does; an operation graphql-jit cannot
 *   compile runs on graphql-js.
 * Subscriptions (graphql-ws) do not pass through here.
 */
export interface CompiledExecutionOptions {
  /** The bound on the document text the cache stands for (COMPILED_DOCUMENT_CHARS). */
  maxDocumentChars?: number;
  /** Told how each request ran (the server counts them on /metrics). */
  onAnswered?: (path: ExecutionPath) => void;
  /** Told once per operation compiled whether it has a read path, and why not (the server logs it at debug level). */
  onCompiled?: (operationName: string | undefined, readPath: { ok: true } | { ok: false; reason: string }) => void;
}

export function createCompiledExecution(
  schema: GraphQLSchema,
  { onAnswered, onCompiled, maxDocumentChars = COMPILED_DOCUMENT_CHARS }: CompiledExecutionOptions = {},
): CompiledExecution {
  const options = { disableLeafSerialization: enumValuesAreTheirNames(schema) };
  const cache = new LRUCache<string, Compiled>({ max: COMPILED_OPERATIONS, maxSize: maxDocumentChars, sizeCalculation: (entry) => Math.max(1, entry.chars) });
  let compilations = 0;
  const answered = { readPath: 0, general: 0 };

  const general = (op: OperationToRun, compiled: Compiled, variables: Record<string, unknown>): ExecutionResult | Promise<ExecutionResult> => {
    answered.general += 1;
    onAnswered?.('general');
    if (compiled.general === undefined) {
      const result = compileQuery(schema, op.document, op.operationName ?? undefined, options);
      compiled.general = isCompiledQuery(result) ? result : 'interpret';
    }
    if (compiled.general === 'interpret') {
      return execute({ schema, document: op.document, operationName: op.operationName, variableValues: op.variables ?? {}, contextValue: op.context });
    }
    return compiled.general.query(undefined, op.context, variables);
  };

  const compiledOf = (op: Omit<OperationToRun, 'variables' | 'context'>): Compiled => {
    // queryHash identifies the document text; one document may hold several operations.
    const key = `${op.queryHash}:${op.operationName ?? ''}`;
    let compiled = cache.get(key);
    if (compiled === undefined) {
      const read = compileReadQuery(schema, op.document, op.operationName);
      onCompiled?.(op.operationName ?? op.operation.name?.value, read.ok ? { ok: true } : { ok: false, reason: read.reason });
      compiled = { chars: op.document.loc?.source.body.length ?? 1, read: read.ok ? read.query : undefined, general: undefined };
      compilations += 1;
      cache.set(key, compiled);
    }
    return compiled;
  };

  const readAnswered = <T = Record<string, unknown>>(read: unknown): T | typeof NOT_READ => {
    if (read === NOT_READ) return NOT_READ;
    answered.readPath += 1;
    onAnswered?.('read');
    return read as T;
  };

  const run = (op: OperationToRun): ExecutionResult | Promise<ExecutionResult> => {
    const entry = compiledOf(op);
    // graphql-js coerces variables first: its errors carry the variable's node, which Apollo
    // needs to answer BAD_USER_INPUT as it does without the compiled path.
    const coerced = getVariableValues(schema, op.operation.variableDefinitions ?? [], op.variables ?? {}, { maxErrors: 50 });
    if (coerced.errors) return { errors: coerced.errors };
    const variables = coerced.coerced;
    if (entry.read === undefined) return general(op, entry, variables);
    const data = entry.read.run(op.context, variables);
    const settle = (read: unknown): ExecutionResult | Promise<ExecutionResult> => {
      const answer = readAnswered(read);
      return answer === NOT_READ ? general(op, entry, variables) : { data: answer };
    };
    return data instanceof Promise ? data.then(settle) : settle(data);
  };

  const reader = (op: Omit<OperationToRun, 'variables' | 'context'>): Reader | undefined => {
    const readQuery = compiledOf(op).read;
    if (readQuery === undefined) return undefined;
    const definitions = op.operation.variableDefinitions ?? [];
    return {
      coerce: (variables) => {
        const coerced = getVariableValues(schema, definitions, variables ?? {}, { maxErrors: 1 });
        return coerced.errors ? undefined : coerced.coerced;
      },
      run: (context, coerced) => {
        const data = readQuery.run(context, coerced);
        return data instanceof Promise ? data.then(readAnswered) : readAnswered(data);
      },
      runJson: (context, coerced) => {
        const bytes = readQuery.runJson(context, coerced);
        return bytes instanceof Promise ? bytes.then((read) => readAnswered<Buffer>(read)) : readAnswered<Buffer>(bytes);
      },
    };
  };

  const executor: GatewayExecutor = (ctx) =>
    Promise.resolve(
      run({
        queryHash: ctx.queryHash,
        document: ctx.document,
        operation: ctx.operation,
        operationName: ctx.operationName,
        variables: ctx.request.variables,
        context: ctx.context,
      }),
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
    reader,
    get compilations() {
      return compilations;
    },
    answered,
  };
}
