import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { AlertOutcome as AlertOutcomeName, AlertStatus as AlertStatusName, AlertView } from '../readmodel/alertView.js';
import type { BrokerView } from '../readmodel/brokerView.js';
import type { ClusterView } from '../readmodel/clusterView.js';
import { filterConfigEntries, withKafkaClusterDefaults, type ConfigEntryView, type ConfigSource as ConfigSourceName } from '../readmodel/configEntries.js';
import type { ClusterEventView, EventType as EventTypeName } from '../readmodel/eventView.js';
import { mapLive } from '../readmodel/liveData.js';
import {
  clusterCounts,
  cruiseControlStatus,
  kraftQuorum,
  type ClusterCountsView,
  type CruiseControlStatusView,
  type KraftQuorumView,
} from '../readmodel/liveViews.js';
import type { OperationState as OperationStateName, OperationType as OperationTypeName, OperationView } from '../readmodel/operationView.js';
import { AlertOutcome, AlertStatus } from '../schema/alert.type.js';
import { Broker, BrokerState } from '../schema/broker.type.js';
import { EventType } from '../schema/clusterEvent.type.js';
import { ClusterCounts } from '../schema/clusterCounts.type.js';
import { ConfigEntry, ConfigSource } from '../schema/configEntry.type.js';
import { ConnectionArgs, paginate, type Connection } from '../schema/connection.js';
import { AlertConnection, BrokerConnection, ClusterEventConnection, KafkaClusterConnection, OperationConnection } from '../schema/connections.js';
import { CruiseControlStatus } from '../schema/cruiseControlStatus.type.js';
import { KafkaCluster } from '../schema/kafkaCluster.type.js';
import { KraftQuorum } from '../schema/kraftQuorum.type.js';
import { OperationState, OperationType } from '../schema/operation.type.js';
import type { GraphQLContext } from './context.js';
import { fromCache, labelSelectorArgument } from './readErrors.js';

const byCursorKey = (item: { cursorKey: string }): string => item.cursorKey;

@Resolver(() => KafkaCluster)
export class ClusterResolver {
  @Query(() => KafkaClusterConnection, { description: 'Kafka clusters (KafkaCluster resources), by namespace then name.' })
  clusters(
    @Ctx() ctx: GraphQLContext,
    @Args() page: ConnectionArgs,
    @Arg('namespace', () => String, { nullable: true, description: 'Only clusters in this namespace.' }) namespace: string | null | undefined,
    @Arg('labelSelector', () => String, {
      nullable: true,
      description: 'Only clusters whose labels match, as `kubectl get -l` takes it: `env=prod,tier in (a,b),!canary`.',
    })
    labelSelector: string | null | undefined,
  ): Connection<ClusterView> {
    const selector = labelSelectorArgument(labelSelector);
    return paginate(
      // Only the namespaces where the caller may list KafkaClusters (decided by the guard, src/auth/guard.ts).
      fromCache(() => ctx.readModel.clusters({ namespace: namespace ?? undefined, selector })).filter(
        (c) => ctx.access.visibleNamespaces?.has(c.namespace) ?? true,
      ),
      page,
      byCursorKey,
    );
  }

  @Query(() => KafkaCluster, { nullable: true, description: 'One cluster; null when there is no such KafkaCluster.' })
  cluster(@Ctx() ctx: GraphQLContext, @Arg('namespace', () => String) namespace: string, @Arg('name', () => String) name: string): ClusterView | null {
    return fromCache(() => ctx.readModel.cluster(namespace, name)) ?? null;
  }

  @FieldResolver(() => BrokerConnection, { description: 'Brokers by id: those of the spec, and those removed from it while their Pods remain.' })
  brokers(
    @Root() cluster: ClusterView,
    @Args() page: ConnectionArgs,
    @Arg('state', () => BrokerState, { nullable: true }) state: BrokerState | null | undefined,
  ): Connection<BrokerView> {
    const brokers = state == null ? cluster.brokers : cluster.brokers.filter((b) => b.state === (state as string));
    return paginate(brokers, page, byCursorKey);
  }

  @FieldResolver(() => Broker, { nullable: true })
  broker(@Root() cluster: ClusterView, @Arg('brokerId', () => Int) brokerId: number): BrokerView | null {
    return cluster.brokerById.get(brokerId) ?? null;
  }

