import { randomBytes } from 'node:crypto';
import { firingRollingUpgradeAlerts } from '../../domain/rollingUpgradeAlerts.js';
import { checkKafkaCluster, type KafkaClusterSpec, type KafkaClusterStatus } from '../../k8s/crd/index.js';
import type { ObjectCache } from '../../k8s/objectCache.js';
import type { BrokerConfigEntry, KafkaAdminClient, QuorumDescription } from '../../kafka/index.js';
import type { Logger } from '../../logging.js';
import { LABEL_CLUSTER, restartRequests, type ClusterRef } from '../../domain/labels.js';
import { credentialsSecretOf, tlsSecretOf } from '../../domain/cruiseControlAccess.js';
import { planGraceful, type GracefulPlan } from '../operations/graceful.js';
import { controllerRestartVerdict } from '../quorum/health.js';
import { readOperation, type OperationRecord } from '../../domain/operationRecord.js';
import { kafkaAdminOf, type KafkaConnection } from './kafkaConnection.js';
import type { KafkaClusterStore } from './kafkaClusterStore.js';
import { clusterDefaultsNeeded, clusterNeeds, operationsNeedReading, quorumNeeded, type ClusterNeeds } from './needs.js';
import { observeCluster, observedExternalAccess, observedRacks, type ObservedCluster } from '../../domain/observedCluster.js';
import { gracefulInputOf } from './planInputs.js';
import { observeCruiseControl } from '../cruisecontrol/observe.js';
import { confirmDrains } from './drainConfirmation.js';
import type { ClusterView, OutsideFacts, Read, World } from './world.js';
import { DEFAULT_CERT_MANAGER_RECHECK_MS, observeCertManager, type CertManagerReader } from '../pki/certManager.js';
import { observeScramSecret } from '../scram/secret.js';
import { DEFAULT_VALIDITY, observeCertificates, type CertificateValidity, type SecretReader } from '../pki/certificates.js';
import { ReloadConfirmations } from '../pki/reload.js';
import { probeServedCertificate, type ServedCertificateProbe } from '../../kafka/servedCertificate.js';

export interface WorldSources {
  cache: ObjectCache;
  clusters: KafkaClusterStore;
  logger: Logger;
  /** Keys Kafka takes per broker at run time (src/kafka: isDynamicPerBroker). */
  isPerBrokerDynamic: (key: string) => boolean;
  /** Whether Kafka reports every partition fully replicated (undefined: unknown, so no restart). */
  kafkaHealthy: (cluster: ClusterRef) => Promise<boolean | undefined>;
  /** The clusters' Kafka Admin API (none: nothing is asked of Kafka, and no dynamic config is kept). */
  kafka?: KafkaConnection | undefined;
  /** A cluster's CruiseControlOperations read from the API; none when the graceful operations are off. */
  listOperations?: ((cluster: ClusterRef) => Promise<OperationRecord[]>) | undefined;
  now?: (() => Date) | undefined;
  /** Reads the Secrets of the certificates kafkaplane issues (none: sslSecrets has no effect). */
  readSecret?: SecretReader | undefined;
  /** How long the certificates it issues are valid (default DEFAULT_VALIDITY). */
  certificateValidity?: CertificateValidity | undefined;
  /** Reads cert-manager's Issuers and Certificates (sslSecrets.pkiBackend: cert-manager); without it, those clusters get no certificates. */
  readCertManager?: CertManagerReader | undefined;
  /** The longest time between two looks at a cluster's Certificates (default DEFAULT_CERT_MANAGER_RECHECK_MS). */
  certManagerRecheckMs?: number | undefined;
  /** How often a quiet cluster's SCRAM users are looked for in Kafka (default DEFAULT_SCRAM_RECHECK_MS). */
  scramRecheckMs?: number | undefined;
  /** Which certificate a broker's listener serves (default: a TLS handshake with it, src/kafka/servedCertificate.ts). */
  probeServedCertificate?: ServedCertificateProbe | undefined;
}

/** A Kafka cluster id as Kafka prints one: 16 random bytes, base64url without padding. */
export function newKafkaClusterId(): string {
  return randomBytes(16).toString('base64url');
}

type DrainedReplicas = Pick<OutsideFacts, 'replicaCounts' | 'logDirReplicas'>;
type RestartGates = Pick<OutsideFacts, 'kafkaHealthy' | 'controllerRestartAllowed'>;
const NOTHING_CONFIRMED: DrainedReplicas = { replicaCounts: new Map(), logDirReplicas: new Map() };

