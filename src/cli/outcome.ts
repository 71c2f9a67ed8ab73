import type { ConfigEditResult, Operation, ProposalPreview, UserError } from '../client/types.js';

/** What any change answered, whichever mutation made it. */
export interface ChangeOutcome {
  userErrors: readonly UserError[];
  dryRun: boolean;
  /** The spec generation written (or read, on a dry run); null for Cruise Control requests. */
  generation: number | null;
  changes: readonly string[];
  restartedBrokers: readonly number[];
  operations: readonly Operation[];
  preview?: ProposalPreview | null;
  previewError?: string | null;
  applied?: ConfigEditResult['applied'];
  /** stop: the operation it interrupted. */
  stopped?: Operation | null;
}

/** A spec edit's or config edit's payload as an outcome. */
export function editOutcome(payload: {
  userErrors: readonly UserError[];
  dryRun: boolean;
  generation?: number | null;
  changes: readonly string[];
  restartedBrokers: readonly number[];
  operations?: readonly Operation[];
  preview?: ProposalPreview | null;
  previewError?: string | null;
  applied?: ConfigEditResult['applied'];
}): ChangeOutcome {
  return { ...payload, generation: payload.generation ?? null, operations: payload.operations ?? [] };
}

/** A Cruise Control request's payload (rebalance, stop, retry) as an outcome. */
export function operationOutcome(
  payload: { userErrors: readonly UserError[]; operation?: Operation | null; preview?: ProposalPreview | null; stopped?: Operation | null },
  dryRun: boolean,
): ChangeOutcome {
  const operations = payload.operation === null || payload.operation === undefined ? [] : [payload.operation];
  return {
    userErrors: payload.userErrors,
    dryRun,
    generation: null,
    changes: [],
    restartedBrokers: [],
    operations,
    preview: payload.preview,
    stopped: payload.stopped,
  };
}
