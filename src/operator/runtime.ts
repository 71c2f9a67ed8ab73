import { apiCertManagerReader } from './pki/certManager.js';
import { apiSecretReader, type CertificateValidity } from './pki/certificates.js';
import { cruiseControlRollingOut } from './cruisecontrol/rollout.js';
import { deploymentName } from './cruisecontrol/objects.js';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { CruiseControlClients } from '../cruisecontrol/index.js';
import type { KafkaClusterAdmins } from '../kafka/clusterAdmins.js';
import { isDynamicPerBroker } from '../kafka/index.js';
import type { KafkaClusterSpec } from '../k8s/crd/index.js';
import { EventRecorder } from '../k8s/events.js';
import { installCrds } from '../k8s/installCrds.js';
import { LeaderElector } from '../k8s/leaderElection.js';
import { DEFAULT_LEASE_TIMINGS } from '../k8s/leaseTiming.js';
import { InformerObjectCache } from '../k8s/objectCache.js';
import type { Logger } from '../logging.js';
import type { ClusterRef } from '../domain/labels.js';
import { cruiseControlEndpointOutsideCluster } from '../domain/addresses.js';
import { cruiseControlTargetOf } from '../domain/cruiseControlAccess.js';
import { ClusterController } from './controller.js';
import { cruiseControlHealth } from './kafkaHealth.js';
import { ActionExecutor } from './reconcile/execute.js';
import { OperationController } from './operations/controller.js';
import { OperationRunner } from './operations/runner.js';
import { pooledKubeConfig } from '../k8s/pooledKubeConfig.js';

export interface OperatorOptions {
  kubeConfig: KubeConfig;
  logger: Logger;
  namespaces: string[] | undefined;
  reconcile: boolean;
  installCrds: boolean;
  leaderElectionNamespace: string;
  /** Timings of leader election (shortened in tests). */
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /**
   * How much of the lease must remain for a request to go to Cruise Control (default half the
   * lease duration): a replica that could lose the lease before its request lands sends nothing.
   */
  cruiseControlLeaseMarginMs?: number;
  requeueAfterMs?: number;
  /** Whether Kafka reports every partition fully replicated; unknown holds every rolling restart. */
  kafkaHealthy?: (cluster: ClusterRef) => Promise<boolean | undefined>;
  /** The process's Cruise Control clients (its owner closes nothing: they hold no connection). */
  cruiseControl: CruiseControlClients;
  /** The process's Kafka admin clients; whoever built them closes them. */
  kafka: KafkaClusterAdmins;
  /** How often a running Cruise Control task is polled (default 10 s, as Koperator). */
  operationPollIntervalMs?: number;
  /** How long after a failed task its retry waits (default 30 s, as Koperator). */
  operationRetryBackoffMs?: number;
  /** How long the certificates kafkaplane issues are valid (sslSecrets; default pki/certificates.ts DEFAULT_VALIDITY). */
  certificateValidity?: CertificateValidity;
  /** The longest time between two looks at a cluster's cert-manager Certificates (default pki/certManager.ts DEFAULT_CERT_MANAGER_RECHECK_MS). */
  certManagerRecheckMs?: number;
  /** How often a quiet cluster's SCRAM users are looked for in Kafka (default scram/secret.ts DEFAULT_SCRAM_RECHECK_MS). */
  scramRecheckMs?: number;
}

