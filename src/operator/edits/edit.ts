import type { INode } from 'kubernetes-models/v1/Node';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { Broker, KafkaClusterSpec, KafkaClusterStatus } from '../../k8s/crd/index.js';
import type { Drain } from './drain.js';
import type { EditError } from './editError.js';

/** What an edit is planned against: the cluster as the cache (or, after a conflict, the API) shows it. */
export interface EditContext {
  spec: KafkaClusterSpec;
  status: KafkaClusterStatus | undefined;
  /** StorageClasses by name, to know which volumes can grow. */
  storageClasses: ReadonlyMap<string, IStorageClass>;
  /** The cluster's PVCs (labelled kafka_cr=<cluster>). */
  pvcs: readonly IPersistentVolumeClaim[];
  /** The Kubernetes Nodes, to know whether a broker's resources fit on one (empty: not known). */
  nodes?: readonly INode[];
  /** Each running node's metadata log dir, from the server.properties it was given (metadataLogDirOf). */
  metadataLogDirs?: ReadonlyMap<number, string>;
}

/**
 * The planned change: the whole new spec, annotations of the KafkaCluster written with it, one
 * line per change, and the Cruise Control task the operator will run for it; or every reason it
 * cannot be made.
 */
export type EditPlan =
  { ok: true; spec: KafkaClusterSpec; changes: string[]; annotations?: Record<string, string>; drain?: Drain } | { ok: false; errors: EditError[] };

/** One kind of change to a KafkaCluster's spec, planned purely from its current state. */
export interface ClusterEdit {
  /** The edit's name, as the mutation and the records call it (`addBrokerVolume`). */
  readonly name: string;
  plan(context: EditContext): EditPlan;
}

/** The broker with this id and its index in spec.brokers. */
export function findBroker(spec: KafkaClusterSpec, brokerId: number): { broker: Broker; index: number } | undefined {
  const index = spec.brokers.findIndex((b) => b.id === brokerId);
  const broker = spec.brokers[index];
  return broker === undefined ? undefined : { broker, index };
}

/** The spec with one broker replaced (the others untouched, in their order). */
export function withBroker(spec: KafkaClusterSpec, index: number, broker: Broker): KafkaClusterSpec {
  return { ...spec, brokers: spec.brokers.map((b, i) => (i === index ? broker : b)) };
}

const ACTIVE = /(Required|Scheduled|Running|CompletedWithError|Paused)$/;

/**
 * Graceful actions not finished: Koperator's GetBrokersWithPendingOrRunningCCTask counts the
 * Required states and IsRunningState's (Scheduled, Running, CompletedWithError, Paused), for
 * brokers and for their volumes (adobe/koperator api/v1beta1/common_types.go).
 */
export function activeGracefulActions(status: KafkaClusterStatus | undefined): string[] {
  return Object.entries(status?.brokersState ?? {}).flatMap(([id, state]) => {
    const graceful = state.gracefulActionState;
    const brokerState = graceful?.cruiseControlState;
    return [
      ...(brokerState !== undefined && ACTIVE.test(brokerState) ? [`broker ${id}: ${brokerState}`] : []),
      ...Object.entries(graceful?.volumeStates ?? {})
        .filter(([, v]) => ACTIVE.test(v.cruiseControlVolumeState))
        .map(([mountPath, v]) => `broker ${id} ${mountPath}: ${v.cruiseControlVolumeState}`),
    ];
  });
}
