import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { OperationRequests, RequestError } from '../operator/operations/requests.js';
import {
  RebalanceClusterInput,
  RebalanceClusterPayload,
  RetryOperationInput,
  RetryOperationPayload,
  StopOperationInput,
  StopOperationPayload,
} from '../schema/operationMutations.type.js';
import { UserErrorCode, type UserError } from '../schema/userError.js';
import type { GraphQLContext } from './context.js';
import { idInput } from './idInput.js';
import { readYourWrite } from './readYourWrite.js';

function userErrors(errors: readonly RequestError[]): UserError[] {
  return errors.map((e) => ({ field: e.field, message: e.message, code: UserErrorCode[e.code] }));
}

/** The write service, or the error a server without Kubernetes answers. */
function requests(ctx: GraphQLContext): OperationRequests {
  if (ctx.operations === undefined)
    throw new GraphQLError('kafkaplane is not connected to Kubernetes: nothing can be changed', { extensions: { code: 'KUBERNETES_NOT_CONNECTED' } });
  return ctx.operations;
}

/** Operations a person or a script asks for; the leader runs them as it runs the graceful ones. */
@Resolver()
export class OperationMutationsResolver {
  @Mutation(() => RebalanceClusterPayload, { description: 'Asks Cruise Control to rebalance the cluster, or, with dryRun, what it would move.' })
  async rebalanceCluster(
    @Ctx() ctx: GraphQLContext,
    @Arg('input', () => RebalanceClusterInput) input: RebalanceClusterInput,
  ): Promise<RebalanceClusterPayload> {
    const cluster = idInput(input.clusterId, 'KafkaCluster', 'clusterId');
    if ('code' in cluster) return { operation: null, preview: null, userErrors: [cluster] };
    const checked = requests(ctx).rebalanceTask(cluster, {
      goals: input.goals ?? undefined,
      excludedTopics: input.excludedTopics ?? undefined,
      destinationBrokerIds: input.destinationBrokerIds ?? undefined,
      rebalanceDisk: input.rebalanceDisk ?? undefined,
      concurrentPartitionMovementsPerBroker: input.concurrentPartitionMovementsPerBroker ?? undefined,
      maxPartitionMovementsInCluster: input.maxPartitionMovementsInCluster ?? undefined,
      concurrentLeaderMovements: input.concurrentLeaderMovements ?? undefined,
    });
    if (!checked.ok) return { operation: null, preview: null, userErrors: userErrors(checked.errors) };
    if (input.dryRun) {
      const outcome = await ctx.previews.preview(cluster, checked.task, ctx.signal);
      if (!outcome.ok)
        return {
          operation: null,
          preview: null,
          userErrors: [{ field: ['input', 'dryRun'], message: outcome.message, code: UserErrorCode.CRUISE_CONTROL_NOT_READY }],
        };
      return { operation: null, preview: outcome.preview, userErrors: [] };
    }
    const name = await requests(ctx).create(cluster, checked.task, ctx.access.caller.display);
    ctx.log.info({ cluster: cluster.name, namespace: cluster.namespace, operation: name, by: ctx.access.caller.display }, 'rebalance asked');
    return {
      operation: (await readYourWrite(ctx, () => ctx.readModel.operation(cluster.namespace, name))) as RebalanceClusterPayload['operation'],
      preview: null,
      userErrors: [],
    };
  }

  @Mutation(() => StopOperationPayload, { description: 'Stops the execution running on the cluster; the operation it belongs to is paused.' })
  async stopOperation(@Ctx() ctx: GraphQLContext, @Arg('input', () => StopOperationInput) input: StopOperationInput): Promise<StopOperationPayload> {
    const cluster = idInput(input.clusterId, 'KafkaCluster', 'clusterId');
    if ('code' in cluster) return { stopped: null, operation: null, userErrors: [cluster] };
    const checked = requests(ctx).stopTask(cluster);
    if (!checked.ok) return { stopped: null, operation: null, userErrors: userErrors(checked.errors) };
    const stopped = checked.operation !== undefined ? (ctx.readModel.operation(cluster.namespace, checked.operation) ?? null) : null;
    if (input.dryRun) return { stopped: stopped as StopOperationPayload['stopped'], operation: null, userErrors: [] };
    const name = await requests(ctx).create(cluster, checked.task, ctx.access.caller.display);
    ctx.log.info(
      { cluster: cluster.name, namespace: cluster.namespace, operation: name, stopping: checked.operation, by: ctx.access.caller.display },
      'stop asked',
    );
    return {
      stopped: stopped as StopOperationPayload['stopped'],
      operation: (await readYourWrite(ctx, () => ctx.readModel.operation(cluster.namespace, name))) as StopOperationPayload['operation'],
      userErrors: [],
    };
  }

  @Mutation(() => RetryOperationPayload, { description: 'Runs a failed or paused operation again.' })
  async retryOperation(@Ctx() ctx: GraphQLContext, @Arg('input', () => RetryOperationInput) input: RetryOperationInput): Promise<RetryOperationPayload> {
    const key = idInput(input.operationId, 'Operation', 'operationId');
    if ('code' in key) return { operation: null, userErrors: [key] };
    const result = await requests(ctx).retry(key.namespace, key.name, input.dryRun, ctx.access.caller.display);
    if (!result.ok) return { operation: null, userErrors: userErrors(result.errors) };
    ctx.log.info({ namespace: key.namespace, operation: key.name, dryRun: input.dryRun, by: ctx.access.caller.display }, 'retry asked');
    return { operation: (ctx.readModel.operation(key.namespace, key.name) ?? null) as RetryOperationPayload['operation'], userErrors: [] };
  }
}
