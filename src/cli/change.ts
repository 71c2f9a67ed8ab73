import type { ClusterProgress } from '../client/types.js';
import type { Context } from './context.js';
import { CliExit, ExitCode } from './exitCodes.js';
import type { ChangeOutcome } from './outcome.js';
import { writeDocument } from './output.js';
import { renderOutcome, renderUserErrors } from './render.js';
import { waitForChange, type WaitRequest } from './wait.js';

/** One change command, once its arguments are parsed. */
export interface ChangeSpec {
  cluster: string;
  dryRun: boolean;
  wait: boolean;
  /** Sends the mutation: its payload as the server answered, and that payload as an outcome. */
  send(): Promise<{ payload: object; outcome: ChangeOutcome }>;
  /** An operation the change starts later, for --wait (add_broker once the new brokers run). */
  expect?: WaitRequest['expect'];
  /** Brokers the change removes: --wait waits until they are gone. */
  gone?: readonly number[];
}

/**
 * Sends a change and reports it: refusals exit 3; a dry run shows what would change; with --wait
 * the operations it started are followed to their end. JSON and YAML print the payload once,
 * with --wait its operations in their final state.
 */
export async function runChange(context: Context, spec: ChangeSpec): Promise<void> {
  const { client, terminal, format } = context;
  let baseline: { before: ClusterProgress; known: Set<string> } | undefined;
  if (spec.wait && !spec.dryRun) {
    const [before, operations] = await Promise.all([client.progress(spec.cluster), client.operations(spec.cluster, { first: 100 })]);
    baseline = { before, known: new Set(operations.map((o) => o.name)) };
  }
  const { payload, outcome } = await spec.send();
  if (outcome.userErrors.length > 0) {
    if (format !== 'table') writeDocument(terminal, format, payload);
    throw new CliExit(ExitCode.REFUSED, renderUserErrors(outcome.userErrors));
  }
  if (format === 'table') {
    const loads = outcome.preview != null ? await client.brokerLoads(spec.cluster) : [];
    terminal.out.write(renderOutcome(spec.cluster, outcome, loads));
  }
  if (baseline === undefined) {
    if (format !== 'table') writeDocument(terminal, format, payload);
    return;
  }
  const waited = await waitForChange(context, {
    cluster: spec.cluster,
    operations: outcome.operations,
    expect: spec.expect,
    known: baseline.known,
    before: baseline.before,
    goal: { generation: outcome.generation, gone: spec.gone ?? [], restarted: outcome.restartedBrokers },
  });
  if (format !== 'table') writeDocument(terminal, format, { ...payload, operations: waited.operations });
  if (waited.failure !== undefined) throw new CliExit(ExitCode.FAILED, waited.failure);
  if (format === 'table') terminal.out.write('Done.\n');
}
