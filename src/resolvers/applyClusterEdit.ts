import { GraphQLError } from 'graphql';
import type { ApplyResult, ClusterEdit, ClusterEditor, EditError } from '../operator/edits/index.js';
import type { ClusterView } from '../readmodel/clusterView.js';
import { restartedBrokers } from '../operator/edits/restartedBrokers.js';
import type { ProposalPreview } from '../operator/operations/preview.js';
import { brokerIdsOf, logDirsOf, type RequestedTask } from '../domain/operationRecord.js';
import type { OperationView } from '../readmodel/operationView.js';
import { editError } from '../operator/edits/index.js';
import type { ClusterEditPayload } from '../schema/clusterEditPayload.type.js';
import { UserErrorCode, type UserError } from '../schema/userError.js';
import type { GraphQLContext } from './context.js';
import { idInput } from './idInput.js';
import { readYourWrite } from './readYourWrite.js';

/**
 * What every mutation that edits a cluster's spec shares: the input's cluster id decoded, the
 * edit applied once through the ClusterEditor (validated, written with optimistic concurrency,
 * recorded with who asked), and the payload read back from the cache once it shows the write.
 */
function editor(ctx: GraphQLContext): ClusterEditor {
  const found = ctx.editor();
  if (found === undefined)
    throw new GraphQLError('kafkaplane is not connected to Kubernetes, or its caches have not synced: nothing can be changed yet', {
      extensions: { code: 'KUBERNETES_NOT_CONNECTED' },
    });
  return found;
}

export function refused(errors: readonly UserError[], dryRun: boolean): ClusterEditPayload {
  return {
    cluster: null,
    generation: null,
    changes: [],
    restartedBrokers: [],
    operations: [],
    preview: null,
    previewError: null,
    dryRun,
    userErrors: [...errors],
  };
}

function toUserError(error: EditError): UserError {
  return { field: ['input', ...error.field], message: error.message, code: UserErrorCode[error.code] };
}

/** An edit's outcome for a payload: the userErrors, or the write and the cluster as it then reads. */
export type EditOutcome =
  | { ok: false; userErrors: UserError[] }
  | { ok: true; key: { namespace: string; name: string }; result: Extract<ApplyResult, { ok: true }>; cluster: ClusterView | null };

/** Applies an edit for a mutation: the cluster id decoded, expectedGeneration checked, the write awaited in the cache. */
export async function applyEdit(
  ctx: GraphQLContext,
  clusterId: string,
  edit: ClusterEdit,
  options: { dryRun: boolean; expectedGeneration?: number | null | undefined },
): Promise<EditOutcome> {
  const key = idInput(clusterId, 'KafkaCluster', 'clusterId');
  if ('code' in key) return { ok: false, userErrors: [key] };
  const expected = options.expectedGeneration;
  const result = await editor(ctx).apply(key, edit, {
    dryRun: options.dryRun,
    requestedBy: ctx.access.caller.display,
    ...(expected != null
      ? {
          precondition: (cluster) =>
            (cluster.metadata?.generation ?? 0) === expected
              ? []
              : [
                  {
                    ...editError(
                      'expectedGeneration',
                      'CONFLICT',
                      `the cluster's spec is at generation ${cluster.metadata?.generation ?? 0}, not ${expected}: read it again and retry`,
                    ),
                  },
                ],
        }
      : {}),
  });
  if (!result.ok) {
    return {
      ok: false,
      userErrors: result.errors.map((e) =>
        e.field[0] === 'expectedGeneration' ? { ...toUserError(e), code: UserErrorCode.STALE_GENERATION } : toUserError(e),
      ),
    };
  }
  ctx.log.info(
    { cluster: key.name, namespace: key.namespace, edit: edit.name, dryRun: result.dryRun, changes: result.changes, by: ctx.access.caller.display },
    'cluster edit asked',
  );
  const cluster = result.dryRun
    ? (ctx.readModel.cluster(key.namespace, key.name) ?? null)
    : await readYourWrite(
        ctx,
        () => ctx.readModel.cluster(key.namespace, key.name),
        (view) => view.generation >= result.generation,
      );
  return { ok: true, key, result, cluster };
}

/** How long a payload waits for the operator to start the drain an edit asked for. */
const DRAIN_WAIT_MS = 3_000;

/**
 * An edit applied, answered with the payload the spec-editing mutations share. When the edit
 * declares a drain the operator asks for at once, a dry run shows its proposal, and a real edit
 * waits a little for the operator to start it, so a script gets the operation to follow. Load
 * moved onto a broker or disk once it runs cannot be previewed yet, nor waited for.
 */
export async function applyClusterEdit(
  ctx: GraphQLContext,
  clusterId: string,
  edit: ClusterEdit,
  options: { dryRun: boolean; expectedGeneration?: number | null | undefined },
): Promise<ClusterEditPayload> {
  const outcome = await applyEdit(ctx, clusterId, edit, options);
  if (!outcome.ok) return refused(outcome.userErrors, options.dryRun);
  const { key, result, cluster } = outcome;
  const drain = result.drain?.starts === 'now' ? result.drain.task : undefined;
  const restarted = restartedBrokers(key, result.before, result.spec, result.annotations);
  const previewed = result.dryRun && drain !== undefined ? await preview(ctx, key, drain) : { preview: null, previewError: null };
  const operations = !result.dryRun && drain !== undefined ? await startedDrain(ctx, key, drain) : [];
  return {
    cluster: cluster as ClusterEditPayload['cluster'],
    generation: result.generation,
    changes: result.changes,
    restartedBrokers: restarted,
    operations,
    ...previewed,
    dryRun: result.dryRun,
    userErrors: [],
  };
}

/** The unfinished operation of the cluster that runs `drain` (the same task and targets), once the operator started it. */
async function startedDrain(ctx: GraphQLContext, cluster: { namespace: string; name: string }, drain: RequestedTask): Promise<OperationView[]> {
  const brokers = brokerIdsOf(drain);
  const dirs = logDirsOf(drain).map((d) => `${d.brokerId}-${d.logDir}`);
  const covers = (o: OperationView): boolean =>
    o.state !== 'COMPLETED' &&
    o.state !== 'FAILED' &&
    o.operation === drain.operation &&
    brokers.every((id) => o.brokerIds.includes(id)) &&
    dirs.every((dir) => o.logDirs.some((d) => `${d.brokerId}-${d.logDir}` === dir));
  const started = (): OperationView[] => ctx.readModel.operations(cluster.namespace, cluster.name).filter(covers);
  const found = await readYourWrite(ctx, started, (list) => list.length > 0, DRAIN_WAIT_MS);
  return found ?? [];
}

/** Cruise Control's dry run of the task; its failure leaves the edit's own dry run standing. */
async function preview(
  ctx: GraphQLContext,
  cluster: { namespace: string; name: string },
  task: RequestedTask,
): Promise<{ preview: ProposalPreview | null; previewError: string | null }> {
  const outcome = await ctx.previews.preview(cluster, task, ctx.signal);
  return outcome.ok ? { preview: outcome.preview, previewError: null } : { preview: null, previewError: outcome.message };
}
