/**
 * Cruise Control for one cluster, planned: the metrics topic first, then its ConfigMap, Service
 * and Deployment, created when missing and replaced when what we own differs. A change of what
 * Cruise Control reads at start rolls its Pod, but never while it executes a task: the roll waits.
 * Pure; the actions go through the reconciler's executor like every other write.
 */
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { KafkaClusterSpec, KafkaClusterStatus } from '../../k8s/crd/index.js';
import type { ClusterRef } from '../../domain/labels.js';
import { isInProgress, isUnconfirmed, type OperationRecord } from '../../domain/operationRecord.js';
import { cruiseControlBootstrapServers } from '../../domain/serverProperties.js';
import type { Action, KubeObject } from '../reconcile/actions.js';
import { contains, objectWrite } from '../reconcile/plan.js';
import { renderCapacity, type HeldDisks } from './capacity.js';
import { configHash, cruiseControlConfigMap, cruiseControlDeployment, cruiseControlService, jmxExporterConfigMap, type ConfigData } from './objects.js';
import { METRICS_TOPIC, renderProperties } from './properties.js';
import { clientCertificateSecretName } from '../../domain/clientCertificate.js';
import { adminListenerUsesSasl, scramSecretName } from '../../domain/scramUsers.js';
import { adminListenerUsesSaslTls, interBrokerCa } from '../../domain/interBrokerCa.js';

/** Koperator's metrics topic defaults (pkg/resources/cruisecontrol/topicManager.go). */
export const DEFAULT_TOPIC = { partitions: 12, replicationFactor: 3 };
export const TOPIC_READY = 'CruiseControlTopicReady';
export const TOPIC_NOT_READY = 'CruiseControlTopicNotReady';

export const DEFAULT_LOG4J = `rootLogger.level=INFO
appenders=console
appender.console.type=Console
appender.console.name=STDOUT
appender.console.layout.type=PatternLayout
appender.console.layout.pattern=[%d] %p %m (%c)%n
rootLogger.appenderRefs=console
rootLogger.appenderRef.console.ref=STDOUT
`;

/** Cruise Control's objects as the cache shows them. */
export interface ObservedCruiseControl {
  deployment: IDeployment | undefined;
  configMap: IConfigMap | undefined;
  jmxConfigMap: IConfigMap | undefined;
  service: IService | undefined;
}

export interface CruiseControlInput {
  cluster: ClusterRef;
  spec: KafkaClusterSpec;
  current: KafkaClusterStatus;
  seen: ObservedCruiseControl;
  held: readonly HeldDisks[];
  /** The cluster's CruiseControlOperations (undefined: not read). */
  operations: readonly OperationRecord[] | undefined;
  /** This pass creates a CruiseControlOperation: its task goes to the Cruise Control running now. */
  creatingOperation: boolean;
  kafkaConnected: boolean;
  readyBrokers: number;
  /** The Secret of Cruise Control's credentials the KafkaCluster names (ANNOTATION_CRUISE_CONTROL_CREDENTIALS), if any. */
  credentialsSecret?: string | undefined;
  /** The Secret of Cruise Control's HTTPS keystore the KafkaCluster names (ANNOTATION_CRUISE_CONTROL_TLS), if any. */
  tlsSecret?: string | undefined;
}

export interface CruiseControlPlan {
  actions: Action[];
  /** Why a step waits (a held roll, the topic); the pass looks again soon. */
  waiting: string[];
  /** Why a step cannot be taken until something else changes (no Kafka connection): reported, not retried. */
  stalled: string[];
  /** Input refused or overridden, reported as a condition and a Warning Event. */
  problems: string[];
  /** Whether a problem kept the whole configuration from being applied (else only owned keys were kept). */
  refused: boolean;
  /** Whether this pass asks for the metrics topic (its outcome sets status.cruiseControlTopicStatus). */
  topicRequested: boolean;
}

const NOTHING: CruiseControlPlan = { actions: [], waiting: [], stalled: [], problems: [], refused: false, topicRequested: false };

