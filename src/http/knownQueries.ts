import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { GraphQLContext } from '../resolvers/context.js';
import type { CompiledExecution, Reader } from './compiledExecution.js';
import type { ServerMetrics } from './metrics.js';
import type { QueryCostPlugin } from './queryCost.js';
import { NOT_READ } from './readQuery/readQuery.js';

/** How much query text the known queries may stand for together (their documents grow with it). */
export const KNOWN_QUERY_CHARS = 4 * 1024 * 1024;

/** A query Apollo Server parsed, validated (GraphQL's rules, the document limits, the introspection rule) and answered without errors. */
interface KnownQuery {
  queryHash: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string | null;
  /** Its read path, taken from the compiled execution on the first answer here (null: it has none). */
  reader?: Reader | null;
  /** By the variables' text: their cost and their coerced values, worked out once (the last few texts). */
  byVariables: Map<string, Prepared>;
  /** The size of the last answer sent here (0 before the first): how the next one is written. */
  lastAnswerBytes: number;
}

/** What a request's variables give, the same for every request with the same variables text. */
interface Prepared {
  /** What follows the data in the answer (its cost extension), as text and as bytes: the same for every request with this text. */
  answerEndText: string;
  answerEnd: Buffer;
  /** Frozen: shared by every request with this text. */
  coerced: Readonly<Record<string, unknown>>;
}

/** What an answer starts with, before its data. */
const DATA_START = Buffer.from('{"data":');
/**
 * From this size of its last answer, a query's data is written as bytes by the read path: no
 * objects, no string to flatten and encode, no garbage but the buffer (3 MB: about a third of the
 * time). A smaller answer costs less built as objects and serialized, and sent as a string, which
 * Node writes in one piece with the headers (docs/benchmarks.md).
 */
const WRITE_BYTES_FROM = 64 * 1024;

/** Variables texts kept per known query: a dashboard's few pages, not one per request. */
const VARIABLES_PER_QUERY = 16;
/** The text of no variables, as the cost plugin keys them. */
const NO_VARIABLES = '{}';

export interface KnownQueriesOptions {
  compiled: CompiledExecution;
  cost: QueryCostPlugin;
  maximumCost: number;
  metrics: ServerMetrics;
  /** False once Apollo Server stops: what it answers then, it answers itself. */
  open: () => boolean;
  maxChars?: number;
}

/**
 * Queries answered again without Apollo Server's request pipeline. For a small query the
 * pipeline costs more than the answer: the text's SHA-256, a dozen plugin hooks awaited one
 * after another, content negotiation, the context and result copied (docs/benchmarks.md).
 * Apollo answers a query text the first time; once it validated the document and answered it
 * without errors, `plugin` keeps the parsed document by its text. Then, as long as:
 * - the request is one this lane can answer exactly as Apollo would (a POST of `query`, maybe
 *   `operationName` and `variables`, nothing else; no Accept header but `*\/*` or JSON),
 * - the cost for these variables was counted before and is within the maximum,
 * - the read path answers (no error to format, mask or report),
 * it is answered here, with the same bytes as Apollo's: `{"data":…,"extensions":{"cost":…}}`.
 * Anything else goes to Apollo Server as before. Authentication and the rate limit ran before
 * either (graphqlPost.ts), and the JSON content type the lane requires is what Apollo's CSRF rule
 * asks of a POST.
 */
