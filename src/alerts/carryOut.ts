import { describeDrain, type ApplyResult, type ClusterEditor } from '../operator/edits/index.js';
import { clusterEdit, type Decision } from './decision.js';
import { appendToLedger, readLedger } from './ledger.js';
import type { ClusterObservation } from './observation.js';
import type { Finish } from './record.js';
import { safeguards } from './safeguards.js';

/**
 * Carries a decision out through the edits service, as a mutation would: the same validation,
 * one conditional write. The safeguards are checked again against the cluster read for the
 * write, and the ledger entry that records the action goes in that same write.
 */
export async function carryOut(decision: Decision, observation: ClusterObservation, editor: ClusterEditor | undefined): Promise<Finish> {
  const now = observation.now;
  switch (decision.kind) {
    case 'record':
      return { outcome: decision.outcome, message: decision.message, now };
    case 'refuse':
      return {
        outcome: decision.final ? 'Rejected' : 'Refused',
        message: `refused: ${decision.reasons.map((r) => r.message).join('; ')}`,
        reasons: decision.reasons,
        now,
      };
    case 'act': {
      if (editor === undefined)
        return {
          outcome: 'Refused',
          message: 'refused: the cluster cannot be edited yet',
          reasons: [{ code: 'FAILED', message: 'the edits service is not ready' }],
          now,
        };
      const { command } = decision;
      const key = observation.key;
      const result: ApplyResult = await editor.apply({ namespace: observation.namespace, name: observation.name }, clusterEdit(decision.request), {
        dryRun: decision.dryRun,
        precondition: (object) => [
          ...(readLedger(object.metadata?.annotations).some((e) => e.key === key)
            ? [{ field: [], code: 'ALREADY_APPLIED' as const, message: `${command} was applied for this alert already` }]
            : []),
          ...safeguards({ command, object, dryRuns: observation.dryRuns, key, now }).map((r) => ({ field: [], ...r })),
        ],
        annotations: (object) => appendToLedger(object.metadata?.annotations, { key, command, at: now.toISOString() }),
      });
      if (!result.ok) {
        const applied = result.errors.find((e) => e.code === 'ALREADY_APPLIED');
        if (applied !== undefined) return { outcome: 'Acted', message: applied.message, now };
        const reasons = result.errors.map((e) => ({ code: e.code, message: e.message }));
        return { outcome: 'Refused', message: `refused: ${reasons.map((r) => r.message).join('; ')}`, reasons, now };
      }
      // The task the edit declares it leads to, so the record says what Cruise Control will be asked.
      const drain = result.drain !== undefined ? `; the operator ${result.dryRun ? 'would run' : 'runs'} ${describeDrain(result.drain)}` : '';
      const changes = result.changes.join('; ');
      if (result.dryRun) {
        return { outcome: 'DryRun', message: `dry run (alertManagerConfig.dryRun), nothing changed; would ${changes}${drain}`, changes: result.changes, now };
      }
      return { outcome: 'Acted', message: `${changes} (generation ${result.generation})${drain}`, changes: result.changes, generation: result.generation, now };
    }
  }
}
