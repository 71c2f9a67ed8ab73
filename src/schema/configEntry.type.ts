import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { ConfigEntryView, ConfigSource as ConfigSourceName } from '../readmodel/configEntries.js';

export enum ConfigSource {
  DEFAULT = 'DEFAULT',
  CLUSTER = 'CLUSTER',
  GROUP = 'GROUP',
  BROKER = 'BROKER',
  DYNAMIC = 'DYNAMIC',
  OPERATOR = 'OPERATOR',
}
registerEnumType(ConfigSource, {
  name: 'ConfigSource',
  description: 'Where a config value comes from.',
  valuesConfig: {
    DEFAULT: { description: "Kafka's built-in default." },
    CLUSTER: { description: 'spec.readOnlyConfig: every broker of the cluster.' },
    GROUP: { description: "The config of the broker's brokerConfigGroup." },
    BROKER: { description: "The broker's own brokerConfig.config or readOnlyConfig." },
    DYNAMIC: { description: 'spec.clusterWideConfig: a cluster-wide dynamic default, set through Kafka without a restart.' },
    OPERATOR: { description: 'Set by kafkaplane itself (node.id, process.roles, listeners, log.dirs, broker.rack...).' },
  },
});
const _sourcesMatch: Record<ConfigSourceName, ConfigSource> = ConfigSource;

@ObjectType({ description: 'One entry of a Kafka configuration and where its value comes from.', simpleResolvers: true })
export class ConfigEntry implements ConfigEntryView {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'The effective value; always null for sensitive entries, whose values never leave the server.' })
  value!: string | null;

  @Field(() => ConfigSource)
  source!: ConfigSourceName;

  @Field(() => Boolean, { description: 'Kafka takes it at run time: changing it needs no restart.' })
  dynamic!: boolean;

  @Field(() => Boolean, { description: 'Set by kafkaplane itself: a value given in the spec is replaced.' })
  readOnly!: boolean;

  @Field(() => Boolean, { description: 'A password or other secret (Kafka type PASSWORD, or a name that says so).' })
  sensitive!: boolean;

  @Field(() => Boolean, { description: 'A static entry of a broker whose configuration changed and which has not been restarted since.' })
  restartPending!: boolean;
}
