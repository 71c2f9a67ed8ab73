import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { addBrokerVolume, removeBrokerVolume, resizeBrokerVolume } from '../operator/edits/index.js';
import { ClusterEditPayload } from '../schema/clusterEditPayload.type.js';
import { AddBrokerVolumeInput, RemoveBrokerVolumeInput, ResizeBrokerVolumeInput, type VolumeInput } from '../schema/volumeMutations.type.js';
import { UserErrorCode } from '../schema/userError.js';
import { applyClusterEdit, refused } from './applyClusterEdit.js';
import type { GraphQLContext } from './context.js';

/** A volume as the edits take it. */
export function volume(input: VolumeInput): { mountPath: string; size: string; storageClass?: string } {
  return { mountPath: input.mountPath, size: input.size, ...(input.storageClass != null ? { storageClass: input.storageClass } : {}) };
}

/** Changes of a broker's disks: added, grown, removed. The operator does the work. */
@Resolver()
export class VolumeMutationsResolver {
  @Mutation(() => ClusterEditPayload, { description: 'Adds a disk to one broker; the broker restarts with it mounted and a disk rebalance fills it.' })
  addBrokerVolume(@Ctx() ctx: GraphQLContext, @Arg('input', () => AddBrokerVolumeInput) input: AddBrokerVolumeInput): Promise<ClusterEditPayload> {
    return applyClusterEdit(ctx, input.clusterId, addBrokerVolume({ brokerId: input.brokerId, ...volume(input.volume) }), input);
  }

  @Mutation(() => ClusterEditPayload, { description: "Grows one broker's volume; volumes only grow." })
  resizeBrokerVolume(@Ctx() ctx: GraphQLContext, @Arg('input', () => ResizeBrokerVolumeInput) input: ResizeBrokerVolumeInput): Promise<ClusterEditPayload> {
    if ((input.size == null) === (input.incrementBy == null)) {
      return Promise.resolve(
        refused([{ field: ['input', 'size'], message: 'give either size or incrementBy', code: UserErrorCode.INVALID_INPUT }], input.dryRun),
      );
    }
    return applyClusterEdit(
      ctx,
      input.clusterId,
      resizeBrokerVolume({
        brokerId: input.brokerId,
        mountPath: input.mountPath,
        ...(input.size != null ? { size: input.size } : {}),
        ...(input.incrementBy != null ? { incrementBy: input.incrementBy } : {}),
      }),
      input,
    );
  }

  @Mutation(() => ClusterEditPayload, {
    description: "Removes one of a broker's disks: drained through Cruise Control (remove_disks); its PVC goes once Kafka reports the log dir empty.",
  })
  removeBrokerVolume(@Ctx() ctx: GraphQLContext, @Arg('input', () => RemoveBrokerVolumeInput) input: RemoveBrokerVolumeInput): Promise<ClusterEditPayload> {
    return applyClusterEdit(ctx, input.clusterId, removeBrokerVolume({ brokerId: input.brokerId, mountPath: input.mountPath }), input);
  }
}
