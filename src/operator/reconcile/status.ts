import type { ClusterState, KafkaClusterCheck, KafkaClusterSpec, KafkaClusterStatus } from '../../k8s/crd/index.js';
import { setCondition, specConditions, type Condition } from '../../k8s/crd/index.js';
import type { IPod } from 'kubernetes-models/v1/Pod';
import { isPodReady, type ObservedCluster } from '../../domain/observedCluster.js';
import type { Plan } from './plan.js';
import type { ExternalFacts } from '../../domain/externalAccess.js';
import { listenerStatuses } from '../../domain/listenerStatuses.js';
import type { ClusterKey } from '../../domain/labels.js';

/** True while a step the spec asks for cannot be taken (a refused shrink, a class that cannot expand). */
export const STEP_BLOCKED = 'StepBlocked';
/** Whether Kafka's cluster-default dynamic config holds spec.clusterWideConfig (False: Kafka refused it or could not be asked). */
export const CLUSTER_WIDE_CONFIG_IN_SYNC = 'ClusterWideConfigInSync';

/** What applying spec.clusterWideConfig gave this pass: the keys kafkaplane has set, and the failure if any. */
export interface ClusterWideConfigResult {
  keys: string[];
  error?: string;
}

export interface StatusInput {
  current: KafkaClusterStatus | undefined;
  /** Undefined when the spec could not be read at all. */
  spec: KafkaClusterSpec | undefined;
  check: KafkaClusterCheck;
  plan: Plan | undefined;
  observed: ObservedCluster;
  generation: number;
  clusterId: string | undefined;
  now: Date;
  /** Per-broker dynamic config states read back from Kafka this pass. */
  perBroker?: ReadonlyMap<number, 'PerBrokerConfigInSync' | 'PerBrokerConfigError'>;
  /** The cluster-wide dynamic config applied this pass; undefined when Kafka was not asked. */
  clusterWide?: ClusterWideConfigResult;
  /** The cluster and what its external addresses are made of, for status.listenerStatuses; without them the current ones are kept. */
  listeners?: { cluster: ClusterKey; facts: ExternalFacts };
  /** Each broker's gracefulActionState (operations/graceful.ts); undefined drops the broker's entry. */
  graceful?: ReadonlyMap<number, NonNullable<KafkaClusterStatus['brokersState']>[string]['gracefulActionState']>;
}

/** Koperator's time format for rollingUpgradeStatus.lastSuccess (Go's "2006-01-02 15:04:05"). */
function koperatorTime(date: Date): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '');
}

/**
 * The status this pass should leave, as Koperator reports it: the cluster state, each broker's
 * configuration state, ready/desired brokers, conditions, observedGeneration. Pure; the caller
 * writes it only when it differs from the current one, so a quiet pass writes nothing.
 */
