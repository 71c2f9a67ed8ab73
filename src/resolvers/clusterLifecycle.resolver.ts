import { GraphQLError } from 'graphql';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { ClusterLifecycle } from '../operator/clusters/lifecycle.js';
import type { EditError } from '../operator/edits/index.js';
import { CreateClusterInput, CreateClusterPayload, DeleteClusterInput, DeleteClusterPayload } from '../schema/clusterLifecycle.type.js';
import type { KafkaCluster } from '../schema/kafkaCluster.type.js';
import { UserErrorCode, type UserError } from '../schema/userError.js';
import type { GraphQLContext } from './context.js';
import { idInput } from './idInput.js';
import { readYourWrite } from './readYourWrite.js';

function lifecycle(ctx: GraphQLContext): ClusterLifecycle {
  const found = ctx.clusters();
  if (found === undefined)
    throw new GraphQLError('kafkaplane is not connected to Kubernetes, or its caches have not synced: nothing can be changed yet', {
      extensions: { code: 'KUBERNETES_NOT_CONNECTED' },
    });
  return found;
}

const toUserError = (error: EditError): UserError => ({ field: ['input', ...error.field], message: error.message, code: UserErrorCode[error.code] });
const values = (input: { cpu?: string | null; memory?: string | null } | null | undefined): Record<string, string> => ({
  ...(input?.cpu != null ? { cpu: input.cpu } : {}),
  ...(input?.memory != null ? { memory: input.memory } : {}),
});

/** Whole clusters: created with a sound starting spec, deleted only when that loses nothing (or when forced). */
@Resolver()
export class ClusterLifecycleResolver {
  @Mutation(() => CreateClusterPayload, { description: 'Creates a KafkaCluster; the operator then builds its brokers.' })
  async createCluster(@Ctx() ctx: GraphQLContext, @Arg('input', () => CreateClusterInput) input: CreateClusterInput): Promise<CreateClusterPayload> {
    const result = await lifecycle(ctx).create(
      {
        namespace: input.namespace,
        name: input.name,
        brokers: input.brokers,
        controllers: input.controllers,
        image: input.image ?? undefined,
        storage: {
          mountPath: input.storage?.mountPath ?? '/kafka-logs',
          size: input.storage?.size ?? '100Gi',
          storageClass: input.storage?.storageClass ?? undefined,
        },
        resources: input.resources != null ? { requests: values(input.resources.requests), limits: values(input.resources.limits) } : undefined,
        rackAware: input.rackAware,
        readOnlyConfig: input.readOnlyConfig ?? undefined,
      },
      { dryRun: input.dryRun, requestedBy: ctx.access.caller.display },
    );
    if (!result.ok) return { cluster: null, manifest: null, dryRun: input.dryRun, userErrors: result.errors.map(toUserError) };
    const cluster = result.dryRun ? null : await readYourWrite(ctx, () => ctx.readModel.cluster(input.namespace, input.name));
    return { cluster: cluster as KafkaCluster | null, manifest: result.manifest, dryRun: result.dryRun, userErrors: [] };
  }

  @Mutation(() => DeleteClusterPayload, { description: 'Deletes a KafkaCluster and everything it owns; refused while its brokers hold topics, unless forced.' })
  async deleteCluster(@Ctx() ctx: GraphQLContext, @Arg('input', () => DeleteClusterInput) input: DeleteClusterInput): Promise<DeleteClusterPayload> {
    const key = idInput(input.clusterId, 'KafkaCluster', 'clusterId');
    if ('code' in key) return { deletedClusterId: null, dataHeld: null, dryRun: input.dryRun, userErrors: [key] };
    const result = await lifecycle(ctx).delete(key, { force: input.force, dryRun: input.dryRun, requestedBy: ctx.access.caller.display });
    if (!result.ok) return { deletedClusterId: null, dataHeld: result.held ?? null, dryRun: input.dryRun, userErrors: result.errors.map(toUserError) };
    return { deletedClusterId: input.clusterId, dataHeld: result.held ?? null, dryRun: result.dryRun, userErrors: [] };
  }
}
