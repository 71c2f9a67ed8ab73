import { getArgumentValues, GraphQLNonNull, GraphQLString, type DocumentNode, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { generateRead, type ReadAnswer } from './generate.js';
import { directiveVariables, planQuery, type FieldPlan, type QueryPlan } from './plan.js';

/**
 * Passes over the query before giving up on settling its resolvers' promises. On warm caches the
 * first pass answers. On cold ones the first pass starts every live read at once (the request's
 * DataLoaders batch them as they would under graphql-js), the next answers from what they
 * settled to. A resolver that answers with a new promise on every call never settles here.
 */
const MAX_PASSES = 3;

/** The read path declined, or could not answer as graphql-js would: run the general execution. */
export const NOT_READ = Symbol('not read');

export interface ReadQuery {
  /** The answer's data, or NOT_READ. Synchronous when no resolver answered with a promise. */
  run(context: unknown, variables: Record<string, unknown>): unknown;
  /** The same data as the UTF-8 bytes of its JSON text (those of `JSON.stringify` of what `run` gives), written in one pass; or NOT_READ. */
  runJson(context: unknown, variables: Record<string, unknown>): Buffer | typeof NOT_READ | Promise<Buffer | typeof NOT_READ>;
}

export type CompileReadResult = { ok: true; query: ReadQuery } | { ok: false; reason: string };

/**
 * The read path of a query: an answer built by code generated for this query (generate.ts)
 * instead of a walk of the query per object. It answers only when graphql-js would answer
 * without errors; a resolver that throws, a null in a non-null place or any value graphql-js
 * would refuse gives NOT_READ, and the caller runs the general execution, which reports the
 * errors as graphql-js does. Resolvers are called with the arguments graphql-js would pass them;
 * the resolve info is the field's, with a path that names the field's response key only (no
 * resolver of ours reads the path; building it per value is what this path saves).
 */
export function compileReadQuery(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): CompileReadResult {
  const keyedBy = directiveVariables(document);
  if (keyedBy.length === 0) {
    const planned = planQuery(schema, document, operationName);
    return planned.ok ? { ok: true, query: readQuery(schema, planned.plan) } : planned;
  }
  // @skip/@include on variables: the fields to read depend on their values, so one plan per set
  // of values, made on the first request with it.
  const first = planQuery(schema, document, operationName, Object.fromEntries(keyedBy.map((name) => [name, true])));
  if (!first.ok) return first;
  const byValues = new LRUCache<string, ReadQuery | typeof NOT_READ>({ max: PLANS_PER_OPERATION });
  const planFor = (variables: Record<string, unknown>): ReadQuery | typeof NOT_READ => {
    try {
      const planned = planQuery(schema, document, operationName, variables);
      return planned.ok ? readQuery(schema, planned.plan) : NOT_READ;
    } catch {
      // A directive graphql-js cannot evaluate with these values: the general execution says why.
      return NOT_READ;
    }
  };
  const queryFor = (variables: Record<string, unknown>): ReadQuery | typeof NOT_READ => {
    const key = JSON.stringify(keyedBy.map((name) => variables[name]));
    let query = byValues.get(key);
    if (query === undefined) {
      query = planFor(variables);
      byValues.set(key, query);
    }
    return query;
  };
  return {
    ok: true,
    query: {
      run: (context, variables) => {
        const query = queryFor(variables);
        return query === NOT_READ ? NOT_READ : query.run(context, variables);
      },
      runJson: (context, variables) => {
        const query = queryFor(variables);
        return query === NOT_READ ? NOT_READ : query.runJson(context, variables);
      },
    },
  };
}

/** Plans kept for one operation whose @skip/@include name variables (one per set of their values). */
const PLANS_PER_OPERATION = 16;

function readQuery(schema: GraphQLSchema, plan: QueryPlan): ReadQuery {
  const read = generateRead(plan);
  // Generated on the first request that wants the text: most queries are only ever answered through Apollo Server.
  let readJson: ReadAnswer | undefined;
  // Shared by every request: frozen, so that a resolver cannot change what the next one gets.
  const constantArgs = plan.fields.map((field) => (plan.fieldsWithVariables.has(field.index) ? undefined : Object.freeze(argumentsOf(field, {}))));

  // The arguments and resolve infos depend on the variables alone: kept for the last variables
  // object, which a caller that keeps coerced variables (the known queries) passes again request
  // after request. Frozen, as the constant arguments are, since requests share them.
  let last: { variables: Record<string, unknown>; args: readonly unknown[]; infos: readonly GraphQLResolveInfo[] } | undefined;
  const byVariables = (variables: Record<string, unknown>): { args: readonly unknown[]; infos: readonly GraphQLResolveInfo[] } => {
    if (last?.variables !== variables) {
      const args =
        plan.fieldsWithVariables.size === 0 ? constantArgs : plan.fields.map((field, i) => constantArgs[i] ?? Object.freeze(argumentsOf(field, variables)));
      last = { variables, args, infos: plan.fields.map((field) => Object.freeze(resolveInfo(schema, plan, field, variables))) };
    }
    return last;
  };

  const pass = (answer: ReadAnswer, context: unknown, variables: Record<string, unknown>): { data: unknown; pending: unknown[] } | typeof NOT_READ => {
    const { args, infos } = byVariables(variables);
    const pending: unknown[] = [];
    try {
      return { data: answer(undefined, context, args, infos, pending), pending };
    } catch {
      return NOT_READ;
    }
  };

  const settleAndRun = async (answer: ReadAnswer, context: unknown, variables: Record<string, unknown>, pending: unknown[]): Promise<unknown> => {
    for (let passes = 1; passes < MAX_PASSES; passes += 1) {
      await Promise.allSettled(pending);
      const next = pass(answer, context, variables);
      if (next === NOT_READ) return NOT_READ;
      if (next.pending.length === 0) return next.data;
      pending = next.pending;
    }
    // Settle what is left so no rejection goes unobserved; the general execution asks again.
    await Promise.allSettled(pending);
    return NOT_READ;
  };

  const runWith = (answer: ReadAnswer, context: unknown, variables: Record<string, unknown>): unknown => {
    const first = pass(answer, context, variables);
    if (first === NOT_READ) return NOT_READ;
    return first.pending.length === 0 ? first.data : settleAndRun(answer, context, variables, first.pending);
  };

  return {
    run: (context, variables) => runWith(read, context, variables),
    runJson: (context, variables) => {
      readJson ??= generateRead(plan, 'json');
      return runWith(readJson, context, variables) as Buffer | typeof NOT_READ | Promise<Buffer | typeof NOT_READ>;
    },
  };
}

function argumentsOf(field: FieldPlan, variables: Record<string, unknown>): Record<string, unknown> {
  const node = field.nodes[0];
  return field.definition && node ? getArgumentValues(field.definition, node, variables) : {};
}

function resolveInfo(schema: GraphQLSchema, plan: QueryPlan, field: FieldPlan, variables: Record<string, unknown>): GraphQLResolveInfo {
  return {
    fieldName: field.definition?.name ?? '__typename',
    fieldNodes: field.nodes,
    returnType: field.definition?.type ?? TYPENAME_TYPE,
    parentType: field.parentType,
    path: { prev: undefined, key: field.responseKey, typename: field.parentType.name },
    schema,
    fragments: plan.fragments,
    rootValue: undefined,
    operation: plan.operation,
    variableValues: variables,
  };
}

const TYPENAME_TYPE = new GraphQLNonNull(GraphQLString);
