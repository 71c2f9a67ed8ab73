/**
 * Why an edit of a KafkaCluster was refused. The edit changed nothing; every problem found is
 * reported, each with a stable code that scripts and the GraphQL API's userErrors switch on.
 */
export const EDIT_ERROR_CODES = [
  /** The broker, volume, group or StorageClass named does not exist. */
  'NOT_FOUND',
  /** A value of the input is malformed or missing. */
  'INVALID_INPUT',
  /** A size is not a Kubernetes quantity, or not above zero. */
  'INVALID_SIZE',
  /** The new size is below the current one: volumes only grow. */
  'VOLUME_SHRINK',
  /** The StorageClass of the volume does not allow expansion. */
  'VOLUME_NOT_EXPANDABLE',
  /** The volume comes from the broker's brokerConfigGroup, shared with the group's other brokers. */
  'VOLUME_FROM_GROUP',
  /** The broker's only volume: a broker needs a log dir. */
  'LAST_VOLUME',
  /** No Node can allocate the resources asked for. */
  'INSUFFICIENT_CAPACITY',
  /** The broker id or mount path is taken already. */
  'ALREADY_EXISTS',
  /** Removing the broker would leave the KRaft controllers without a majority of the quorum. */
  'BROKER_IS_CONTROLLER',
  /** A graceful action, a volume resize, or the operator's reaction to the last change is still under way. */
  'OPERATION_IN_PROGRESS',
  /** The cluster is not in the state the edit needs (ClusterRunning). */
  'CLUSTER_NOT_RUNNING',
  /** A configured bound (broker count, disks per broker, volume size) would be crossed. */
  'LIMIT_REACHED',
  /** The same edit was asked for too recently (an alert command's cooldown). */
  'COOLDOWN',
  /** An edit with the same idempotency key was applied already. */
  'ALREADY_APPLIED',
  /** The spec the edit would produce breaks a rule of validateKafkaClusterSpec. */
  'INVALID_SPEC',
  /** A config key kafkaplane sets itself (node.id, listeners, log.dirs...): a value for it is refused. */
  'CONFIG_MANAGED',
  /** The cluster kept changing under the edit; try again. */
  'CONFLICT',
  /** The cluster's brokers hold topics: deleting it would delete them (force to do it anyway). */
  'CLUSTER_HOLDS_DATA',
  /** Kafka could not be asked what is needed to do this safely. */
  'KAFKA_UNREACHABLE',
] as const;
export type EditErrorCode = (typeof EDIT_ERROR_CODES)[number];

export interface EditError {
  /** The path to the input field at fault (`['brokerId']`); empty when no single field is. */
  field: string[];
  code: EditErrorCode;
  /** What is wrong, in words a person can act on. */
  message: string;
  /** For INVALID_SPEC and VOLUME_SHRINK: the field of the resulting spec, as a Kubernetes field path. */
  specPath?: string;
}

export function editError(field: string | string[] | undefined, code: EditErrorCode, message: string): EditError {
  return { field: field === undefined ? [] : Array.isArray(field) ? field : [field], code, message };
}
