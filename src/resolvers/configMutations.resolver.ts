import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { configEffects, setBrokerConfig, setClusterConfig, type ClusterEdit, type ConfigChangeInput } from '../operator/edits/index.js';
import { ConfigEditPayload, SetBrokerConfigInput, SetClusterConfigInput } from '../schema/configMutations.type.js';
import { applyEdit } from './applyClusterEdit.js';
import type { GraphQLContext } from './context.js';

function change(input: { set: ReadonlyArray<{ name: string; value: string; custom: boolean }>; unset: readonly string[] }): ConfigChangeInput {
  return { set: input.set.map((e) => ({ name: e.name, value: e.value, custom: e.custom })), unset: [...input.unset] };
}

async function applyConfig(ctx: GraphQLContext, input: SetClusterConfigInput, edit: ClusterEdit, brokerId?: number): Promise<ConfigEditPayload> {
  const outcome = await applyEdit(ctx, input.clusterId, edit, input);
  if (!outcome.ok)
    return { cluster: null, generation: null, changes: [], applied: [], restartedBrokers: [], dryRun: input.dryRun, userErrors: outcome.userErrors };
  const { key, result, cluster } = outcome;
  const effects = configEffects(key, result.before, result.spec, change(input), brokerId);
  return {
    cluster: cluster as ConfigEditPayload['cluster'],
    generation: result.generation,
    changes: result.changes,
    applied: effects.entries,
    restartedBrokers: effects.restartedBrokers,
    dryRun: result.dryRun,
    userErrors: [],
  };
}

/** Changes of broker and cluster configuration: the spec is written once; the operator applies it live or restarts. */
@Resolver()
export class ConfigMutationsResolver {
  @Mutation(() => ConfigEditPayload, {
    description: "Sets and unsets one broker's config: per-broker dynamic keys apply through Kafka without a restart; other keys restart that broker alone.",
  })
  setBrokerConfig(@Ctx() ctx: GraphQLContext, @Arg('input', () => SetBrokerConfigInput) input: SetBrokerConfigInput): Promise<ConfigEditPayload> {
    return applyConfig(ctx, input, setBrokerConfig({ brokerId: input.brokerId, ...change(input) }), input.brokerId);
  }

  @Mutation(() => ConfigEditPayload, {
    description:
      "Sets and unsets cluster-wide config: cluster-wide dynamic keys go to Kafka's cluster default without a restart; other keys roll the brokers one at a time.",
  })
  setClusterConfig(@Ctx() ctx: GraphQLContext, @Arg('input', () => SetClusterConfigInput) input: SetClusterConfigInput): Promise<ConfigEditPayload> {
    return applyConfig(ctx, input, setClusterConfig(change(input)));
  }
}
