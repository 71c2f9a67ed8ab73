// The shapes of the answers the console asks for (schema.graphql), only the fields it reads.

export type ClusterState = 'PENDING' | 'RECONCILING' | 'ROLLING_UPGRADING' | 'RUNNING' | 'UNKNOWN';
export type OperationState = 'PENDING' | 'RUNNING' | 'PAUSED' | 'RETRYING' | 'COMPLETED' | 'FAILED';
export type ConfigSource = 'CLUSTER' | 'GROUP' | 'BROKER' | 'OPERATOR' | 'DYNAMIC' | 'DEFAULT';

export interface Counts {
  brokersReady: number;
  brokersDesired: number;
  partitions: number | null;
  underReplicatedPartitions: number | null;
  offlinePartitions: number | null;
}

export interface CruiseControl {
  reachable: boolean;
  ready: boolean;
  busy: boolean;
  monitorState: string | null;
  executorState: string | null;
  reasons: string[];
  error: string | null;
}

export interface Progress {
  phase: string | null;
  percentDataMoved: number | null;
  dataMovedMB: number | null;
  dataTotalMB: number | null;
  partitionsMoved: number | null;
  partitionsTotal: number | null;
  estimatedSecondsRemaining: number | null;
}

export interface Operation {
  id: string;
  name: string;
  type: string;
  state: OperationState;
  brokerIds: number[];
  createdAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  retryCount: number;
  error: string | null;
  message: string | null;
  progress: Progress | null;
}

export interface FleetCluster {
  id: string;
  name: string;
  namespace: string;
  state: ClusterState;
  kafkaVersion: string | null;
  counts: Counts;
  cruiseControl: CruiseControl;
  operations: { totalCount: number; nodes: Operation[] };
}

export interface Disk {
  id: string;
  mountPath: string;
  capacity: string | null;
  capacityBytes: number | null;
  requestedSize: string | null;
  requestedBytes: number | null;
  usedBytes: number | null;
  state: string;
}

export interface Broker {
  id: string;
  brokerId: number;
  roles: string[];
  rack: string | null;
  state: string;
  gracefulActionState: string | null;
  pod: { name: string; ready: boolean } | null;
  load: { cpuPercent: number; leaders: number; replicas: number } | null;
  disks: Disk[];
}

export interface Cluster {
  id: string;
  name: string;
  namespace: string;
  state: ClusterState;
  generation: number;
  observedGeneration: number | null;
  kafkaVersion: string | null;
  counts: Counts;
  cruiseControl: CruiseControl;
  quorum: {
    reachable: boolean;
    error: string | null;
    leaderId: number | null;
    leaderEpoch: number | null;
    controllers: Array<{ brokerId: number; state: string }>;
  };
  conditions: Array<{ type: string; status: string; reason: string; message: string }>;
  unsupportedFields: Array<{ path: string; note: string }>;
  specProblems: Array<{ path: string; code: string; message: string }>;
  brokers: { nodes: Broker[] };
  operations: { nodes: Operation[] };
}

export interface ClusterEvent {
  id: string;
  type: 'NORMAL' | 'WARNING';
  reason: string;
  message: string;
  count: number;
  lastSeen: string | null;
  involvedObject: { kind: string; name: string };
}

export interface Alert {
  id: string;
  name: string | null;
  status: string;
  outcome: string;
  message: string;
  receivedAt: string | null;
}

export interface ConfigEntry {
  name: string;
  value: string | null;
  source: ConfigSource;
  dynamic: boolean;
  sensitive: boolean;
  restartPending: boolean;
}

export interface UserError {
  field: string[] | null;
  message: string;
  code: string;
}

export interface Preview {
  replicaMovements: number;
  leaderMovements: number;
  dataToMoveMB: number;
  intraBrokerReplicaMovements: number;
  intraBrokerDataToMoveMB: number;
  brokersAfter: Array<{ brokerId: number; diskMB: number; leaders: number; replicas: number }>;
}