export interface RunningOperator {
  cache: InformerObjectCache;
  /** This replica's identity in the leader election. */
  identity: string;
  isLeader(): boolean;
  /** A pass over every cluster, resolved once they have run; nothing on a replica that does not lead. */
  resync(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The operator's three loops in this process: the informer cache every replica reads, the
 * leader election, and the controller, which runs only while this replica leads.
 */
export async function startOperator(options: OperatorOptions): Promise<RunningOperator> {
  const { logger } = options;
  const kubeConfig = pooledKubeConfig(options.kubeConfig);
  if (options.installCrds) await installCrds(kubeConfig, logger);
  const cache = new InformerObjectCache(kubeConfig, { namespaces: options.namespaces, logger });
  await cache.start();
  logger.info({ namespaces: options.namespaces ?? 'all' }, 'caches synced');

  const identity = `${hostname()}-${randomBytes(3).toString('hex')}`;
  if (!options.reconcile) {
    logger.info('reconciling is off (--reconcile=false): serving the API only');
    return { cache, identity, isLeader: () => false, resync: () => Promise.resolve(), stop: () => cache.stop() };
  }

  const specOf = (ref: ClusterRef): KafkaClusterSpec | undefined => cache.get('KafkaCluster', ref.namespace, ref.name)?.spec as KafkaClusterSpec | undefined;
  const cruiseControl = (use: 'operations' | 'check') => (ref: ClusterRef) =>
    options.cruiseControl.of(use, ref, cruiseControlTargetOf(cache.get('KafkaCluster', ref.namespace, ref.name)));
  const events = new EventRecorder(kubeConfig, 'kafkaplane', identity, logger);
  const kafka = { admin: (ref: ClusterRef, signal?: AbortSignal) => options.kafka.of(ref, specOf(ref), signal) };
  const executor = new ActionExecutor(kubeConfig, logger, { events, kafka });
  const leaseDurationMs = options.leaseDurationMs ?? DEFAULT_LEASE_TIMINGS.leaseDurationMs;
  const cruiseControlMarginMs = options.cruiseControlLeaseMarginMs ?? leaseDurationMs / 2;
  const runner = new OperationRunner({
    kubeConfig,
    // Cruise Control knows nothing of the lease: the fence is on this side, before each request.
    leaseHeld: () => elector.remainingLeaseMs() > cruiseControlMarginMs,
    cruiseControl: cruiseControl('operations'),
    cruiseControlRefused: (ref) => {
      const endpoint = specOf(ref)?.cruiseControlConfig?.cruiseControlEndpoint;
      return endpoint !== undefined ? cruiseControlEndpointOutsideCluster(endpoint) : undefined;
    },
    cruiseControlRollingOut: (ref) =>
      specOf(ref)?.cruiseControlConfig?.cruiseControlEndpoint === undefined
        ? cruiseControlRollingOut(cache.get('Deployment', ref.namespace, deploymentName(ref)))
        : undefined,
    events,
    logger,
    ...(options.operationPollIntervalMs !== undefined ? { pollIntervalMs: options.operationPollIntervalMs } : {}),
    ...(options.operationRetryBackoffMs !== undefined ? { retryBackoffMs: options.operationRetryBackoffMs } : {}),
  });
  let operations: OperationController | undefined;
  const newController = (): ClusterController =>
    new ClusterController({
      operations: { runner, poke: (ref) => operations?.poke(ref) },
      cache,
      kubeConfig,
      executor,
      logger,
      isPerBrokerDynamic: isDynamicPerBroker,
      kafka,
      kafkaHealthy: options.kafkaHealthy ?? cruiseControlHealth(cruiseControl('check'), logger),
      ...(options.requeueAfterMs !== undefined ? { requeueAfterMs: options.requeueAfterMs } : {}),
      readSecret: apiSecretReader(kubeConfig),
      ...(options.certificateValidity !== undefined ? { certificateValidity: options.certificateValidity } : {}),
      readCertManager: apiCertManagerReader(kubeConfig),
      ...(options.certManagerRecheckMs !== undefined ? { certManagerRecheckMs: options.certManagerRecheckMs } : {}),
      ...(options.scramRecheckMs !== undefined ? { scramRecheckMs: options.scramRecheckMs } : {}),
    });
  let controller: ClusterController | undefined;
  const elector = new LeaderElector(kubeConfig, {
    namespace: options.leaderElectionNamespace,
    leaseName: 'kafkaplane-leader',
    identity,
    ...(options.leaseDurationMs !== undefined ? { leaseDurationMs: options.leaseDurationMs } : {}),
    ...(options.renewDeadlineMs !== undefined ? { renewDeadlineMs: options.renewDeadlineMs } : {}),
    ...(options.retryPeriodMs !== undefined ? { retryPeriodMs: options.retryPeriodMs } : {}),
    logger,
    onStartedLeading: () => {
      operations = new OperationController(cache, runner, logger);
      operations.start();
      controller = newController();
      controller.start();
    },
    onStoppedLeading: async () => {
      // Losing the lease stops reconciling at once: passes in flight are aborted, their requests
      // cancelled; the elector leads again only once they have ended.
      const stopping = [controller, operations].filter((c) => c !== undefined);
      controller = undefined;
      operations = undefined;
      await Promise.all(stopping.map((c) => c.stop()));
    },
  });
  elector.start();
  return {
    cache,
    identity,
    isLeader: () => elector.isLeader,
    resync: () => controller?.resync() ?? Promise.resolve(),
    stop: async () => {
      // Stopping the election stops the loops of a leadership and waits for them.
      await elector.stop();
      await cache.stop();
    },
  };
}
