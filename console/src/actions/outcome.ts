import type { Operation, Preview, UserError } from '../api/types';

/** What an action answered, whichever mutation it was. */
export interface Outcome {
  userErrors: UserError[];
  changes: string[];
  preview: Preview | null;
  previewError: string | null;
  restartedBrokers: number[];
  operations: Operation[];
}

/** The fields of a spec edit's ClusterEditPayload (every mutation is asked for it as `result`). */
export type EditPayload = Outcome;

export interface RebalancePayload {
  userErrors: UserError[];
  preview: Preview | null;
  operation: Operation | null;
}

export function fromRebalance(payload: RebalancePayload): Outcome {
  return {
    userErrors: payload.userErrors,
    changes: [],
    preview: payload.preview,
    previewError: null,
    restartedBrokers: [],
    operations: payload.operation === null ? [] : [payload.operation],
  };
}

/** The input field a userError names (["input", "size"] → "size"); undefined for the input as a whole. */
export function fieldOf(error: UserError): string | undefined {
  const path = error.field ?? [];
  return path.length > 1 ? path[path.length - 1] : undefined;
}