/**
 * Everything one pass knows before it plans, read in one place: the KafkaCluster and its objects
 * from the cache, then, for a cluster that will be reconciled, what the plan needs from outside
 * Kubernetes. Outside facts are asked only for what previews of the plan (needs.ts) name.
 */
export class WorldObserver {
  /** The brokers asked to reload a renewed certificate, until a handshake shows it (for the Event that says so). */
  private readonly reloads = new ReloadConfirmations();

  constructor(private readonly sources: WorldSources) {}

  /** Undefined when the cluster is gone or being deleted. */
  async observe(namespace: string, name: string, signal: AbortSignal): Promise<World | undefined> {
    const resource = await this.sources.clusters.read(namespace, name);
    const uid = resource?.metadata?.uid;
    if (resource === undefined || uid === undefined || resource.metadata?.deletionTimestamp !== undefined) return undefined;
    const cluster: ClusterRef = { name, namespace, uid };
    const current = resource.status as KafkaClusterStatus | undefined;
    const check = checkKafkaCluster(resource);
    const observed = observeCluster(this.sources.cache, cluster);
    const now = this.now();
    const world: World = {
      cluster,
      generation: resource.metadata?.generation ?? 0,
      resourceVersion: resource.metadata?.resourceVersion,
      current,
      check,
      observed,
      now,
      fresh: { clusterId: newKafkaClusterId(), operationSuffix: randomBytes(3).toString('hex') },
    };
    const spec = check.cluster?.spec;
    if (spec === undefined || check.problems.length > 0 || current?.clusterID === undefined) return world;
    const view = this.viewOf(cluster, spec, current, current.clusterID, observed, now, resource.metadata?.annotations);
    const { readSecret, certificateValidity, readCertManager, certManagerRecheckMs, scramRecheckMs } = this.sources;
    const validity = certificateValidity ?? DEFAULT_VALIDITY;
    const probe = this.sources.probeServedCertificate ?? probeServedCertificate;
    const certificates = readSecret !== undefined ? await observeCertificates(view, readSecret, validity, signal, probe) : undefined;
    if (certificates !== undefined) certificates.reloaded = this.reloads.confirmed(`${namespace}/${name}`, certificates.served, certificates.current);
    const certManager =
      readSecret !== undefined && readCertManager !== undefined
        ? await observeCertManager(
            view,
            { certManager: readCertManager, secret: readSecret },
            validity,
            certManagerRecheckMs ?? DEFAULT_CERT_MANAGER_RECHECK_MS,
            signal,
          )
        : undefined;
    const scram =
      readSecret !== undefined
        ? await observeScramSecret(view, readSecret, signal, await kafkaAdminOf(this.sources.kafka, view.cluster, signal), scramRecheckMs)
        : undefined;
    return { ...world, details: { view, outside: await this.askOutside(view, signal), certificates, certManager, scram } };
  }

  private viewOf(
    cluster: ClusterRef,
    spec: KafkaClusterSpec,
    current: KafkaClusterStatus,
    clusterId: string,
    observed: ObservedCluster,
    now: Date,
    annotations: Record<string, string> | undefined,
  ): ClusterView {
    const { cache } = this.sources;
    const racks = observedRacks(cache, spec, observed);
    return {
      cluster,
      spec,
      current,
      clusterId,
      observed,
      now,
      storageClasses: new Map(cache.list('StorageClass').map((sc) => [sc.metadata?.name ?? '', sc])),
      ...racks,
      ...observedExternalAccess(cache, spec, observed, racks.pins),
      restartRequests: restartRequests(annotations),
      rollingUpgradeAlerts: firingRollingUpgradeAlerts(cache.list('Event', cluster.namespace), cluster.name),
      isPerBrokerDynamic: this.sources.isPerBrokerDynamic,
      cruiseControl: observeCruiseControl(cache, cluster),
      cruiseControlCredentials: credentialsSecretOf({ metadata: { annotations } }),
      cruiseControlTls: tlsSecretOf({ metadata: { annotations } }),
    };
  }

  private async askOutside(view: ClusterView, signal: AbortSignal): Promise<OutsideFacts> {
    const admin = await kafkaAdminOf(this.sources.kafka, view.cluster, signal);
    const graceful = await this.operations(view);
    const drained = graceful !== undefined && admin !== undefined ? await this.drainedReplicas(view, admin, graceful.preview, signal) : NOTHING_CONFIRMED;
    const needs = clusterNeeds(view, graceful?.preview);
    // Asked once: the voters' plan and the controller restart gate read the same answer.
    const quorum = admin !== undefined && quorumNeeded(view, needs) ? await read(() => admin.describeQuorum(signal)) : undefined;
    return {
      operations: graceful?.operations,
      kafkaConnected: admin !== undefined,
      ...drained,
      quorum,
      ...(await this.restartGates(view.cluster, admin !== undefined, quorum, needs.restart)),
      brokerConfigs: admin !== undefined ? await this.brokerConfigs(admin, needs.brokerConfigs, signal) : new Map(),
      clusterDefaults: admin !== undefined && clusterDefaultsNeeded(view) ? await read(() => admin.describeClusterDefaultConfigs(signal)) : undefined,
    };
  }

