import { GraphQLError } from 'graphql';
import { LabelSelectorError, parseLabelSelector, type LabelSelector } from '../domain/labelSelector.js';
import { ReadModelUnavailableError } from '../readmodel/readModel.js';

/** Runs a read, turning "no cache to read" into a GraphQL error a client can act on. */
export function fromCache<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ReadModelUnavailableError) {
      throw new GraphQLError(err.message, { extensions: { code: err.code } });
    }
    throw err;
  }
}

export function labelSelectorArgument(text: string | null | undefined): LabelSelector | undefined {
  if (text == null) return undefined;
  try {
    return parseLabelSelector(text);
  } catch (err) {
    if (err instanceof LabelSelectorError) throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT', argumentName: 'labelSelector' } });
    throw err;
  }
}
