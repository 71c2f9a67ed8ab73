import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { addQuantities, brokerStorageConfigs, compareQuantities, formatQuantity, parseQuantity, type StorageConfig } from '../../k8s/crd/index.js';
import { ANNOTATION_MOUNT_PATH, LABEL_BROKER_ID } from '../../domain/labels.js';
import { findBroker, withBroker, type ClusterEdit, type EditContext, type EditPlan } from './edit.js';
import { editError, type EditError } from './editError.js';
import { resultProblems } from './resultProblems.js';
import { beyondMaxSize, defaultStorageClassName, largerThanAnyVolume, positiveSize } from './volumeInput.js';

export interface ResizeBrokerVolumeInput {
  brokerId: number;
  mountPath: string;
  /** The size wanted; or, instead, how much to add to the current one. */
  size?: string | undefined;
  incrementBy?: string | undefined;
}

export interface ResizeBrokerVolumeLimits {
  maxVolumeSize?: string | number | undefined;
}

/**
 * Grows one broker's volume. A volume its group defines is copied into the broker's own
 * storageConfigs with the new size (a broker's entry wins over its group's for the same
 * mountPath), so the group's other brokers keep theirs, as Koperator's resizePvc intends;
 * unlike it, only the storage entry is copied, not the whole merged broker config.
 */
export function resizeBrokerVolume(input: ResizeBrokerVolumeInput, limits: ResizeBrokerVolumeLimits = {}): ClusterEdit {
  return { name: 'resizeBrokerVolume', plan: (context) => plan(input, limits, context) };
}

function plan(input: ResizeBrokerVolumeInput, limits: ResizeBrokerVolumeLimits, context: EditContext): EditPlan {
  const { spec } = context;
  const found = findBroker(spec, input.brokerId);
  if (found === undefined) return { ok: false, errors: [editError('brokerId', 'NOT_FOUND', `broker ${input.brokerId} is not in spec.brokers`)] };
  const located = brokerStorageConfigs(spec, found.index).find((s) => s.storage.mountPath === input.mountPath);
  if (located === undefined)
    return { ok: false, errors: [editError('mountPath', 'NOT_FOUND', `broker ${input.brokerId} has no volume at ${input.mountPath}`)] };
  const volume = located.storage;
  const requested = volume.pvcSpec?.resources?.requests?.storage;
  if (volume.pvcSpec === undefined || requested === undefined) {
    return {
      ok: false,
      errors: [
        editError(
          'mountPath',
          'INVALID_INPUT',
          `the volume at ${input.mountPath} of broker ${input.brokerId} is not a PersistentVolumeClaim; only those can grow`,
        ),
      ],
    };
  }
  if ((input.size === undefined) === (input.incrementBy === undefined)) {
    return { ok: false, errors: [editError(['size'], 'INVALID_INPUT', 'give either size or incrementBy')] };
  }
  const pvc = context.pvcs.find(
    (p) =>
      p.metadata?.labels?.[LABEL_BROKER_ID] === String(input.brokerId) &&
      p.metadata.annotations?.[ANNOTATION_MOUNT_PATH] === input.mountPath &&
      p.metadata.deletionTimestamp === undefined,
  );
  // The larger of what the spec asks and what the PVC has: Koperator adds to the PVC's size.
  const pvcSize = pvc?.spec?.resources?.requests?.storage;
  let current = parseQuantity(requested);
  if (pvcSize !== undefined && compareQuantities(parseQuantity(pvcSize), current) > 0) current = parseQuantity(pvcSize);

  const field = input.size !== undefined ? 'size' : 'incrementBy';
  const given = positiveSize(input.size ?? input.incrementBy ?? '', [field]);
  if ('error' in given) return { ok: false, errors: [given.error] };
  const target = input.size !== undefined ? given.size : addQuantities(current, given.size);
  const errors: EditError[] = [];
  const order = compareQuantities(target, current);
  if (order < 0)
    errors.push(
      editError(
        field,
        'VOLUME_SHRINK',
        `${input.mountPath} of broker ${input.brokerId} is ${formatQuantity(current)}; volumes only grow, so ${formatQuantity(target)} is refused`,
      ),
    );
  if (order === 0) errors.push(editError(field, 'INVALID_SIZE', `${input.mountPath} of broker ${input.brokerId} is ${formatQuantity(current)} already`));
  errors.push(...beyondMaxSize(target, limits.maxVolumeSize, [field]));
  const tooLarge = input.incrementBy !== undefined ? largerThanAnyVolume(target, [field]) : undefined;
  if (tooLarge !== undefined) errors.push(tooLarge);
  errors.push(...notExpandable(volume, pvc, context, input));
  errors.push(...resizing(pvc, input));
  if (errors.length > 0) return { ok: false, errors };

  const grown: StorageConfig = {
    ...volume,
    pvcSpec: {
      ...volume.pvcSpec,
      resources: { ...volume.pvcSpec.resources, requests: { ...volume.pvcSpec.resources?.requests, storage: formatQuantity(target) } },
    },
  };
  const own = found.broker.brokerConfig ?? {};
  const ownConfigs = own.storageConfigs ?? [];
  const storageConfigs = ownConfigs.some((s) => s.mountPath === input.mountPath)
    ? ownConfigs.map((s) => (s.mountPath === input.mountPath ? grown : s))
    : [...ownConfigs, grown];
  const next = withBroker(spec, found.index, { ...found.broker, brokerConfig: { ...own, storageConfigs } });
  const problems = resultProblems(spec, next, [field]);
  if (problems.length > 0) return { ok: false, errors: problems };
  return {
    ok: true,
    spec: next,
    changes: [`grow ${input.mountPath} of broker ${input.brokerId} from ${formatQuantity(current)} to ${formatQuantity(target)}`],
  };
}

