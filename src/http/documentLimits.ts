import {
  GraphQLError,
  Kind,
  type ASTNode,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * Limits on the shape of a document, checked before anything runs, on both transports: a parser
 * bound on tokens (graphql-js ParseOptions.maxTokens) so a huge document is not even parsed, and
 * a depth bound. Aliases have no bound of their own: each aliased field costs what it answers
 * (queryCost.ts), so a flood of them is refused by the cost limit.
 */
export const MAX_TOKENS = 10_000;
export const MAX_DEPTH = 20;

const refused = (message: string, node: ASTNode): GraphQLError => new GraphQLError(message, { nodes: [node], extensions: { code: 'BAD_USER_INPUT' } });

/** The depth of a selection set, fragments followed (each once on a path, so a cycle, which validation refuses anyway, ends). */
function depthOf(selectionSet: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen: ReadonlySet<string>): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, fragments, seen) : 1);
    else if (selection.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && !seen.has(fragment.name.value))
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, new Set([...seen, fragment.name.value])));
    }
  }
  return deepest;
}

export function documentLimitsRule(limits: { maxDepth: number } = { maxDepth: MAX_DEPTH }): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const document = context.getDocument();
    const fragments = new Map(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d] as const),
    );
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, fragments, new Set());
        if (depth > limits.maxDepth) context.reportError(refused(`the operation is ${depth} fields deep; at most ${limits.maxDepth}`, node));
      },
    };
  };
}