export function desiredStatus(input: StatusInput): KafkaClusterStatus {
  const { current, plan, observed } = input;
  const spec = input.spec ?? { brokers: [] };
  const ready = spec.brokers.filter((b) => isPodReady(observed.brokers.get(b.id)?.pod)).length;
  const state = clusterState(plan, ready === spec.brokers.length);
  const brokersState: NonNullable<KafkaClusterStatus['brokersState']> = {};
  for (const broker of spec.brokers) {
    const previous = current?.brokersState?.[String(broker.id)] ?? {};
    const configurationState = plan?.configurationStates.get(broker.id) ?? previous.configurationState;
    const perBrokerConfigurationState = input.perBroker?.get(broker.id) ?? previous.perBrokerConfigurationState;
    const running = runningImage(observed.brokers.get(broker.id)?.pod);
    brokersState[String(broker.id)] = {
      ...previous,
      ...(configurationState !== undefined ? { configurationState } : {}),
      ...(perBrokerConfigurationState !== undefined ? { perBrokerConfigurationState } : {}),
      ...(running ?? {}),
    };
  }
  // Brokers removed from the spec keep their entry until the graceful removal forgets them.
  for (const [id, entry] of Object.entries(current?.brokersState ?? {})) brokersState[id] ??= entry;
  for (const [id, gracefulActionState] of input.graceful ?? []) {
    if (gracefulActionState === undefined) {
      if (!spec.brokers.some((b) => b.id === id)) delete brokersState[String(id)];
      continue;
    }
    brokersState[String(id)] = { ...brokersState[String(id)], gracefulActionState };
  }

  let conditions: Condition[] = current?.conditions ?? [];
  for (const condition of specConditions(input.check, input.generation, input.now)) conditions = setCondition(conditions, condition);
  const blocked = plan?.blocked ?? [];
  conditions = setCondition(conditions, {
    type: STEP_BLOCKED,
    status: blocked.length > 0 ? 'True' : 'False',
    observedGeneration: input.generation,
    lastTransitionTime: input.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    reason: blocked[0]?.reason ?? 'NothingBlocked',
    message: blocked.map((b) => b.message).join('; '),
  });

  // The first quorum is formed once the cluster first runs: later controllers (and a controller
  // whose disk was lost) must join as new voters, never format as one of the first (storageFormat.ts).
  const { clusterWideConfigKeys: previousKeys, initialControllers, listenerStatuses: previousListeners, ...rest } = current ?? {};
  const listeners =
    input.listeners !== undefined && input.spec !== undefined
      ? listenerStatuses(input.listeners.cluster, input.spec, input.listeners.facts)
      : previousListeners;
  const clusterWide = input.clusterWide;
  if (clusterWide !== undefined) {
    conditions = setCondition(conditions, {
      type: CLUSTER_WIDE_CONFIG_IN_SYNC,
      status: clusterWide.error === undefined ? 'True' : 'False',
      observedGeneration: input.generation,
      lastTransitionTime: input.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      reason: clusterWide.error === undefined ? 'ClusterWideConfigApplied' : 'ClusterWideConfigError',
      message: clusterWide.error ?? '',
    });
  }
  const keys = clusterWide?.keys ?? previousKeys ?? [];

  return {
    ...rest,
    ...(keys.length > 0 ? { clusterWideConfigKeys: keys } : {}),
    ...(listeners !== undefined && Object.keys(listeners).length > 0 ? { listenerStatuses: listeners } : {}),
    ...(initialControllers !== undefined && state !== 'ClusterRunning' ? { initialControllers } : {}),
    state,
    brokersState,
    brokersReady: `${ready}/${spec.brokers.length}`,
    observedGeneration: input.generation,
    conditions,
    ...(input.clusterId !== undefined ? { clusterID: input.clusterId } : {}),
    ...rollingUpgradeStatus(current, state, plan, input.now),
  };
}

/**
 * A broker whose Pod fails while the cluster rolls counts as a roll failure (errorCount); the
 * count goes back to 0 once the whole cluster runs in sync again, as Koperator's lastSuccess.
 */
function rollingUpgradeStatus(
  current: KafkaClusterStatus | undefined,
  state: ClusterState,
  plan: Plan | undefined,
  now: Date,
): Pick<KafkaClusterStatus, 'rollingUpgradeStatus'> {
  const previous = current?.rollingUpgradeStatus;
  if (state === 'ClusterRunning') {
    if (current?.state === 'ClusterRunning' && previous?.errorCount === 0) return {};
    return { rollingUpgradeStatus: { lastSuccess: koperatorTime(now), errorCount: 0 } };
  }
  const failed = plan?.actions.filter((a) => a.type === 'restartBroker' && a.reason === 'BrokerPodFailed').length ?? 0;
  if (failed === 0 || current?.state !== 'ClusterRollingUpgrading') return {};
  return { rollingUpgradeStatus: { lastSuccess: previous?.lastSuccess ?? '', errorCount: (previous?.errorCount ?? 0) + failed } };
}

/**
 * The image the broker's Pod runs, and the Kafka version its tag names (Koperator's
 * brokersState image and version), once the Pod is Ready on it.
 */
function runningImage(pod: IPod | undefined): { image: string; version?: string } | undefined {
  if (pod === undefined || !isPodReady(pod)) return undefined;
  const image = pod.spec?.containers.find((c) => c.name === 'kafka')?.image ?? pod.spec?.containers[0]?.image;
  if (image === undefined) return undefined;
  const tag = /:([^:/@]+)(@.*)?$/.exec(image)?.[1];
  const version = tag !== undefined ? /^v?(\d+\.\d+\.\d+)/.exec(tag)?.[1] : undefined;
  return { image, ...(version !== undefined ? { version } : {}) };
}

function clusterState(plan: Plan | undefined, allReady: boolean): ClusterState {
  if (plan === undefined) return 'ClusterReconciling';
  const rolling = plan.actions.some((a) => a.type === 'restartBroker') || [...plan.configurationStates.values()].includes('ConfigOutOfSync');
  if (rolling) return 'ClusterRollingUpgrading';
  if (!allReady || plan.actions.length > 0 || plan.waiting.length > 0 || plan.blocked.length > 0) return 'ClusterReconciling';
  return 'ClusterRunning';
}
