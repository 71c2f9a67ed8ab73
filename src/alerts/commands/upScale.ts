import { z } from 'zod';
import type { Reason } from '../decision.js';
import { missingAnnotation, sizeAnnotation, type CommandDecider } from './command.js';

const annotationMap = z.record(z.string(), z.string());

/**
 * upScale: a broker with id max+1, from the group the `brokerConfigGroup` annotation names, or
 * else from `image`, `storageClass`, `mountPath`, `diskSize` and `brokerAnnotations` (JSON), as
 * Koperator's upScale builds it (currentalert/process.go). Bounded by `upScaleLimit`.
 */
export const decideUpScale: CommandDecider = (alert, _observation, spec, settings) => {
  const a = alert.annotations;
  const limits = { maxBrokers: settings.upScaleLimit > 0 ? settings.upScaleLimit : undefined, maxVolumeSize: settings.maxVolumeSize };
  const group = a.brokerConfigGroup;
  if (group !== undefined && group !== '' && group in (spec.brokerConfigGroups ?? {})) {
    return { ok: true, request: { edit: 'addBroker', input: { brokerConfigGroup: group }, limits } };
  }
  const reasons: Reason[] = [];
  const unknownGroup = group !== undefined && group !== '' ? ` (brokerConfigGroup "${group}" is not defined)` : '';
  if (a.mountPath === undefined || a.mountPath === '')
    reasons.push(missingAnnotation('mountPath', `a new broker needs a brokerConfigGroup, or its volume's mountPath and diskSize${unknownGroup}`));
  if (a.diskSize === undefined || a.diskSize === '')
    reasons.push(missingAnnotation('diskSize', `a new broker needs a brokerConfigGroup, or its volume's mountPath and diskSize${unknownGroup}`));
  reasons.push(...sizeAnnotation('diskSize', a.diskSize));
  let brokerAnnotations: Record<string, string> | undefined;
  if (a.brokerAnnotations !== undefined && a.brokerAnnotations !== '') {
    try {
      const parsed = annotationMap.safeParse(JSON.parse(a.brokerAnnotations));
      if (parsed.success) brokerAnnotations = parsed.data;
      else reasons.push({ code: 'INVALID_ANNOTATION', message: 'brokerAnnotations must be a JSON object of strings' });
    } catch {
      reasons.push({ code: 'INVALID_ANNOTATION', message: 'brokerAnnotations must be a JSON object of strings' });
    }
  }
  if (reasons.length > 0) return { ok: false, reasons };
  return {
    ok: true,
    request: {
      edit: 'addBroker',
      input: { image: a.image, storage: { mountPath: a.mountPath ?? '', size: a.diskSize ?? '', storageClass: a.storageClass }, brokerAnnotations },
      limits,
    },
  };
};
