import { missingAnnotation, pvcBroker, sizeAnnotation, type CommandDecider } from './command.js';

/**
 * resizePvc: the volume the alert's PVC backs (its broker by the `brokerId` label, its
 * storageConfig by the `mountPath` annotation) grows by `incrementBy` (Koperator's resizePvc).
 * Bounded by maxVolumeSize.
 */
export const decideResizePvc: CommandDecider = (alert, observation, _spec, settings) => {
  const incrementBy = alert.annotations.incrementBy;
  const owner = pvcBroker(alert, observation);
  const reasons = [
    ...(incrementBy === undefined || incrementBy === '' ? [missingAnnotation('incrementBy', 'how much the volume grows, such as 10Gi')] : []),
    ...sizeAnnotation('incrementBy', incrementBy),
    ...('reasons' in owner ? owner.reasons : []),
  ];
  if ('reasons' in owner || reasons.length > 0) return { ok: false, reasons };
  if (owner.mountPath === undefined) {
    return {
      ok: false,
      reasons: [
        {
          code: 'NOT_FOUND',
          message: `PersistentVolumeClaim ${alert.labels.persistentvolumeclaim ?? ''} has no mountPath annotation: it backs no storageConfig`,
        },
      ],
    };
  }
  return {
    ok: true,
    request: {
      edit: 'resizeBrokerVolume',
      input: { brokerId: owner.brokerId, mountPath: owner.mountPath, incrementBy },
      limits: { maxVolumeSize: settings.maxVolumeSize },
    },
  };
};