export function planCruiseControl(input: CruiseControlInput): CruiseControlPlan {
  const { cluster, spec, seen, current } = input;
  // With an endpoint the user runs Cruise Control: nothing is deployed (as Koperator).
  if (spec.cruiseControlConfig.cruiseControlEndpoint !== undefined && spec.cruiseControlConfig.cruiseControlEndpoint !== '') return NOTHING;
  const plan: CruiseControlPlan = { actions: [], waiting: [], stalled: [], problems: [], refused: false, topicRequested: false };

  const topicReady = current.cruiseControlTopicStatus === TOPIC_READY;
  if (!topicReady) planTopic(plan, input);

  const bootstrap = (cruiseControlBootstrapServers(cluster.name, cluster.namespace, spec) ?? []).join(',');
  const clientCertificate = clientCertificateSecretName(cluster, spec);
  const scramSecret = adminListenerUsesSasl(spec) ? scramSecretName(cluster) : undefined;
  const trustedCa = interBrokerCa(cluster, spec);
  const kafka =
    scramSecret !== undefined ? (adminListenerUsesSaslTls(spec) ? 'sasl_ssl' : 'sasl_plaintext') : clientCertificate !== undefined ? 'ssl' : 'plaintext';
  const properties = renderProperties(spec.cruiseControlConfig.config, bootstrap, {
    basicAuth: input.credentialsSecret !== undefined,
    https: input.tlsSecret !== undefined,
    kafka,
  });
  for (const o of properties.overridden)
    plan.problems.push(`cruiseControlConfig.config sets ${o.key}=${o.value}, which kafkaplane owns: ${o.key}=${o.owned} is kept`);
  const capacity = renderCapacity(
    { spec, held: input.held, listed: Object.keys(current.brokersState ?? {}).map(Number), previous: seen.configMap?.data?.['capacity.json'] },
    spec.cruiseControlConfig.capacityConfig,
  );

  ensure(plan, cruiseControlService(cluster), seen.service, 'CruiseControlServiceOutOfDate');
  if (!capacity.ok) {
    // Nothing is applied: the ConfigMap and the Pod running now stay as they are.
    plan.problems.push(`${capacity.error}; the Cruise Control configuration deployed now is kept`);
    plan.refused = true;
    return plan;
  }
  const data: ConfigData = {
    'cruisecontrol.properties': properties.text,
    'capacity.json': capacity.json,
    'clusterConfigs.json': spec.cruiseControlConfig.clusterConfig ?? '{}',
    'log4j.properties': spec.cruiseControlConfig.log4jConfig ?? DEFAULT_LOG4J,
  };
  const jmx = spec.monitoringConfig !== undefined ? jmxExporterConfigMap(cluster, spec) : undefined;
  const wanted = cruiseControlDeployment(
    cluster,
    spec,
    configHash(data, jmx?.data),
    input.credentialsSecret,
    input.tlsSecret,
    clientCertificate,
    scramSecret,
    trustedCa,
  );

  const roll = seen.deployment !== undefined && !contains(seen.deployment.spec, wanted.spec);
  const busy = busyWith(input);
  if (roll && busy !== undefined) {
    // Cruise Control keeps an execution only in memory: a restart now would lose it.
    plan.waiting.push(`Cruise Control: its configuration changed; its restart waits until ${busy} ends`);
    return plan;
  }
  ensure(plan, cruiseControlConfigMap(cluster, data), seen.configMap, 'CruiseControlConfigOutOfDate');
  if (jmx !== undefined) ensure(plan, jmx, seen.jmxConfigMap, 'CruiseControlJmxConfigOutOfDate');
  if (seen.deployment === undefined && !topicReady) {
    // Without a Kafka connection it is reported as stalled already, not retried.
    if (plan.stalled.length === 0) plan.waiting.push(`Cruise Control: waiting for the ${METRICS_TOPIC} topic before it is deployed`);
    return plan;
  }
  ensure(plan, wanted, seen.deployment, 'CruiseControlOutOfDate');
  return plan;
}

/** The metrics topic, through Kafka's Admin API, once enough brokers run to hold its replicas. */
function planTopic(plan: CruiseControlPlan, input: CruiseControlInput): void {
  const { partitions, replicationFactor } = input.spec.cruiseControlConfig.topicConfig ?? DEFAULT_TOPIC;
  // Without a Kafka connection nothing will change by waiting: the topic stays NotReady.
  if (!input.kafkaConnected) {
    plan.stalled.push(`Cruise Control: no Kafka connection to create the ${METRICS_TOPIC} topic; it is not deployed before`);
    return;
  }
  if (input.readyBrokers < replicationFactor) {
    plan.waiting.push(`Cruise Control: the ${METRICS_TOPIC} topic needs ${replicationFactor} running brokers, ${input.readyBrokers} are`);
    return;
  }
  plan.topicRequested = true;
  plan.actions.push({ type: 'createCruiseControlTopic', name: METRICS_TOPIC, partitions, replicationFactor, reason: 'CruiseControlTopicCreated' });
}

/** What Cruise Control executes now, as the operations tell: a task it reported running, or a request that may have reached it. */
function busyWith(input: CruiseControlInput): string | undefined {
  const running = input.operations?.find((o) => !o.deleting && (isInProgress(o) || isUnconfirmed(o)));
  if (running !== undefined) return `operation ${running.name}`;
  if (input.creatingOperation) return 'the operation this pass creates';
  return undefined;
}

function ensure(
  plan: CruiseControlPlan,
  wanted: KubeObject & { data?: unknown; spec?: unknown },
  seen: (KubeObject & { data?: unknown; spec?: unknown }) | undefined,
  reason: string,
): void {
  const write = objectWrite(wanted, seen, reason);
  if (write !== undefined) plan.actions.push(write);
}
