import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { ClusterEdit, EditContext, EditPlan } from '../operator/edits/index.js';
import { BrokerRole } from '../schema/broker.type.js';
import { addBroker, addBrokerVolume, combinedDrain, removeBroker, resizeBrokerVolume, type Drain } from '../operator/edits/index.js';
import {
  AddBrokersInput,
  AddBrokerVolumeInput,
  ClusterEditPayload,
  RemoveBrokerInput,
  ResizeBrokerVolumeInput,
  type VolumeInput,
} from '../schema/clusterEditMutations.type.js';
import { UserErrorCode } from '../schema/userError.js';
import { applyClusterEdit, refused } from './applyClusterEdit.js';
import type { GraphQLContext } from './context.js';

const MAX_ADDED_AT_ONCE = 10;

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
      const drains: Array<Drain | undefined> = [];
      for (let i = 0; i < count; i += 1) {
        const step = edit.plan({ ...context, spec });
        if (!step.ok) return step;
        spec = step.spec;
        changes.push(...step.changes);
        drains.push(step.drain);
      }
      const drain = combinedDrain(drains);
      return { ok: true, spec, changes, ...(drain !== undefined ? { drain } : {}) };
    },
  };
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
      ...(input.processRoles != null ? { processRoles: input.processRoles.map((r) => (r === BrokerRole.CONTROLLER ? 'controller' : 'broker')) } : {}),
    });
    return applyClusterEdit(ctx, input.clusterId, repeated(edit, input.count), input);
  }

  @Mutation(() => ClusterEditPayload, { description: 'Removes one broker: drained through Cruise Control first; its Pod and volumes go once Kafka reports it empty.' })
  removeBroker(@Ctx() ctx: GraphQLContext, @Arg('input', () => RemoveBrokerInput) input: RemoveBrokerInput): Promise<ClusterEditPayload> {
    return applyClusterEdit(ctx, input.clusterId, removeBroker({ brokerId: input.brokerId }), input);
  }

  @Mutation(() => ClusterEditPayload, { description: 'Adds a disk to one broker; the broker restarts with it mounted and a disk rebalance fills it.' })
  addBrokerVolume(@Ctx() ctx: GraphQLContext, @Arg('input', () => AddBrokerVolumeInput) input: AddBrokerVolumeInput): Promise<ClusterEditPayload> {
    return applyClusterEdit(ctx, input.clusterId, addBrokerVolume({ brokerId: input.brokerId, ...volume(input.volume) }), input);
  }

  @Mutation(() => ClusterEditPayload, { description: 'Grows one broker\'s volume; volumes only grow.' })
  resizeBrokerVolume(@Ctx() ctx: GraphQLContext, @Arg('input', () => ResizeBrokerVolumeInput) input: ResizeBrokerVolumeInput): Promise<ClusterEditPayload> {
    if ((input.size == null) === (input.incrementBy == null)) {
      return Promise.resolve(refused([{ field: ['input', 'size'], message: 'give either size or incrementBy', code: UserErrorCode.INVALID_INPUT }], input.dryRun));
    }
    return applyClusterEdit(
      ctx,
      input.clusterId,
      resizeBrokerVolume({ brokerId: input.brokerId, mountPath: input.mountPath, ...(input.size != null ? { size: input.size } : {}), ...(input.incrementBy != null ? { incrementBy: input.incrementBy } : {}) }),
      input,
    );
  }
}
