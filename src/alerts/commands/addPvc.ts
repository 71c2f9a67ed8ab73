import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { Reason } from '../decision.js';
import { missingAnnotation, pvcBroker, sizeAnnotation, type CommandDecider } from './command.js';

/**
 * The annotation the scheduler's volume binder puts on a claim of a WaitForFirstConsumer class
 * when it picks the node of the claim's first Pod; the claim keeps it once bound
 * (kubernetes pkg/controller/volume/persistentvolume/util: AnnSelectedNode).
 */
export const ANNOTATION_SELECTED_NODE = 'volume.kubernetes.io/selected-node';

/** The cluster's claim that waits for a volume on `node`, if any. */
function pendingClaimOn(node: string, pvcs: readonly IPersistentVolumeClaim[]): IPersistentVolumeClaim | undefined {
  return pvcs.find((pvc) => pvc.status?.phase !== 'Bound' && pvc.metadata?.annotations?.[ANNOTATION_SELECTED_NODE] === node);
}

/**
 * addPvc: a new disk for the broker of the PVC the alert names, at `<mountPathPrefix>-<random6>`,
 * of `diskSize`, in `storageClass` (Koperator's addPvc; kafkaplane takes the class of the named
 * PVC when the annotation is empty, rather than asking for no class at all). Bounded by
 * maxDisksPerBroker and maxVolumeSize. With a `node` label, refused while a claim of the cluster
 * selected for that node is not bound yet, as Koperator skips it: a disk added then would wait
 * for a volume there too.
 */
export const decideAddPvc: CommandDecider = (alert, observation, _spec, settings) => {
  const a = alert.annotations;
  const reasons: Reason[] = [];
  const prefix = a.mountPathPrefix;
  if (prefix === undefined || prefix === '')
    reasons.push(missingAnnotation('mountPathPrefix', 'the new disk is mounted at <mountPathPrefix>-<6 random characters>'));
  else if (!prefix.startsWith('/'))
    reasons.push({ code: 'INVALID_ANNOTATION', message: `mountPathPrefix "${prefix}" must be an absolute path, such as /kafka-logs` });
  if (a.diskSize === undefined || a.diskSize === '') reasons.push(missingAnnotation('diskSize', 'the size of the new disk, such as 100Gi'));
  reasons.push(...sizeAnnotation('diskSize', a.diskSize));
  const owner = pvcBroker(alert, observation);
  if ('reasons' in owner) reasons.push(...owner.reasons);
  const node = alert.labels.node;
  const pending = node !== undefined && node !== '' ? pendingClaimOn(node, observation.context?.pvcs ?? []) : undefined;
  if (pending !== undefined) {
    reasons.push({
      code: 'VOLUME_PENDING',
      message: `PersistentVolumeClaim ${pending.metadata?.name ?? ''} on node ${node ?? ''} is ${pending.status?.phase ?? 'Pending'}, not Bound: a disk added now would wait for a volume there too`,
    });
  }
  if (reasons.length > 0 || 'reasons' in owner) return { ok: false, reasons };
  const storageClass = a.storageClass !== undefined && a.storageClass !== '' ? a.storageClass : observation.pvc?.spec?.storageClassName;
  return {
    ok: true,
    request: {
      edit: 'addBrokerVolume',
      input: { brokerId: owner.brokerId, mountPath: `${prefix ?? ''}-${observation.random}`, size: a.diskSize ?? '', storageClass },
      limits: { maxDisksPerBroker: settings.maxDisksPerBroker, maxVolumeSize: settings.maxVolumeSize },
    },
  };
};
