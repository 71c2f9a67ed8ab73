import { effectiveBrokerConfig } from '../../k8s/crd/index.js';
import { diskRebalanceDrain } from './drain.js';
import { findBroker, withBroker, type ClusterEdit, type EditContext, type EditPlan } from './edit.js';
import { editError, type EditError } from './editError.js';
import { resultProblems } from './resultProblems.js';
import { beyondMaxSize, mountPathProblems, persistentStorage, positiveSize, unknownStorageClass } from './volumeInput.js';

export interface AddBrokerVolumeInput {
  brokerId: number;
  mountPath: string;
  size: string;
  /** Empty: the cluster's default StorageClass. */
  storageClass?: string | undefined;
}

export interface AddBrokerVolumeLimits {
  maxDisksPerBroker?: number | undefined;
  maxVolumeSize?: string | number | undefined;
}

/**
 * A new disk (JBOD log dir) for one broker, in that broker's own brokerConfig, so the other
 * brokers of its group are not touched (as Koperator's addPvc writes it). The operator creates
 * the PVC, restarts the broker with it mounted, and fills it with a disk rebalance.
 */
export function addBrokerVolume(input: AddBrokerVolumeInput, limits: AddBrokerVolumeLimits = {}): ClusterEdit {
  return { name: 'addBrokerVolume', plan: (context) => plan(input, limits, context) };
}

function plan(input: AddBrokerVolumeInput, limits: AddBrokerVolumeLimits, { spec, storageClasses }: EditContext): EditPlan {
  const found = findBroker(spec, input.brokerId);
  if (found === undefined) return { ok: false, errors: [editError('brokerId', 'NOT_FOUND', `broker ${input.brokerId} is not in spec.brokers`)] };
  const { broker, index } = found;
  const errors: EditError[] = [];
  const disks = effectiveBrokerConfig(spec, broker).storageConfigs ?? [];
  if (disks.some((d) => d.mountPath === input.mountPath)) {
    errors.push(editError('mountPath', 'ALREADY_EXISTS', `broker ${input.brokerId} already has a volume at ${input.mountPath}`));
  }
  if (limits.maxDisksPerBroker !== undefined && disks.length >= limits.maxDisksPerBroker) {
    errors.push(
      editError(
        [],
        'LIMIT_REACHED',
        `broker ${input.brokerId} has ${disks.length} disks, the most allowed is ${limits.maxDisksPerBroker} (alertManagerConfig.maxDisksPerBroker)`,
      ),
    );
  }
  errors.push(...mountPathProblems(input.mountPath, ['mountPath']));
  errors.push(...unknownStorageClass(input.storageClass, storageClasses, ['storageClass']));
  const sized = positiveSize(input.size, ['size']);
  if ('error' in sized) return { ok: false, errors: [...errors, sized.error] };
  errors.push(...beyondMaxSize(sized.size, limits.maxVolumeSize, ['size']));
  if (errors.length > 0) return { ok: false, errors };

  const own = broker.brokerConfig ?? {};
  const volume = persistentStorage(input.mountPath, sized.size, input.storageClass);
  const next = withBroker(spec, index, { ...broker, brokerConfig: { ...own, storageConfigs: [...(own.storageConfigs ?? []), volume] } });
  const problems = resultProblems(spec, next, ['mountPath']);
  if (problems.length > 0) return { ok: false, errors: problems };
  const changes = [`add a ${String(volume.pvcSpec?.resources?.requests?.storage)} volume at ${input.mountPath} to broker ${input.brokerId}`];
  return { ok: true, spec: next, changes, drain: diskRebalanceDrain(input.brokerId) };
}
