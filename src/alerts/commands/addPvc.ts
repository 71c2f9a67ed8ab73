import type { Reason } from '../decision.js';
import { missingAnnotation, pvcBroker, sizeAnnotation, type CommandDecider } from './command.js';

/**
 * addPvc: a new disk for the broker of the PVC the alert names, at `<mountPathPrefix>-<random6>`,
 * of `diskSize`, in `storageClass` (Koperator's addPvc; kafkaplane takes the class of the named
 * PVC when the annotation is empty, rather than asking for no class at all). Bounded by
 * maxDisksPerBroker and maxVolumeSize.
 */
export const decideAddPvc: CommandDecider = (alert, observation, _spec, settings) => {
  const a = alert.annotations;
  const reasons: Reason[] = [];
  const prefix = a.mountPathPrefix;
  if (prefix === undefined || prefix === '') reasons.push(missingAnnotation('mountPathPrefix', 'the new disk is mounted at <mountPathPrefix>-<6 random characters>'));
  else if (!prefix.startsWith('/')) reasons.push({ code: 'INVALID_ANNOTATION', message: `mountPathPrefix "${prefix}" must be an absolute path, such as /kafka-logs` });
  if (a.diskSize === undefined || a.diskSize === '') reasons.push(missingAnnotation('diskSize', 'the size of the new disk, such as 100Gi'));
  reasons.push(...sizeAnnotation('diskSize', a.diskSize));
  const owner = pvcBroker(alert, observation);
  if ('reasons' in owner) reasons.push(...owner.reasons);
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
