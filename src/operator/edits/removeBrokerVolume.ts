import { brokerStorageConfigs } from '../../k8s/crd/index.js';
import { rolesOf } from '../../domain/serverProperties.js';
import { removeDiskDrain } from './drain.js';
import { findBroker, withBroker, type ClusterEdit, type EditContext, type EditPlan } from './edit.js';
import { editError, type EditError } from './editError.js';
import { resultProblems } from './resultProblems.js';

export interface RemoveBrokerVolumeInput {
  brokerId: number;
  mountPath: string;
}

/** Volume states of a disk being filled or emptied: a removal now would race with it. */
const BUSY = /^GracefulDisk(Rebalance|Removal)(Required|Scheduled|Running|Paused|CompletedWithError)$/;

/**
 * Takes one disk out of a broker's own storageConfigs. Nothing is deleted by this: the operator
 * moves the disk's replicas to the broker's other disks with Cruise Control's remove_disks, and
 * unmounts the disk and deletes its PVC only once Kafka reports its log dir empty
 * (docs/operations.md, "Removing a disk").
 *
 * A disk the broker's brokerConfigGroup defines is refused: the group's storageConfigs apply to
 * every broker of the group, and Koperator's merge has no way to leave one out for one broker.
 */
export function removeBrokerVolume(input: RemoveBrokerVolumeInput): ClusterEdit {
  return { name: 'removeBrokerVolume', plan: (context) => plan(input, context) };
}

function plan(input: RemoveBrokerVolumeInput, { spec, status, metadataLogDirs }: EditContext): EditPlan {
  const found = findBroker(spec, input.brokerId);
  if (found === undefined) return { ok: false, errors: [editError('brokerId', 'NOT_FOUND', `broker ${input.brokerId} is not in spec.brokers`)] };
  const disks = brokerStorageConfigs(spec, found.index);
  const disk = disks.find((d) => d.storage.mountPath === input.mountPath);
  if (disk === undefined) {
    const paths = disks.map((d) => d.storage.mountPath).join(', ');
    return {
      ok: false,
      errors: [editError('mountPath', 'NOT_FOUND', `broker ${input.brokerId} has no volume at ${input.mountPath} (it has ${paths || 'none'})`)],
    };
  }
  const errors: EditError[] = [];
  const own = found.broker.brokerConfig ?? {};
  if (!(own.storageConfigs ?? []).some((s) => s.mountPath === input.mountPath)) {
    errors.push(
      editError(
        'mountPath',
        'VOLUME_FROM_GROUP',
        `${input.mountPath} of broker ${input.brokerId} comes from its brokerConfigGroup "${found.broker.brokerConfigGroup ?? ''}" (${disk.path}); remove it from the group to remove it from every broker of the group`,
      ),
    );
  }
  if (disks.length === 1) {
    errors.push(
      editError(
        'mountPath',
        'LAST_VOLUME',
        `${input.mountPath} is the only volume of broker ${input.brokerId}: a broker needs a log dir; remove the broker instead`,
      ),
    );
  }
  // A controller's metadata log holds its voter's directory id: that disk goes only with the
  // controller. Where it is: the config the node runs with says (metadata.log.dir, pinned by the
  // operator), else a node not started yet will take its first disk.
  const metadataLogDir = metadataLogDirs?.get(input.brokerId) ?? `${disks[0]?.storage.mountPath.replace(/\/+$/, '') ?? ''}/kafka`;
  if (spec.kRaft && rolesOf(spec, found.broker).includes('controller') && metadataLogDir.startsWith(`${input.mountPath.replace(/\/+$/, '')}/`)) {
    errors.push(
      editError(
        'mountPath',
        'BROKER_IS_CONTROLLER',
        `${input.mountPath} holds the KRaft metadata log of controller ${input.brokerId}; it is removed only with the controller (add a new controller, then remove this one)`,
      ),
    );
  }
  const volumeState = status?.brokersState?.[String(input.brokerId)]?.gracefulActionState?.volumeStates?.[input.mountPath]?.cruiseControlVolumeState;
  if (volumeState !== undefined && BUSY.test(volumeState)) {
    errors.push(editError('mountPath', 'OPERATION_IN_PROGRESS', `${input.mountPath} of broker ${input.brokerId} is ${volumeState}; try again once that ends`));
  }
  if (errors.length > 0) return { ok: false, errors };

  const storageConfigs = (own.storageConfigs ?? []).filter((s) => s.mountPath !== input.mountPath);
  const next = withBroker(spec, found.index, { ...found.broker, brokerConfig: { ...own, storageConfigs } });
  const problems = resultProblems(spec, next, ['mountPath']);
  if (problems.length > 0) return { ok: false, errors: problems };
  return {
    ok: true,
    spec: next,
    changes: [`remove ${input.mountPath} from broker ${input.brokerId} (drained through Cruise Control before its PVC is deleted)`],
    drain: removeDiskDrain(input.brokerId, input.mountPath),
  };
}
