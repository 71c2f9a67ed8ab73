import type { BrokerConfigChange, VoterEndpoint, VoterKey } from '../../kafka/index.js';
import type { ScramUpsertion } from '../../kafka/adminClient.js';

/** A Kubernetes object the reconciler writes: always namespaced, with kind and apiVersion. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?:
    | {
        name?: string;
        generateName?: string;
        namespace?: string;
        resourceVersion?: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
      }
    | undefined;
}

/**
 * The object a delete was planned on (DeleteOptions.preconditions): the API server refuses the
 * delete with a 409 when the object was recreated (another UID) or changed since (another
 * resourceVersion), as k8s.io/apiserver's rest.BeforeDelete checks them, and the next pass plans
 * again from what it then sees.
 */
export interface PlannedOn {
  uid?: string;
  resourceVersion?: string;
}

/** The preconditions of a delete of `object`, as it was observed. */
export function plannedOn(object: { metadata?: { uid?: string | undefined; resourceVersion?: string | undefined } | undefined } | undefined): PlannedOn {
  const { uid, resourceVersion } = object?.metadata ?? {};
  return { ...(uid !== undefined ? { uid } : {}), ...(resourceVersion !== undefined ? { resourceVersion } : {}) };
}

/** A write of one of a broker's Kubernetes objects (or the headless Service), as the brokers' plan asks for it. */
export type ObjectAction =
  | { type: 'create'; object: KubeObject; brokerId?: number; reason: string }
  /** Replace with the observed resourceVersion: a concurrent change makes it fail with 409. */
  | { type: 'replace'; object: KubeObject; brokerId?: number; reason: string }
  | { type: 'resizePvc'; namespace: string; name: string; storage: string; brokerId: number; reason: string }
  /** Delete a broker's Pod so that it comes back with what changed (a restart). */
  | { type: 'restartBroker'; namespace: string; podName: string; brokerId: number; reason: string; planned?: PlannedOn }
  /** Delete an object whose data is confirmed gone (a drained broker's, an emptied disk's), or one no longer wanted (a Service of a listener removed). */
  | { type: 'delete'; apiVersion: string; kind: string; namespace: string; name: string; brokerId?: number; reason: string; planned?: PlannedOn };

/** One write the reconciler wants, with the reason it is shown as (Events, logs). */
export type Action =
  | ObjectAction
  /** Create a CruiseControlOperation carrying a graceful task, then write the task into its status (as Koperator keeps it). */
  | {
      type: 'createOperation';
      namespace: string;
      name: string;
      body: Record<string, unknown>;
      task: { operation: string; parameters: Record<string, string> };
      /** The brokers the task moves data onto or off, for the Event. */
      brokerIds: number[];
      reason: 'OperationCreated';
    }
  /** Set or delete one broker's per-broker dynamic config through Kafka's Admin API (no restart). */
  | { type: 'alterBrokerConfigs'; brokerId: number; change: BrokerConfigChange; reason: 'PerBrokerConfigApplied' }
  /**
   * Write one broker's keystore location again, unchanged, so that Kafka reloads its SSL listeners'
   * files and serves the renewed certificate its Secret volume now shows (pki/reload.ts). No Event:
   * it is repeated until a handshake shows the new certificate, which the Event then tells.
   */
  | { type: 'reloadServerCertificate'; brokerId: number; change: BrokerConfigChange; reason: 'ServerCertificateReload' }
  /** Set or delete entries of the cluster-default dynamic broker config (BROKER "") through Kafka's Admin API. */
  | { type: 'alterClusterDefaultConfigs'; change: BrokerConfigChange; reason: 'ClusterWideConfigApplied' }
  /** Remove a broker that left the cluster from the KRaft metadata (Kafka's UnregisterBroker request, Admin.unregisterBroker). */
  | { type: 'unregisterBroker'; brokerId: number; reason: 'BrokerUnregistered' }
  /** Make a caught-up controller a voter of the KRaft quorum (KIP-853 AddRaftVoter), reached at its controller listeners. */
  | { type: 'addRaftVoter'; brokerId: number; voter: VoterKey; listeners: readonly VoterEndpoint[]; reason: 'ControllerPromoted' }
  /** Remove a controller leaving the spec from the KRaft voters (KIP-853 RemoveRaftVoter) before anything of it is deleted. */
  | { type: 'removeRaftVoter'; brokerId: number; voter: VoterKey; reason: 'ControllerDemoted' }
  /** Create Cruise Control's metrics topic through Kafka's Admin API (Koperator's topicManager.go); an existing topic is fine. */
  | { type: 'createCruiseControlTopic'; name: string; partitions: number; replicationFactor: number; reason: 'CruiseControlTopicCreated' }
  /** Give kafkaplane's SCRAM users back the credentials Kafka lost (AlterUserScramCredentials), from the passwords of their Secret. */
  | { type: 'upsertScramCredentials'; upsertions: readonly ScramUpsertion[]; reason: 'ScramCredentialsRestored' }
  /** Record an Event on the KafkaCluster that no other write carries (a refused spec, a blocked step, a failure). */
  | { type: 'recordEvent'; eventType: 'Normal' | 'Warning'; reason: string; message: string; brokerIds?: number[] };

/** The writes to Kafka: each concerns one broker or the cluster default, and its failure is an outcome, not a stop. */
export const KAFKA_WRITES: ReadonlySet<Action['type']> = new Set([
  'alterBrokerConfigs',
  'reloadServerCertificate',
  'alterClusterDefaultConfigs',
  'unregisterBroker',
  'addRaftVoter',
  'removeRaftVoter',
  'createCruiseControlTopic',
  'upsertScramCredentials',
]);

/** Why the reconciler could not take a step the spec asks for, until someone changes something. */
export interface BlockedStep {
  brokerId?: number;
  reason: string;
  message: string;
}
