import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { KafkaClusterCheck, KafkaClusterSpec, KafkaClusterStatus } from '../../k8s/crd/index.js';
import type { BrokerConfigEntry, QuorumDescription } from '../../kafka/index.js';
import type { ClusterRef } from '../../domain/labels.js';
import type { OperationRecord } from '../../domain/operationRecord.js';
import type { ObservedCluster } from '../../domain/observedCluster.js';
import type { ExternalFacts } from '../../domain/externalAccess.js';
import type { ObservedCruiseControl } from '../cruisecontrol/plan.js';
import type { ClusterCertificates } from '../pki/certificates.js';
import type { CertManagerCertificates } from '../pki/certManager.js';
import type { ScramSecret } from '../scram/secret.js';

/**
 * What one pass knows of a KafkaCluster before it plans: plain data, read once. The cluster and
 * its objects come from the cache; what lives outside Kubernetes (Kafka, Cruise Control) is in
 * `outside`, asked only for what the pass may act on.
 */
export interface World {
  cluster: ClusterRef;
  generation: number;
  resourceVersion: string | undefined;
  current: KafkaClusterStatus | undefined;
  check: KafkaClusterCheck;
  observed: ObservedCluster;
  now: Date;
  /** Random values the pass names new things with, drawn up front so that planning stays pure. */
  fresh: { clusterId: string; operationSuffix: string };
  /** Only for a valid spec whose cluster id is already recorded: the rest is not planned before. */
  details?: ClusterDetails;
}

/** The inputs of the brokers' plan that the cache gives. */
export interface ClusterView {
  cluster: ClusterRef;
  /** The validated spec (checkKafkaCluster passed). */
  spec: KafkaClusterSpec;
  current: KafkaClusterStatus;
  clusterId: string;
  observed: ObservedCluster;
  now: Date;
  storageClasses: ReadonlyMap<string, IStorageClass>;
  racks: ReadonlyMap<number, string>;
  pins: ReadonlyMap<number, { key: string; value: string }>;
  /** The node each broker reached through its node's address is pinned to (NodePort listeners). */
  externalNodes: ReadonlyMap<number, string>;
  /** What the brokers' external addresses are made of: nodes, node ports, load balancers. */
  externalFacts: ExternalFacts;
  restartRequests: ReadonlyMap<number, string>;
  rollingUpgradeAlerts: readonly string[];
  isPerBrokerDynamic: (key: string) => boolean;
  /** Cruise Control's objects; undefined when they are not observed, and then not planned. */
  cruiseControl?: ObservedCruiseControl | undefined;
  /** The Secret of Cruise Control's credentials the KafkaCluster's annotation names, if any. */
  cruiseControlCredentials?: string | undefined;
  /** The Secret of Cruise Control's HTTPS keystore the KafkaCluster's annotation names, if any. */
  cruiseControlTls?: string | undefined;
}

/** A read that may have failed: what was read, or why not. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

/** What the pass asked outside Kubernetes, and the operations it read. */
export interface OutsideFacts {
  /** The cluster's CruiseControlOperations; undefined when the graceful operations are off. */
  operations: readonly OperationRecord[] | undefined;
  /** Whether a Kafka connection is configured for the cluster (dynamic configs and unregistrations need one). */
  kafkaConnected: boolean;
  /** Replicas Kafka reports on each broker the graceful plan must see confirmed empty. */
  replicaCounts: ReadonlyMap<number, number>;
  /** Replicas Kafka reports in each log dir the graceful plan must see confirmed empty, keyed `<brokerId>:<mountPath>`. */
  logDirReplicas: ReadonlyMap<string, number>;
  /** Every partition fully replicated; undefined when unknown or not asked (no restart was pending). */
  kafkaHealthy: boolean | undefined;
  /** Whether the pending controller restart finds the KRaft quorum healthy (quorum/health.ts); undefined when not asked. */
  controllerRestartAllowed: { ok: boolean; reason: string } | undefined;
  /**
   * The KRaft quorum as Kafka describes it (voters and observers with their directory ids), for the
   * voters' plan and the controller restart gate; undefined when not asked (needs.ts: quorumNeeded).
   */
  quorum: Read<QuorumDescription> | undefined;
  /** Each Ready broker's config as Kafka describes it, for the brokers with a per-broker dynamic config to keep. */
  brokerConfigs: ReadonlyMap<number, Read<BrokerConfigEntry[]>>;
  /** The cluster-default dynamic config (BROKER ""), when spec.clusterWideConfig is to be kept. */
  clusterDefaults: Read<BrokerConfigEntry[]> | undefined;
}

export interface ClusterDetails {
  view: ClusterView;
  outside: OutsideFacts;
  /** The certificates kafkaplane issues (sslSecrets), read and issued up front; undefined when it issues none. */
  certificates?: ClusterCertificates | undefined;
  /** The certificates cert-manager issues (sslSecrets.pkiBackend: cert-manager), read up front; undefined without it. */
  certManager?: CertManagerCertificates | undefined;
  /** The Secret of kafkaplane's SCRAM users on a SASL inter-broker listener, made up front when missing. */
  scram?: ScramSecret | undefined;
}
