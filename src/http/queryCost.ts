import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, getVariableValues, GraphQLError, isLeafType, isListType, getNullableType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';

/**
 * Static query cost, in the manner of Shopify's Admin API, with every field counted: a scalar or
 * enum costs LEAF_COST (1, as every field does in graphql-cost-analysis), each object 1, and a
 * paginated field multiplies what it holds by its `first`/`last`. The `edges`/`nodes` lists of a
 * connection are already counted by that multiplier; other lists are multiplied by the field's
 * `listSize` extension, else DEFAULT_LIST_SIZE. So a field asked for under many aliases costs as
 * many times as it will be answered, in every item of every page: an alias flood is refused by
 * the cost, not by a count of aliases. The cost is known before anything runs, so an
 * over-expensive query is refused without touching a cache or Cruise Control; every answer
 * reports it in `extensions.cost`.
 */
export const DEFAULT_LIST_SIZE = 10;
export const LEAF_COST = 1;

const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // A list of scalars (a broker's roles) is one value to answer, as a scalar is.
  if (isLeafType(getNamedType(field.type))) return LEAF_COST;
  const pageSize = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : undefined;
  if (pageSize !== undefined) return 1 + pageSize * childComplexity;
  if (!isListType(getNullableType(field.type)) || type.name.endsWith('Connection')) return 1 + childComplexity;
  const listSize = (field.extensions as { listSize?: unknown }).listSize;
  return (typeof listSize === 'number' ? listSize : DEFAULT_LIST_SIZE) * (1 + childComplexity);
};

export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  return getComplexity({ schema, query: document, variables, operationName, estimators: [costEstimator] });
}

export interface QueryCostOptions {
  maximumCost: number;
}

/** How many (document, operation, variables) keep their cost. */
const COUNTED_OPERATIONS = 1_000;

/**
 * Refuses operations that cost more than the maximum (code MAX_COST_EXCEEDED), reports the cost
 * otherwise. Counting walks the whole document with graphql-js's TypeInfo, which for a small
 * query costs as much as running it: a cost is counted once per document text, operation and
 * variables, and kept.
 */
export interface QueryCostPlugin extends ApolloServerPlugin {
  /** The cost counted before for this document (by Apollo's queryHash), resolved operation name and variables, if any. */
  knownCost(queryHash: string, operationName: string | null, variables: Record<string, unknown> | undefined): number | undefined;
}

export function queryCostPlugin(schema: GraphQLSchema, options: QueryCostOptions): QueryCostPlugin {
  const counted = new LRUCache<string, number>({ max: COUNTED_OPERATIONS });
  const keyOf = (queryHash: string, operationName: string | null, variables: Record<string, unknown> | undefined): string =>
    `${queryHash}:${operationName ?? ''}:${JSON.stringify(variables ?? {})}`;
  return {
    knownCost: (queryHash, operationName, variables) => counted.get(keyOf(queryHash, operationName, variables)),
    requestDidStart() {
      let cost: number | undefined;
      return Promise.resolve({
        didResolveOperation(ctx) {
          // queryHash identifies the document text; variables that counted once fit their types.
          const key = keyOf(ctx.queryHash, ctx.operationName, ctx.request.variables);
          cost = counted.get(key);
          if (cost !== undefined) {
            if (cost > options.maximumCost) throw tooCostly(cost, options.maximumCost);
            return Promise.resolve();
          }
          // Variables that do not fit their types are the execution's to refuse (400 BAD_USER_INPUT);
          // the cost counter would throw on them and turn a bad request into a 500.
          const coerced = getVariableValues(schema, ctx.operation?.variableDefinitions ?? [], ctx.request.variables ?? {}, { maxErrors: 1 });
          if (coerced.errors !== undefined) return Promise.resolve();
          try {
            cost = queryCost(schema, ctx.document, ctx.request.variables ?? {}, ctx.operationName ?? undefined);
          } catch (err) {
            // The counter gives up on a document too large to count (its maxQueryNodes): too costly, by any measure.
            throw new GraphQLError(`${(err as Error).message} Ask for fewer fields and aliases, or split the query.`, {
              extensions: { code: 'MAX_COST_EXCEEDED', http: { status: 400 } },
            });
          }
          counted.set(key, cost);
          if (cost > options.maximumCost) throw tooCostly(cost, options.maximumCost);
          return Promise.resolve();
        },
        willSendResponse(ctx) {
          if (cost === undefined || ctx.response.body.kind !== 'single') return Promise.resolve();
          const result = ctx.response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { requestedQueryCost: cost, maximumAvailable: options.maximumCost } };
          return Promise.resolve();
        },
      });
    },
  };
}

function tooCostly(cost: number, maximumCost: number): GraphQLError {
  return new GraphQLError(`Query cost ${cost} exceeds the maximum of ${maximumCost}: ask for fewer items with first/last, or split the query.`, {
    extensions: { code: 'MAX_COST_EXCEEDED', cost: { requestedQueryCost: cost, maximumAvailable: maximumCost }, http: { status: 400 } },
  });
}
