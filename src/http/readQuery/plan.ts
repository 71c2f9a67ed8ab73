import {
  GraphQLSkipDirective,
  GraphQLIncludeDirective,
  getNamedType,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  visit,
  BREAK,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLAbstractType,
  type GraphQLField,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
// The field collection graphql-js executes with (fragments, type conditions, @skip/@include,
// merging of fields under one response key): the same answer shape, not a second reading of the spec.
import { collectFields, collectSubfields } from 'graphql/execution/collectFields.js';

/** How the value of one field is turned into its part of the answer. */
export type OutputPlan = LeafPlan | ObjectPlan | AbstractPlan | ListPlan;

export interface LeafPlan {
  kind: 'leaf';
  type: GraphQLLeafType;
  nonNull: boolean;
}

export interface ObjectPlan {
  kind: 'object';
  type: GraphQLObjectType;
  nonNull: boolean;
  fields: FieldPlan[];
}

export interface AbstractPlan {
  kind: 'abstract';
  type: GraphQLAbstractType;
  nonNull: boolean;
  /** The field that returns it (its resolve info is passed to resolveType). */
  field: number;
  /** One plan per object type the value may be, by type name. */
  possible: Map<string, ObjectPlan>;
}

export interface ListPlan {
  kind: 'list';
  nonNull: boolean;
  item: OutputPlan;
}

export interface FieldPlan {
  /** Index into the per-field tables (arguments, resolve infos). */
  index: number;
  /** The alias, or the field's name. */
  responseKey: string;
  /** `__typename`: answered with the parent type's name. */
  typename: boolean;
  parentType: GraphQLObjectType;
  definition: GraphQLField<unknown, unknown> | undefined;
  nodes: readonly FieldNode[];
  output: OutputPlan | undefined;
}

export interface QueryPlan {
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  root: ObjectPlan;
  /** Every field of the plan, by index. */
  fields: FieldPlan[];
  /** Fields whose arguments name a variable: computed per request, the others once. */
  fieldsWithVariables: Set<number>;
}

export type PlanResult = { ok: true; plan: QueryPlan } | { ok: false; reason: string };

class Unsupported extends Error {}

/**
 * Plans a query for the read path: which fields to read, in answer order, with the type of each
 * value. Declines (with the reason) what the read path does not run: mutations and
 * subscriptions, introspection, executable directives other than @skip and @include (@defer,
 * @stream), and a response key `__proto__`. Those go to the general execution. `variables`
 * (coerced) decide the @skip and @include that name one (see directiveVariables).
 */
export function planQuery(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
): PlanResult {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (operation === undefined) return { ok: false, reason: 'no single operation to run' };
  if (operation.operation !== OperationTypeNode.QUERY) return { ok: false, reason: `a ${operation.operation} is not a read` };
  const rootType = schema.getQueryType();
  if (!rootType) return { ok: false, reason: 'the schema has no query type' };
  const directive = unsupportedDirective(document);
  if (directive !== undefined) return { ok: false, reason: directive };

  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null) as Record<string, FragmentDefinitionNode>;
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;

  const fields: FieldPlan[] = [];
  const fieldsWithVariables = new Set<number>();

  const objectPlan = (type: GraphQLObjectType, collected: Map<string, readonly FieldNode[]>, nonNull: boolean): ObjectPlan => {
    const plans: FieldPlan[] = [];
    for (const [responseKey, nodes] of collected) {
      if (responseKey === '__proto__') throw new Unsupported('a response key __proto__');
      const first = nodes[0];
      if (first === undefined) continue;
      const name = first.name.value;
      if (name === '__schema' || name === '__type') throw new Unsupported('introspection');
      const index = fields.length;
      if (name === '__typename') {
        const field: FieldPlan = { index, responseKey, typename: true, parentType: type, definition: undefined, nodes, output: undefined };
        fields.push(field);
        plans.push(field);
        continue;
      }
      const definition = type.getFields()[name];
      if (definition === undefined) throw new Unsupported(`no field ${type.name}.${name}`);
      const field: FieldPlan = { index, responseKey, typename: false, parentType: type, definition, nodes, output: undefined };
      fields.push(field);
      if ((first.arguments ?? []).some((arg) => namesVariable(arg.value))) fieldsWithVariables.add(index);
      field.output = outputPlan(definition.type, nodes, index);
      plans.push(field);
    }
    return { kind: 'object', type, nonNull, fields: plans };
  };

  const outputPlan = (type: GraphQLOutputType, nodes: readonly FieldNode[], field: number): OutputPlan => {
    const nonNull = isNonNullType(type);
    const nullable = isNonNullType(type) ? type.ofType : type;
    if (isListType(nullable)) return { kind: 'list', nonNull, item: outputPlan(nullable.ofType, nodes, field) };
    if (isLeafType(nullable)) return { kind: 'leaf', type: nullable, nonNull };
    if (isObjectType(nullable)) return objectPlan(nullable, collectSubfields(schema, fragments, variables, nullable, nodes), nonNull);
    if (isAbstractType(nullable)) {
      const possible = new Map<string, ObjectPlan>();
      for (const objectType of schema.getPossibleTypes(nullable)) {
        possible.set(objectType.name, objectPlan(objectType, collectSubfields(schema, fragments, variables, objectType, nodes), false));
      }
      return { kind: 'abstract', type: nullable, nonNull, field, possible };
    }
    throw new Unsupported(`the output type ${getNamedType(type).name}`);
  };

  try {
    const root = objectPlan(rootType, collectFields(schema, fragments, variables, rootType, operation.selectionSet), true);
    return { ok: true, plan: { operation, fragments, root, fields, fieldsWithVariables } };
  } catch (err) {
    if (err instanceof Unsupported) return { ok: false, reason: err.message };
    throw err;
  }
}

function namesVariable(value: Parameters<typeof visit>[0]): boolean {
  let found = false;
  visit(value, {
    Variable: () => {
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** Whether a directive is on a field or fragment (executed), not on the operation or a definition. */
function onSelection(ancestors: ReadonlyArray<unknown>): boolean {
  return ancestors.some((a) => !Array.isArray(a) && (a as { kind?: string }).kind === Kind.SELECTION_SET);
}

/** The first executed directive the read path does not run, if any. */
function unsupportedDirective(document: DocumentNode): string | undefined {
  let reason: string | undefined;
  visit(document, {
    Directive: (node, _key, _parent, _path, ancestors) => {
      if (!onSelection(ancestors)) return undefined;
      const name = node.name.value;
      if (name !== GraphQLSkipDirective.name && name !== GraphQLIncludeDirective.name) reason = `the directive @${name}`;
      return reason === undefined ? undefined : BREAK;
    },
  });
  return reason;
}

/** The variables that @skip and @include of the document name: a plan holds for one set of their values. */
export function directiveVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Directive: (node, _key, _parent, _path, ancestors) => {
      if (!onSelection(ancestors)) return;
      for (const arg of node.arguments ?? []) {
        visit(arg.value, {
          Variable: (variable) => {
            names.add(variable.name.value);
          },
        });
      }
    },
  });
  return [...names].sort();
}
