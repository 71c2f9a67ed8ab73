import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { KafkaClusterSpec, KafkaClusterStatus } from '../../k8s/crd/index.js';
import type { ClusterRef } from '../../domain/labels.js';
import type { ObservedCluster } from '../../domain/observedCluster.js';
import type { ExternalFacts } from '../../domain/externalAccess.js';
import type { ObservedCruiseControl } from '../cruisecontrol/plan.js';

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
