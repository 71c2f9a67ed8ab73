import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { BrokerView } from '../readmodel/brokerView.js';
import type { ClusterView } from '../readmodel/clusterView.js';
import { filterConfigEntries, withKafkaDefaults, type ConfigEntryView, type ConfigSource as ConfigSourceName } from '../readmodel/configEntries.js';
import type { BrokerStats } from '../cruisecontrol/index.js';
import type { BrokerConfigEntry } from '../kafka/index.js';
import type { Live } from '../readmodel/liveData.js';
import { brokerLoads, type BrokerLoadView } from '../readmodel/liveViews.js';
import type { ClusterEventView, EventType as EventTypeName } from '../readmodel/eventView.js';
import type { OperationState as OperationStateName, OperationView } from '../readmodel/operationView.js';
import { Broker } from '../schema/broker.type.js';
import { BrokerLoad } from '../schema/brokerLoad.type.js';
import { ConfigEntry, ConfigSource } from '../schema/configEntry.type.js';
import { ConnectionArgs, paginate, type Connection } from '../schema/connection.js';
import { ClusterEventConnection, OperationConnection } from '../schema/connections.js';
import { EventType } from '../schema/clusterEvent.type.js';
import { KafkaCluster } from '../schema/kafkaCluster.type.js';
import { OperationState } from '../schema/operation.type.js';
import type { GraphQLContext } from './context.js';

function loadOf(live: Live<BrokerStats>, broker: BrokerView): BrokerLoadView | null {
  return live.ok ? (brokerLoads(live.value).get(broker.brokerId) ?? null) : null;
}

@Resolver(() => Broker)
export class BrokerResolver {
  @FieldResolver(() => KafkaCluster, { nullable: true })
  cluster(@Root() broker: BrokerView, @Ctx() ctx: GraphQLContext): ClusterView | null {
    return ctx.readModel.cluster(broker.namespace, broker.clusterName) ?? null;
  }

  @FieldResolver(() => [ConfigEntry], {
    description:
      "The broker's configuration as kafkaplane gives it (server.properties and per-broker dynamic entries), by name; with onlyNonDefault: false, also Kafka's defaults for the rest, as the broker reports them (left out when Kafka cannot be asked). Sensitive values are null.",
  })
  configs(
    @Root() broker: BrokerView,
    @Ctx() ctx: GraphQLContext,
    @Arg('names', () => [String], { nullable: true, description: 'Only these entries.' }) names: string[] | null | undefined,
    @Arg('source', () => ConfigSource, { nullable: true }) source: ConfigSourceName | null | undefined,
    @Arg('onlyNonDefault', () => Boolean, {
      defaultValue: true,
      description: "Leave out Kafka's own defaults (asking for them costs a request to the broker).",
    })
    onlyNonDefault: boolean,
  ): readonly ConfigEntryView[] | Promise<readonly ConfigEntryView[]> {
    const filter = { names, source, onlyNonDefault };
    // Kafka is asked only when its defaults are wanted.
    if (onlyNonDefault || (source != null && source !== 'DEFAULT')) {
      return filterConfigEntries(broker.configEntries, filter);
    }
    const live = ctx.live.get('brokerConfigs', broker.liveBroker);
    const answer = (settled: Live<readonly BrokerConfigEntry[]>): readonly ConfigEntryView[] =>
      filterConfigEntries(settled.ok ? withKafkaDefaults(broker.configEntries, settled.value) : broker.configEntries, filter);
    return live instanceof Promise ? live.then(answer) : answer(live);
  }

  @FieldResolver(() => BrokerLoad, {
    nullable: true,
    description: "From Cruise Control's load monitor; null while it has no valid metric window or cannot be asked.",
  })
  load(@Root() broker: BrokerView, @Ctx() ctx: GraphQLContext): BrokerLoadView | null | Promise<BrokerLoadView | null> {
    const live = ctx.live.get('brokerLoad', broker.live);
    return live instanceof Promise ? live.then((settled) => loadOf(settled, broker)) : loadOf(live, broker);
  }

  @FieldResolver(() => OperationConnection, { description: 'Operations acting on this broker or its disks, newest first.' })
  operations(
    @Root() broker: BrokerView,
    @Ctx() ctx: GraphQLContext,
    @Args() page: ConnectionArgs,
    @Arg('states', () => [OperationState], { nullable: true }) states: OperationStateName[] | null | undefined,
  ): Connection<OperationView> {
    const acting = ctx.readModel
      .operations(broker.namespace, broker.clusterName)
      .filter(
        (o) => (o.brokerIds.includes(broker.brokerId) || o.logDirs.some((d) => d.brokerId === broker.brokerId)) && (states == null || states.includes(o.state)),
      );
    return paginate(acting, page, (o) => o.cursorKey);
  }

  @FieldResolver(() => ClusterEventConnection, {
    description:
      "Kubernetes Events about this broker, newest first: on its Pods, PVCs, ConfigMap and Service, and the cluster's Events that concern it (restarts, operations, config applied).",
  })
  events(
    @Root() broker: BrokerView,
    @Ctx() ctx: GraphQLContext,
    @Args() page: ConnectionArgs,
    @Arg('type', () => EventType, { nullable: true }) type: EventTypeName | null | undefined,
  ): Connection<ClusterEventView> {
    const all = ctx.readModel.brokerEvents(broker.namespace, broker.clusterName, broker.brokerId);
    return paginate(type == null ? all : all.filter((e) => e.type === type), page, (e) => e.cursorKey);
  }
}
