import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { compareQuantities, parseQuantity } from '../k8s/crd/quantity.js';

export const DISK_STATES = ['ACTIVE', 'ADDING', 'RESIZING', 'DRAINING', 'REMOVING'] as const;
export type DiskState = (typeof DISK_STATES)[number];

export interface DiskStateInput {
  /** The mountPath is among the broker's storageConfigs. */
  inSpec: boolean;
  /** Undefined for an emptyDir disk, or a PVC not created yet. */
  pvc: IPersistentVolumeClaim | undefined;
  /** Needs a PVC (a pvcSpec storage config). */
  persistent: boolean;
  /** status.brokersState[id].gracefulActionState.volumeStates[mountPath].cruiseControlVolumeState. */
  volumeState: string | undefined;
}

const REMOVAL_ACTIVE = /^GracefulDiskRemoval(Required|Scheduled|Running|Paused|CompletedWithError)$/;
const REBALANCE_ACTIVE = /^GracefulDiskRebalance(Required|Scheduled|Running|Paused|CompletedWithError)$/;

/**
 * One word for where a disk stands, from its PVC and Koperator's volume states:
 * - DRAINING while Cruise Control moves its data away (or it left the spec and still holds data);
 * - REMOVING once drained (GracefulDiskRemovalSucceeded) or while its PVC is being deleted;
 * - ADDING while its PVC is created and bound, then while data is balanced onto it;
 * - RESIZING while the volume grows (requested above capacity, or a file system resize pending).
 */
export function diskState(input: DiskStateInput): DiskState {
  const { pvc, volumeState } = input;
  if (pvc?.metadata?.deletionTimestamp !== undefined || volumeState === 'GracefulDiskRemovalSucceeded') return 'REMOVING';
  if (!input.inSpec || (volumeState !== undefined && REMOVAL_ACTIVE.test(volumeState))) return 'DRAINING';
  if (input.persistent && (pvc === undefined || pvc.status?.phase !== 'Bound')) return 'ADDING';
  if (volumeState !== undefined && REBALANCE_ACTIVE.test(volumeState)) return 'ADDING';
  if (pvc !== undefined && isResizing(pvc)) return 'RESIZING';
  return 'ACTIVE';
}

function isResizing(pvc: IPersistentVolumeClaim): boolean {
  const pending = pvc.status?.conditions?.some((c) => (c.type === 'Resizing' || c.type === 'FileSystemResizePending') && c.status === 'True') === true;
  if (pending) return true;
  const requested = pvc.spec?.resources?.requests?.storage;
  const capacity = pvc.status?.capacity?.storage;
  if (requested === undefined || capacity === undefined) return false;
  return compareQuantities(parseQuantity(requested), parseQuantity(capacity)) > 0;
}
