import type { ProposalPreview, UserError } from '../client/types.js';
import type { ChangeOutcome } from './outcome.js';
import { formatTable, num } from './output.js';

type Loads = ReadonlyArray<{ brokerId: number; load?: { replicas: number; leaders: number; diskUsedMB: number } | null }>;

/** A change's answer for a person: what changed (or would), restarts, Cruise Control's proposal. */
export function renderOutcome(cluster: string, outcome: ChangeOutcome, loads: Loads = []): string {
  const lines: string[] = [];
  const generation = outcome.generation === null ? '' : ` (generation ${outcome.generation})`;
  lines.push(outcome.dryRun ? `Dry run on ${cluster}: nothing was changed.` : `${cluster}${generation}:`);
  if (outcome.changes.length > 0) {
    lines.push(outcome.dryRun ? 'Would change:' : 'Changed:', ...outcome.changes.map((c) => `  - ${c}`));
  }
  if (outcome.restartedBrokers.length > 0) lines.push(`Restarts broker ${outcome.restartedBrokers.join(', ')} (one at a time, in the rolling restart).`);
  if (outcome.applied !== undefined && outcome.applied.length > 0) {
    lines.push(
      formatTable(
        ['NAME', 'VALUE', 'TAKES EFFECT', 'SPEC FIELD'],
        outcome.applied.map((a) => [a.name, a.unset ? '(unset)' : a.value, a.live ? 'live' : a.restartRequired ? 'after a restart' : 'no change', a.specField]),
      ).trimEnd(),
    );
  }
  if (outcome.stopped != null) lines.push(`Stopped ${outcome.stopped.name} (${outcome.stopped.type}); it is paused until retried.`);
  for (const operation of outcome.operations) lines.push(`Operation ${operation.name} (${operation.type}) is ${operation.state}.`);
  if (outcome.preview != null) lines.push(...renderProposal(outcome.preview, loads));
  if (outcome.previewError != null) lines.push(`No proposal from Cruise Control: ${outcome.previewError}`);
  return `${lines.join('\n')}\n`;
}

/** Cruise Control's proposal: totals, then each broker before → after. */
export function renderProposal(preview: ProposalPreview, loads: Loads): string[] {
  const totals = [
    `${preview.replicaMovements} replica movements`,
    `${num(preview.dataToMoveMB, 0)} MB of data to move`,
    `${preview.leaderMovements} leader movements`,
  ];
  if (preview.intraBrokerReplicaMovements > 0)
    totals.push(`${preview.intraBrokerReplicaMovements} moves between disks (${num(preview.intraBrokerDataToMoveMB, 0)} MB)`);
  const lines = [`Cruise Control's proposal (from ${preview.recentWindows} metric windows): ${totals.join(', ')}.`];
  if (preview.provisionRecommendation != null && preview.provisionRecommendation !== '')
    lines.push(`Cruise Control recommends: ${preview.provisionRecommendation}`);
  const before = new Map(loads.map((b) => [b.brokerId, b.load]));
  const after = new Map(preview.brokersAfter.map((b) => [b.brokerId, b]));
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b);
  const change = (from: number | undefined, to: number | undefined, digits = 0) =>
    `${from === undefined ? '?' : num(from, digits)} → ${to === undefined ? 0 : num(to, digits)}`;
  lines.push(
    formatTable(
      ['BROKER', 'REPLICAS', 'LEADERS', 'DATA MB'],
      ids.map((id) => {
        const now = before.get(id) ?? undefined;
        const then = after.get(id);
        return [id, change(now?.replicas, then?.replicas), change(now?.leaders, then?.leaders), change(now?.diskUsedMB, then?.diskMB)];
      }),
    ).trimEnd(),
  );
  return lines;
}

/** Each refusal on its own line, with its code and the input field at fault. */
export function renderUserErrors(errors: readonly UserError[]): string {
  return errors.map((e) => `refused: ${e.message} [${e.code}${e.field != null ? ` at ${e.field.join('.')}` : ''}]`).join('\n');
}
