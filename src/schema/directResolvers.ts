import { GraphQLScalarType, isInterfaceType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema, type GraphQLTypeResolver } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

type Storage = ReturnType<typeof getMetadataStorage>;
type Metadata = Storage['queries'][number] | Storage['fieldResolvers'][number];
type Param = NonNullable<Metadata['params']>[number];
type Resolve = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;

/** Types type-graphql passes to a method unchanged: scalars and enums (input objects are converted and validated). */
function passedAsIs(storage: Storage, type: unknown): boolean {
  if (type === String || type === Number || type === Boolean || type instanceof GraphQLScalarType) return true;
  return storage.enums.some((e) => e.enumObj === type);
}

function argsClassPassedAsIs(storage: Storage, type: unknown): boolean {
  const args = storage.argumentTypes.find((a) => a.target === type);
  return args !== undefined && (args.fields ?? []).every((f) => passedAsIs(storage, f.getType()));
}

/** How to get one parameter from graphql-js's (source, args, context, info); undefined when type-graphql would transform it. */
function accessor(storage: Storage, param: Param): ((root: unknown, args: Record<string, unknown>, ctx: unknown, info: unknown) => unknown) | undefined {
  switch (param.kind) {
    case 'root': {
      const property = param.propertyName;
      // A typed root is copied into an instance of its class by type-graphql; ours are plain views.
      if (param.getType !== undefined) return undefined;
      return property === undefined ? (root) => root : (root) => (root as Record<string, unknown>)[property];
    }
    case 'context': {
      const property = param.propertyName;
      return property === undefined ? (_root, _args, ctx) => ctx : (_root, _args, ctx) => (ctx as Record<string, unknown>)[property];
    }
    case 'info':
      return (_root, _args, _ctx, info) => info;
    case 'arg': {
      if (!passedAsIs(storage, param.getType())) return undefined;
      const name = param.name;
      return (_root, args) => args[name];
    }
    case 'args':
      return argsClassPassedAsIs(storage, param.getType()) ? (_root, args) => args : undefined;
    default:
      return undefined;
  }
}

function directResolver(storage: Storage, metadata: Metadata, instances: Map<unknown, object>): Resolve | undefined {
  if ((metadata.middlewares ?? []).length > 0 || metadata.roles !== undefined) return undefined;
  const params = [...(metadata.params ?? [])].sort((a, b) => a.index - b.index);
  const accessors = params.map((p) => accessor(storage, p));
  if (accessors.some((a) => a === undefined)) return undefined;
  let instance = instances.get(metadata.target);
  if (instance === undefined) {
    instance = new (metadata.target as new () => object)();
    instances.set(metadata.target, instance);
  }
  const method = (instance as Record<string, unknown>)[metadata.methodName];
  if (typeof method !== 'function') return undefined;
  const target = instance;
  const call = method as (...values: unknown[]) => unknown;
  const [a, b, c, d] = accessors as Array<(root: unknown, args: Record<string, unknown>, ctx: unknown, info: unknown) => unknown>;
  // No array per call for the usual few parameters: this runs for every broker of a fleet.
  switch (accessors.length) {
    case 0:
      return () => call.call(target);
    case 1:
      if (a) return (root, args, ctx, info) => call.call(target, a(root, args, ctx, info));
      break;
    case 2:
      if (a && b) return (root, args, ctx, info) => call.call(target, a(root, args, ctx, info), b(root, args, ctx, info));
      break;
    case 3:
      if (a && b && c) return (root, args, ctx, info) => call.call(target, a(root, args, ctx, info), b(root, args, ctx, info), c(root, args, ctx, info));
      break;
    case 4:
      if (a && b && c && d)
        return (root, args, ctx, info) =>
          call.call(target, a(root, args, ctx, info), b(root, args, ctx, info), c(root, args, ctx, info), d(root, args, ctx, info));
      break;
  }
  const get = accessors as Array<(root: unknown, args: Record<string, unknown>, ctx: unknown, info: unknown) => unknown>;
  return (root, args, ctx, info) =>
    call.apply(
      target,
      get.map((g) => g(root, args, ctx, info)),
    );
}

/**
 * type-graphql runs every resolver through its handler, which per call sorts the parameters and
 * validates the arguments in an async function: every field with an argument answers with a
 * promise, and over a fleet of 3000 brokers that costs more than serializing the answer. For
 * queries and field resolvers whose arguments reach the method unchanged anyway (scalars, enums,
 * @ArgsType classes of them; no input object to convert or validate) and that carry no
 * middleware or roles, this calls the same method with the same parameters directly:
 * synchronously when the method is. The schema must be built without global middlewares or an
 * auth checker (build.ts). Mutations and subscriptions keep type-graphql's handler. Interfaces'
 * resolveType functions are made synchronous too.
 */
export function useDirectResolvers(schema: GraphQLSchema, resolverClasses: readonly unknown[]): GraphQLSchema {
  const storage = getMetadataStorage();
  // type-graphql keeps the metadata of every class it saw: only those this schema was built from.
  const ours = (metadata: Metadata): boolean => resolverClasses.includes(metadata.target);
  const instances = new Map<unknown, object>();
  const queryFields = schema.getQueryType()?.getFields() ?? {};
  for (const query of storage.queries.filter(ours)) {
    const field = queryFields[query.schemaName];
    const resolve = field !== undefined ? directResolver(storage, query, instances) : undefined;
    if (field !== undefined && resolve !== undefined) field.resolve = resolve;
  }
  for (const fieldResolver of storage.fieldResolvers.filter(ours)) {
    const objectClass = fieldResolver.getObjectType?.();
    const typeName = storage.objectTypes.find((o) => o.target === objectClass)?.name;
    const type = typeName !== undefined ? schema.getType(typeName) : undefined;
    const field = isObjectType(type) ? type.getFields()[fieldResolver.schemaName] : undefined;
    if (field === undefined || fieldResolver.kind !== 'external') continue;
    const resolve = directResolver(storage, fieldResolver, instances);
    if (resolve !== undefined) field.resolve = resolve;
  }
  // type-graphql wraps an interface's resolveType in an async function; graphql-jit takes only
  // synchronous ones (it answers "must resolve to an Object type"). Ours name the type at once.
  for (const meta of storage.interfaceTypes) {
    const type = schema.getType(meta.name);
    const resolveType = meta.resolveType as ((...args: Parameters<GraphQLTypeResolver<unknown, unknown>>) => unknown) | undefined;
    if (!isInterfaceType(type) || resolveType === undefined) continue;
    const nameOf = (resolved: unknown): string | undefined =>
      resolved === undefined || typeof resolved === 'string' ? resolved : storage.objectTypes.find((o) => o.target === resolved)?.name;
    type.resolveType = (value, context, info, abstractType) => {
      const resolved = resolveType(value, context, info, abstractType);
      return resolved instanceof Promise ? resolved.then(nameOf) : nameOf(resolved);
    };
  }
  return schema;
}
