import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { GraphQLContext } from '../resolvers/context.js';
import { forbidden } from './errors.js';
import { KAFKA_GROUP, PERMISSIONS, type Requirement, type ResourceCheck } from './permissions.js';

/**
 * Puts the permission table in front of every root field of the schema, on both transports and
 * every execution path: a field runs only once each check it needs is allowed; a refusal is a
 * FORBIDDEN error and the resolver never runs, so nothing changes. A root field missing from
 * the table is refused at start, so a new operation cannot be added unguarded.
 */
export function guardSchema(schema: GraphQLSchema): GraphQLSchema {
  for (const typeName of ['Query', 'Mutation', 'Subscription'] as const) {
    const type = schema.getType(typeName) as GraphQLObjectType | undefined;
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = PERMISSIONS[typeName][field.name];
      if (rule === undefined) throw new Error(`${typeName}.${field.name} has no entry in the permission table (src/auth/permissions.ts)`);
      if (typeName === 'Subscription') field.subscribe = guarded(field.subscribe ?? defaultFieldResolver, rule);
      else field.resolve = guarded(field.resolve ?? defaultFieldResolver, rule);
    }
  }
  return schema;
}

function guarded(
  original: GraphQLFieldResolver<unknown, GraphQLContext>,
  rule: (args: Record<string, unknown>) => Requirement,
): GraphQLFieldResolver<unknown, GraphQLContext> {
  return (source, args, ctx, info) => {
    if (!ctx.access.enforced) return original(source, args, ctx, info);
    const requirement = rule(args as Record<string, unknown>);
    if ('visibleNamespaces' in requirement) {
      const decided = visibleNamespaces(ctx);
      if (decided instanceof Promise)
        return decided.then((namespaces) => {
          ctx.access.visibleNamespaces = namespaces;
          return original(source, args, ctx, info);
        });
      ctx.access.visibleNamespaces = decided;
      return original(source, args, ctx, info);
    }
    const refused = firstRefused(ctx, requirement.checks);
    if (refused instanceof Promise)
      return refused.then((check) => {
        if (check) throw forbidden(ctx.access.caller.display, check);
        return original(source, args, ctx, info);
      });
    if (refused) throw forbidden(ctx.access.caller.display, refused);
    return original(source, args, ctx, info);
  };
}

/** The first check refused (synchronously when every answer is already known in this request). */
function firstRefused(ctx: GraphQLContext, checks: ResourceCheck[]): ResourceCheck | undefined | Promise<ResourceCheck | undefined> {
  const answers = checks.map((check) => ctx.access.allowed(check));
  if (answers.every((a): a is boolean => typeof a === 'boolean')) return checks.find((_, i) => answers[i] === false);
  return Promise.all(answers.map((a) => Promise.resolve(a))).then((settled) => checks.find((_, i) => !settled[i]));
}

/** The namespaces holding clusters where the caller may list them: one review per namespace, never one per cluster. */
function visibleNamespaces(ctx: GraphQLContext): ReadonlySet<string> | Promise<ReadonlySet<string>> {
  let namespaces: string[];
  try {
    namespaces = [...new Set(ctx.readModel.clusters().map((c) => c.namespace))];
  } catch {
    // The cache is not ready: the resolver says so itself.
    return new Set();
  }
  const checks = namespaces.map((namespace): ResourceCheck => ({ verb: 'list', group: KAFKA_GROUP, resource: 'kafkaclusters', namespace }));
  const answers = checks.map((check) => ctx.access.allowed(check));
  const pick = (settled: boolean[]): ReadonlySet<string> => new Set(namespaces.filter((_, i) => settled[i]));
  if (answers.every((a): a is boolean => typeof a === 'boolean')) return pick(answers);
  return Promise.all(answers.map((a) => Promise.resolve(a))).then(pick);
}