  /**
   * The cluster's operations, from the cache unless a preview of the graceful plan shows the
   * cache may lag (operationsNeedReading), with the preview made on the operations kept.
   */
  private async operations(view: ClusterView): Promise<{ operations: OperationRecord[]; preview: GracefulPlan } | undefined> {
    const list = this.sources.listOperations;
    if (list === undefined) return undefined;
    const { namespace, name } = view.cluster;
    const cached = this.sources.cache
      .list('CruiseControlOperation', namespace, { [LABEL_CLUSTER]: name })
      .map((o) => readOperation(o as Parameters<typeof readOperation>[0]));
    const preview = planGraceful(gracefulInputOf(view, cached, NOTHING_CONFIRMED));
    if (!operationsNeedReading(view.current, cached, preview)) return { operations: cached, preview };
    const operations = await list(view.cluster);
    return { operations, preview: planGraceful(gracefulInputOf(view, operations, NOTHING_CONFIRMED)) };
  }

  /** What Kafka itself reports on the brokers and log dirs the graceful plan would release. */
  private async drainedReplicas(view: ClusterView, admin: KafkaAdminClient, preview: GracefulPlan, signal: AbortSignal): Promise<DrainedReplicas> {
    const { confirm } = preview;
    const ids = [...new Set([...confirm.brokers, ...confirm.logDirs.map((d) => d.brokerId)])];
    if (ids.length === 0) return NOTHING_CONFIRMED;
    try {
      const dirs = await admin.describeLogDirs(ids, signal);
      const assignments = await admin.describePartitionReplicas(signal);
      const { replicaCounts, logDirReplicas, doubts } = confirmDrains(confirm, dirs, assignments);
      if (doubts.length > 0)
        this.sources.logger.info({ cluster: view.cluster.name, doubts }, 'Kafka does not confirm every drain; what it does not confirm is kept');
      return { replicaCounts, logDirReplicas };
    } catch (err) {
      // Unconfirmed means kept: nothing is released while Kafka cannot be asked.
      const fields = { cluster: view.cluster.name, err: (err as Error).message };
      this.sources.logger.info(fields, 'Kafka could not confirm what is drained; nothing is released this pass');
      return NOTHING_CONFIRMED;
    }
  }

  /** Kafka's health, and for a controller the KRaft quorum's, asked only when a restart is pending. */
  private async restartGates(
    cluster: ClusterRef,
    kafkaConnected: boolean,
    quorum: Read<QuorumDescription> | undefined,
    restart: ClusterNeeds['restart'],
  ): Promise<RestartGates> {
    if (restart === undefined) return { kafkaHealthy: undefined, controllerRestartAllowed: undefined };
    const kafkaHealthy = await this.sources.kafkaHealthy(cluster);
    return { kafkaHealthy, controllerRestartAllowed: restart.controller ? this.controllerRestart(kafkaConnected, quorum, restart.brokerId) : undefined };
  }

  /** Whether the controller may restart now (quorum/health.ts); unknown means not now. */
  private controllerRestart(kafkaConnected: boolean, quorum: Read<QuorumDescription> | undefined, controllerId: number): { ok: boolean; reason: string } {
    // Without a Kafka connection configured the quorum cannot be asked: the readiness of every
    // other broker, required anyway, is then the only guard.
    if (!kafkaConnected) return { ok: true, reason: 'no Kafka connection to ask the quorum' };
    if (quorum?.ok !== true) return { ok: false, reason: `waiting for Kafka to describe the KRaft quorum (${quorum?.error ?? 'not asked'})` };
    return controllerRestartVerdict(quorum.value, controllerId, this.now().getTime());
  }

  private async brokerConfigs(admin: KafkaAdminClient, ids: readonly number[], signal: AbortSignal): Promise<Map<number, Read<BrokerConfigEntry[]>>> {
    const configs = new Map<number, Read<BrokerConfigEntry[]>>();
    for (const id of ids) {
      if (signal.aborted) break;
      configs.set(id, await read(() => admin.describeBrokerConfigs(id, signal)));
    }
    return configs;
  }

  private now(): Date {
    return this.sources.now?.() ?? new Date();
  }
}

async function read<T>(ask: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await ask() };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
