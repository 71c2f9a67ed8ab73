import { DECIDERS } from './commands/index.js';
import { clusterEdit, isCommand, type CommandName, type Decision, type Reason } from './decision.js';
import { readLedger } from './ledger.js';
import type { ClusterObservation } from './observation.js';
import type { ReceivedAlert } from '../domain/alertEvents.js';
import { safeguards } from './safeguards.js';
import { alertSettings } from './settings.js';

/** Problems of the alert itself: a redelivery of the same alert cannot be decided differently. */
const FINAL: ReadonlySet<Reason['code']> = new Set(['UNKNOWN_COMMAND', 'MISSING_LABEL', 'MISSING_ANNOTATION', 'INVALID_ANNOTATION', 'INVALID_LABEL']);

/**
 * What to do with one alert, from the alert and what was observed of its cluster; pure. Resolved
 * alerts and alerts without a command trigger nothing. A command is acted on only when the
 * alert is well formed, every safeguard holds, and the edit it asks for is valid on the cluster
 * as it is; otherwise the alert is refused with every reason found.
 */
export function decide(alert: ReceivedAlert, observation: ClusterObservation): Decision {
  const named = alert.annotations.command;
  const command = isCommand(named) ? named : undefined;
  if (alert.status === 'resolved') return { kind: 'record', outcome: 'Resolved', command, message: 'resolved; resolved alerts trigger nothing' };
  if (named === undefined || named === '') return { kind: 'record', outcome: 'Ignored', command, message: 'no command annotation; recorded only' };
  if (command === undefined)
    return refuse(undefined, [{ code: 'UNKNOWN_COMMAND', message: `command "${named}" is none of upScale, downScale, addPvc, resizePvc` }]);

  const acted = readLedger(observation.object.metadata?.annotations).find((e) => e.key === observation.key);
  if (acted !== undefined) return { kind: 'record', outcome: 'Acted', command, message: `${command} was applied for this alert already, at ${acted.at}` };
  const spec = observation.cluster?.spec;
  const context = observation.context;
  if (spec === undefined || context === undefined)
    return refuse(command, [{ code: 'INVALID_SPEC', message: 'the cluster spec cannot be read; see its status conditions' }]);
  const settings = alertSettings(spec.alertManagerConfig);
  const result = DECIDERS[command](alert, observation, spec, settings);
  if (!result.ok && result.reasons.some((r) => FINAL.has(r.code))) return refuse(command, result.reasons);

  const reasons: Reason[] = safeguards({ command, object: observation.object, dryRuns: observation.dryRuns, key: observation.key, now: observation.now });
  if (!result.ok) return refuse(command, [...reasons, ...result.reasons]);
  const plan = clusterEdit(result.request).plan(context);
  if (!plan.ok) reasons.push(...plan.errors.map((e) => ({ code: e.code, message: e.message })));
  if (reasons.length > 0 || !plan.ok) return refuse(command, reasons);
  return { kind: 'act', command, request: result.request, dryRun: settings.dryRun, changes: plan.changes };
}

function refuse(command: CommandName | undefined, reasons: Reason[]): Decision {
  return { kind: 'refuse', command, final: reasons.every((r) => FINAL.has(r.code)), reasons };
}
