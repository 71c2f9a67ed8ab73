import { GraphQLError } from 'graphql';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { ApplyResult, ClusterEdit, ClusterEditor, EditContext, EditError, EditPlan } from '../operator/edits/index.js';
import type { ClusterView } from '../readmodel/clusterView.js';
import { addBroker, addBrokerVolume, editError, removeBroker, resizeBrokerVolume } from '../operator/edits/index.js';
import {
  AddBrokersInput,
  AddBrokerVolumeInput,
  ClusterEditPayload,
  RemoveBrokerInput,
  ResizeBrokerVolumeInput,
  type VolumeInput,
} from '../schema/clusterEditMutations.type.js';
import { decodeGlobalId } from '../schema/globalId.js';
import { UserErrorCode, type UserError } from '../schema/userError.js';
import type { GraphQLContext } from './context.js';
import { readYourWrite } from './readYourWrite.js';

const MAX_ADDED_AT_ONCE = 10;

function editor(ctx: GraphQLContext): ClusterEditor {
  const found = ctx.editor();
  if (found === undefined) throw new GraphQLError('kafkaplane is not connected to Kubernetes, or its caches have not synced: nothing can be changed yet', { extensions: { code: 'KUBERNETES_NOT_CONNECTED' } });
  return found;
}

function refused(errors: readonly UserError[], dryRun: boolean): ClusterEditPayload {
  return { cluster: null, generation: null, changes: [], dryRun, userErrors: [...errors] };
}

function toUserError(error: EditError): UserError {
  return { field: ['input', ...error.field], message: error.message, code: UserErrorCode[error.code] };
}

function clusterKey(id: string): { namespace: string; name: string } | UserError {
  const decoded = decodeGlobalId(id);
  const [namespace, name] = decoded?.key ?? [];
  if (decoded?.type !== 'KafkaCluster' || namespace === undefined || name === undefined) {
    return { field: ['input', 'clusterId'], message: `${JSON.stringify(id)} is not the id of a KafkaCluster`, code: UserErrorCode.INVALID_INPUT };
  }
  return { namespace, name };
}

function volume(input: VolumeInput): { mountPath: string; size: string; storageClass?: string } {
  return { mountPath: input.mountPath, size: input.size, ...(input.storageClass != null ? { storageClass: input.storageClass } : {}) };
}

/** One edit applied `count` times in one write: brokers added together land together. */
function repeated(edit: ClusterEdit, count: number): ClusterEdit {
  return {
    name: edit.name,
    plan: (context: EditContext): EditPlan => {
      let spec = context.spec;
      const changes: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const step = edit.plan({ ...context, spec });
        if (!step.ok) return step;
        spec = step.spec;
        changes.push(...step.changes);
      }
      return { ok: true, spec, changes };
    },
  };
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

async function apply(ctx: GraphQLContext, clusterId: string, edit: ClusterEdit, options: { dryRun: boolean; expectedGeneration?: number | null | undefined }): Promise<ClusterEditPayload> {
  const outcome = await applyEdit(ctx, clusterId, edit, options);
  if (!outcome.ok) return refused(outcome.userErrors, options.dryRun);
  const { result, cluster } = outcome;
  return { cluster: cluster as ClusterEditPayload['cluster'], generation: result.generation, changes: result.changes, dryRun: result.dryRun, userErrors: [] };
}

/** Changes of a cluster's brokers and disks: the spec is written once; the operator does the rest. */
@Resolver()
export class ClusterEditMutationsResolver {
  @Mutation(() => ClusterEditPayload, { description: 'Adds brokers (ids max+1 onwards); once they run, Cruise Control moves load onto them (add_broker).' })
  async addBrokers(@Ctx() ctx: GraphQLContext, @Arg('input', () => AddBrokersInput) input: AddBrokersInput): Promise<ClusterEditPayload> {
    if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_ADDED_AT_ONCE) {
      return refused([{ field: ['input', 'count'], message: `count must be between 1 and ${MAX_ADDED_AT_ONCE}, got ${input.count}`, code: UserErrorCode.INVALID_INPUT }], input.dryRun);
    }
    const edit = addBroker({
      ...(input.brokerConfigGroup != null ? { brokerConfigGroup: input.brokerConfigGroup } : {}),
      ...(input.image != null ? { image: input.image } : {}),
      ...(input.storage != null ? { storage: volume(input.storage) } : {}),
    });
    return apply(ctx, input.clusterId, repeated(edit, input.count), input);
  }

  @Mutation(() => ClusterEditPayload, { description: 'Removes one broker: drained through Cruise Control first; its Pod and volumes go once Kafka reports it empty.' })
  removeBroker(@Ctx() ctx: GraphQLContext, @Arg('input', () => RemoveBrokerInput) input: RemoveBrokerInput): Promise<ClusterEditPayload> {
    return apply(ctx, input.clusterId, removeBroker({ brokerId: input.brokerId }), input);
  }

  @Mutation(() => ClusterEditPayload, { description: 'Adds a disk to one broker; the broker restarts with it mounted and a disk rebalance fills it.' })
  addBrokerVolume(@Ctx() ctx: GraphQLContext, @Arg('input', () => AddBrokerVolumeInput) input: AddBrokerVolumeInput): Promise<ClusterEditPayload> {
    return apply(ctx, input.clusterId, addBrokerVolume({ brokerId: input.brokerId, ...volume(input.volume) }), input);
  }

  @Mutation(() => ClusterEditPayload, { description: 'Grows one broker\'s volume; volumes only grow.' })
  resizeBrokerVolume(@Ctx() ctx: GraphQLContext, @Arg('input', () => ResizeBrokerVolumeInput) input: ResizeBrokerVolumeInput): Promise<ClusterEditPayload> {
    if ((input.size == null) === (input.incrementBy == null)) {
      return Promise.resolve(refused([{ field: ['input', 'size'], message: 'give either size or incrementBy', code: UserErrorCode.INVALID_INPUT }], input.dryRun));
    }
    return apply(
      ctx,
      input.clusterId,
      resizeBrokerVolume({ brokerId: input.brokerId, mountPath: input.mountPath, ...(input.size != null ? { newSize: input.size } : {}), ...(input.incrementBy != null ? { incrementBy: input.incrementBy } : {}) }),
      input,
    );
  }
}
