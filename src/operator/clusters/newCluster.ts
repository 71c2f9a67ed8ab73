import { checkKafkaCluster, formatQuantity, type KafkaClusterSpecInput } from '../../k8s/crd/index.js';
import { mountPathProblems, positiveSize } from '../edits/volumeInput.js';
import { CLUSTER_API_VERSION } from '../../domain/apis.js';
import { DEFAULT_IMAGE } from '../../domain/objectNames.js';
import { editError, type EditError } from '../edits/editError.js';

export interface NewClusterInput {
  namespace: string;
  name: string;
  /** Brokers 0..brokers-1. */
  brokers: number;
  /** How many of them (the first ones) are KRaft controllers too. */
  controllers: number;
  image?: string | undefined;
  /** Each broker's log disk. */
  storage: { mountPath: string; size: string; storageClass?: string | undefined };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
  /** Spread brokers over zones and tell Kafka their rack (topology.kubernetes.io/zone). */
  rackAware: boolean;
  /** Static broker config for every broker (server.properties lines). */
  readOnlyConfig?: string | undefined;
}

export const MAX_BROKERS = 100;
/** A cluster's name prefixes its brokers' host names (`<name>-<id>`), which are DNS labels of at most 63 characters. */
const MAX_NAME_LENGTH = 50;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ZONE_LABEL = 'topology.kubernetes.io/zone';

export type NewCluster =
  | { ok: true; object: { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec: KafkaClusterSpecInput } }
  | { ok: false; errors: EditError[] };

/**
 * A KafkaCluster a user can start with: KRaft brokers of one group `default` (one disk each,
 * the first `controllers` also KRaft controllers), plaintext internal and controller listeners,
 * Cruise Control with its defaults. The manifest is Koperator's, so it can be kept in Git and
 * edited like any other; every later change goes through the other mutations or the spec.
 */
/** A new cluster's listeners: plaintext for the brokers (29092) and for the KRaft controllers (29093). */
export const DEFAULT_LISTENERS = {
  internalListeners: [
    { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
    { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
  ],
} satisfies KafkaClusterSpecInput['listenersConfig'];

export function newKafkaCluster(input: NewClusterInput): NewCluster {
  const errors: EditError[] = [];
  for (const [field, value] of [
    ['name', input.name],
    ['namespace', input.namespace],
  ] as const) {
    if (!DNS_LABEL.test(value) || value.length > 63)
      errors.push(
        editError(
          field,
          'INVALID_INPUT',
          `${JSON.stringify(value)} is not a valid ${field}: lower-case letters, digits and '-', starting and ending with a letter or digit`,
        ),
      );
  }
  if (input.name.length > MAX_NAME_LENGTH)
    errors.push(editError('name', 'INVALID_INPUT', `a cluster's name may have at most ${MAX_NAME_LENGTH} characters (its brokers' host names derive from it)`));
  if (!Number.isInteger(input.brokers) || input.brokers < 1 || input.brokers > MAX_BROKERS)
    errors.push(editError('brokers', 'INVALID_INPUT', `brokers must be between 1 and ${MAX_BROKERS}, got ${input.brokers}`));
  // An even number of voters tolerates no more failures than one fewer (KIP-595 majority).
  if (!Number.isInteger(input.controllers) || input.controllers < 1 || input.controllers % 2 === 0 || input.controllers > input.brokers) {
    errors.push(
      editError(
        'controllers',
        'INVALID_INPUT',
        `controllers must be an odd number from 1 to the number of brokers (${input.brokers}), got ${input.controllers}`,
      ),
    );
  }
  const sized = positiveSize(input.storage.size, ['storage', 'size']);
  if ('error' in sized) errors.push(sized.error);
  errors.push(...mountPathProblems(input.storage.mountPath, ['storage', 'mountPath']));
  if (errors.length > 0 || 'error' in sized) return { ok: false, errors };

  const spec: KafkaClusterSpecInput = {
    kRaft: true,
    headlessServiceEnabled: true,
    oneBrokerPerNode: false,
    clusterImage: input.image ?? DEFAULT_IMAGE,
    ...(input.rackAware ? { rackAwareness: { labels: [ZONE_LABEL] } } : {}),
    rollingUpgradeConfig: { failureThreshold: 1 },
    cruiseControlConfig: {},
    ...(input.readOnlyConfig !== undefined && input.readOnlyConfig.trim() !== '' ? { readOnlyConfig: input.readOnlyConfig } : {}),
    listenersConfig: DEFAULT_LISTENERS,
    brokerConfigGroups: {
      default: {
        storageConfigs: [
          {
            mountPath: input.storage.mountPath,
            pvcSpec: {
              accessModes: ['ReadWriteOnce'],
              ...(input.storage.storageClass !== undefined ? { storageClassName: input.storage.storageClass } : {}),
              resources: { requests: { storage: formatQuantity(sized.size) } },
            },
          },
        ],
        ...(input.resources !== undefined ? { resourceRequirements: input.resources } : {}),
      },
    },
    brokers: Array.from({ length: input.brokers }, (_, id) => ({
      id,
      brokerConfigGroup: 'default',
      brokerConfig: { processRoles: id < input.controllers ? ['broker', 'controller'] : ['broker'] },
    })),
  };
  const object = { apiVersion: CLUSTER_API_VERSION, kind: 'KafkaCluster', metadata: { name: input.name, namespace: input.namespace }, spec };
  // The same checks the reconciler makes, so a cluster created here is never refused by it.
  const check = checkKafkaCluster(object);
  if (check.cluster === undefined || check.problems.length > 0) {
    return { ok: false, errors: check.problems.map((p) => ({ field: [], code: 'INVALID_SPEC' as const, message: p.message, specPath: p.path })) };
  }
  return { ok: true, object };
}
