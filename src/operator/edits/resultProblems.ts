import { validateKafkaClusterSpec, validateKafkaClusterUpdate, type KafkaClusterSpec, type SpecProblem } from '../../k8s/crd/index.js';
import type { EditError, EditErrorCode } from './editError.js';

const CODES: Partial<Record<SpecProblem['code'], EditErrorCode>> = {
  VolumeShrink: 'VOLUME_SHRINK',
  InvalidQuantity: 'INVALID_SIZE',
  DuplicateMountPath: 'ALREADY_EXISTS',
  DuplicateBrokerId: 'ALREADY_EXISTS',
  InvalidMountPath: 'INVALID_INPUT',
  UndefinedBrokerConfigGroup: 'NOT_FOUND',
};

/**
 * What the edit would break: the rules of validateKafkaClusterSpec on the new spec, and of
 * validateKafkaClusterUpdate on the change, the same checks the reconciler makes. Problems the
 * spec had already are not the edit's doing and do not stop it.
 */
export function resultProblems(before: KafkaClusterSpec, after: KafkaClusterSpec, field: string[] = []): EditError[] {
  const key = (p: SpecProblem): string => `${p.code} ${p.message}`;
  const existing = new Set(validateKafkaClusterSpec(before).map(key));
  const introduced = validateKafkaClusterSpec(after).filter((p) => !existing.has(key(p)));
  return [...introduced, ...validateKafkaClusterUpdate(before, after)].map((p) => ({
    field,
    code: CODES[p.code] ?? 'INVALID_SPEC',
    message: p.message,
    specPath: p.path,
  }));
}
