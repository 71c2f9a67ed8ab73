import { GraphQLError } from 'graphql';
import type { ApplyResult, ClusterEdit, ClusterEditor, EditError } from '../operator/edits/index.js';
import type { ClusterView } from '../readmodel/clusterView.js';
import { editError } from '../operator/edits/index.js';
import type { ClusterEditPayload } from '../schema/clusterEditMutations.type.js';
import { decodeGlobalId } from '../schema/globalId.js';
import { UserErrorCode, type UserError } from '../schema/userError.js';
import type { GraphQLContext } from './context.js';
import { readYourWrite } from './readYourWrite.js';

/**
 * What every mutation that edits a cluster's spec shares: the input's cluster id decoded, the
 * edit applied once through the ClusterEditor (validated, written with optimistic concurrency,
 * recorded with who asked), and the payload read back from the cache once it shows the write.
 */
function editor(ctx: GraphQLContext): ClusterEditor {
  const found = ctx.editor();
  if (found === undefined) throw new GraphQLError('kafkaplane is not connected to Kubernetes, or its caches have not synced: nothing can be changed yet', { extensions: { code: 'KUBERNETES_NOT_CONNECTED' } });
  return found;
}

export function refused(errors: readonly UserError[], dryRun: boolean): ClusterEditPayload {
  return { cluster: null, generation: null, changes: [], dryRun, userErrors: [...errors] };
}

function toUserError(error: EditError): UserError {
  return { field: ['input', ...error.field], message: error.message, code: UserErrorCode[error.code] };
}

export function clusterKey(id: string): { namespace: string; name: string } | UserError {
  const decoded = decodeGlobalId(id);
  const [namespace, name] = decoded?.key ?? [];
  if (decoded?.type !== 'KafkaCluster' || namespace === undefined || name === undefined) {
    return { field: ['input', 'clusterId'], message: `${JSON.stringify(id)} is not the id of a KafkaCluster`, code: UserErrorCode.INVALID_INPUT };
  }
  return { namespace, name };
}

/** An edit's outcome for a payload: the userErrors, or the write and the cluster as it then reads. */
export type EditOutcome =
  | { ok: false; userErrors: UserError[] }
  | { ok: true; key: { namespace: string; name: string }; result: Extract<ApplyResult, { ok: true }>; cluster: ClusterView | null };

/** Applies an edit for a mutation: the cluster id decoded, expectedGeneration checked, the write awaited in the cache. */
export async function applyEdit(ctx: GraphQLContext, clusterId: string, edit: ClusterEdit, options: { dryRun: boolean; expectedGeneration?: number | null | undefined }): Promise<EditOutcome> {
  const key = clusterKey(clusterId);
  if ('code' in key) return { ok: false, userErrors: [key] };
  const expected = options.expectedGeneration;
  const result = await editor(ctx).apply(key, edit, {
    dryRun: options.dryRun,
    requestedBy: `GraphQL client ${ctx.clientAddress}`,
    ...(expected != null
      ? {
          precondition: (cluster) =>
            (cluster.metadata?.generation ?? 0) === expected
              ? []
              : [{ ...editError('expectedGeneration', 'CONFLICT', `the cluster's spec is at generation ${cluster.metadata?.generation ?? 0}, not ${expected}: read it again and retry`) }],
        }
      : {}),
  });
  if (!result.ok) {
    return { ok: false, userErrors: result.errors.map((e) => (e.field[0] === 'expectedGeneration' ? { ...toUserError(e), code: UserErrorCode.STALE_GENERATION } : toUserError(e))) };
  }
  ctx.log.info({ cluster: key.name, namespace: key.namespace, edit: edit.name, dryRun: result.dryRun, changes: result.changes, by: ctx.clientAddress }, 'cluster edit asked');
  const cluster = result.dryRun ? (ctx.readModel.cluster(key.namespace, key.name) ?? null) : await readYourWrite(() => ctx.readModel.cluster(key.namespace, key.name), (view) => view.generation >= result.generation);
  return { ok: true, key, result, cluster };
}

/** An edit applied, answered with the payload the spec-editing mutations share. */
export async function applyClusterEdit(ctx: GraphQLContext, clusterId: string, edit: ClusterEdit, options: { dryRun: boolean; expectedGeneration?: number | null | undefined }): Promise<ClusterEditPayload> {
  const outcome = await applyEdit(ctx, clusterId, edit, options);
  if (!outcome.ok) return refused(outcome.userErrors, options.dryRun);
  const { result, cluster } = outcome;
  return { cluster: cluster as ClusterEditPayload['cluster'], generation: result.generation, changes: result.changes, dryRun: result.dryRun, userErrors: [] };
}