export function knownQueries(options: KnownQueriesOptions): {
  plugin: ApolloServerPlugin<GraphQLContext>;
  answer(req: IncomingMessage, res: ServerResponse, body: unknown, context: () => GraphQLContext): boolean | Promise<boolean>;
} {
  const { compiled, cost, maximumCost, metrics } = options;
  const known = new LRUCache<string, KnownQuery>({
    maxSize: options.maxChars ?? KNOWN_QUERY_CHARS,
    sizeCalculation: (_value, key) => key.length + 1,
  });
  // A name cannot hold NUL: the first one ends it.
  const keyOf = (query: string, operationName: string | undefined): string => `${operationName ?? ''}\u0000${query}`;

  const plugin: ApolloServerPlugin<GraphQLContext> = {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse(ctx) {
          const { source, document, operation, queryHash } = ctx;
          if (ctx.errors !== undefined || ctx.response.body.kind !== 'single' || ctx.response.body.singleResult.errors !== undefined) return Promise.resolve();
          if (source === undefined || document === undefined || operation?.operation !== OperationTypeNode.QUERY || queryHash === undefined)
            return Promise.resolve();
          const requested = ctx.request.operationName ?? undefined;
          known.set(keyOf(source, requested), {
            queryHash,
            document,
            operation,
            operationName: ctx.operationName ?? null,
            byVariables: new Map(),
            lastAnswerBytes: 0,
          });
          return Promise.resolve();
        },
      }),
  };

  // Synchronous when the read path is (warm caches): no turn of the event loop between the body and the answer.
  const answer = (req: IncomingMessage, res: ServerResponse, body: unknown, context: () => GraphQLContext): boolean | Promise<boolean> => {
    const started = process.hrtime.bigint();
    const request = plainRequest(req, body);
    if (request === undefined || !options.open()) return false;
    const entry = known.get(keyOf(request.query, request.operationName));
    if (entry === undefined) return false;
    entry.reader ??= compiled.reader(entry) ?? null;
    if (entry.reader === null) return false;
    const prepared = prepare(entry, entry.reader, request.variables);
    if (prepared === undefined) return false;
    const answered = (length: number): boolean => {
      entry.lastAnswerBytes = length;
      metrics.requestAnswered(entry.operationName, OperationTypeNode.QUERY, 'success', started);
      metrics.knownQueryAnswered();
      return true;
    };
    // Apollo's serialization: errors, data, extensions, then a newline (its prettyJSONStringify);
    // and the headers Apollo's answer carries, written with the status in one call.
    const sendText = (data: Record<string, unknown> | typeof NOT_READ): boolean => {
      if (data === NOT_READ) return false;
      const text = `{"data":${JSON.stringify(data)}${prepared.answerEndText}`;
      const length = Buffer.byteLength(text);
      res.writeHead(200, ['content-type', 'application/json; charset=utf-8', 'content-length', String(length)]);
      res.end(text);
      return answered(length);
    };
    const sendBytes = (data: Buffer | typeof NOT_READ): boolean => {
      if (data === NOT_READ) return false;
      const length = DATA_START.length + data.length + prepared.answerEnd.length;
      res.writeHead(200, ['content-type', 'application/json; charset=utf-8', 'content-length', String(length)]);
      res.end(Buffer.concat([DATA_START, data, prepared.answerEnd], length));
      return answered(length);
    };
    if (entry.lastAnswerBytes < WRITE_BYTES_FROM) {
      const data = entry.reader.run(context(), prepared.coerced);
      return data instanceof Promise ? data.then(sendText) : sendText(data);
    }
    // A large answer: the bytes of the data's JSON text, written in one pass by the read path.
    const data = entry.reader.runJson(context(), prepared.coerced);
    return data instanceof Promise ? data.then(sendBytes) : sendBytes(data);
  };

  /**
   * The cost and coerced values of these variables for this query, once its cost was counted
   * (by Apollo, through the cost plugin) and is within the maximum; kept by the variables' text,
   * since both follow from the document and the variables alone: a request with other variables
   * is worked out again, and one whose cost was never counted goes to Apollo.
   */
  const prepare = (entry: KnownQuery, reader: Reader, variables: Record<string, unknown> | undefined): Prepared | undefined => {
    const text = variables === undefined ? NO_VARIABLES : JSON.stringify(variables);
    const kept = entry.byVariables.get(text);
    if (kept !== undefined) return kept;
    const requestedQueryCost = cost.knownCost(entry.queryHash, entry.operationName, variables);
    if (requestedQueryCost === undefined || requestedQueryCost > maximumCost) return undefined;
    const coerced = reader.coerce(variables);
    if (coerced === undefined) return undefined;
    const answerEndText = `,"extensions":${JSON.stringify({ cost: { requestedQueryCost, maximumAvailable: maximumCost } })}}\n`;
    const prepared: Prepared = { answerEndText, answerEnd: Buffer.from(answerEndText), coerced: Object.freeze(coerced) };
    if (entry.byVariables.size >= VARIABLES_PER_QUERY) entry.byVariables.delete(entry.byVariables.keys().next().value as string);
    entry.byVariables.set(text, prepared);
    return prepared;
  };

  return { plugin, answer };
}

/** Accept headers for which Apollo Server answers `application/json; charset=utf-8` (its chooseContentTypeForSingleResultResponse). */
const JSON_ACCEPTED = new Set([undefined, '', '*/*', 'application/json']);

/** The body's query, operation name and variables, when the request carries nothing else Apollo would look at. */
function plainRequest(
  req: IncomingMessage,
  body: unknown,
): { query: string; operationName: string | undefined; variables: Record<string, unknown> | undefined } | undefined {
  if (!JSON_ACCEPTED.has(req.headers.accept) || typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { query, operationName, variables, ...rest } = body as Record<string, unknown>;
  if (typeof query !== 'string' || Object.keys(rest).length > 0) return undefined;
  // An empty name is not the absence of one to Apollo: it names no operation.
  if (operationName !== undefined && operationName !== null && (typeof operationName !== 'string' || operationName === '')) return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  return {
    query,
    operationName: operationName ?? undefined,
    variables: (variables ?? undefined) as Record<string, unknown> | undefined,
  };
}