/**
 * Kubernetes grows a PVC only when its StorageClass allows it (allowVolumeExpansion; the API
 * server refuses the update otherwise). The class is the claim's, else the one the spec names,
 * else the default one a new claim would get; with no class, or one that does not exist, nothing
 * can grow it: the mutation refuses instead of leaving the operator blocked on it.
 */
function notExpandable(
  volume: StorageConfig,
  pvc: IPersistentVolumeClaim | undefined,
  { storageClasses }: EditContext,
  input: ResizeBrokerVolumeInput,
): EditError[] {
  const named = pvc !== undefined ? pvc.spec?.storageClassName : volume.pvcSpec?.storageClassName;
  const className = named ?? (pvc === undefined ? defaultStorageClassName(storageClasses) : undefined);
  const volumeName = `${input.mountPath} of broker ${input.brokerId}`;
  if (className === undefined || className === '') {
    return [
      editError('mountPath', 'VOLUME_NOT_EXPANDABLE', `${volumeName} cannot grow: it has no StorageClass, and only a StorageClass can allow volume expansion`),
    ];
  }
  const storageClass = storageClasses.get(className);
  if (storageClass === undefined) {
    return [editError('mountPath', 'VOLUME_NOT_EXPANDABLE', `${volumeName} cannot grow: its StorageClass "${className}" does not exist`)];
  }
  if (storageClass.allowVolumeExpansion === true) return [];
  return [editError('mountPath', 'VOLUME_NOT_EXPANDABLE', `${volumeName} cannot grow: StorageClass "${className}" does not allow volume expansion`)];
}

/** A resize still under way: the claim asks for more than the volume has, or waits for the file system. */
function resizing(pvc: IPersistentVolumeClaim | undefined, input: ResizeBrokerVolumeInput): EditError[] {
  const request = pvc?.spec?.resources?.requests?.storage;
  const capacity = pvc?.status?.capacity?.storage;
  const pending = pvc?.status?.conditions?.some((c) => (c.type === 'Resizing' || c.type === 'FileSystemResizePending') && c.status === 'True') === true;
  const behind = request !== undefined && capacity !== undefined && compareQuantities(parseQuantity(capacity), parseQuantity(request)) < 0;
  if (!pending && !behind) return [];
  return [
    editError(
      'mountPath',
      'OPERATION_IN_PROGRESS',
      `${input.mountPath} of broker ${input.brokerId} is being resized to ${String(request)} already (it has ${String(capacity ?? 'unknown')})`,
    ),
  ];
}