  @FieldResolver(() => [ConfigEntry], {
    description:
      "Cluster-wide configuration: spec.readOnlyConfig (CLUSTER) and the cluster-default dynamic config (DYNAMIC): spec.clusterWideConfig with the values Kafka reports once applied, and entries Kafka holds that the spec does not (the spec's values when Kafka cannot be asked).",
  })
  configs(
    @Root() cluster: ClusterView,
    @Ctx() ctx: GraphQLContext,
    @Arg('names', () => [String], { nullable: true, description: 'Only these entries.' }) names: string[] | null | undefined,
    @Arg('source', () => ConfigSource, { nullable: true }) source: ConfigSourceName | null | undefined,
  ): readonly ConfigEntryView[] | Promise<readonly ConfigEntryView[]> {
    const filter = { names, source };
    // Kafka is asked (once per cluster and request) only when DYNAMIC entries can be in the answer.
    if (source != null && source !== 'DYNAMIC') return filterConfigEntries(cluster.configEntries, filter);
    return mapLive(ctx.live.get('clusterDefaultConfigs', cluster.live), (settled) =>
      filterConfigEntries(settled.ok ? withKafkaClusterDefaults(cluster.configEntries, settled.value) : cluster.configEntries, filter),
    );
  }

  @FieldResolver(() => CruiseControlStatus)
  cruiseControl(@Root() cluster: ClusterView, @Ctx() ctx: GraphQLContext): CruiseControlStatusView | Promise<CruiseControlStatusView> {
    return mapLive(ctx.live.get('cruiseControlState', cluster.live), cruiseControlStatus);
  }

  @FieldResolver(() => ClusterCounts)
  counts(@Root() cluster: ClusterView, @Ctx() ctx: GraphQLContext): ClusterCountsView | Promise<ClusterCountsView> {
    return mapLive(ctx.live.get('kafkaClusterState', cluster.live), (live) => clusterCounts(cluster, live));
  }

  @FieldResolver(() => KraftQuorum)
  quorum(@Root() cluster: ClusterView, @Ctx() ctx: GraphQLContext): KraftQuorumView | Promise<KraftQuorumView> {
    return mapLive(ctx.live.get('quorum', cluster.live), (live) => kraftQuorum(cluster, live));
  }

  @FieldResolver(() => OperationConnection, { description: 'Its CruiseControlOperations (labelled kafka_cr=<name>), newest first.' })
  operations(
    @Root() cluster: ClusterView,
    @Ctx() ctx: GraphQLContext,
    @Args() page: ConnectionArgs,
    @Arg('states', () => [OperationState], { nullable: true }) states: OperationStateName[] | null | undefined,
    @Arg('types', () => [OperationType], { nullable: true }) types: OperationTypeName[] | null | undefined,
  ): Connection<OperationView> {
    const all = ctx.readModel.operations(cluster.namespace, cluster.name);
    const wanted = all.filter((o) => (states == null || states.includes(o.state)) && (types == null || types.includes(o.type)));
    return paginate(wanted, page, byCursorKey);
  }

  @FieldResolver(() => ClusterEventConnection, { description: 'Kubernetes Events about the cluster, newest first.' })
  events(
    @Root() cluster: ClusterView,
    @Ctx() ctx: GraphQLContext,
    @Args() page: ConnectionArgs,
    @Arg('type', () => EventType, { nullable: true }) type: EventTypeName | null | undefined,
  ): Connection<ClusterEventView> {
    const all = ctx.readModel.events(cluster.namespace, cluster.name);
    return paginate(type == null ? all : all.filter((e) => e.type === type), page, byCursorKey);
  }

  @FieldResolver(() => AlertConnection, {
    description:
      'Alerts received for the cluster, firing or resolved, and what was done about each; newest first. Kept as long as their Events (an hour by default).',
  })
  alerts(
    @Root() cluster: ClusterView,
    @Ctx() ctx: GraphQLContext,
    @Args() page: ConnectionArgs,
    @Arg('status', () => AlertStatus, { nullable: true }) status: AlertStatusName | null | undefined,
    @Arg('open', () => Boolean, { nullable: true, description: 'true: only firing alerts whose resolution has not come; false: only the others.' })
    open: boolean | null | undefined,
    @Arg('outcomes', () => [AlertOutcome], { nullable: true }) outcomes: AlertOutcomeName[] | null | undefined,
    @Arg('name', () => String, { nullable: true, description: 'Only alerts with this alertname.' }) name: string | null | undefined,
  ): Connection<AlertView> {
    const all = ctx.readModel.alerts(cluster.namespace, cluster.name);
    const wanted =
      status == null && open == null && outcomes == null && name == null
        ? all
        : all.filter(
            (a) =>
              (status == null || a.status === status) &&
              (open == null || a.open === open) &&
              (outcomes == null || outcomes.includes(a.outcome)) &&
              (name == null || a.name === name),
          );
    return paginate(wanted, page, byCursorKey);
  }
}
