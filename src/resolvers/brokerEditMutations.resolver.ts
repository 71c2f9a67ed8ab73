import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { removeBrokerVolume, restartBroker, setBrokerResources } from '../operator/edits/index.js';
import { gracefulTask, logDirOf } from '../domain/operationRecord.js';
import { RemoveBrokerVolumeInput, ResourceValuesInput, RestartBrokerInput, SetBrokerResourcesInput } from '../schema/brokerEditMutations.type.js';
import { ClusterEditPayload } from '../schema/clusterEditMutations.type.js';
import { applyClusterEdit } from './applyClusterEdit.js';
import type { GraphQLContext } from './context.js';

function values(input: ResourceValuesInput | null | undefined): { cpu?: string; memory?: string } {
  return { ...(input?.cpu != null ? { cpu: input.cpu } : {}), ...(input?.memory != null ? { memory: input.memory } : {}) };
}

/** Changes of one broker: its disks, its resources, a restart. The operator does the work. */
@Resolver()
export class BrokerEditMutationsResolver {
  @Mutation(() => ClusterEditPayload, { description: "Removes one of a broker's disks: drained through Cruise Control (remove_disks); its PVC goes once Kafka reports the log dir empty." })
  removeBrokerVolume(@Ctx() ctx: GraphQLContext, @Arg('input', () => RemoveBrokerVolumeInput) input: RemoveBrokerVolumeInput): Promise<ClusterEditPayload> {
    const drain = gracefulTask('remove_disks', [{ brokerId: input.brokerId, logDir: logDirOf(input.mountPath) }]);
    return applyClusterEdit(ctx, input.clusterId, removeBrokerVolume({ brokerId: input.brokerId, mountPath: input.mountPath }), input, drain);
  }

  @Mutation(() => ClusterEditPayload, { description: "Sets one broker's CPU and memory requests and limits; the broker restarts to take them." })
  setBrokerResources(@Ctx() ctx: GraphQLContext, @Arg('input', () => SetBrokerResourcesInput) input: SetBrokerResourcesInput): Promise<ClusterEditPayload> {
    return applyClusterEdit(ctx, input.clusterId, setBrokerResources({ brokerId: input.brokerId, requests: values(input.requests), limits: values(input.limits) }), input);
  }

  @Mutation(() => ClusterEditPayload, { description: 'Restarts one broker in its turn of the rolling restart.' })
  restartBroker(@Ctx() ctx: GraphQLContext, @Arg('input', () => RestartBrokerInput) input: RestartBrokerInput): Promise<ClusterEditPayload> {
    return applyClusterEdit(ctx, input.clusterId, restartBroker({ brokerId: input.brokerId, requestedAt: new Date().toISOString() }), input);
  }
}
