import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { ClusterEdit, EditContext, EditPlan } from '../operator/edits/index.js';
import { BrokerRole } from '../schema/broker.type.js';
import { addBroker, combinedDrain, removeBroker, restartBroker, setBrokerResources, type Drain } from '../operator/edits/index.js';
import { AddBrokersInput, RemoveBrokerInput, ResourceValuesInput, RestartBrokerInput, SetBrokerResourcesInput } from '../schema/brokerMutations.type.js';
import { ClusterEditPayload } from '../schema/clusterEditPayload.type.js';
import { UserErrorCode } from '../schema/userError.js';
import { applyClusterEdit, refused } from './applyClusterEdit.js';
import type { GraphQLContext } from './context.js';
import { volume } from './volumeMutations.resolver.js';

const MAX_ADDED_AT_ONCE = 10;

function values(input: ResourceValuesInput | null | undefined): { cpu?: string; memory?: string } {
  return { ...(input?.cpu != null ? { cpu: input.cpu } : {}), ...(input?.memory != null ? { memory: input.memory } : {}) };
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

/** Changes of a cluster's brokers: added, removed, resized, restarted. The spec is written once; the operator does the rest. */
@Resolver()
export class BrokerMutationsResolver {
  @Mutation(() => ClusterEditPayload, { description: 'Adds brokers (ids max+1 onwards); once they run, Cruise Control moves load onto them (add_broker).' })
  async addBrokers(@Ctx() ctx: GraphQLContext, @Arg('input', () => AddBrokersInput) input: AddBrokersInput): Promise<ClusterEditPayload> {
    if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_ADDED_AT_ONCE) {
      return refused(
        [{ field: ['input', 'count'], message: `count must be between 1 and ${MAX_ADDED_AT_ONCE}, got ${input.count}`, code: UserErrorCode.INVALID_INPUT }],
        input.dryRun,
      );
    }
    const edit = addBroker({
      ...(input.brokerConfigGroup != null ? { brokerConfigGroup: input.brokerConfigGroup } : {}),
      ...(input.image != null ? { image: input.image } : {}),
      ...(input.storage != null ? { storage: volume(input.storage) } : {}),
      ...(input.processRoles != null ? { processRoles: input.processRoles.map((r) => (r === BrokerRole.CONTROLLER ? 'controller' : 'broker')) } : {}),
    });
    return applyClusterEdit(ctx, input.clusterId, repeated(edit, input.count), input);
  }

  @Mutation(() => ClusterEditPayload, {
    description: 'Removes one broker: drained through Cruise Control first; its Pod and volumes go once Kafka reports it empty.',
  })
  removeBroker(@Ctx() ctx: GraphQLContext, @Arg('input', () => RemoveBrokerInput) input: RemoveBrokerInput): Promise<ClusterEditPayload> {
    return applyClusterEdit(ctx, input.clusterId, removeBroker({ brokerId: input.brokerId }), input);
  }

  @Mutation(() => ClusterEditPayload, { description: "Sets one broker's CPU and memory requests and limits; the broker restarts to take them." })
  setBrokerResources(@Ctx() ctx: GraphQLContext, @Arg('input', () => SetBrokerResourcesInput) input: SetBrokerResourcesInput): Promise<ClusterEditPayload> {
    return applyClusterEdit(
      ctx,
      input.clusterId,
      setBrokerResources({ brokerId: input.brokerId, requests: values(input.requests), limits: values(input.limits) }),
      input,
    );
  }

  @Mutation(() => ClusterEditPayload, { description: 'Restarts one broker in its turn of the rolling restart.' })
  restartBroker(@Ctx() ctx: GraphQLContext, @Arg('input', () => RestartBrokerInput) input: RestartBrokerInput): Promise<ClusterEditPayload> {
    return applyClusterEdit(ctx, input.clusterId, restartBroker({ brokerId: input.brokerId, requestedAt: new Date().toISOString() }), input);
  }
}
