import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ClusterEditInput } from './clusterEditInput.type.js';
import { ClusterEditOutcome } from './clusterEditPayload.type.js';

@InputType({ description: 'One config entry to set.' })
export class ConfigEntryInput {
  @Field(() => String, { description: 'A Kafka broker config name, e.g. log.retention.ms.' })
  name!: string;

  @Field(() => String)
  value!: string;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      "A name Kafka's brokers do not define, set on purpose (a plugin's own config): taken as it is. Without it such a name is refused, as a typo Kafka would ignore.",
  })
  custom!: boolean;
}

@InputType({ description: "Sets and unsets one broker's own config entries." })
export class SetBrokerConfigInput extends ClusterEditInput {
  @Field(() => Int)
  brokerId!: number;

  @Field(() => [ConfigEntryInput], {
    defaultValue: [],
    description: "Per-broker dynamic keys go to brokerConfig.config (no restart), others to the broker's readOnlyConfig (it restarts).",
  })
  set!: ConfigEntryInput[];

  @Field(() => [String], { defaultValue: [], description: "Names whose broker value is removed, so the group's or cluster's value applies again." })
  unset!: string[];
}

@InputType({ description: 'Sets and unsets cluster-wide config entries.' })
export class SetClusterConfigInput extends ClusterEditInput {
  @Field(() => [ConfigEntryInput], {
    defaultValue: [],
    description: 'Cluster-wide dynamic keys go to clusterWideConfig (no restart), others to readOnlyConfig (a rolling restart).',
  })
  set!: ConfigEntryInput[];

  @Field(() => [String], { defaultValue: [], description: 'Names removed from clusterWideConfig or readOnlyConfig.' })
  unset!: string[];
}

@ObjectType({ description: 'How one entry of a config mutation takes effect.', simpleResolvers: true })
export class AppliedConfigEntry {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'The value set; null for an unset entry and for a sensitive one.' })
  value!: string | null;

  @Field(() => Boolean)
  unset!: boolean;

  @Field(() => Boolean, { description: "Kafka takes it at run time: the broker's or the cluster-default dynamic config, through the Admin API." })
  live!: boolean;

  @Field(() => Boolean, { description: "Some broker's server.properties changes for it, so that broker restarts." })
  restartRequired!: boolean;

  @Field(() => String, { description: 'Where the spec holds it, e.g. spec.clusterWideConfig or spec.brokers[2].readOnlyConfig.' })
  specField!: string;
}

@ObjectType({ description: 'What a config mutation did (or, with dryRun, would do).', simpleResolvers: true })
export class ConfigEditPayload extends ClusterEditOutcome {
  @Field(() => [AppliedConfigEntry], { description: 'Per entry of the input: live or after a restart.' })
  applied!: AppliedConfigEntry[];
}
